-- Issue 10: a closed vote's ballots leave the table they were cast in. While a vote runs, a ballot is
-- written in the same transaction as its voter's rows (electorate_member, audit_entry), so it shares
-- their xmin, and its place in the table follows the order of casting. At the close, the list of
-- (receipt, choice) is written as one text, sorted by receipt, into `published_list` by the closing
-- transaction alone, and the ballots are deleted: nothing a database reader can query links a person
-- to a choice any more. One row per vote, not one per ballot: no row order to read, no index to fill.
CREATE TABLE "published_list" (
    "vote_id" UUID NOT NULL,
    -- The file everyone checks, byte for byte (core/votes/published-list.ts).
    "body" TEXT NOT NULL,
    CONSTRAINT "published_list_pkey" PRIMARY KEY ("vote_id"),
    CONSTRAINT "published_list_body_check" CHECK ("body" LIKE 'receipt,choice' || E'\n' || '%')
);
ALTER TABLE "published_list" ADD CONSTRAINT "published_list_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "vote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The sha256 of the published list, also in the `vote.closed` audit entry.
ALTER TABLE "vote" ADD COLUMN "results_sha256" TEXT;
ALTER TABLE "vote" ADD CONSTRAINT "vote_results_sha256_check" CHECK ("results_sha256" ~ '^[0-9a-f]{64}$');

-- A published list is frozen: the database refuses to change or remove it.
CREATE FUNCTION "published_list_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published_list is frozen';
END;
$$;
CREATE TRIGGER "published_list_frozen" BEFORE UPDATE OR DELETE ON "published_list"
  FOR EACH ROW EXECUTE FUNCTION "published_list_frozen"();

-- Votes closed before this migration: their ballots move too (their audit entries hold no list hash).
INSERT INTO "published_list" ("vote_id", "body")
  SELECT v."id", 'receipt,choice' || E'\n' || coalesce(string_agg(b."receipt_code" || ',' || b."choice"::text || E'\n', ''
    ORDER BY b."receipt_code" COLLATE "C"), '')
  FROM "vote" v LEFT JOIN "ballot" b ON b."vote_id" = v."id"
  WHERE v."closed_at" IS NOT NULL AND v."outcome" <> 'VOIDED'
  GROUP BY v."id";
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
