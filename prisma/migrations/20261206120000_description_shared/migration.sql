-- Issue 15: a participant may choose to let the company read their description (never their name nor
-- their chat), from the last screen before sending. Null: the company reads no text of theirs (default).
ALTER TABLE "participant" ADD COLUMN "description_shared_at" TIMESTAMPTZ(3);
