-- Idempotency keys (the Idempotency-Key request header): what the first request with a key did, written in
-- the same transaction as its effect, so a retry — a double click, a phone replaying its outbox, an
-- integration retrying after a timeout — answers with that outcome and can never make a second case or
-- event. A key counts for a day (older rows are ignored and may be reused); rows are purged after two.
CREATE TABLE idempotency_keys (
  principal    text COLLATE "C" NOT NULL,  -- 'user:<id>', or 'public' for citizens without an account
  key          text COLLATE "C" NOT NULL,  -- byte order: keys are opaque ASCII, and the key index is written per report
  request_hash text NOT NULL,      -- SM3 of method, route, path parameters and body: the same key with another request is refused
  status       smallint NOT NULL,  -- the first response's status
  case_id      bigint,             -- the case it made or acted on
  secret       text,               -- a citizen report's private tracking token, to answer a retry with the same link (kept two days at most)
  response     text,               -- the first response's body as sent, when kept (case actions)
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (principal, key)
);
-- No index on created_at: the hourly purge reads a table of two days' keys; intake writes one index, not two.
