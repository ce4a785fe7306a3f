-- A group's expansion now walks the group's own index (an electorate by participant, not by person):
-- a cursor saved the old way would mean another place. Groups still being expanded start again from
-- the beginning; the dedup keys of the rows already written make the repetition harmless.
UPDATE outbox_message SET expanded_through = NULL
WHERE audience = 'group' AND status = 'PENDING' AND expanded_through IS NOT NULL;
