-- The auditor's pages (issue 18 §4): every verification of the audit trail is kept, so "when was it last checked,
-- and what was found" has an answer that does not depend on someone having read a terminal. A run is written when
-- it starts (finished_at NULL while it runs) and completed when it ends; a run whose process died stays unfinished
-- and is closed as interrupted by the next one.
CREATE TABLE audit_verifications (
  id             bigserial PRIMARY KEY,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  -- Who asked: an auditor in the web (user_id), the daily schedule, or `guancheng audit verify`.
  trigger        text NOT NULL CHECK (trigger IN ('user', 'scheduler', 'cli')),
  user_id        bigint REFERENCES users (id),
  username       text,
  -- NULL while running, and for a run that was interrupted (error says why).
  ok             boolean,
  problem_count  integer,
  first_problem  jsonb,
  checked_events bigint,
  -- The events there were when it started: checked_events against it is the progress of a running verification.
  expected_events bigint,
  checked_cases  bigint,
  checkpoints    integer,
  covered_upto   bigint,
  uncovered_events bigint,
  uncovered_since timestamptz,
  duration_ms    integer,
  error          text,
  CHECK (trigger <> 'user' OR user_id IS NOT NULL)
);
CREATE INDEX audit_verifications_finished_idx ON audit_verifications (id DESC) WHERE finished_at IS NOT NULL;

-- The security-log viewer filters by kind (sign-in failures, refusals) and pages back by id.
CREATE INDEX security_events_kind_idx ON security_events (kind, id DESC);
