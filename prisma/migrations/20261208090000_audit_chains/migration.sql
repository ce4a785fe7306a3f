-- One audit chain per mediation (issue 16). Until now every audited write appended to one global chain
-- under one advisory lock held until commit, so all mediations shared one ceiling. Now each mediation
-- has its own chain ("chain" = its id), and what belongs to no mediation goes to the chain 'none', as do
-- the periodic roots that bind every chain's head (core/audit/roots.ts). "position" is an entry's place
-- in its chain, from 1; "prev_hash" links within the chain. "seq" stays the entry's identifier, now taken
-- from a sequence: no writer needs to know the global last entry any more.

-- The entries written so far form one chain: it becomes 'none' as it is, position = seq, so that every
-- link and hash stays valid (nothing is re-hashed). Their mediation ids stay what they were: the
-- verifier accepts a mediation's entry in 'none' only before the marker appended below.
ALTER TABLE "audit_entry" ADD COLUMN "chain" TEXT NOT NULL DEFAULT 'none', ADD COLUMN "position" BIGINT;
ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_no_update_or_delete";
UPDATE "audit_entry" SET "position" = "seq";
ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_no_update_or_delete";
ALTER TABLE "audit_entry" ALTER COLUMN "chain" DROP DEFAULT, ALTER COLUMN "position" SET NOT NULL;
CREATE UNIQUE INDEX "audit_entry_chain_position_key" ON "audit_entry"("chain", "position");

CREATE SEQUENCE "audit_entry_seq_seq" AS BIGINT OWNED BY "audit_entry"."seq";
SELECT setval('"audit_entry_seq_seq"', coalesce(max("seq"), 0) + 1, false) FROM "audit_entry";
ALTER TABLE "audit_entry" ALTER COLUMN "seq" SET DEFAULT nextval('"audit_entry_seq_seq"');

-- The marker of the split, chained like any entry: it says how many entries were carried over, so the
-- verifier knows, from the chain itself, up to which position 'none' may hold entries of a mediation.
-- Its body is the canonical JSON core/audit/hash-chain.ts builds (`at` to the millisecond, ISO, UTC).
-- A database without entries needs no marker.
DO $$
DECLARE
  carried BIGINT;
  last_hash TEXT;
  at_ms TIMESTAMPTZ := date_trunc('milliseconds', now());
  body TEXT;
BEGIN
  SELECT "position", "hash" INTO carried, last_hash FROM "audit_entry"
    WHERE "chain" = 'none' ORDER BY "position" DESC LIMIT 1;
  IF carried IS NULL THEN
    RETURN;
  END IF;
  body := '[' || to_json(to_char(at_ms AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"system:migration","audit.split",null,null,{"carriedOver":' || carried || '}]';
  INSERT INTO "audit_entry" ("at", "actor", "action", "details", "prev_hash", "hash", "chain", "position")
  VALUES (at_ms, 'system:migration', 'audit.split', jsonb_build_object('carriedOver', carried), last_hash,
    encode(sha256(convert_to(last_hash || E'\n' || body, 'UTF8')), 'hex'), 'none', carried + 1);
END
$$;

-- Appends audit entries at the end of their chains: an entry of a mediation to that mediation's chain,
-- any other to 'none'. hash = sha256(previous hash in the chain || '\n' || body), the body being the
-- canonical JSON built by core/audit/hash-chain.ts. One lock per chain (class "audt", key the chain's
-- hashtext; two chains sharing a key merely share a lock), taken in sorted order so that two callers
-- writing to the same chains never wait for each other in a circle; held until commit, so that the
-- next writer of a chain reads the head this one wrote. Each head is read through the (chain, position)
-- index. Callers append once per transaction (core/commands/command.ts), after their other writes.
CREATE OR REPLACE FUNCTION "append_audit_entries"(entries JSONB) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  chain_id TEXT;
  chain_ids TEXT[];
  last_position BIGINT;
  last_hash TEXT;
  entry JSONB;
BEGIN
  SELECT array_agg(c ORDER BY c COLLATE "C") INTO chain_ids FROM (
    SELECT DISTINCT coalesce(((e->>'mediationId')::uuid)::text, 'none') AS c
    FROM jsonb_array_elements(entries) AS e) chains;
  IF chain_ids IS NULL THEN
    RETURN;
  END IF;
  FOREACH chain_id IN ARRAY chain_ids LOOP
    PERFORM pg_advisory_xact_lock(1635083380, hashtext(chain_id));
  END LOOP;
  FOREACH chain_id IN ARRAY chain_ids LOOP
    SELECT "position", "hash" INTO last_position, last_hash FROM "audit_entry"
      WHERE "chain" = chain_id ORDER BY "position" DESC LIMIT 1;
    last_position := coalesce(last_position, 0);
    last_hash := coalesce(last_hash, repeat('0', 64));
    FOR entry IN
      SELECT e FROM jsonb_array_elements(entries) WITH ORDINALITY AS t(e, i)
      WHERE coalesce(((e->>'mediationId')::uuid)::text, 'none') = chain_id ORDER BY i
    LOOP
      last_position := last_position + 1;
      INSERT INTO "audit_entry" ("at", "actor", "action", "mediation_id", "subject_id", "details", "prev_hash",
        "hash", "chain", "position")
      VALUES ((entry->>'at')::timestamptz, entry->>'actor', entry->>'action', (entry->>'mediationId')::uuid,
        entry->>'subjectId', entry->'details', last_hash,
        encode(sha256(convert_to(last_hash || E'\n' || (entry->>'body'), 'UTF8')), 'hex'), chain_id,
        last_position)
      RETURNING "hash" INTO last_hash;
    END LOOP;
  END LOOP;
END;
$$;
