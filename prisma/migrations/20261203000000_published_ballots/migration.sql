-- Issue 10: a closed vote's ballots leave the table they were cast in. While a vote runs, a ballot is
-- written in the same transaction as its voter's rows (electorate_member, audit_entry), so it shares
-- their xmin, and its place in the table follows the order of casting. At the close, the ballots are
-- copied in receipt order into `published_ballot` by the closing transaction alone, and deleted from
-- `ballot`: nothing a database reader can query links a person to a choice any more.
CREATE TABLE "published_ballot" (
    "vote_id" UUID NOT NULL,
    -- Byte order ("C"): the list is sorted and hashed in byte order, and comparisons stay cheap.
    "receipt_code" TEXT COLLATE "C" NOT NULL,
    "choice" "BallotChoice" NOT NULL,
    CONSTRAINT "published_ballot_pkey" PRIMARY KEY ("vote_id","receipt_code"),
    CONSTRAINT "published_ballot_receipt_code_check" CHECK ("receipt_code" ~ '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$')
);
-- No foreign key to vote: it would run one check per row when a 100,000-ballot vote closes, and the
-- rows come from `ballot`, whose vote_id is one.

-- The sha256 of the published list (core/votes/published-list.ts), also in the `vote.closed` audit entry.
ALTER TABLE "vote" ADD COLUMN "results_sha256" TEXT;
ALTER TABLE "vote" ADD CONSTRAINT "vote_results_sha256_check" CHECK ("results_sha256" ~ '^[0-9a-f]{64}$');

-- A published list is frozen: the database refuses to change or remove a line of it.
CREATE FUNCTION "published_ballot_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published_ballot is frozen';
END;
$$;
CREATE TRIGGER "published_ballot_frozen" BEFORE UPDATE OR DELETE ON "published_ballot"
  FOR EACH ROW EXECUTE FUNCTION "published_ballot_frozen"();

-- Votes closed before this migration: their ballots move too (their audit entries hold no list hash).
INSERT INTO "published_ballot" ("vote_id", "receipt_code", "choice")
  SELECT b."vote_id", b."receipt_code", b."choice" FROM "ballot" b JOIN "vote" v ON v."id" = b."vote_id"
  WHERE v."closed_at" IS NOT NULL AND v."outcome" <> 'VOIDED'
  ORDER BY b."vote_id", b."receipt_code" COLLATE "C";
DELETE FROM "ballot" b USING "vote" v WHERE v."id" = b."vote_id" AND v."closed_at" IS NOT NULL;

-- The ballot of a running vote names its participant itself: the separate `ballot_link` cost a second
-- row and two indexes per ballot, and a second delete at the close. Its rows all go at the close.
ALTER TABLE "ballot" ADD COLUMN "participant_id" UUID;
UPDATE "ballot" b SET "participant_id" = l."participant_id" FROM "ballot_link" l WHERE l."ballot_id" = b."id";
DELETE FROM "ballot" WHERE "participant_id" IS NULL;
DROP TABLE "ballot_link";
ALTER TABLE "ballot" ALTER COLUMN "participant_id" SET NOT NULL;
ALTER TABLE "ballot" DROP CONSTRAINT "ballot_pkey";
ALTER TABLE "ballot" DROP COLUMN "id";
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_pkey" PRIMARY KEY ("vote_id", "participant_id");
-- Counting is done on the published list now.
DROP INDEX "ballot_vote_id_choice_idx";
