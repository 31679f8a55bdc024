-- The inbox is written by one statement (deliver-notifications.ts writeInbox), which already checks what
-- the foreign keys checked: the recipient exists and is enabled (EXISTS on users), the case exists (its id
-- is looked up, NULL otherwise). Users are disabled, never deleted, and cases are never deleted (their
-- events are hash-chained), so nothing can dangle later either.
--
-- As foreign keys they cost most of the delivery worker's time: every inbox row row-locked (KEY SHARE)
-- its user, its case and its job — the job the worker had just claimed, where under load each check took
-- 1-3 ms — so at ~1,500 reports/s the worker fell behind by tens of thousands of jobs (bench:intake).
-- notifications.job_id stays what it was for: a dedupe key ((job_id, user_id) is unique, so a job claimed
-- again never doubles the inbox), now also valid after old jobs are purged.
ALTER TABLE notifications DROP CONSTRAINT notifications_job_id_fkey;
ALTER TABLE notifications DROP CONSTRAINT notifications_user_id_fkey;
ALTER TABLE notifications DROP CONSTRAINT notifications_case_id_fkey;
