-- xiaoan work engine (SQLite): the to-do list's partial indexes, reminders
-- (催办 / 催报) and the marks of the time-based message sweep.
--
-- The to-do list (GET /me/todo) is computed from the state of things; every
-- query it runs is a lookup on one of these small partial indexes (or on an
-- index that exists already), never a scan of a subtree's rows.

-- 待整改: open hazards assigned to a person
CREATE INDEX work_hazards_rectifier ON hazards(rectifier_id, id)
    WHERE state IN ('assigned','rectifying') AND deleted_at IS NULL;
-- 待复查 (回头看): closed hazards flagged by the sweep
CREATE INDEX work_hazards_recheck ON hazards(org_path, id)
    WHERE recheck_due = 1 AND deleted_at IS NULL;
-- 待督办销号: supervised hazards
CREATE INDEX work_hazards_supervised ON hazards(org_path, state, id)
    WHERE supervised = 1 AND deleted_at IS NULL;
-- 逾期升级待督办: open hazards escalated to a bureau, by deadline
CREATE INDEX work_hazards_escalated ON hazards(escalated_org_id, deadline, id)
    WHERE state IN ('reported','assigned','rectifying','submitted') AND deleted_at IS NULL;
-- 24 h before the deadline: assigned hazards by deadline (and last change)
CREATE INDEX work_hazards_due ON hazards(deadline, updated_at, id)
    WHERE state IN ('assigned','rectifying') AND deleted_at IS NULL;
-- 专项任务待审核 / 待报送
CREATE INDEX work_campaign_submitted ON campaign_assignments(org_path, id)
    WHERE state = 'submitted';
CREATE INDEX work_campaign_open ON campaign_assignments(org_path, id)
    WHERE state IN ('pending','returned');
-- 举报待受理
CREATE INDEX work_tipoffs_received ON tipoffs(org_path, id)
    WHERE status = 'received' AND deleted_at IS NULL;
-- 值班表待发布
CREATE INDEX work_duty_draft ON duty_rosters(org_path, id)
    WHERE state = 'draft' AND deleted_at IS NULL;
-- 事故续报 (written report due)
CREATE INDEX work_incidents_quick ON incidents(org_path, id)
    WHERE state = 'quick' AND deleted_at IS NULL;
-- 责任书待签
CREATE INDEX work_letters_pending ON resp_letters(user_id, id)
    WHERE status = 'pending' AND deleted_at IS NULL;

-- A reminder (催办 one hazard's rectifier, 催报 a weekly report or a
-- campaign task) sent by a bureau to a school. One row per school reached;
-- batch names the request that sent it. The rate limit reads the newest
-- row of (kind, target_key).
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    batch TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hazard','weekly','campaign')),
    target_key TEXT NOT NULL,          -- 'hazard:12', 'weekly:2026-W48:77', 'campaign_task:5:77'
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school reminded
    org_path TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    period TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    from_org_id INTEGER NOT NULL REFERENCES orgs(id),
    by_user INTEGER,
    at INTEGER NOT NULL
);
CREATE INDEX reminders_target ON reminders(target_key, at);
CREATE INDEX reminders_org ON reminders(org_id, at);

-- Marks of the message sweep: "weekly_due:2026-W48:<county>" when the
-- schools of a county were told; "hazard_due_upto" the deadline up to which
-- rectifiers were warned.
CREATE TABLE work_marks (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- 周报已逾期 of a region: its schools counted on a covering index
CREATE INDEX work_orgs_school ON orgs(path, kind, deleted_at)
    WHERE kind = 'school' AND deleted_at IS NULL;
