-- The whole mediation domain. Hand-written in Prisma's own style (names of keys, indexes and foreign keys
-- as `prisma migrate` would produce them), plus CHECK constraints Prisma cannot express: integrity lives
-- in the database, not only in code.

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('TELEGRAM', 'DISCORD', 'SLACK', 'CONSOLE');
CREATE TYPE "MediationStatus" AS ENUM ('DRAFT', 'OPEN', 'REGISTRATION_CLOSED', 'NEGOTIATION', 'VOTING', 'ACCEPTED', 'REJECTED', 'ADHESION', 'EXECUTION', 'CLOSED_SUCCESS', 'CLOSED_FAILURE', 'CANCELLED');
CREATE TYPE "VoteBase" AS ENUM ('ELECTORATE', 'VOTES_CAST');
CREATE TYPE "ParticipantStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'ADMITTED', 'REJECTED', 'WITHDRAWN');
CREATE TYPE "CompensationKind" AS ENUM ('FIXED', 'PERCENT');
CREATE TYPE "OfferStatus" AS ENUM ('PROPOSED', 'VOTING', 'ACCEPTED', 'REJECTED', 'VOIDED');
CREATE TYPE "BallotChoice" AS ENUM ('ACCEPT', 'REFUSE', 'ABSTAIN');
CREATE TYPE "VoteOutcome" AS ENUM ('ACCEPTED', 'REJECTED', 'VOIDED');
CREATE TYPE "AdhesionDecision" AS ENUM ('ADHERED', 'DECLINED');
CREATE TYPE "PayoutStatus" AS ENUM ('PENDING', 'SENT', 'CONFIRMED', 'PROBLEM');
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'UNREACHABLE', 'FAILED');

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "locale" TEXT,
    "erased_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "person_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "person_locale_check" CHECK ("locale" IS NULL OR "locale" IN ('fr', 'en'))
);

CREATE TABLE "platform_identity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "person_id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "chat_id" TEXT,
    "language_code" TEXT,
    "unreachable_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_identity_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "platform_identity_external_id_check" CHECK (length("external_id") BETWEEN 1 AND 200)
);

CREATE TABLE "company" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contact_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "company_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "company_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 60)
);

CREATE TABLE "mediation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "company_id" UUID NOT NULL,
    "title_fr" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "summary_fr" TEXT NOT NULL,
    "summary_en" TEXT NOT NULL,
    "goal_fr" TEXT NOT NULL,
    "goal_en" TEXT NOT NULL,
    "status" "MediationStatus" NOT NULL DEFAULT 'DRAFT',
    "vote_base" "VoteBase" NOT NULL DEFAULT 'ELECTORATE',
    "threshold_numerator" INTEGER NOT NULL DEFAULT 3,
    "threshold_denominator" INTEGER NOT NULL DEFAULT 4,
    "quorum_numerator" INTEGER NOT NULL DEFAULT 1,
    "quorum_denominator" INTEGER NOT NULL DEFAULT 2,
    "registration_opened_at" TIMESTAMPTZ(3),
    "registration_closes_at" TIMESTAMPTZ(3),
    "opening_notice_at" TIMESTAMPTZ(3),
    "ends_by" TIMESTAMPTZ(3),
    "company_invited_at" TIMESTAMPTZ(3),
    "company_answer_due_at" TIMESTAMPTZ(3),
    "adhesion_closes_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closing_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mediation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "mediation_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 60),
    CONSTRAINT "mediation_threshold_check" CHECK ("threshold_denominator" > 0 AND "threshold_numerator" > 0 AND "threshold_numerator" <= "threshold_denominator"),
    CONSTRAINT "mediation_quorum_check" CHECK ("quorum_denominator" > 0 AND "quorum_numerator" >= 0 AND "quorum_numerator" <= "quorum_denominator")
);

CREATE TABLE "eligibility_question" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "text_fr" TEXT NOT NULL,
    "text_en" TEXT NOT NULL,
    "required_answer" BOOLEAN NOT NULL,
    CONSTRAINT "eligibility_question_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "mediation_extension" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "days" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "previous_ends_by" TIMESTAMPTZ(3) NOT NULL,
    "new_ends_by" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mediation_extension_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "mediation_extension_days_check" CHECK ("days" BETWEEN 1 AND 90),
    CONSTRAINT "mediation_extension_reason_check" CHECK (length(btrim("reason")) > 0)
);

CREATE TABLE "participant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "status" "ParticipantStatus" NOT NULL DEFAULT 'DRAFT',
    "consent_terms_at" TIMESTAMPTZ(3),
    "consent_grouping_at" TIMESTAMPTZ(3),
    "consent_data_at" TIMESTAMPTZ(3),
    "description" TEXT,
    "amount_cents" INTEGER,
    "problem_date" DATE,
    "prior_complaint_date" DATE,
    "submitted_at" TIMESTAMPTZ(3),
    "decision_due_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "rejection_reason" TEXT,
    "withdrawn_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "participant_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "participant_amount_check" CHECK ("amount_cents" IS NULL OR "amount_cents" > 0),
    CONSTRAINT "participant_consents_check" CHECK ("status" = 'DRAFT' OR "status" = 'WITHDRAWN'
        OR ("consent_terms_at" IS NOT NULL AND "consent_grouping_at" IS NOT NULL AND "consent_data_at" IS NOT NULL)),
    CONSTRAINT "participant_submitted_check" CHECK ("status" IN ('DRAFT', 'WITHDRAWN') OR "submitted_at" IS NOT NULL),
    CONSTRAINT "participant_rejection_check" CHECK ("status" <> 'REJECTED' OR "rejection_reason" IS NOT NULL),
    CONSTRAINT "participant_withdrawal_check" CHECK ("status" <> 'WITHDRAWN' OR "withdrawn_at" IS NOT NULL)
);

CREATE TABLE "eligibility_answer" (
    "participant_id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "answer" BOOLEAN NOT NULL,
    "answered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "eligibility_answer_pkey" PRIMARY KEY ("participant_id","question_id")
);

CREATE TABLE "evidence" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "participant_id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "file_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "evidence_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "evidence_size_check" CHECK ("size_bytes" > 0)
);

CREATE TABLE "offer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "terms_fr" TEXT NOT NULL,
    "terms_en" TEXT NOT NULL,
    "compensation_kind" "CompensationKind" NOT NULL,
    "fixed_cents" INTEGER,
    "percent_basis_points" INTEGER,
    "cap_cents" INTEGER,
    "min_adhesions" INTEGER,
    "status" "OfferStatus" NOT NULL DEFAULT 'PROPOSED',
    "recorded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "offer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "offer_round_check" CHECK ("round" BETWEEN 1 AND 3),
    CONSTRAINT "offer_compensation_check" CHECK (
        ("compensation_kind" = 'FIXED' AND "fixed_cents" > 0 AND "percent_basis_points" IS NULL)
        OR ("compensation_kind" = 'PERCENT' AND "percent_basis_points" BETWEEN 1 AND 10000 AND "fixed_cents" IS NULL)),
    CONSTRAINT "offer_cap_check" CHECK ("cap_cents" IS NULL OR "cap_cents" > 0),
    CONSTRAINT "offer_min_adhesions_check" CHECK ("min_adhesions" IS NULL OR "min_adhesions" > 0)
);

CREATE TABLE "vote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "offer_id" UUID NOT NULL,
    "vote_base" "VoteBase" NOT NULL,
    "threshold_numerator" INTEGER NOT NULL,
    "threshold_denominator" INTEGER NOT NULL,
    "quorum_numerator" INTEGER NOT NULL,
    "quorum_denominator" INTEGER NOT NULL,
    "opens_at" TIMESTAMPTZ(3) NOT NULL,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "extended_at" TIMESTAMPTZ(3),
    "extension_reason" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "outcome" "VoteOutcome",
    "electorate_size" INTEGER,
    "accept_count" INTEGER,
    "refuse_count" INTEGER,
    "abstain_count" INTEGER,
    CONSTRAINT "vote_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "vote_window_check" CHECK ("closes_at" > "opens_at"),
    CONSTRAINT "vote_result_check" CHECK (("closed_at" IS NULL) = ("outcome" IS NULL))
);

CREATE TABLE "electorate_member" (
    "vote_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "has_voted" BOOLEAN NOT NULL DEFAULT false,
    "left_at" TIMESTAMPTZ(3),
    CONSTRAINT "electorate_member_pkey" PRIMARY KEY ("vote_id","participant_id")
);

CREATE TABLE "ballot" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vote_id" UUID NOT NULL,
    "choice" "BallotChoice" NOT NULL,
    "receipt_code" TEXT NOT NULL,
    CONSTRAINT "ballot_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ballot_link" (
    "vote_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "ballot_id" UUID NOT NULL,
    CONSTRAINT "ballot_link_pkey" PRIMARY KEY ("vote_id","participant_id")
);

CREATE TABLE "adhesion" (
    "offer_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "decision" "AdhesionDecision" NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "adhesion_pkey" PRIMARY KEY ("offer_id","participant_id")
);

CREATE TABLE "payout" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "offer_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'PENDING',
    "sent_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "problem_at" TIMESTAMPTZ(3),
    "problem_note" TEXT,
    CONSTRAINT "payout_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payout_amount_check" CHECK ("amount_cents" >= 0)
);

CREATE TABLE "audit_entry" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "mediation_id" UUID,
    "subject_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dedup_key" TEXT NOT NULL,
    "person_id" UUID,
    "audience" TEXT NOT NULL DEFAULT 'person',
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leased_until" TIMESTAMPTZ(3),
    "leased_by" TEXT,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "outbox_message_audience_check" CHECK (("audience" = 'person') = ("person_id" IS NOT NULL) AND "audience" IN ('person', 'mediators', 'group'))
);

CREATE TABLE "timer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "retry_at" TIMESTAMPTZ(3),
    CONSTRAINT "timer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "conversation_state" (
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "flow" TEXT,
    "step" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "conversation_state_pkey" PRIMARY KEY ("platform","external_id")
);

CREATE TABLE "processed_update" (
    "platform" "Platform" NOT NULL,
    "update_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_update_pkey" PRIMARY KEY ("platform","update_id")
);

-- CreateIndex
CREATE INDEX "platform_identity_person_id_idx" ON "platform_identity"("person_id");
CREATE UNIQUE INDEX "platform_identity_platform_external_id_key" ON "platform_identity"("platform", "external_id");
CREATE UNIQUE INDEX "company_slug_key" ON "company"("slug");
CREATE UNIQUE INDEX "mediation_slug_key" ON "mediation"("slug");
CREATE INDEX "mediation_status_idx" ON "mediation"("status");
CREATE UNIQUE INDEX "eligibility_question_mediation_id_position_key" ON "eligibility_question"("mediation_id", "position");
CREATE INDEX "mediation_extension_mediation_id_idx" ON "mediation_extension"("mediation_id");
CREATE INDEX "participant_person_id_idx" ON "participant"("person_id");
CREATE INDEX "participant_mediation_id_status_idx" ON "participant"("mediation_id", "status");
CREATE UNIQUE INDEX "participant_mediation_id_person_id_key" ON "participant"("mediation_id", "person_id");
CREATE UNIQUE INDEX "evidence_participant_id_sha256_key" ON "evidence"("participant_id", "sha256");
CREATE UNIQUE INDEX "offer_mediation_id_round_key" ON "offer"("mediation_id", "round");
CREATE UNIQUE INDEX "vote_offer_id_key" ON "vote"("offer_id");
CREATE UNIQUE INDEX "ballot_receipt_code_key" ON "ballot"("receipt_code");
CREATE INDEX "ballot_vote_id_choice_idx" ON "ballot"("vote_id", "choice");
CREATE UNIQUE INDEX "ballot_link_ballot_id_key" ON "ballot_link"("ballot_id");
CREATE UNIQUE INDEX "payout_offer_id_participant_id_key" ON "payout"("offer_id", "participant_id");
CREATE UNIQUE INDEX "audit_entry_hash_key" ON "audit_entry"("hash");
CREATE INDEX "audit_entry_mediation_id_idx" ON "audit_entry"("mediation_id");
CREATE UNIQUE INDEX "outbox_message_dedup_key_key" ON "outbox_message"("dedup_key");
CREATE INDEX "outbox_message_status_next_attempt_at_idx" ON "outbox_message"("status", "next_attempt_at");
CREATE INDEX "timer_due_at_idx" ON "timer"("due_at");
CREATE UNIQUE INDEX "timer_kind_subject_id_key" ON "timer"("kind", "subject_id");
CREATE INDEX "processed_update_processed_at_idx" ON "processed_update"("processed_at");

-- AddForeignKey
ALTER TABLE "platform_identity" ADD CONSTRAINT "platform_identity_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mediation" ADD CONSTRAINT "mediation_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "eligibility_question" ADD CONSTRAINT "eligibility_question_mediation_id_fkey" FOREIGN KEY ("mediation_id") REFERENCES "mediation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "mediation_extension" ADD CONSTRAINT "mediation_extension_mediation_id_fkey" FOREIGN KEY ("mediation_id") REFERENCES "mediation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "participant" ADD CONSTRAINT "participant_mediation_id_fkey" FOREIGN KEY ("mediation_id") REFERENCES "mediation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "participant" ADD CONSTRAINT "participant_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "eligibility_answer" ADD CONSTRAINT "eligibility_answer_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "eligibility_answer" ADD CONSTRAINT "eligibility_answer_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "eligibility_question"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "offer" ADD CONSTRAINT "offer_mediation_id_fkey" FOREIGN KEY ("mediation_id") REFERENCES "mediation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "vote" ADD CONSTRAINT "vote_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "electorate_member" ADD CONSTRAINT "electorate_member_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "vote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "electorate_member" ADD CONSTRAINT "electorate_member_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "vote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ballot_link" ADD CONSTRAINT "ballot_link_ballot_id_fkey" FOREIGN KEY ("ballot_id") REFERENCES "ballot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "adhesion" ADD CONSTRAINT "adhesion_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "adhesion" ADD CONSTRAINT "adhesion_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payout" ADD CONSTRAINT "payout_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payout" ADD CONSTRAINT "payout_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Appends audit entries at the end of the hash chain: hash = sha256(previous hash || '\n' || body), where the
-- body is the entry's canonical JSON built by core/audit/hash-chain.ts. One call, under one lock, so the
-- critical section every command passes through is a single round trip.
CREATE FUNCTION "append_audit_entries"(entries JSONB) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  last_seq BIGINT;
  last_hash TEXT;
  entry JSONB;
BEGIN
  PERFORM pg_advisory_xact_lock(1635083380); -- "audt": one writer of the chain at a time
  SELECT "seq", "hash" INTO last_seq, last_hash FROM "audit_entry" ORDER BY "seq" DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  FOR entry IN SELECT * FROM jsonb_array_elements(entries) LOOP
    last_seq := last_seq + 1;
    INSERT INTO "audit_entry" ("seq", "at", "actor", "action", "mediation_id", "subject_id", "details", "prev_hash", "hash")
    VALUES (last_seq, (entry->>'at')::timestamptz, entry->>'actor', entry->>'action', (entry->>'mediationId')::uuid,
      entry->>'subjectId', entry->'details', last_hash,
      encode(sha256(convert_to(last_hash || E'\n' || (entry->>'body'), 'UTF8')), 'hex'))
    RETURNING "hash" INTO last_hash;
  END LOOP;
END;
$$;

-- The audit log is append-only: the database itself refuses to change or remove an entry.
-- (The hash chain still detects edits made by someone who drops this trigger.)
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$;
CREATE TRIGGER "audit_entry_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

-- The rule profile of a mediation (vote base, threshold, quorum) is set before registration opens and
-- never changes afterwards (product.md §5): the database refuses it too, whatever the code does.
CREATE FUNCTION "mediation_rule_profile_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" <> 'DRAFT' AND (NEW."vote_base", NEW."threshold_numerator", NEW."threshold_denominator",
      NEW."quorum_numerator", NEW."quorum_denominator") IS DISTINCT FROM (OLD."vote_base",
      OLD."threshold_numerator", OLD."threshold_denominator", OLD."quorum_numerator", OLD."quorum_denominator") THEN
    RAISE EXCEPTION 'the rule profile of a mediation is frozen once registration opens';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "mediation_rule_profile_frozen" BEFORE UPDATE ON "mediation"
  FOR EACH ROW EXECUTE FUNCTION "mediation_rule_profile_frozen"();
