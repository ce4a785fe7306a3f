-- A public mediation's page lists its news (the `public` rows of the outbox) on every visit: found
-- along this index, among the few public rows, instead of reading every notification ever sent.
CREATE INDEX "outbox_message_audience_created_at_idx" ON "outbox_message"("audience", "created_at");
