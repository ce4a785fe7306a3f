-- Issue 15, the company at the table: its contact signs in to a portal with a one-time link, for one
-- mediation only, and answers the invitation there.

-- The answer: take part, or decline (the mediation then ends as failed, with the company's reason as
-- its closing reason). Silence until the deadline stays the `companyAnswerDue` clock's refusal.
CREATE TYPE "CompanyAnswer" AS ENUM ('TAKE_PART', 'DECLINED');
ALTER TABLE "mediation"
    ADD COLUMN "company_answer" "CompanyAnswer",
    ADD COLUMN "company_answered_at" TIMESTAMPTZ(3),
    ADD CONSTRAINT "mediation_company_answer_check" CHECK (
        ("company_answer" IS NULL) = ("company_answered_at" IS NULL));

-- A sign-in link: only the sha256 of its token is stored, so whoever reads the database cannot sign
-- in. Valid until `expires_at`, once (`used_at`); issuing a new one voids the last (`voided_at`).
CREATE TABLE "company_link" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),
    CONSTRAINT "company_link_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "company_link_token_hash_key" ON "company_link"("token_hash");
CREATE INDEX "company_link_mediation_id_idx" ON "company_link"("mediation_id");
ALTER TABLE "company_link" ADD CONSTRAINT "company_link_mediation_id_fkey" FOREIGN KEY ("mediation_id")
    REFERENCES "mediation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A session opened by a link: the hash of its cookie, for that link's mediation alone.
CREATE TABLE "company_session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mediation_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "company_session_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "company_session_token_hash_key" ON "company_session"("token_hash");
CREATE INDEX "company_session_mediation_id_idx" ON "company_session"("mediation_id");
ALTER TABLE "company_session" ADD CONSTRAINT "company_session_mediation_id_fkey" FOREIGN KEY ("mediation_id")
    REFERENCES "mediation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
