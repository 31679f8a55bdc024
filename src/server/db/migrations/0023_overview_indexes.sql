-- The leaders' overview (GET /api/overview) and the case list's filedFrom/To and closedFrom/To count the
-- cases filed or closed in a day or a month. Without these they read every case of the district. Partial:
-- a case not yet filed or closed has no such time to find.
-- The street, grid and reporter ride along, so a count grouped by street under centre staff's visibility (a LIKE on
-- grid_code, or their own reports) is answered from the index alone.
CREATE INDEX cases_filed_at_idx ON cases (filed_at) INCLUDE (district_code, street_code, grid_code, reporter_user_id) WHERE filed_at IS NOT NULL;
CREATE INDEX cases_closed_at_idx ON cases (closed_at) INCLUDE (district_code, street_code, grid_code, reporter_user_id) WHERE closed_at IS NOT NULL;
