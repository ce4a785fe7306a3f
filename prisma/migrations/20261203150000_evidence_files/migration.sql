-- Issue 11: on a PostgreSQL server, evidence files are kept in the database, where every instance of
-- the service reads them (on the embedded database they stay files in DATA_DIR/evidence). One row per
-- stored file, named by the opaque key its `evidence` row holds in `storage_key`; no foreign key, as the
-- bytes are written before that row exists (core/participants/evidence-files.ts).
CREATE TABLE "evidence_file" (
    "storage_key" UUID NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "evidence_file_pkey" PRIMARY KEY ("storage_key"),
    CONSTRAINT "evidence_file_bytes_check" CHECK (octet_length("bytes") > 0)
);

-- Photos and PDFs are already compressed: stored out of line as they are (EXTERNAL), PostgreSQL does
-- not spend time trying to compress them again, and reading a file's size needs none of its bytes.
ALTER TABLE "evidence_file" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
