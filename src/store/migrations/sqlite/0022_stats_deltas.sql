-- The dashboard counters without ancestor rows on the write path (issue 16
-- item 8).
--
-- A hazard write used to add its bucket deltas to hazard_stats for the
-- school and every ancestor: ~25 rows updated per write, and on PostgreSQL
-- the province's and city's rows were updated by every concurrent writer,
-- which queued them until commit. Now a write appends one row per changed
-- bucket here (the school's path; "escalated_here" at the escalated org
-- only), and a fold (the server's jobs thread, every second) moves them
-- into hazard_stats for every org on the path and deletes them in one
-- transaction. A read adds the not yet folded rows of the subtree in the
-- same statement, so counters stay exact.
CREATE TABLE hazard_stats_delta (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL,
    org_path TEXT NOT NULL,
    bucket TEXT NOT NULL,
    n INTEGER NOT NULL
);
