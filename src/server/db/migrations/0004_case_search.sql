-- Case lists, work queues, text search and the map (src/server/modules/cases/search/).
--
-- Text search without extensions: Chinese has no spaces, so a word like 垃圾 or 占道 is found through
-- character bigrams. search_text is the normalised description and address (NFKC, lower case, every
-- run of other characters → one space); search_bigrams holds every distinct overlapping 2-character
-- substring of it that contains no space. A query of ≥ 2 characters asks the GIN index for rows
-- holding all its bigrams, then rechecks the whole word with position() on search_text. Generated
-- columns keep both in step with every insert and update without a trigger.
CREATE FUNCTION case_search_normalise(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT btrim(regexp_replace(lower(normalize(t, NFKC)), '[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+', ' ', 'g')) $$;

CREATE FUNCTION case_search_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (SELECT substr(t, i, 2) AS g FROM generate_series(1, length(t) - 1) AS i) x
        WHERE position(' ' IN g) = 0 $$;

ALTER TABLE cases
  ADD COLUMN search_text text GENERATED ALWAYS AS (case_search_normalise(description) || ' ' || case_search_normalise(address)) STORED,
  ADD COLUMN search_bigrams text[] GENERATED ALWAYS AS (case_search_bigrams(case_search_normalise(description) || ' ' || case_search_normalise(address))) STORED;

CREATE INDEX cases_search_bigrams_idx ON cases USING gin (search_bigrams);

-- Lists: the common filters in front of the default order (reported_at DESC).
CREATE INDEX cases_street_reported_idx ON cases (street_code, reported_at DESC);
CREATE INDEX cases_status_reported_idx ON cases (status, reported_at DESC);
CREATE INDEX cases_community_idx ON cases (community_code);
CREATE INDEX cases_category_idx ON cases (category_kind, category_code);
CREATE INDEX cases_co_units_idx ON cases USING gin (co_unit_ids) WHERE co_unit_ids <> '{}';
-- The map's bbox: a range on lng, the lat bound checked inside the index.
CREATE INDEX cases_lng_lat_idx ON cases (lng, lat);

-- Work queues and the step/colour filters read only open steps. Queues walk these in their order
-- (urgent first — an urgent case's steps run on the emergency clock — then by deadline) and stop early.
CREATE INDEX case_steps_open_case_idx ON case_steps (case_id, step) WHERE ended_at IS NULL;
CREATE INDEX case_steps_queue_role_idx ON case_steps (assignee_role, (clock_type = 'emergency') DESC, due_at, id)
  WHERE ended_at IS NULL AND suspended_at IS NULL;
CREATE INDEX case_steps_queue_unit_idx ON case_steps (assignee_unit_id, (clock_type = 'emergency') DESC, due_at, id)
  WHERE ended_at IS NULL AND suspended_at IS NULL AND assignee_unit_id IS NOT NULL;
CREATE INDEX case_steps_queue_users_idx ON case_steps USING gin (assignee_user_ids) WHERE ended_at IS NULL AND suspended_at IS NULL;
