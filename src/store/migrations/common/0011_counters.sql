-- Dashboard counters and the overdue sweep without subtree-sized work
-- (issue 6).
--
-- "escalated_here" (open hazards escalated to exactly this org) becomes a
-- counter bucket on the escalated org, kept by every write like the others,
-- instead of a COUNT at read time that grew with the number of escalations.
DELETE FROM hazard_stats WHERE bucket = 'escalated_here';
INSERT INTO hazard_stats (org_id, bucket, n)
    SELECT escalated_org_id, 'escalated_here', COUNT(*) FROM hazards
    WHERE state IN ('reported','assigned','rectifying','submitted') AND deleted_at IS NULL
      AND escalated_org_id IS NOT NULL
    GROUP BY escalated_org_id;

-- The minute sweep looks only at open hazards below the top escalation
-- level whose deadline has passed: hazards overdue for longer than the
-- escalation periods leave this index, so its size follows the hazards that
-- recently became overdue, not every open hazard ever reported.
CREATE INDEX hazards_sweep ON hazards(deadline)
    WHERE state IN ('reported','assigned','rectifying','submitted') AND deleted_at IS NULL
      AND escalation_level < 4;
