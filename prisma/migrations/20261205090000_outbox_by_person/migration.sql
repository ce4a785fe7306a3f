-- The last notification sent to a person, found at once: a word typed after a notification's buttons
-- (« Accepter » under a vote card) answers it (bots/conversation/notification-choices.ts). The index
-- also serves erasure, which deletes a person's rows.
CREATE INDEX "outbox_message_person_id_sent_at_idx" ON "outbox_message"("person_id", "sent_at");
