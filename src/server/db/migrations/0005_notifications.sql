-- 0005: notification delivery — the in-app inbox filled from `notify` jobs, and the wake-up signal
-- that lets every app process's delivery worker react to new jobs without waiting for its poll.

CREATE TABLE notifications (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id),
  kind          text NOT NULL,                     -- newTask | urged | returned | emergency | overdue | nearDue | rework
  case_id       bigint REFERENCES cases (id),
  title         text NOT NULL,                     -- zh-CN, e.g. 新任务
  body          text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  -- The job it came from: (job_id, user_id) is unique, so a job re-claimed after a crash never
  -- writes a second inbox row (exactly once per job and recipient).
  job_id        bigint REFERENCES jobs (id) ON DELETE SET NULL,
  -- Outside channels (webhook, log) that already took this row; a retried job skips them.
  channels_done text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  UNIQUE (job_id, user_id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Wake-ups on the jobs channel are sent after commit by the enqueuers (db/notifier.ts), not by a trigger:
-- a NOTIFY inside every intake transaction would serialise all commits behind one lock.
