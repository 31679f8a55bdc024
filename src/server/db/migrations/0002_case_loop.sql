-- The closed case loop: cases, their events (timeline + hash-chained audit trail), step records with
-- deadlines, jobs, holidays, workflow settings and audit checkpoints.

-- Per-district workflow settings (step limits, extension count, call-back policy); defaults in code.
CREATE TABLE workflow_settings (
  district_code text PRIMARY KEY REFERENCES divisions (code),
  settings      jsonb NOT NULL DEFAULT '{}',
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    bigint REFERENCES users (id)
);

-- Statutory holidays and make-up working days (调休), seeded from chinese-days; admins override per date.
CREATE TABLE holiday_overrides (
  day        date PRIMARY KEY,
  is_workday boolean NOT NULL,
  name       text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users (id)
);

CREATE TABLE cases (
  id                bigserial PRIMARY KEY,
  district_code     text NOT NULL REFERENCES divisions (code),
  tracking_no       text NOT NULL,              -- at report: readable, unique per district and year
  case_no           text,                       -- at filing
  source            text NOT NULL CHECK (source IN ('supervisor', 'citizen', 'hotline', 'video', 'leader', 'media')),
  reporter_user_id  bigint REFERENCES users (id),
  reporter_name     text,
  reporter_phone    text,
  category_kind     text NOT NULL,
  category_code     text NOT NULL,
  lng               double precision NOT NULL,
  lat               double precision NOT NULL,
  grid_code         text NOT NULL,
  community_code    text NOT NULL,
  street_code       text NOT NULL,
  address           text NOT NULL DEFAULT '',
  description       text NOT NULL,
  urgency           text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  urgency_requested boolean NOT NULL DEFAULT false,  -- a citizen may only ask
  status            text NOT NULL,
  prior_status      text,                       -- where a pending request returns to when denied
  lead_unit_id      bigint REFERENCES units (id),
  co_unit_ids       bigint[] NOT NULL DEFAULT '{}',
  handling_due_at   timestamptz,
  extension_count   integer NOT NULL DEFAULT 0,
  rework_count      integer NOT NULL DEFAULT 0,
  merged_into_id    bigint REFERENCES cases (id),
  self_handled      boolean NOT NULL DEFAULT false,
  citizen_rating    text,
  urge_count        integer NOT NULL DEFAULT 0,
  handling_result   text,
  photos            jsonb NOT NULL DEFAULT '[]',   -- attachment ids by role (before/after/check)
  version           integer NOT NULL DEFAULT 1,
  reported_at       timestamptz NOT NULL,
  filed_at          timestamptz,
  closed_at         timestamptz,
  updated_at        timestamptz NOT NULL,
  FOREIGN KEY (category_kind, category_code) REFERENCES categories (kind, code),
  UNIQUE (district_code, tracking_no),
  UNIQUE (district_code, case_no)
);
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_grid_idx ON cases (grid_code);
CREATE INDEX cases_lead_unit_idx ON cases (lead_unit_id) WHERE lead_unit_id IS NOT NULL;
CREATE INDEX cases_reported_idx ON cases (reported_at DESC);
CREATE INDEX cases_merged_idx ON cases (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- The timeline and the audit trail in one: every transition is one row, chained per case with SM3
-- (prev_hash → hash) and numbered globally so checkpoints can cover "everything up to N".
CREATE TABLE case_events (
  id          bigserial PRIMARY KEY,
  global_seq  bigint NOT NULL UNIQUE,
  case_id     bigint NOT NULL REFERENCES cases (id),
  seq         integer NOT NULL,                 -- 1, 2, 3 … within the case
  type        text NOT NULL,                    -- e.g. case.reported, case.dispatched
  from_status text,
  to_status   text NOT NULL,
  version     integer NOT NULL,                 -- case version after this event
  actor_id    bigint REFERENCES users (id),
  actor_role  text,
  at          timestamptz NOT NULL,
  request_id  text,
  client_ip   text,
  payload     jsonb NOT NULL DEFAULT '{}',
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  UNIQUE (case_id, seq)
);
CREATE SEQUENCE case_events_global_seq;

-- One row per step a case went through: who had to act, by when, and whether they did it on time.
CREATE TABLE case_steps (
  id                 bigserial PRIMARY KEY,
  case_id            bigint NOT NULL REFERENCES cases (id),
  step               text NOT NULL,             -- verify, file, dispatch, accept, handle, check, close, callback, …
  assignee_role      text NOT NULL,
  assignee_unit_id   bigint REFERENCES units (id),
  assignee_user_ids  bigint[] NOT NULL DEFAULT '{}',
  clock_type         text NOT NULL,
  limit_amount       numeric(10, 2) NOT NULL,
  limit_unit         text NOT NULL CHECK (limit_unit IN ('hours', 'days')),
  calendar_id        bigint REFERENCES calendars (id),
  started_at         timestamptz NOT NULL,
  due_at             timestamptz NOT NULL,
  suspended_at       timestamptz,               -- set while the clock is stopped (挂账, awaiting approval)
  suspended_seconds  bigint NOT NULL DEFAULT 0,
  ended_at           timestamptz,
  ended_by           bigint REFERENCES users (id),
  outcome            text,
  on_time            boolean,
  near_due_notified  boolean NOT NULL DEFAULT false,
  overdue_at         timestamptz,               -- set by the sweep when the deadline passed unfinished
  escalated_at       timestamptz
);
CREATE INDEX case_steps_case_idx ON case_steps (case_id);
CREATE INDEX case_steps_open_due_idx ON case_steps (due_at) WHERE ended_at IS NULL AND suspended_at IS NULL;

-- Follow-up work (notifications now; deliveries, exports later), drained with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL,
  payload     jsonb NOT NULL,
  dedupe_key  text UNIQUE,                       -- makes enqueueing idempotent: exactly-once in effect
  run_at      timestamptz NOT NULL DEFAULT now(),
  attempts    integer NOT NULL DEFAULT 0,
  locked_at   timestamptz,
  done_at     timestamptz,
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_pending_idx ON jobs (kind, run_at) WHERE done_at IS NULL;

-- Audit checkpoints: chained, each committing to the chain heads that changed since the previous one,
-- authenticated with HMAC-SM3 under a key kept outside the database.
CREATE TABLE audit_checkpoints (
  id              bigserial PRIMARY KEY,
  created_at      timestamptz NOT NULL DEFAULT now(),
  upto_global_seq bigint NOT NULL,
  head_count      integer NOT NULL,              -- chain heads changed since the previous checkpoint
  delta_root      text NOT NULL,                 -- Merkle root (SM3) over those heads
  prev_root       text NOT NULL,
  root            text NOT NULL,                 -- SM3(prev_root | upto | delta_root | head_count)
  hmac            text NOT NULL,                 -- HMAC-SM3(key, root)
  key_id          text NOT NULL
);
CREATE TABLE audit_checkpoint_heads (
  checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints (id),
  case_id       bigint NOT NULL,
  seq           integer NOT NULL,
  hash          text NOT NULL,
  PRIMARY KEY (checkpoint_id, case_id)
);
CREATE INDEX audit_checkpoint_heads_case_idx ON audit_checkpoint_heads (case_id, checkpoint_id);
