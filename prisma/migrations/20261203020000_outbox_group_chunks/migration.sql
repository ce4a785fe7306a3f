-- Issue 11: a group notification (an electorate of 100,000) is expanded in chunks, each its own short
-- transaction; the group row remembers the last person reached, so the next chunk resumes after it.
ALTER TABLE "outbox_message" ADD COLUMN "expanded_through" UUID;
