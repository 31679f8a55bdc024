-- Indexes for the command centre's screens at a million cases (bench:search). None changes what a query answers.
--
-- 1. The case list by deadline (case-list.query.ts pageByDue) walks the open steps in deadline order and
--    keeps each case's earliest one; the id is included so that check needs no heap visit. Suspended
--    steps are in it: a shelved case still sorts by its step's deadline.
CREATE INDEX case_steps_open_due_case_idx ON case_steps (due_at, case_id) INCLUDE (id) WHERE ended_at IS NULL;

-- 2. A queue tab is one step of a role's queue, in the queue's order (case-queue.query.ts).
CREATE INDEX case_steps_queue_role_step_idx ON case_steps (assignee_role, step, (clock_type = 'emergency') DESC, due_at, id)
  WHERE ended_at IS NULL AND suspended_at IS NULL;

-- 3. Text of one character has no bigram: it scanned every case (1.8 s). GIN over the characters of
--    search_text (string_to_array with a NULL delimiter splits into characters; GIN keeps each distinct
--    key once per row) finds them by index. A C builtin, so a report pays no SQL function call for it.
CREATE INDEX cases_search_chars_idx ON cases USING gin (string_to_array(search_text, NULL)) WITH (gin_pending_list_limit = 256);

-- 4. The map of open cases (its default) over the district read every open case's heap row, spread
--    over the whole table. This partial index holds every column the map query and the visibility of
--    centre staff and supervisors read, so the clusters come from the index alone.
CREATE INDEX cases_open_map_idx ON cases (lng, lat)
  INCLUDE (id, status, urgency, category_kind, category_code, grid_code, street_code, community_code, reporter_user_id)
  WHERE status NOT IN ('closed', 'voided', 'notTrue', 'merged');

-- 5. Open cases newest first: the lists and text searches among open cases (the workbench's default,
--    "未结案") walk this instead of every case's reported_at, and the planner can see how few rows that is.
CREATE INDEX cases_open_reported_idx ON cases (reported_at DESC, id DESC)
  WHERE status NOT IN ('closed', 'voided', 'notTrue', 'merged');
