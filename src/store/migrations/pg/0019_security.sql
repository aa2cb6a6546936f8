-- Security hardening (issue 15).

-- An account an administrator created or reset must choose its own password
-- before it can do anything else.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;

-- The audit chain's head: the id and hash of the newest row, so that
-- deleting the newest rows is detected. Rows up to v1_upto were chained
-- before the hash covered username and org_id; they are verified with the
-- old rule, every later row with the new one.
ALTER TABLE audit_head ADD COLUMN head_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN v1_upto BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET head_id = COALESCE((SELECT MAX(id) FROM audit), 0),
                      v1_upto = COALESCE((SELECT MAX(id) FROM audit), 0)
 WHERE id = 1;

-- Photos are stored without their metadata; what a staff member's camera
-- said about when and where (EXIF) is kept here, shown only where a
-- permission allows (never for signed-out uploads).
ALTER TABLE photos ADD COLUMN taken_at TEXT;
ALTER TABLE photos ADD COLUMN gps_lat DOUBLE PRECISION;
ALTER TABLE photos ADD COLUMN gps_lon DOUBLE PRECISION;
