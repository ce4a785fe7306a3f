-- The audit log cannot be emptied either: TRUNCATE skips row triggers, so the append-only trigger of the
-- first migration never saw it, and an emptied table verified as "intact: 0 entries". A statement trigger
-- refuses it. (Tests empty every table between files by switching triggers off for their own
-- transaction, `session_replication_role = replica`, which only a superuser may set.)
CREATE FUNCTION "audit_entry_not_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: it cannot be truncated';
END;
$$;
CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_not_truncated"();
