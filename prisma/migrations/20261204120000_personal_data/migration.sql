-- Issue 12, personal data: `/delier` undoes a `/lier`, and the retention clock purges closed mediations.

-- When an account joined its person through `/lier`, and the person it came from (retired, marked erased,
-- kept as a bare row): `/delier` gives that account its own person back. No foreign key: the retired
-- person's row is never deleted, and an account's history must not stop its person from being erased.
ALTER TABLE "platform_identity" ADD COLUMN "linked_at" TIMESTAMPTZ(3);
ALTER TABLE "platform_identity" ADD COLUMN "linked_from_person_id" UUID;

-- A file that came with an account through `/lier`: it goes back with that account on `/delier`.
ALTER TABLE "participant" ADD COLUMN "linked_from_person_id" UUID;

-- When the retention clock pseudonymised the personal data of a closed mediation (privacy notice).
ALTER TABLE "mediation" ADD COLUMN "personal_data_purged_at" TIMESTAMPTZ(3);
