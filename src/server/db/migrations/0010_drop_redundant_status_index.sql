-- cases_status_idx (status) is a prefix of cases_status_reported_idx (status, reported_at DESC, 0004),
-- which serves every status filter (case-filter.ts: status = ANY(…)) and the list's order besides. The
-- single-column one only cost a B-tree insert on every report and every status change.
DROP INDEX IF EXISTS cases_status_idx;
