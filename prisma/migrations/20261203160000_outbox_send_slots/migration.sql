-- Issue 11: delivery that survives a crash with at most the message in flight repeated, and platform
-- rate limits shared by every instance on this database.

-- Set (and committed) right before a platform call, cleared with its outcome: after a crash, only a row
-- still carrying it may have reached the platform already. Rows merely leased come back untouched.
ALTER TABLE "outbox_message" ADD COLUMN "sending_since" TIMESTAMPTZ(3);

-- One of the many rows a group notification is expanded into (an electorate of 100,000): sent after the
-- individual notifications that are due, so those never wait behind a whole broadcast. The claim reads
-- each kind in the index's order and stops at its batch.
ALTER TABLE "outbox_message" ADD COLUMN "bulk" BOOLEAN NOT NULL DEFAULT false;
DROP INDEX "outbox_message_status_next_attempt_at_idx";
CREATE INDEX "outbox_message_status_bulk_next_attempt_at_created_at_id_idx"
    ON "outbox_message"("status", "bulk", "next_attempt_at", "created_at", "id");

-- When the next message may go out: one row per platform (chat_id '') and one per chat recently sent
-- to. Unlogged: it is pacing state, worth nothing after a server crash (PostgreSQL empties it then), and
-- it is written at every send, so it stays out of the write-ahead log.
CREATE UNLOGGED TABLE "send_slot" (
    "platform" "Platform" NOT NULL,
    "chat_id" TEXT NOT NULL,
    "next_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "send_slot_pkey" PRIMARY KEY ("platform", "chat_id")
);

-- A time rounded up to the millisecond, the precision of the clocks that read it: a slot is never
-- read as earlier than it is, nor a wait as shorter.
CREATE FUNCTION "ceil_ms"(t TIMESTAMPTZ) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN t = date_trunc('milliseconds', t) THEN t
    ELSE date_trunc('milliseconds', t) + INTERVAL '1 millisecond' END
$$;

-- Takes the next send slot of a platform for one outbox row and marks the row as being sent, in one
-- statement. Slots are spaced `spacing_ms` apart on the platform, `chat_spacing_ms` in one chat, whatever
-- instance takes them: every taker of a platform's slots (this and hold_send_slot) first locks its
-- platform row, so they take turns, and each reads the chat rows after the previous one committed.
-- Returns the slot (the row is then marked `sending_since` = slot), or, with nothing taken or marked,
-- when to ask again: the chat is not free before the next platform slot, or the slot is further than
-- `max_wait_ms`. No row at all: the outbox row is no longer this instance's (its lease was taken over).
-- Without an outbox row (NULL), only the slot is taken: for a message sent outside the outbox.
-- `given_up` is a slot this caller took but did not use (it would have sent too late): its chat is not
-- held by it.
CREATE FUNCTION "take_send_slot"(
    p_platform "Platform", p_chat TEXT, p_outbox_id UUID, p_instance TEXT, p_now TIMESTAMPTZ,
    p_spacing_ms DOUBLE PRECISION, p_chat_spacing_ms DOUBLE PRECISION, p_max_wait_ms DOUBLE PRECISION,
    p_given_up TIMESTAMPTZ)
RETURNS TABLE ("slot_at" TIMESTAMPTZ, "wait_until" TIMESTAMPTZ) LANGUAGE plpgsql AS $$
DECLARE
  platform_next TIMESTAMPTZ;
  chat_next TIMESTAMPTZ;
  exact TIMESTAMPTZ;
  slot TIMESTAMPTZ;
BEGIN
  SELECT next_at INTO platform_next FROM send_slot
    WHERE platform = p_platform AND chat_id = '' FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO send_slot (platform, chat_id, next_at) VALUES (p_platform, '', p_now)
      ON CONFLICT (platform, chat_id) DO NOTHING;
    SELECT next_at INTO platform_next FROM send_slot
      WHERE platform = p_platform AND chat_id = '' FOR UPDATE;
  END IF;
  -- The platform's schedule keeps the exact spacing; the slot handed out is read to the millisecond.
  exact := greatest(platform_next, p_now);
  slot := ceil_ms(exact);
  SELECT next_at INTO chat_next FROM send_slot WHERE platform = p_platform AND chat_id = p_chat;
  IF chat_next = p_given_up + p_chat_spacing_ms * INTERVAL '1 millisecond' THEN
    chat_next := NULL;
  END IF;
  IF chat_next > slot THEN
    RETURN QUERY SELECT NULL::TIMESTAMPTZ, ceil_ms(chat_next);
    RETURN;
  END IF;
  IF slot > p_now + p_max_wait_ms * INTERVAL '1 millisecond' THEN
    RETURN QUERY SELECT NULL::TIMESTAMPTZ, slot;
    RETURN;
  END IF;
  IF p_outbox_id IS NOT NULL THEN
    UPDATE outbox_message SET sending_since = slot
      WHERE id = p_outbox_id AND status = 'PENDING' AND leased_by = p_instance;
    IF NOT FOUND THEN
      RETURN;
    END IF;
  END IF;
  UPDATE send_slot SET next_at = exact + p_spacing_ms * INTERVAL '1 millisecond'
    WHERE platform = p_platform AND chat_id = '';
  IF p_chat_spacing_ms > 0 THEN
    INSERT INTO send_slot (platform, chat_id, next_at)
      VALUES (p_platform, p_chat, slot + p_chat_spacing_ms * INTERVAL '1 millisecond')
      ON CONFLICT (platform, chat_id) DO UPDATE SET next_at = excluded.next_at;
  END IF;
  -- Now and then, forget the chats nobody sent to for a minute (the table stays a few thousand rows).
  IF random() < 0.002 THEN
    DELETE FROM send_slot WHERE platform = p_platform AND chat_id <> ''
      AND next_at < p_now - INTERVAL '1 minute';
  END IF;
  RETURN QUERY SELECT slot, NULL::TIMESTAMPTZ;
END;
$$;

-- The platform answered "too many requests, retry after": nothing more to that chat until `chat_until`,
-- and nothing at all on the platform until `platform_until`.
CREATE FUNCTION "hold_send_slot"(
    p_platform "Platform", p_chat TEXT, p_now TIMESTAMPTZ, p_chat_until TIMESTAMPTZ,
    p_platform_until TIMESTAMPTZ)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO send_slot (platform, chat_id, next_at) VALUES (p_platform, '', p_now)
    ON CONFLICT (platform, chat_id) DO NOTHING;
  UPDATE send_slot SET next_at = greatest(next_at, p_platform_until)
    WHERE platform = p_platform AND chat_id = '';
  INSERT INTO send_slot (platform, chat_id, next_at) VALUES (p_platform, p_chat, p_chat_until)
    ON CONFLICT (platform, chat_id) DO UPDATE SET next_at = greatest(send_slot.next_at, excluded.next_at);
END;
$$;
