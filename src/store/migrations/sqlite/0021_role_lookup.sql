-- Who holds a role at one org (messages to a school's principal and safety
-- officer, a county's admins): looked up by org id. Without this index the
-- weekly-report sweep scanned every role binding once per school, holding
-- the writer for minutes at province scale (20,000 schools).
CREATE INDEX user_roles_org_role ON user_roles(org_id, role, user_id);
