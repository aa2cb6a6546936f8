/*
 * truth.c - /api/v1/truth: signals of 走过场 and 弄虚作假 with their
 * evidence, never verdicts (issue 19).
 *
 * The bureau reads the ranked 需关注 list and reviews flags (已核实 / 误报);
 * the school reads the flags about itself and explains them; the root
 * bureau sets each rule's thresholds. Flags are computed for the whole tree
 * once a night by the minute sweep (truth_sweep: a province takes ~30 s of
 * CPU, which must not sit beside the day's requests) and for a subtree on
 * demand (POST /truth/compute).
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_truth.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "store/store_truth.h"

#define SWEEP_DAYS 35       /* what the nightly computation looks at */
#define PHOTOS_PER_SWEEP 200

int api_truth_flag_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_truth_flag_locate(s, id, path, len);
}

/* What a school may not learn from a flag about itself: the name of another
 * school whose photo its own is close to. */
static json_t *redact(struct req *r, json_t *flag)
{
    json_t *ev = json_object_get(flag, "evidence");
    json_t *school = json_object_get(json_object_get(ev, "earlier"), "school");
    const char *p = json_string_value(json_object_get(school, "path"));
    if (school) {
        bool hidden = p && !req_sees(r, p);
        if (hidden) {
            json_object_set_new(school, "name", json_string("其他学校"));
            json_object_del(school, "id");
            json_object_set_new(school, "hidden", json_true());
        }
        json_object_del(school, "path"); /* p is gone from here on */
    }
    return flag;
}

static json_t *redact_all(struct req *r, json_t *arr)
{
    size_t i;
    json_t *f;
    json_array_foreach(arr, i, f) redact(r, f);
    return arr;
}

static const char *const states[] = {"open", "confirmed", "false", NULL};

int api_truth_flag_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    int64_t school = 0;
    if (http_query_id(r, "school_id", &school)) return 0;
    const char *rule = http_query(r, "rule"), *state = http_query(r, "state");
    if (rule && *rule && truth_rule_find(rule) < 0)
        return http_error(r, 422, "invalid", "rule", "没有这条规则");
    if (state && *state) {
        bool ok = false;
        for (const char *const *s = states; *s; s++) ok |= strcmp(*s, state) == 0;
        if (!ok) return http_error(r, 422, "invalid", "state", "状态只能是 open、confirmed 或 false");
    }
    struct truth_filter f = {.under = r->org_id ? r->org_path : NULL, .school_id = school,
                             .rule = rule && *rule ? rule : NULL,
                             .state = state && *state ? state : NULL};
    json_t *out = store_truth_flag_list(r->store, &r->scope, &f, &pg);
    if (!out) return http_store_error(r);
    redact_all(r, json_object_get(out, "items"));
    return http_json(r, 200, out);
}

int api_truth_flag_get(struct req *r)
{
    json_t *f = store_truth_flag_get(r->store, r->id);
    if (!f) return http_store_error(r);
    return http_json(r, 200, redact(r, f));
}

int api_truth_watchlist(struct req *r)
{
    int64_t days = 0, limit = 0;
    if (http_query_id(r, "days", &days) || http_query_id(r, "limit", &limit)) return 0;
    if (days > 3660) return http_error(r, 422, "invalid", "days", "天数不能超过 3660");
    if (limit > 500) return http_error(r, 422, "invalid", "limit", "最多列出 500 所学校");
    int64_t since = r->now - (days ? days : 365) * XA_DAY_MS;
    json_t *out = store_truth_watchlist(r->store, &r->scope, r->org_id ? r->org_path : NULL, since,
                                        limit ? (int)limit : 50, 5);
    if (!out) return http_store_error(r);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(out, "items"), i, it)
        redact_all(r, json_object_get(it, "top_flags"));
    return http_json(r, 200, out);
}

/* The user is the principal or the safety officer of the flag's school. */
static bool school_leader(const struct req *r)
{
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        if (strcmp(b->path, r->obj_path) == 0 &&
            (strcmp(b->role, "principal") == 0 || strcmp(b->role, "safety_officer") == 0))
            return true;
    }
    return false;
}

const struct vfield truth_explain_spec[] = {
    {"explanation", V_STR, true, 1, 1000, NULL},
};

int api_truth_explain(struct req *r)
{
    if (VALIDATE(r, r->json, truth_explain_spec)) return 0;
    struct change c;
    if (api_begin(r, &c)) return 0;
    /* the school's own principal or safety officer explains (not a teacher,
     * not a bureau on the school's behalf) */
    if (!school_leader(r))
        return api_refuse(r, &c, 403, "forbidden", NULL, "只有学校校长或安全干部可以填写说明");
    json_t *after = NULL;
    if (store_truth_explain(&c, r->id, api_str(r->json, "explanation"), &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, redact(r, after));
}

static const char *const verdicts[] = {"confirmed", "false", NULL};
const struct vfield truth_review_spec[] = {
    {"verdict", V_STR, true, 0, 0, verdicts},
    {"note", V_STR, false, 0, 500, NULL},
};

int api_truth_review(struct req *r)
{
    if (VALIDATE(r, r->json, truth_review_spec)) return 0;
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_truth_review(&c, r->id, api_str(r->json, "verdict"), api_str(r->json, "note"),
                           &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, redact(r, after));
}

int api_truth_rules(struct req *r)
{
    json_t *out = store_truth_rules(r->store, &r->scope);
    if (!out) return http_store_error(r);
    return http_json(r, 200, json_pack("{s:o}", "items", out));
}

const struct vfield truth_rule_spec[] = {
    {"enabled", V_BOOL, false, 0, 0, NULL},
    {"params", V_OBJ, false, 0, 0, NULL},
};

int api_truth_rule_set(struct req *r)
{
    if (VALIDATE(r, r->json, truth_rule_spec)) return 0;
    json_t *en = json_object_get(r->json, "enabled");
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_truth_rule_set(&c, r->seg[0], en != NULL, json_is_true(en),
                             json_object_get(r->json, "params"), &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

const struct vfield truth_compute_spec[] = {
    {"org_id", V_INT, true, 0, 0, NULL},
    {"days", V_INT, false, 1, 3660, NULL},
};

int api_truth_compute(struct req *r)
{
    if (VALIDATE(r, r->json, truth_compute_spec)) return 0;
    int64_t days = api_int(r->json, "days");
    int64_t t0 = xa_now_ms();
    struct truth_batch b = {0};
    int found = 0;
    /* the computation only reads (outside a transaction, so writers are
     * not held up); what it found is saved in one short change */
    if (store_truth_compute(r->store, r->org_path, r->now - (days ? days : SWEEP_DAYS) * XA_DAY_MS,
                            r->now, &b, &found)) {
        truth_batch_release(&b);
        return http_store_error(r);
    }
    int hashed = (int)b.nh;
    struct change c;
    if (api_begin(r, &c)) {
        truth_batch_release(&b);
        return 0;
    }
    int rc = store_truth_save(&c, &b);
    truth_batch_release(&b);
    if (rc) return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:i,s:i,s:I}", "photos_hashed", hashed, "signals", found,
                                "took_ms", (json_int_t)(xa_now_ms() - t0)));
}

void truth_sweep(struct store *s, int64_t now)
{
    static int64_t last_compute;
    struct change c;
    struct truth_batch b = {0};
    int hashed = 0, found = 0;
    if (store_change_begin(&c, s, 0, "", now))
        goto fail;
    if (store_truth_hash_photos(&c, PHOTOS_PER_SWEEP, &hashed)) {
        store_change_abort(&c);
        goto fail;
    }
    if (store_change_commit(&c))
        goto fail;
    /* the whole tree once a night, 02:00-05:00 Beijing time (UTC+8) */
    int hour = (int)((now / 3600000 + 8) % 24);
    if (hour >= 2 && hour < 5 && now - last_compute >= 20 * 3600 * 1000LL) {
        if (store_truth_compute(s, "/", now - SWEEP_DAYS * XA_DAY_MS, now, &b, &found))
            goto fail;
        if (store_change_begin(&c, s, 0, "", now))
            goto fail;
        if (store_truth_save(&c, &b)) {
            store_change_abort(&c);
            goto fail;
        }
        if (store_change_commit(&c))
            goto fail;
        last_compute = now;
    }
    truth_batch_release(&b);
    metrics_job_run("truth_sweep", true);
    if (hashed || found)
        log_info("truth sweep: %d photos hashed, %d signals", hashed, found);
    return;
fail:
    truth_batch_release(&b);
    metrics_job_run("truth_sweep", false);
    log_warn("truth sweep: %s", store_errmsg(s));
}
