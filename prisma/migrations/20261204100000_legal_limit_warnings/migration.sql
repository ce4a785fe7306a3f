-- The 90-day limit of a mediation (L612-2) is now warned 14, 7 and 1 days before its end, no longer 14
-- and 3 (issue 12). No table changes: the clocks still waiting for a limit get their new warnings, set
-- from the mediation's own `ends_by`, and the 3-day warning that nothing handles any more goes. A warning
-- whose moment has passed is not created (it would ring late with a wrong count).
INSERT INTO "timer" ("kind", "subject_id", "due_at")
SELECT w.kind, m."id", m."ends_by" - w.before
FROM "timer" t
JOIN "mediation" m ON m."id" = t."subject_id"
CROSS JOIN (VALUES ('deadlineWarning7d', INTERVAL '7 days'), ('deadlineWarning1d', INTERVAL '1 day')) AS w(kind, before)
WHERE t."kind" = 'deadlineReached' AND t."fired_at" IS NULL AND t."cancelled_at" IS NULL
  AND m."ends_by" IS NOT NULL AND m."ends_by" - w.before > CURRENT_TIMESTAMP
ON CONFLICT ("kind", "subject_id") DO NOTHING;

DELETE FROM "timer" WHERE "kind" = 'deadlineWarning3d';
