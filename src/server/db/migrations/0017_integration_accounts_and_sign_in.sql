-- 等保 2.0 (issue 16): integration accounts, who minted each API token, tokens that expire, and failed sign-ins
-- under names no account has.

-- An integration account (the 12345 exchange, Open311, a video-analytics feed) signs in only with API tokens,
-- which an admin may mint for it; it has no usable password. A person's account never gets a token from anyone
-- but its owner. Set when the account is made and never changed: turning a person into an integration account
-- would let an admin mint a token for them.
ALTER TABLE users ADD COLUMN is_integration boolean NOT NULL DEFAULT false;

ALTER TABLE api_tokens ADD COLUMN created_by bigint REFERENCES users (id);
-- Tokens expire (GUANCHENG_TOKEN_DAYS, 90 by default); those minted without an expiry get 90 days from now.
UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Wrong passwords under a username no account has are counted and locked exactly as an account's are
-- (users.failed_login_count, users.locked_until), so lockout never tells which usernames exist.
CREATE TABLE login_failures (
  username           text PRIMARY KEY,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until       timestamptz,
  last_failed_at     timestamptz NOT NULL DEFAULT now()
);
