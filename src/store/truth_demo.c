/*
 * truth_demo.c - the demo's faked records (src/demo/demo_truth.c): bulk
 * rows and touch-ups of rows the other demo parts wrote, so the 需关注 list
 * has something to find among honest schools. Demo data only: no audit
 * rows, and nothing here is reachable from the API.
 */
#include "core/compat.h"
#include "store/store_int.h"
#include "store/store_truth.h"
#include "store/store_truth_demo.h"

int64_t store_truth_demo_photo(struct store *s, int64_t school_id, const char *sha256_hex,
                               const void *jpeg, size_t n, const char *taken, int64_t at)
{
    int64_t id = 0;
    char path[96];
    if (TEXT1(s, path, sizeof(path), "SELECT path FROM orgs WHERE id = ?", DB_INT(school_id)) != 1)
        return -1;
    if (INT1(s, &id,
             "INSERT INTO photos (sha256, mime, size, org_id, org_path, uploaded_by, created_at, "
             "data, taken_at) VALUES (?, 'image/jpeg', ?, ?, ?, NULL, ?, ?, ?) RETURNING id",
             DB_TEXT(sha256_hex), DB_INT(n), DB_INT(school_id), DB_TEXT(path), DB_INT(at),
             DB_BLOB(jpeg, n), DB_TEXT(taken)) != 1)
        return -1;
    return id;
}

int store_truth_demo_hazards(struct store *s, int64_t school_id, int64_t *ids, int n)
{
    json_t *rows = ARR(s,
                       "SELECT h.id FROM hazards h WHERE h.org_id = ? AND h.state = 'closed' AND "
                       "h.deleted_at IS NULL AND EXISTS (SELECT 1 FROM hazard_events e WHERE "
                       "e.hazard_id = h.id AND e.action = 'assign') ORDER BY h.closed_at DESC LIMIT ?",
                       DB_INT(school_id), DB_INT(n));
    if (!rows)
        return -1;
    int k = (int)json_array_size(rows);
    for (int i = 0; i < k; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(rows, (size_t)i), "id"));
    json_decref(rows);
    return k;
}

int store_truth_demo_link(struct store *s, int64_t hazard_id, int64_t photo_id, const char *kind,
                          int64_t at)
{
    return EXEC(s,
                "INSERT INTO hazard_photos (hazard_id, photo_id, kind, created_at) VALUES "
                "(?, ?, ?, ?) ON CONFLICT DO NOTHING",
                DB_INT(hazard_id), DB_INT(photo_id), DB_TEXT(kind), DB_INT(at)) < 0
               ? -1
               : 0;
}

int store_truth_demo_hazard_assigned(struct store *s, int64_t hazard_id, int64_t *at)
{
    return INT1(s, at, "SELECT MIN(at) FROM hazard_events WHERE hazard_id = ? AND action = 'assign'",
                DB_INT(hazard_id)) == 1
               ? 0
               : -1;
}

int store_truth_demo_quick_fix(struct store *s, int64_t hazard_id, int64_t minutes)
{
    int64_t assigned = 0;
    if (store_truth_demo_hazard_assigned(s, hazard_id, &assigned))
        return -1;
    int64_t done = assigned + minutes * 60000;
    /* everything after the assignment happened within `minutes` */
    if (EXEC(s,
             "UPDATE hazard_events SET at = ? + (id % 5) * 1000 WHERE hazard_id = ? AND at > ? AND "
             "action IN ('start', 'submit')",
             DB_INT(done - 120000), DB_INT(hazard_id), DB_INT(assigned)) < 0 ||
        EXEC(s,
             "UPDATE hazard_events SET at = ? WHERE hazard_id = ? AND action IN ('verify', "
             "'close')",
             DB_INT(done), DB_INT(hazard_id)) < 0 ||
        EXEC(s, "UPDATE hazards SET closed_at = ? WHERE id = ?", DB_INT(done), DB_INT(hazard_id)) < 0)
        return -1;
    return 0;
}

int store_truth_demo_patrol(struct store *s, int64_t school_id, int64_t user_id, int64_t at,
                            int npoints, int64_t step_ms, int64_t upload_lag_ms, int64_t *first_id)
{
    char path[96];
    if (TEXT1(s, path, sizeof(path), "SELECT path FROM orgs WHERE id = ?", DB_INT(school_id)) != 1)
        return -1;
    json_t *pts = ARR(s,
                      "SELECT id FROM risk_points WHERE org_id = ? AND deleted_at IS NULL ORDER BY "
                      "id LIMIT ?",
                      DB_INT(school_id), DB_INT(npoints));
    if (!pts)
        return -1;
    int k = (int)json_array_size(pts);
    for (int i = 0; i < k; i++) {
        int64_t rp = json_integer_value(json_object_get(json_array_get(pts, (size_t)i), "id"));
        /* points without a place on the plan get one, spread over the campus */
        if (EXEC(s,
                 "UPDATE risk_points SET pos_x = ?, pos_y = ? WHERE id = ? AND (pos_x IS NULL OR "
                 "pos_y IS NULL)",
                 DB_DOUBLE(0.1 + 0.8 * (i % 4) / 3.0), DB_DOUBLE(0.15 + 0.7 * (i / 4 % 3) / 2.0),
                 DB_INT(rp)) < 0)
            goto fail;
        int64_t scan = at + i * step_ms, id = 0;
        if (INT1(s, &id,
                 "INSERT INTO patrol_records (org_id, org_path, risk_point_id, patroller_id, "
                 "scanned, scanned_at, checked_at, result, failed_count, created_at) VALUES "
                 "(?, ?, ?, ?, 1, ?, ?, 'pass', 0, ?) RETURNING id",
                 DB_INT(school_id), DB_TEXT(path), DB_INT(rp), DB_ID(user_id),
                 upload_lag_ms ? DB_INT(scan) : DB_NULL(), DB_INT(scan + upload_lag_ms),
                 DB_INT(scan + upload_lag_ms)) != 1)
            goto fail;
        if (i == 0 && first_id)
            *first_id = id;
    }
    json_decref(pts);
    return k;
fail:
    json_decref(pts);
    return -1;
}

int store_truth_demo_patrol_photo(struct store *s, int64_t record_id, int64_t photo_id)
{
    return EXEC(s, "INSERT INTO patrol_photos (record_id, photo_id) VALUES (?, ?)",
                DB_INT(record_id), DB_INT(photo_id)) < 0
               ? -1
               : 0;
}

int store_truth_demo_all_pass(struct store *s, int64_t school_id, int64_t since)
{
    if (EXEC(s,
             "UPDATE patrol_record_items SET result = 'pass' WHERE result = 'fail' AND record_id IN "
             "(SELECT id FROM patrol_records WHERE org_id = ? AND checked_at >= ?)",
             DB_INT(school_id), DB_INT(since)) < 0 ||
        EXEC(s,
             "UPDATE patrol_records SET result = 'pass', failed_count = 0 WHERE org_id = ? AND "
             "checked_at >= ?",
             DB_INT(school_id), DB_INT(since)) < 0)
        return -1;
    return 0;
}

int store_truth_demo_bulk_reports(struct store *s, int64_t school_id, int n, int64_t at)
{
    json_t *rows = ARR(s,
                       "SELECT id FROM report_submissions WHERE org_id = ? AND kind = 'weekly' "
                       "ORDER BY period DESC LIMIT ?",
                       DB_INT(school_id), DB_INT(n));
    if (!rows)
        return -1;
    int k = (int)json_array_size(rows);
    for (int i = 0; i < k; i++) {
        int64_t id = json_integer_value(json_object_get(json_array_get(rows, (size_t)i), "id"));
        int64_t t = at + (int64_t)(k - i) * 4 * 60000;
        if (EXEC(s,
                 "UPDATE report_submissions SET submitted_at = ?, late = CASE WHEN ? > deadline_at "
                 "THEN 1 ELSE 0 END WHERE id = ?",
                 DB_INT(t), DB_INT(t), DB_INT(id)) < 0) {
            json_decref(rows);
            return -1;
        }
    }
    json_decref(rows);
    return k;
}

int store_truth_demo_last_deadline(struct store *s, int64_t school_id, int64_t *at)
{
    return INT1(s, at,
                "SELECT MAX(deadline_at) FROM report_submissions WHERE org_id = ? AND kind = "
                "'weekly'",
                DB_INT(school_id)) == 1
               ? 0
               : -1;
}

int store_truth_demo_some_fail(struct store *s, int64_t except_school, int64_t since)
{
    /* one record in 23 with one failed item, as real patrols find things */
    if (EXEC(s,
             "UPDATE patrol_record_items SET result = 'fail' WHERE id IN (SELECT MIN(i.id) FROM "
             "patrol_record_items i JOIN patrol_records r ON r.id = i.record_id WHERE "
             "r.checked_at >= ? AND r.org_id <> ? AND r.id % 23 = 0 AND r.failed_count = 0 "
             "GROUP BY i.record_id)",
             DB_INT(since), DB_INT(except_school)) < 0 ||
        EXEC(s,
             "UPDATE patrol_records SET result = 'fail', failed_count = 1 WHERE checked_at >= ? "
             "AND org_id <> ? AND id % 23 = 0 AND failed_count = 0",
             DB_INT(since), DB_INT(except_school)) < 0)
        return -1;
    return 0;
}
