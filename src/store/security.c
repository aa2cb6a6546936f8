/*
 * security.c - lookups the access rules need beyond an object's org path:
 * whether a photo or an audit row belongs to a covert inspection that is not
 * published yet (hidden from the inspected school until then).
 */
#include "core/compat.h"
#include "store/store_int.h"

/* 1 when id is in the array a (a column "x_json" arrives parsed as "x"). */
static bool json_ids_hold(json_t *a, int64_t id)
{
    bool found = false;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) found = found || json_integer_value(v) == id;
    return found;
}

int store_photo_covert(struct store *s, int64_t photo_id, char *insp_path, size_t len)
{
    json_t *rows = ARR(s,
                       "SELECT f.photo_json AS photo_ids_json, i.org_path FROM inspection_findings f "
                       "JOIN inspections i ON i.id = f.inspection_id "
                       "WHERE f.org_path = (SELECT org_path FROM photos WHERE id = ?) "
                       "AND i.kind = 'covert' AND i.state = 'draft' AND i.deleted_at IS NULL "
                       "AND f.deleted_at IS NULL",
                       DB_INT(photo_id));
    if (!rows)
        return -1;
    int rc = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (!rc && json_ids_hold(json_object_get(r, "photo_ids"), photo_id)) {
            snprintf(insp_path, len, "%s", json_string_value(json_object_get(r, "org_path")));
            rc = 1;
        }
    }
    json_decref(rows);
    return rc;
}

int store_audit_covert(struct store *s, const char *entity, int64_t entity_id, char *insp_path,
                       size_t len)
{
    const char *sql;
    if (strcmp(entity, "inspection") == 0)
        sql = "SELECT i.org_path FROM inspections i WHERE i.id = ? AND i.kind = 'covert' "
              "AND i.state = 'draft'";
    else if (strcmp(entity, "inspection_finding") == 0)
        sql = "SELECT i.org_path FROM inspection_findings f JOIN inspections i "
              "ON i.id = f.inspection_id WHERE f.id = ? AND i.kind = 'covert' "
              "AND i.state = 'draft'";
    else
        return 0;
    return TEXT1(s, insp_path, len, sql, DB_INT(entity_id));
}

/* ---- a staff photo's capture time and position ---- */

int store_photo_set_capture(struct store *s, int64_t id, const char *taken, bool has_gps,
                            double lat, double lon)
{
    return EXEC(s, "UPDATE photos SET taken_at = ?, gps_lat = ?, gps_lon = ? WHERE id = ?",
                DB_TEXT(taken), has_gps ? DB_DOUBLE(lat) : DB_NULL(),
                has_gps ? DB_DOUBLE(lon) : DB_NULL(), DB_INT(id)) < 0
               ? -1
               : 0;
}

json_t *store_photo_capture(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT taken_at AS taken, gps_lat, gps_lon FROM photos WHERE id = ?", DB_INT(id));
}
