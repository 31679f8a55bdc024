-- The bigram index takes new entries into its pending list (GIN fastupdate) and merges the list into the
-- tree once it reaches gin_pending_list_limit (default 4 MB) — inside whichever insert crosses it. At
-- intake rates that was one insert stalling ~150 ms every few seconds, with every report queued behind it:
-- in-process intake (64 in flight, three runs each) had its slowest report at 142–149 ms. A 256 kB list is
-- merged sixteen times as often in pieces a sixteenth the size: slowest 44–58 ms, p99 unchanged, PostgreSQL
-- CPU per report 0.28 → 0.30 ms. (fastupdate = off removes the stall but costs 0.39 ms.)
ALTER INDEX cases_search_bigrams_idx SET (gin_pending_list_limit = 256);
