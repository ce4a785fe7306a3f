-- Issue 15, the company's structured offer: until when it holds (a vote on it must close before), and
-- the mediators' comment when they send an offer back to the company instead of putting it to the vote
-- (the offer itself is removed: it never reached a vote, and its round is free again).
ALTER TABLE "offer" ADD COLUMN "valid_until" TIMESTAMPTZ(3);
ALTER TABLE "mediation"
    ADD COLUMN "offer_returned_comment" TEXT,
    ADD COLUMN "offer_returned_at" TIMESTAMPTZ(3),
    ADD CONSTRAINT "mediation_offer_returned_check" CHECK (
        ("offer_returned_comment" IS NULL) = ("offer_returned_at" IS NULL));
