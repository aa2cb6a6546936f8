-- xiaoan: the hazard closed loop held to the seeds' rules (issue 12, and the
-- 整改通知书 of issue 14 item 3). 
--
-- 挂牌督办: the supervising bureau, its deadline and requirements, 催办.
ALTER TABLE hazards ADD COLUMN supervise_org_id INTEGER;
ALTER TABLE hazards ADD COLUMN supervise_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazards ADD COLUMN supervise_deadline INTEGER;
ALTER TABLE hazards ADD COLUMN supervise_req TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN urge_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazards ADD COLUMN urged_at INTEGER;
-- 整改通知书: issued once by the acting bureau, its 文号 and date fixed then.
ALTER TABLE hazards ADD COLUMN notice_no TEXT;
ALTER TABLE hazards ADD COLUMN notice_org_id INTEGER;
ALTER TABLE hazards ADD COLUMN notice_at INTEGER;
ALTER TABLE hazards ADD COLUMN notice_by INTEGER;
ALTER TABLE hazards ADD COLUMN notice_listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazards ADD COLUMN notice_deadline INTEGER;  -- the deadline it states (督办期限 or 整改期限)
-- 移交 (off campus only): receiving department's contact, the follow-up
-- date, and the outcome the bureau records (ends the follow-up).
ALTER TABLE hazards ADD COLUMN forward_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN forward_follow_up INTEGER;
ALTER TABLE hazards ADD COLUMN forward_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN forward_concluded_at INTEGER;
ALTER TABLE hazards ADD COLUMN forward_concluded_by INTEGER;
-- 立行立改: fixed on the spot, reported with before and after photos.
ALTER TABLE hazards ADD COLUMN onspot INTEGER NOT NULL DEFAULT 0;
-- 五落实: the responsible person as a staff user, or a name with a phone.
ALTER TABLE hazards ADD COLUMN five_responsible_id INTEGER;
ALTER TABLE hazards ADD COLUMN five_responsible_phone TEXT NOT NULL DEFAULT '';

-- The clock from discovery: an unassigned hazard runs against the
-- assignment limit (24 h, 4 h for a major hazard) from its report time; the
-- sweep then flags and escalates those past it.
UPDATE hazards SET deadline = found_at + CASE WHEN grade = 'major' THEN 14400000 ELSE 86400000 END
    WHERE state = 'reported' AND deadline IS NULL;

-- New counter buckets, for every org on each hazard's path.
DELETE FROM hazard_stats WHERE bucket IN ('assign_overdue', 'major_open', 'forwarded');
INSERT INTO hazard_stats (org_id, bucket, n)
    SELECT o.id, 'major_open', COUNT(*) FROM orgs o JOIN hazards h
      ON h.org_path >= o.path AND h.org_path < (substr(o.path, 1, length(o.path) - 1) || '0')
    WHERE h.deleted_at IS NULL AND h.grade = 'major'
      AND h.state IN ('reported','assigned','rectifying','submitted')
    GROUP BY o.id;
INSERT INTO hazard_stats (org_id, bucket, n)
    SELECT o.id, 'assign_overdue', COUNT(*) FROM orgs o JOIN hazards h
      ON h.org_path >= o.path AND h.org_path < (substr(o.path, 1, length(o.path) - 1) || '0')
    WHERE h.deleted_at IS NULL AND h.state = 'reported' AND h.overdue = 1
    GROUP BY o.id;
INSERT INTO hazard_stats (org_id, bucket, n)
    SELECT o.id, 'forwarded', COUNT(*) FROM orgs o JOIN hazards h
      ON h.org_path >= o.path AND h.org_path < (substr(o.path, 1, length(o.path) - 1) || '0')
    WHERE h.deleted_at IS NULL AND h.state = 'forwarded' AND h.forward_concluded_at IS NULL
    GROUP BY o.id;
