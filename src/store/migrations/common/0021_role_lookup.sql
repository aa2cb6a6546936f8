-- Who holds a role at one org (messages to a school's principal and safety
-- officer, a county's admins): looked up by org id. Without this index the
-- weekly-report sweep scanned every role binding once per school, holding
-- the writer for minutes at province scale (20,000 schools).
CREATE INDEX user_roles_org_role ON user_roles(org_id, role, user_id);

-- 待督办销号 in a bureau's to-do: the few supervised hazards waiting in one
-- state, found by state first (the path-first index read every supervised
-- hazard of a province: 22,580 rows a request in bench/run).
CREATE INDEX work_hazards_supervised_state ON hazards(state, org_path, id)
    WHERE supervised = 1 AND deleted_at IS NULL;
