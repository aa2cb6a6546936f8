-- Indexes for province-sized data (issue 5 / 6).
--
-- hazards_found replaces hazards_found_at: the same covering index of the
-- report scans (a date range on found_at, the subtree a filter inside it)
-- plus state, so "found in the month and now verified / closed" is counted
-- from the index alone, without a table lookup per hazard.
DROP INDEX IF EXISTS hazards_found_at;
CREATE INDEX hazards_found ON hazards(found_at, org_path, category, grade, state, deleted_at);
-- The dashboard's "open hazards escalated to exactly this org": a count over
-- a small partial index instead of one table lookup per escalated hazard.
CREATE INDEX hazards_escalated_open ON hazards(escalated_org_id)
    WHERE state IN ('reported','assigned','rectifying','submitted') AND deleted_at IS NULL
      AND escalated_org_id IS NOT NULL;
