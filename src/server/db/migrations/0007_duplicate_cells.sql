-- Possible duplicates (case.duplicates.ts) are open cases of the same category near a new report. A
-- btree range on lng or lat alone still reads a whole strip across the district, and the category index
-- reads every case of a frequent category; both grow with the table. near_cell quantises the position
-- to 0.001° cells (≈ 111 m × 91 m in Zhengzhou), so a 50 m search reads the ≤ 4 cells around the point.
-- The same expression is computed in JS (nearCell) for the cells to ask for; both are IEEE float8.
ALTER TABLE cases
  ADD COLUMN near_cell bigint GENERATED ALWAYS AS ((floor(lat * 1000)::bigint + 90000) * 1000000 + (floor(lng * 1000)::bigint + 180000)) STORED;

-- Only open cases can be duplicates: the partial index stays the size of the open backlog. The cell
-- leads, so the index narrows to the spot even before the table has statistics.
CREATE INDEX cases_open_near_idx ON cases (near_cell, category_code, category_kind)
  WHERE status NOT IN ('closed', 'voided', 'notTrue', 'merged');
