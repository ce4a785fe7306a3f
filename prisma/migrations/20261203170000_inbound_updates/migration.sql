-- An inbound update is recorded before it is acknowledged and followed until its answer is sent, so a
-- process that dies at any point leaves it to be finished by the next one (issue 11):
--   received  recorded, its effect not committed yet (`body` holds it, to be handled again);
--   done      its effect and the conversation's next state committed together, `replies` not sent yet;
--   answered  the replies sent: only the key is kept, to refuse a replay;
--   abandoned handled and failed too many times: kept for the logs, never tried again.
-- `journal` holds the results of the core commands a turn already committed, so handling the update
-- again returns them instead of acting twice. `body`, `journal` and `replies` are cleared when answered.
ALTER TABLE "processed_update" RENAME TO "inbound_update";
ALTER TABLE "inbound_update" RENAME CONSTRAINT "processed_update_pkey" TO "inbound_update_pkey";
ALTER TABLE "inbound_update" RENAME COLUMN "processed_at" TO "received_at";
ALTER INDEX "processed_update_processed_at_idx" RENAME TO "inbound_update_received_at_idx";

ALTER TABLE "inbound_update"
    ADD COLUMN "status" TEXT NOT NULL DEFAULT 'answered'
        CONSTRAINT "inbound_update_status_check" CHECK ("status" IN ('received', 'done', 'answered', 'abandoned')),
    ADD COLUMN "body" JSONB,
    ADD COLUMN "journal" JSONB,
    ADD COLUMN "replies" JSONB,
    ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "leased_by" TEXT,
    ADD COLUMN "leased_until" TIMESTAMPTZ(3);

-- The few unfinished updates, found by the instance that takes over after a crash.
CREATE INDEX "inbound_update_status_leased_until_idx" ON "inbound_update"("status", "leased_until");
