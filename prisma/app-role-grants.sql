-- The rights of the application's own database role (DATABASE_URL), given by the role that owns the
-- tables (MIGRATION_DATABASE_URL) after `npm run db:migrate`. README, "Database roles", explains the
-- set-up; run it again after any migration, it changes nothing when nothing is new:
--
--   psql "$MIGRATION_DATABASE_URL" -v ON_ERROR_STOP=1 -c "SET clf.app_role = 'clf_app'" -f prisma/app-role-grants.sql
--
-- The application reads and writes every table, and appends to the audit log (append_audit_entries,
-- which every role may call). It may not change or remove an audit entry, nor empty the log; and since
-- it owns nothing, it cannot alter, disable or drop the log's triggers, nor replace its functions: only
-- an owner can. Not even with a consistent rewrite of the chain, then.
DO $$
DECLARE
  app TEXT := coalesce(nullif(current_setting('clf.app_role', true), ''), 'clf_app');
  here TEXT := current_schema();
BEGIN
  IF app = current_user THEN
    RAISE EXCEPTION 'run this as the owner of the tables, for another role than %', app;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', here, app);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', here, app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', here, app);
  -- The audit log: read and appended to, never changed.
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_entry" FROM %I', app);
  -- Which migrations ran is the owner's record.
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM %I', app);
  -- Tables of later migrations, created by this same owner, are the application's to use too.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', here, app);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', here, app);
END
$$;
