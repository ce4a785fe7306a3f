-- Issue 15: the company may attach a proof of transfer when it marks payouts as sent. One proof covers
-- the payouts of one marking (a bank's batch statement names many transfers). Its bytes are in the
-- evidence store beside the consumers' evidence; it can hold the payees' bank details, so it is
-- deleted with any payee's erasure and by the retention clock, and swept if left unreferenced.
CREATE TABLE "payout_proof" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "mediation_id" UUID NOT NULL,
  "storage_key" TEXT NOT NULL,
  "sha256" TEXT NOT NULL,
  "mime_type" TEXT NOT NULL,
  "size_bytes" INTEGER NOT NULL,
  "file_name" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "payout_proof_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "payout_proof_mediation_id_fkey" FOREIGN KEY ("mediation_id") REFERENCES "mediation"("id")
    ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "payout_proof_mediation_id_idx" ON "payout_proof"("mediation_id");
CREATE INDEX "payout_proof_storage_key_idx" ON "payout_proof"("storage_key");

ALTER TABLE "payout" ADD COLUMN "proof_id" UUID
  REFERENCES "payout_proof"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "payout_proof_id_idx" ON "payout"("proof_id");
