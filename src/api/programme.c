/*
 * programme.c - helpers shared by the programme handlers (education.c,
 * drills.c, duty.c, incidents.c).
 */
#include "core/compat.h"
#include "api/api_programme.h"
#include "domain/programme.h"

int api_prog_date(struct req *r, const char *value, const char *field, int64_t *day,
                  bool *present)
{
    if (present)
        *present = value && *value;
    if (!value || !*value)
        return 0;
    if (prog_date_parse(value, day))
        return http_error(r, 422, "invalid", field, "%s 应为有效日期（YYYY-MM-DD）", field), -1;
    return 0;
}

int api_prog_ids(struct req *r, json_t *arr, const char *name, int64_t **out, size_t *n)
{
    *n = json_array_size(arr);
    *out = arena_alloc(r->arena, sizeof(int64_t) * (*n ? *n : 1));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            char field[48];
            snprintf(field, sizeof(field), "%s[%zu]", name, i);
            return http_error(r, 400, "wrong_type", field, "%s 应为正整数 id", field), -1;
        }
        (*out)[i] = json_integer_value(v);
    }
    return 0;
}

int api_prog_school(struct req *r, const char *field, const char *what)
{
    char path[96], kind[16];
    int rc = store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind));
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0 || strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", field, "%s属于学校，请选择一所学校", what), -1;
    return 0;
}

json_t *api_prog_regions(struct req *r, json_t *schools, const char *key)
{
    if (!r->org_id)
        return NULL;
    struct page pg = {1, 200};
    json_t *kids = store_org_children(r->store, r->org_id, &pg);
    if (!kids)
        return NULL;
    json_t *out = json_array();
    size_t i, j;
    json_t *k, *sch;
    json_array_foreach(json_object_get(kids, "items"), i, k)
    {
        const char *kp = json_string_value(json_object_get(k, "path"));
        if (!kp || strcmp(json_string_value(json_object_get(k, "kind")), "school") == 0)
            continue;
        size_t kl = strlen(kp);
        int64_t n = 0, ok = 0;
        json_array_foreach(schools, j, sch)
        {
            const char *sp = json_string_value(json_object_get(sch, "path"));
            if (sp && strncmp(sp, kp, kl) == 0) {
                n++;
                if (json_is_true(json_object_get(sch, key)))
                    ok++;
            }
        }
        json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:I, s:I, s:f}", "org_id",
                                             json_object_get(k, "id"), "name",
                                             json_object_get(k, "name"), "kind",
                                             json_object_get(k, "kind"), "schools", (json_int_t)n,
                                             "compliant", (json_int_t)ok, "rate",
                                             n ? (double)ok / (double)n : 0.0));
    }
    json_decref(kids);
    return out;
}
