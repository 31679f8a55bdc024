-- Foundation: divisions, unit grids, categories, units and calendars, users, sessions, security log.
-- Runs on PostgreSQL 15 and 17; standard features only (信创 databases follow PostgreSQL).

CREATE TABLE divisions (
  code          text PRIMARY KEY CHECK (code ~ '^(\d{4}|\d{6}|\d{9}|\d{12})$'),
  level         text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  short_name    text,
  kind          text,                        -- 街道 / 乡 / 居委会 / 村委会 …
  parent_code   text REFERENCES divisions (code),
  managed_by    text,                        -- which bureau manages it (data, not an assumption)
  geometry      jsonb,                       -- GeoJSON Polygon/MultiPolygon, WGS-84
  is_schematic  boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'city') = (parent_code IS NULL) OR level = 'district')
);
CREATE INDEX divisions_parent_idx ON divisions (parent_code);

CREATE TABLE import_batches (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('grids', 'divisions', 'categories', 'demo')),
  file_name     text,
  crs           text,
  feature_count integer NOT NULL DEFAULT 0,
  summary       jsonb NOT NULL DEFAULT '{}',
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Unit grids are versioned: an import ends the old version (valid_to) and starts a new one; never deleted.
CREATE TABLE grids (
  id              bigserial PRIMARY KEY,
  code            text NOT NULL CHECK (code ~ '^\d{15}$'),
  community_code  text NOT NULL REFERENCES divisions (code),
  street_code     text NOT NULL REFERENCES divisions (code),
  district_code   text NOT NULL REFERENCES divisions (code),
  geometry        jsonb NOT NULL,
  area_m2         double precision NOT NULL,
  min_lng double precision NOT NULL, min_lat double precision NOT NULL,
  max_lng double precision NOT NULL, max_lat double precision NOT NULL,
  is_schematic    boolean NOT NULL DEFAULT false,
  import_batch_id bigint REFERENCES import_batches (id),
  valid_from      timestamptz NOT NULL DEFAULT now(),
  valid_to        timestamptz,
  CHECK (left(code, 12) = community_code AND left(code, 9) = street_code AND left(code, 6) = district_code),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX grids_current_code_uq ON grids (code) WHERE valid_to IS NULL;
CREATE INDEX grids_current_community_idx ON grids (community_code) WHERE valid_to IS NULL;
CREATE INDEX grids_code_history_idx ON grids (code, valid_from);

CREATE TABLE calendars (
  id            bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES divisions (code),
  code          text NOT NULL,
  name          text NOT NULL,
  definition    jsonb NOT NULL,              -- shared/calendar.ts CalendarDefinition
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, code)
);

CREATE TABLE units (
  id            bigserial PRIMARY KEY,
  district_code text NOT NULL REFERENCES divisions (code),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,40}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  type          text NOT NULL,
  area_code     text NOT NULL REFERENCES divisions (code),  -- the division the unit serves (street for street offices/squads)
  calendar_id   bigint NOT NULL REFERENCES calendars (id),
  parent_id     bigint REFERENCES units (id),
  phone         text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_code, code)
);

CREATE TABLE users (
  id                   bigserial PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  phone                text,
  unit_id              bigint REFERENCES units (id),
  password_hash        text NOT NULL,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT false,
  failed_login_count   integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  last_login_at        timestamptz,
  disabled_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_uq ON users (username);
CREATE INDEX users_unit_idx ON users (unit_id);

CREATE TABLE user_roles (
  user_id bigint NOT NULL REFERENCES users (id),
  role    text NOT NULL CHECK (role IN ('supervisor','receiver','shiftLeader','dispatcher','handler','officer','leader','admin','auditor')),
  PRIMARY KEY (user_id, role)
);

-- Data scope: division-code prefixes (city 4, district 6, street 9, community 12, grid 15 digits).
CREATE TABLE user_scopes (
  user_id    bigint NOT NULL REFERENCES users (id),
  scope_code text NOT NULL CHECK (scope_code ~ '^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$'),
  PRIMARY KEY (user_id, scope_code)
);

-- Who is responsible for a grid; keyed by grid code so an assignment survives a grid re-import.
CREATE TABLE grid_assignments (
  id         bigserial PRIMARY KEY,
  grid_code  text NOT NULL CHECK (grid_code ~ '^\d{15}$'),
  user_id    bigint NOT NULL REFERENCES users (id),
  duty       text NOT NULL CHECK (duty IN ('supervisor', 'officer', 'auxiliary')),
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_to   timestamptz
);
CREATE UNIQUE INDEX grid_assignments_current_uq ON grid_assignments (grid_code, user_id, duty) WHERE valid_to IS NULL;
CREATE INDEX grid_assignments_user_idx ON grid_assignments (user_id) WHERE valid_to IS NULL;

CREATE TABLE sessions (
  id           text PRIMARY KEY,             -- SM3 of the cookie token; the token itself is never stored
  user_id      bigint NOT NULL REFERENCES users (id),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  token_hash   text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- 等保 2.0: security audit records kept ≥ 6 months; the application never deletes them.
CREATE TABLE security_events (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  kind       text NOT NULL,
  user_id    bigint,
  username   text,
  ip         text,
  request_id text,
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_at_idx ON security_events (at DESC);
CREATE INDEX security_events_user_idx ON security_events (user_id, at DESC);

CREATE TABLE categories (
  id                   bigserial PRIMARY KEY,
  kind                 text NOT NULL CHECK (kind IN ('component', 'event')),
  code                 text NOT NULL CHECK (code ~ '^\d{5}$'),
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  major_code           text NOT NULL CHECK (major_code ~ '^\d{2}$' AND left(code, 2) = major_code),
  major_name           text NOT NULL,
  source               text NOT NULL,        -- 'GB/T 47678.5-2026' (unofficial transcription) or 'local'
  is_extension         boolean NOT NULL DEFAULT false,
  default_unit_type    text,
  time_limit           numeric(8, 2) CHECK (time_limit IS NULL OR time_limit > 0),
  clock_type           text NOT NULL DEFAULT 'workingDays' CHECK (clock_type IN ('emergency', 'workingHours', 'workingDays', 'calendarDays')),
  urgency              text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
  filing_conditions    text NOT NULL DEFAULT '',
  closing_conditions   text NOT NULL DEFAULT '',
  requires_after_photo boolean NOT NULL DEFAULT false,
  active               boolean NOT NULL DEFAULT true,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  updated_by           bigint REFERENCES users (id),
  UNIQUE (kind, code)
);

-- Older generations of the category table (CJ/T 214-2007, GB/T 30428.2-2013) → the current one.
CREATE TABLE category_legacy_mappings (
  id          bigserial PRIMARY KEY,
  scheme      text NOT NULL,
  legacy_kind text NOT NULL CHECK (legacy_kind IN ('component', 'event')),
  legacy_code text NOT NULL,
  legacy_name text NOT NULL,
  kind        text CHECK (kind IN ('component', 'event')),
  code        text,
  method      text NOT NULL CHECK (method IN ('majorShift', 'name', 'manual', 'unmapped')),
  UNIQUE (scheme, legacy_kind, legacy_code),
  FOREIGN KEY (kind, code) REFERENCES categories (kind, code)
);
