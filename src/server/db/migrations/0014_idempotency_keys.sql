-- Idempotency keys (the Idempotency-Key request header): what the first request with a key did, written in
-- the same transaction as its effect, so a retry — a double click, a phone replaying its outbox, an
-- integration retrying after a timeout — answers with that outcome and can never make a second case or
-- event. A key counts for a day (older rows are ignored and may be reused); rows are purged after two.
CREATE TABLE idempotency_keys (
  principal    text NOT NULL,      -- 'user:<id>', or 'public' for citizens without an account
  key          text NOT NULL,
  request_hash text NOT NULL,      -- SM3 of method, route, path parameters and body: the same key with another request is refused
  status       smallint NOT NULL,  -- the first response's status
  case_id      bigint,             -- the case it made or acted on
  secret       text,               -- a citizen report's private tracking token, to answer a retry with the same link (kept two days at most)
  response     text,               -- the first response's body as sent, when kept (case actions)
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
