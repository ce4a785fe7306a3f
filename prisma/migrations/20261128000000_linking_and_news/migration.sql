-- Issue 5: one person across platforms (one-time link codes) and public news of mediations for
-- community channels (a `public` outbox audience and each server's announcement channel).

-- A one-time code that links a second platform account to a person. Only the code's hash is kept.
CREATE TABLE "link_code" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "person_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "link_code_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "link_code_code_hash_check" CHECK ("code_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "link_code_expires_at_check" CHECK ("expires_at" > "created_at")
);

-- A wrong, expired or used code typed by a person: counted to stop guessing.
CREATE TABLE "link_attempt" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "person_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "link_attempt_pkey" PRIMARY KEY ("id")
);

-- The channel where a community server (a Discord guild) receives the public news of mediations.
CREATE TABLE "announcement_channel" (
    "platform" "Platform" NOT NULL,
    "server_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "set_by" TEXT,
    "set_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "announcement_channel_pkey" PRIMARY KEY ("platform","server_id"),
    CONSTRAINT "announcement_channel_ids_check" CHECK (length("server_id") BETWEEN 1 AND 200 AND length("channel_id") BETWEEN 1 AND 200)
);

-- CreateIndex
CREATE UNIQUE INDEX "link_code_code_hash_key" ON "link_code"("code_hash");
CREATE INDEX "link_code_person_id_idx" ON "link_code"("person_id");
CREATE INDEX "link_attempt_person_id_attempted_at_idx" ON "link_attempt"("person_id", "attempted_at");

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "link_attempt" ADD CONSTRAINT "link_attempt_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Public news: one outbox row per news item, with no person, expanded per announcing platform.
ALTER TABLE "outbox_message" DROP CONSTRAINT "outbox_message_audience_check";
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_audience_check" CHECK (("audience" = 'person') = ("person_id" IS NOT NULL) AND "audience" IN ('person', 'mediators', 'group', 'public'));
