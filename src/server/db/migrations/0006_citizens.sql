-- Citizens follow their report through a private link; no account. Only the SM3 digest of the link's
-- token is stored. A duplicate's reporter keeps following through the merge (the link resolves to the original).
CREATE TABLE case_trackers (
  token_hash text PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_trackers_case_idx ON case_trackers (case_id);
