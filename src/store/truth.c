/*
 * truth.c - truthful records (store_truth.h): computing the signals from
 * the records, and the flags' explanations, reviews and rule settings.
 *
 * A flag is derived data: the computation writes it without audit rows
 * (it can be run again and gives the same rows); what people do with a
 * flag (explain, review) and the rule settings are audited.
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "store/store_int.h"
#include "store/store_truth.h"

#define HOUR_MS (3600LL * 1000)

/* A text column, "" for NULL. */
static const char *col_str(struct store *s, struct db_stmt *st, int col)
{
    const char *t = s->drv->col_text(st, col);
    return t ? t : "";
}

static json_t *iso(int64_t ms)
{
    char b[40];
    xa_time_format(ms, b, sizeof(b));
    return json_string(b);
}

int store_truth_settings(struct store *s, struct truth_settings out[TR__COUNT])
{
    for (int i = 0; i < TR__COUNT; i++)
        truth_settings_default(i, &out[i]);
    json_t *rows = ARR(s, "SELECT rule, enabled AS \"enabled?\", params_json FROM truth_rules "
                          "WHERE rule <> ?", DB_TEXT(""));
    if (!rows)
        return -1;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        int r = truth_rule_find(json_string_value(json_object_get(row, "rule")));
        if (r < 0)
            continue;
        out[r].enabled = json_is_true(json_object_get(row, "enabled"));
        json_t *p = json_object_get(row, "params");
        const char *k;
        json_t *v;
        json_object_foreach(p, k, v) {
            int pi = truth_param_find(r, k);
            if (pi >= 0 && json_is_number(v))
                out[r].v[pi] = json_number_value(v);
        }
    }
    json_decref(rows);
    return 0;
}

/* ---- photos ---- */

/* Hashes up to limit photos not hashed yet into *out (ascending ids, n set). */
static int hash_pending(struct store *s, int limit, struct truth_hash **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct truth_hash *hs = calloc((size_t)(limit > 0 ? limit : 1), sizeof(*hs));
    if (!hs)
        abort();
    struct db_stmt *st = Q(s, "SELECT id, mime, data FROM photos WHERE phash_done = 0 ORDER BY id "
                              "LIMIT ?", DB_INT(limit));
    if (!st) {
        free(hs);
        return -1;
    }
    int k = 0, rc = 0;
    while (k < limit && (rc = s->drv->step(st)) == 1) {
        size_t len = 0;
        const void *data = s->drv->col_blob(st, 2, &len);
        const char *mime = s->drv->col_text(st, 1);
        hs[k].id = s->drv->col_int(st, 0);
        hs[k].ok = truth_dhash_image(mime, data, len, &hs[k].h);
        k++;
    }
    s->drv->finish(st);
    if (rc < 0) {
        free(hs);
        return -1;
    }
    *out = hs;
    *n = (size_t)k;
    return 0;
}

static int save_hashes(struct store *s, const struct truth_hash *hs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (EXEC(s, "UPDATE photos SET phash = ?, phash_done = 1 WHERE id = ? AND phash_done = 0",
                 hs[i].ok ? DB_INT((int64_t)hs[i].h) : DB_NULL(), DB_INT(hs[i].id)) < 0)
            return -1;
    return 0;
}

int store_truth_hash_photos(struct change *c, int limit, int *hashed)
{
    struct truth_hash *hs;
    size_t n;
    *hashed = 0;
    if (hash_pending(c->s, limit, &hs, &n))
        return -1;
    int rc = save_hashes(c->s, hs, n);
    free(hs);
    if (!rc)
        *hashed = (int)n;
    return rc;
}

static const struct truth_hash *hash_find(const struct truth_batch *b, int64_t id)
{
    size_t lo = 0, hi = b->nh;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->hashes[mid].id == id)
            return &b->hashes[mid];
        if (b->hashes[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- flags ---- */

/* A computation: reads only; the signals found wait in b. */
struct tctx {
    struct store *s;
    int64_t at;
    struct truth_batch *b;
};

static int flag_put(struct tctx *c, int rule, const char *fkey, int64_t org_id,
                    const char *org_path, const char *entity, int64_t entity_id,
                    int64_t happened_at, json_t *evidence, int *found)
{
    char *ev = json_dumps(evidence, JSON_COMPACT);
    json_decref(evidence);
    if (!ev)
        abort();
    struct truth_batch *b = c->b;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->v = realloc(b->v, b->cap * sizeof(*b->v));
        if (!b->v)
            abort();
    }
    struct truth_signal *g = &b->v[b->n++];
    *g = (struct truth_signal){.rule = rule, .org_id = org_id, .entity = entity,
                               .entity_id = entity_id, .happened_at = happened_at,
                               .evidence = ev};
    snprintf(g->fkey, sizeof(g->fkey), "%s", fkey);
    snprintf(g->org_path, sizeof(g->org_path), "%s", org_path ? org_path : "");
    (*found)++;
    return 0;
}

void truth_batch_release(struct truth_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].evidence);
    free(b->v);
    free(b->hashes);
    *b = (struct truth_batch){0};
}

int store_truth_save(struct change *c, const struct truth_batch *b)
{
    if (save_hashes(c->s, b->hashes, b->nh))
        return -1;
    for (size_t i = 0; i < b->n; i++) {
        const struct truth_signal *g = &b->v[i];
        if (EXEC(c->s,
                 "INSERT INTO truth_flags (rule, fkey, org_id, org_path, entity, entity_id, "
                 "weight, evidence_json, happened_at, created_at, updated_at) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule, fkey) DO UPDATE SET "
                 "evidence_json = excluded.evidence_json, weight = excluded.weight, "
                 "updated_at = excluded.updated_at",
                 DB_TEXT(truth_rules[g->rule].code), DB_TEXT(g->fkey), DB_INT(g->org_id),
                 DB_TEXT(g->org_path), DB_TEXT(g->entity), DB_INT(g->entity_id),
                 DB_INT(truth_rules[g->rule].weight), DB_TEXT(g->evidence),
                 DB_INT(g->happened_at), DB_INT(c->at), DB_INT(c->at)) < 0)
            return -1;
    }
    return 0;
}

static json_t *org_brief(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s, "SELECT id, name, path FROM orgs WHERE id = ?", DB_INT(id));
    return o ? o : json_object();
}

/* ---- rule: near-duplicate photos ---- */

struct use {
    int64_t photo_id, owner, link, org_id, at;
    uint64_t h;
    char kind; /* 'b' hazard before, 'a' hazard after, 'p' patrol */
    bool in_path;
};

static int cmp_use(const void *a, const void *b)
{
    const struct use *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->photo_id > y->photo_id) - (x->photo_id < y->photo_id);
}

static const char *use_entity(char k)
{
    return k == 'p' ? "patrol_record" : "hazard";
}

/* Why a later use j of a photo close to an earlier use i is a signal, or
 * NULL when it is the normal course (the same hazard's two befores, a
 * hazard's before taken from the patrol that found it). */
static const char *reuse_kind(const struct use *i, const struct use *j)
{
    if (i->org_id != j->org_id)
        return "other_school";
    if (i->kind == 'p' && j->kind == 'p')
        return i->owner != j->owner ? "other_patrol" : NULL;
    if (i->kind == 'p' || j->kind == 'p') {
        const struct use *hz = i->kind == 'p' ? j : i, *pt = i->kind == 'p' ? i : j;
        if (hz->link == pt->owner)
            return NULL;
        return "other_patrol";
    }
    if (i->owner != j->owner)
        return "other_hazard";
    if (i->kind == 'b' && j->kind == 'a')
        return "before_as_after";
    return NULL;
}

static int rule_photos(struct tctx *c, const struct truth_settings *st, const char *path,
                       int64_t since, int *found)
{
    struct store *s = c->s;
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    struct db_stmt *q = Q(s,
                          "SELECT hp.photo_id, p.phash, h.org_id, h.org_path, hp.hazard_id, "
                          "hp.kind, COALESCE(h.patrol_record_id, 0), hp.created_at "
                          "FROM hazard_photos hp JOIN photos p ON p.id = hp.photo_id "
                          "JOIN hazards h ON h.id = hp.hazard_id "
                          "WHERE (p.phash IS NOT NULL OR p.phash_done = 0) AND h.deleted_at IS NULL "
                          "UNION ALL "
                          "SELECT pp.photo_id, p.phash, r.org_id, r.org_path, pp.record_id, "
                          "'patrol', 0, r.checked_at FROM patrol_photos pp "
                          "JOIN photos p ON p.id = pp.photo_id "
                          "JOIN patrol_records r ON r.id = pp.record_id "
                          "WHERE p.phash IS NOT NULL OR p.phash_done = 0");
    if (!q)
        return -1;
    size_t n = 0, cap = 256;
    struct use *u = malloc(cap * sizeof(*u));
    if (!u)
        abort();
    int rc;
    while ((rc = s->drv->step(q)) == 1) {
        if (n == cap) {
            cap *= 2;
            u = realloc(u, cap * sizeof(*u));
            if (!u)
                abort();
        }
        const char *op = col_str(s, q, 3), *kind = col_str(s, q, 5);
        uint64_t ph = (uint64_t)s->drv->col_int(q, 1);
        if (s->drv->col_null(q, 1)) {
            /* not hashed before this computation: its hash, if it has one */
            const struct truth_hash *th = hash_find(c->b, s->drv->col_int(q, 0));
            if (!th || !th->ok)
                continue;
            ph = th->h;
        }
        u[n] = (struct use){
            .photo_id = s->drv->col_int(q, 0),
            .h = ph,
            .org_id = s->drv->col_int(q, 2),
            .owner = s->drv->col_int(q, 4),
            .kind = kind && kind[0] == 'b' ? 'b' : kind && kind[0] == 'a' ? 'a' : 'p',
            .link = s->drv->col_int(q, 6),
            .at = s->drv->col_int(q, 7),
            .in_path = op && strcmp(op, lo) >= 0 && strcmp(op, hi) < 0,
        };
        n++;
    }
    s->drv->finish(q);
    if (rc < 0) {
        free(u);
        return -1;
    }
    qsort(u, n, sizeof(*u), cmp_use);
    int max = (int)st->v[0];
    rc = 0;
    for (size_t j = 0; j < n && rc == 0; j++) {
        if (!u[j].in_path || u[j].at < since)
            continue;
        size_t best = n;
        int bestd = 65;
        const char *why = NULL;
        for (size_t i = 0; i < j; i++) {
            int d = truth_hamming(u[i].h, u[j].h);
            if (d > max || d >= bestd)
                continue;
            const char *k = reuse_kind(&u[i], &u[j]);
            if (!k)
                continue;
            best = i, bestd = d, why = k;
            if (d == 0)
                break;
        }
        if (best == n)
            continue;
        const struct use *e = &u[best];
        json_t *earlier = json_pack("{s:I,s:s,s:I,s:s,s:o,s:o}", "photo_id", (json_int_t)e->photo_id,
                                    "entity", use_entity(e->kind), "entity_id", (json_int_t)e->owner,
                                    "use", e->kind == 'b' ? "before" : e->kind == 'a' ? "after" : "patrol",
                                    "at", iso(e->at), "school", org_brief(s, e->org_id));
        json_t *ev = json_pack("{s:I,s:s,s:I,s:s,s:i,s:b,s:s,s:o}", "photo_id",
                               (json_int_t)u[j].photo_id, "entity", use_entity(u[j].kind),
                               "entity_id", (json_int_t)u[j].owner, "use",
                               u[j].kind == 'b' ? "before" : u[j].kind == 'a' ? "after" : "patrol",
                               "distance", bestd, "same_photo", e->photo_id == u[j].photo_id,
                               "kind", why, "earlier", earlier);
        char key[96];
        snprintf(key, sizeof(key), "%c%lld:%lld", u[j].kind, (long long)u[j].owner,
                 (long long)u[j].photo_id);
        char opath[96] = "";
        if (TEXT1(s, opath, sizeof(opath), "SELECT path FROM orgs WHERE id = ?",
                  DB_INT(u[j].org_id)) != 1) {
            json_decref(ev);
            rc = -1;
            break;
        }
        rc = flag_put(c, TR_PHOTO_NEAR_DUP, key, u[j].org_id, opath, use_entity(u[j].kind),
                      u[j].owner, u[j].at, ev, found);
    }
    free(u);
    return rc;
}

/* ---- rules: patrols ---- */

struct ci {
    int64_t id, org_id, user_id, at, scanned;
    bool has_pos;
    double x, y;
    char org_path[96], point[64], user[48];
};

static int patrol_flush(struct tctx *c, const struct truth_settings *st, struct ci *g, size_t n,
                        int *found)
{
    if (!n)
        return 0;
    struct truth_checkin *tc = calloc(n, sizeof(*tc));
    if (!tc)
        abort();
    for (size_t i = 0; i < n; i++)
        tc[i] = (struct truth_checkin){.at = g[i].at, .scanned_at = g[i].scanned,
                                       .has_pos = g[i].has_pos, .x = g[i].x, .y = g[i].y};
    struct truth_patrol_eval ev;
    truth_patrol_eval(tc, n, &st[TR_PATROL_TOO_FAST], &st[TR_PATROL_OFF_HOURS],
                      &st[TR_PATROL_LATE_SUBMIT], &ev);
    free(tc);
    char key[64];
    snprintf(key, sizeof(key), "r%lld", (long long)g[0].id);
    int rc = 0;
    json_t *ids = json_array();
    for (size_t i = 0; i < n && i < 60; i++)
        json_array_append_new(ids, json_integer(g[i].id));
    json_t *base = json_pack("{s:I,s:s,s:o,s:o,s:i,s:o}", "patroller_id", (json_int_t)g[0].user_id,
                             "patroller", g[0].user, "first_at", iso(g[0].at), "last_at",
                             iso(g[n - 1].at), "points", (int)n, "record_ids", ids);
    if (st[TR_PATROL_TOO_FAST].enabled && ev.fast_steps >= (int)st[TR_PATROL_TOO_FAST].v[3]) {
        json_t *e = json_deep_copy(base);
        const struct ci *a = &g[ev.worst_step - 1], *b = &g[ev.worst_step];
        json_object_set_new(e, "steps", json_integer(ev.steps));
        json_object_set_new(e, "fast_steps", json_integer(ev.fast_steps));
        json_object_set_new(e, "span_s", json_integer((g[n - 1].at - g[0].at) / 1000));
        json_object_set_new(e, "worst", json_pack("{s:s,s:s,s:I,s:I}", "from", a->point, "to", b->point,
                                                  "gap_s", (json_int_t)(ev.worst_gap_ms / 1000),
                                                  "need_s", (json_int_t)(ev.worst_need_ms / 1000)));
        json_object_set_new(e, "rule", json_pack("{s:f,s:f,s:f}", "min_point_s",
                                                 st[TR_PATROL_TOO_FAST].v[0], "walk_mps",
                                                 st[TR_PATROL_TOO_FAST].v[1], "campus_m",
                                                 st[TR_PATROL_TOO_FAST].v[2]));
        rc = flag_put(c, TR_PATROL_TOO_FAST, key, g[0].org_id, g[0].org_path, "patrol_record",
                      g[0].id, g[0].at, e, found);
    }
    if (!rc && st[TR_PATROL_OFF_HOURS].enabled && ev.off_hours >= (int)st[TR_PATROL_OFF_HOURS].v[2]) {
        json_t *e = json_deep_copy(base);
        json_object_set_new(e, "off_hours", json_integer(ev.off_hours));
        json_object_set_new(e, "day_start_h", json_real(st[TR_PATROL_OFF_HOURS].v[0]));
        json_object_set_new(e, "day_end_h", json_real(st[TR_PATROL_OFF_HOURS].v[1]));
        rc = flag_put(c, TR_PATROL_OFF_HOURS, key, g[0].org_id, g[0].org_path, "patrol_record",
                      g[0].id, g[0].at, e, found);
    }
    if (!rc && st[TR_PATROL_LATE_SUBMIT].enabled && ev.late_submits > 0) {
        json_t *e = json_deep_copy(base);
        json_object_set_new(e, "late_submits", json_integer(ev.late_submits));
        json_object_set_new(e, "worst_late_h", json_real((double)ev.worst_late_ms / HOUR_MS));
        json_object_set_new(e, "max_hours", json_real(st[TR_PATROL_LATE_SUBMIT].v[0]));
        rc = flag_put(c, TR_PATROL_LATE_SUBMIT, key, g[0].org_id, g[0].org_path, "patrol_record",
                      g[0].id, g[0].at, e, found);
    }
    json_decref(base);
    return rc;
}

static int rule_patrols(struct tctx *c, const struct truth_settings *st, const char *path,
                        int64_t since, int *found)
{
    if (!st[TR_PATROL_TOO_FAST].enabled && !st[TR_PATROL_OFF_HOURS].enabled &&
        !st[TR_PATROL_LATE_SUBMIT].enabled)
        return 0;
    struct store *s = c->s;
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    struct db_stmt *q = Q(s,
                          "SELECT r.id, r.org_id, r.org_path, COALESCE(r.patroller_id, 0), "
                          "r.checked_at, COALESCE(r.scanned_at, 0), rp.pos_x, rp.pos_y, rp.name, "
                          "COALESCE(u.name, '') FROM patrol_records r "
                          "JOIN risk_points rp ON rp.id = r.risk_point_id "
                          "LEFT JOIN users u ON u.id = r.patroller_id "
                          "WHERE r.checked_at >= ? AND r.checked_at <= ? AND r.org_path >= ? AND "
                          "r.org_path < ? ORDER BY r.org_id, r.patroller_id, r.checked_at, r.id",
                          DB_INT(since), DB_INT(c->at), DB_TEXT(lo), DB_TEXT(hi));
    if (!q)
        return -1;
    size_t n = 0, cap = 64;
    struct ci *g = malloc(cap * sizeof(*g));
    if (!g)
        abort();
    int rc = 0, step;
    while ((step = s->drv->step(q)) == 1) {
        struct ci x = {.id = s->drv->col_int(q, 0), .org_id = s->drv->col_int(q, 1),
                       .user_id = s->drv->col_int(q, 3), .at = s->drv->col_int(q, 4),
                       .scanned = s->drv->col_int(q, 5),
                       .has_pos = !s->drv->col_null(q, 6) && !s->drv->col_null(q, 7),
                       .x = s->drv->col_double(q, 6), .y = s->drv->col_double(q, 7)};
        snprintf(x.org_path, sizeof(x.org_path), "%s", col_str(s, q, 2));
        snprintf(x.point, sizeof(x.point), "%s", col_str(s, q, 8));
        snprintf(x.user, sizeof(x.user), "%s", col_str(s, q, 9));
        /* one patrol: one patroller, one local day, no pause over 2 hours */
        if (n && (g[n - 1].org_id != x.org_id || g[n - 1].user_id != x.user_id ||
                  (g[n - 1].at + 8 * HOUR_MS) / XA_DAY_MS != (x.at + 8 * HOUR_MS) / XA_DAY_MS ||
                  x.at - g[n - 1].at > 2 * HOUR_MS)) {
            /* flushing writes: keep the rows read so far apart from the
             * statement (SQLite allows a write while a read is open) */
            if ((rc = patrol_flush(c, st, g, n, found)))
                break;
            n = 0;
        }
        if (n == cap) {
            cap *= 2;
            g = realloc(g, cap * sizeof(*g));
            if (!g)
                abort();
        }
        g[n++] = x;
    }
    s->drv->finish(q);
    if (!rc && step >= 0)
        rc = patrol_flush(c, st, g, n, found);
    free(g);
    return step < 0 ? -1 : rc;
}

/* ---- rules: rectifications ---- */

static int rule_rectify(struct tctx *c, const struct truth_settings *st, const char *path,
                        int64_t since, int *found)
{
    struct store *s = c->s;
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    int rc = 0;
    if (st[TR_RECTIFY_TOO_FAST].enabled) {
        json_t *rows = ARR(s,
                           /* the verifications in the window (the events' time index),
                            * then each hazard's first assignment */
                           "SELECT h.id, h.org_id, h.org_path, h.title, h.category, h.grade, "
                           "v.at AS verified_at, v.actor_id AS verifier_id, "
                           "(SELECT MIN(e.at) FROM hazard_events e WHERE e.hazard_id = h.id AND "
                           "e.action = 'assign') AS assigned_at, "
                           "(SELECT MAX(e.actor_id) FROM hazard_events e WHERE e.hazard_id = h.id "
                           "AND e.action = 'submit') AS rectifier_id "
                           "FROM hazard_events v JOIN hazards h ON h.id = v.hazard_id "
                           "WHERE v.at >= ? AND v.org_path >= ? AND v.org_path < ? AND "
                           "v.action = 'verify' AND h.state IN ('verified', 'closed') AND "
                           "h.deleted_at IS NULL",
                           DB_INT(since), DB_TEXT(lo), DB_TEXT(hi));
        if (!rows)
            return -1;
        size_t i;
        json_t *h;
        json_array_foreach(rows, i, h) {
            json_t *as = json_object_get(h, "assigned_at");
            if (!json_is_integer(as))
                continue; /* 立行立改 and the like: never assigned */
            json_t *ver = json_object_get(h, "verified_at");
            if (!json_is_integer(ver) || json_integer_value(ver) < since)
                continue;
            int64_t assigned = json_integer_value(as);
            int64_t closed = json_integer_value(ver);
            const char *grade = json_string_value(json_object_get(h, "grade"));
            int64_t floor = truth_rectify_floor_ms(&st[TR_RECTIFY_TOO_FAST], grade);
            if (closed - assigned >= floor)
                continue;
            int64_t rid = json_integer_value(json_object_get(h, "rectifier_id"));
            int64_t vid = json_integer_value(json_object_get(h, "verifier_id"));
            json_t *ev = json_pack("{s:O,s:O,s:O,s:o,s:o,s:I,s:I,s:b}", "title",
                                   json_object_get(h, "title"), "category",
                                   json_object_get(h, "category"), "grade",
                                   json_object_get(h, "grade"), "assigned_at", iso(assigned),
                                   "verified_at", iso(closed), "took_min",
                                   (json_int_t)((closed - assigned) / 60000), "floor_min",
                                   (json_int_t)(floor / 60000), "same_person",
                                   rid && rid == vid);
            int64_t id = json_integer_value(json_object_get(h, "id"));
            char key[32];
            snprintf(key, sizeof(key), "h%lld", (long long)id);
            if ((rc = flag_put(c, TR_RECTIFY_TOO_FAST, key,
                               json_integer_value(json_object_get(h, "org_id")),
                               json_string_value(json_object_get(h, "org_path")), "hazard", id,
                               closed, ev, found)))
                break;
        }
        json_decref(rows);
        if (rc)
            return rc;
    }
    if (st[TR_AFTER_BEFORE_ASSIGN].enabled) {
        json_t *rows = ARR(s,
                           "SELECT hp.hazard_id, hp.photo_id, p.taken_at, h.org_id, h.org_path, "
                           "h.title, hp.created_at, "
                           "(SELECT MIN(e.at) FROM hazard_events e WHERE e.hazard_id = h.id AND "
                           "e.action = 'assign') AS assigned_at "
                           "FROM hazard_photos hp JOIN photos p ON p.id = hp.photo_id "
                           "JOIN hazards h ON h.id = hp.hazard_id "
                           "WHERE hp.kind = 'after' AND hp.created_at >= ? AND p.taken_at IS NOT "
                           "NULL AND h.org_path >= ? AND h.org_path < ? AND h.deleted_at IS NULL",
                           DB_INT(since), DB_TEXT(lo), DB_TEXT(hi));
        if (!rows)
            return -1;
        int64_t slack = (int64_t)(st[TR_AFTER_BEFORE_ASSIGN].v[0] * 60000);
        size_t i;
        json_t *h;
        json_array_foreach(rows, i, h) {
            json_t *as = json_object_get(h, "assigned_at");
            const char *taken = json_string_value(json_object_get(h, "taken_at"));
            if (!json_is_integer(as) || !truth_taken_before(taken, json_integer_value(as), slack))
                continue;
            int64_t hid = json_integer_value(json_object_get(h, "hazard_id"));
            int64_t pid = json_integer_value(json_object_get(h, "photo_id"));
            int64_t taken_ms = 0;
            truth_camera_time(taken, &taken_ms);
            json_t *ev = json_pack("{s:O,s:I,s:o,s:o,s:o}", "title", json_object_get(h, "title"),
                                   "photo_id", (json_int_t)pid, "taken", iso(taken_ms), "assigned_at",
                                   iso(json_integer_value(as)), "uploaded_at",
                                   iso(json_integer_value(json_object_get(h, "created_at"))));
            char key[64];
            snprintf(key, sizeof(key), "h%lld:%lld", (long long)hid, (long long)pid);
            if ((rc = flag_put(c, TR_AFTER_BEFORE_ASSIGN, key,
                               json_integer_value(json_object_get(h, "org_id")),
                               json_string_value(json_object_get(h, "org_path")), "hazard", hid,
                               json_integer_value(json_object_get(h, "created_at")), ev, found)))
                break;
        }
        json_decref(rows);
        if (rc)
            return rc;
    }
    if (st[TR_AFTER_SHARED].enabled) {
        /* the same bytes as the after-photo of several hazards (any school):
         * each use after the first is flagged, naming the first */
        json_t *rows = ARR(s,
                           "SELECT p.sha256, hp.hazard_id, hp.photo_id, h.org_id, h.org_path, "
                           "h.title, hp.created_at FROM hazard_photos hp "
                           "JOIN photos p ON p.id = hp.photo_id JOIN hazards h ON h.id = "
                           "hp.hazard_id WHERE hp.kind = 'after' AND h.deleted_at IS NULL AND "
                           "p.sha256 IN (SELECT p2.sha256 FROM hazard_photos hp2 JOIN photos p2 "
                           "ON p2.id = hp2.photo_id WHERE hp2.kind = ? GROUP BY p2.sha256 "
                           "HAVING COUNT(DISTINCT hp2.hazard_id) > 1) "
                           "ORDER BY p.sha256, hp.created_at, hp.hazard_id",
                           DB_TEXT("after"));
        if (!rows)
            return -1;
        size_t i;
        json_t *h, *first = NULL;
        json_array_foreach(rows, i, h) {
            const char *sha = json_string_value(json_object_get(h, "sha256"));
            if (!first || strcmp(sha, json_string_value(json_object_get(first, "sha256")))) {
                first = h;
                continue;
            }
            const char *op = json_string_value(json_object_get(h, "org_path"));
            int64_t at = json_integer_value(json_object_get(h, "created_at"));
            if (strcmp(op, lo) < 0 || strcmp(op, hi) >= 0 || at < since)
                continue;
            int64_t hid = json_integer_value(json_object_get(h, "hazard_id"));
            int64_t fh = json_integer_value(json_object_get(first, "hazard_id"));
            if (fh == hid)
                continue;
            json_t *ev = json_pack(
                "{s:O,s:O,s:{s:I,s:O,s:O,s:o,s:o}}", "title", json_object_get(h, "title"),
                "photo_id", json_object_get(h, "photo_id"), "earlier", "hazard_id", (json_int_t)fh,
                "title", json_object_get(first, "title"), "photo_id",
                json_object_get(first, "photo_id"), "at",
                iso(json_integer_value(json_object_get(first, "created_at"))), "school",
                org_brief(s, json_integer_value(json_object_get(first, "org_id"))));
            char key[64];
            snprintf(key, sizeof(key), "h%lld:%.16s", (long long)hid, sha);
            if ((rc = flag_put(c, TR_AFTER_SHARED, key,
                               json_integer_value(json_object_get(h, "org_id")), op, "hazard", hid,
                               at, ev, found)))
                break;
        }
        json_decref(rows);
    }
    return rc;
}

/* ---- rules: patterns per school ---- */

struct school {
    int64_t id, students, hazards;
    char path[96], type[32], name[128];
    /* patrols per month (oldest first) and months with a failed item */
    int recs[12], failed[12];
    int64_t month_start[12];
};

static int cmp_school_path(const void *a, const void *b)
{
    return strcmp((*(struct school *const *)a)->path, (*(struct school *const *)b)->path);
}

/* The school whose path is p (v sorted by path), or NULL. */
static struct school *by_path(struct school **v, size_t n, const char *p)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(v[mid]->path, p);
        if (!c)
            return v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A school in its peer group: type, then size band. */
struct peer {
    const struct school *s;
    size_t i;
    int band;
};
static int cmp_peer(const void *a, const void *b)
{
    const struct peer *x = a, *y = b;
    int c = strcmp(x->s->type, y->s->type);
    return c ? c : x->band - y->band;
}

static int month_index(int64_t at, struct school *sc0)
{
    for (int m = 11; m >= 0; m--)
        if (at >= sc0->month_start[m])
            return m;
    return -1;
}

static int rule_schools(struct tctx *c, const struct truth_settings *st, const char *path,
                        int64_t since, int *found)
{
    struct store *s = c->s;
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    int rc = 0;
    int64_t year_ago = c->at - 365 * XA_DAY_MS;
    /* every school (peers may be outside path) */
    struct db_stmt *q = Q(s, "SELECT id, path, COALESCE(school_type, ''), students, name FROM orgs "
                             "WHERE kind = 'school' AND deleted_at IS NULL ORDER BY id");
    if (!q)
        return -1;
    size_t n = 0, cap = 64;
    struct school *sc = calloc(cap, sizeof(*sc));
    if (!sc)
        abort();
    int step;
    while ((step = s->drv->step(q)) == 1) {
        if (n == cap) {
            cap *= 2;
            sc = realloc(sc, cap * sizeof(*sc));
            if (!sc)
                abort();
        }
        memset(&sc[n], 0, sizeof(sc[n]));
        sc[n].id = s->drv->col_int(q, 0);
        snprintf(sc[n].path, sizeof(sc[n].path), "%s", col_str(s, q, 1));
        snprintf(sc[n].type, sizeof(sc[n].type), "%s", col_str(s, q, 2));
        sc[n].students = s->drv->col_int(q, 3);
        snprintf(sc[n].name, sizeof(sc[n].name), "%s", col_str(s, q, 4));
        n++;
    }
    s->drv->finish(q);
    if (step < 0) {
        free(sc);
        return -1;
    }
    /* lookup by id: ids are dense enough for a table */
    int64_t maxid = n ? sc[n - 1].id : 0;
    int32_t *at = malloc((size_t)(maxid + 1) * sizeof(*at));
    if (!at)
        abort();
    for (int64_t i = 0; i <= maxid; i++)
        at[i] = -1;
    for (size_t i = 0; i < n; i++)
        at[sc[i].id] = (int32_t)i;
#define SCHOOL(id) ((id) >= 0 && (id) <= maxid && at[id] >= 0 ? &sc[at[id]] : NULL)
    struct school **bypath = malloc((n ? n : 1) * sizeof(*bypath));
    if (!bypath)
        abort();
    for (size_t i = 0; i < n; i++)
        bypath[i] = &sc[i];
    qsort(bypath, n, sizeof(*bypath), cmp_school_path);

    /* hazards found in the last year, per school */
    if (st[TR_HAZARD_RATE_LOW].enabled) {
        /* by path, from the found_at index that covers it (grouping by an
         * expression keeps SQLite from walking the path index instead and
         * looking up every row: 5 s instead of 30 s for 5 M hazards) */
        q = Q(s, "SELECT org_path || '', COUNT(*) FROM hazards WHERE found_at >= ? AND deleted_at "
                 "IS NULL GROUP BY org_path || ''", DB_INT(year_ago));
        if (!q)
            goto fail;
        while ((step = s->drv->step(q)) == 1) {
            struct school *x = by_path(bypath, n, col_str(s, q, 0));
            if (x)
                x->hazards += s->drv->col_int(q, 1);
        }
        s->drv->finish(q);
        if (step < 0)
            goto fail;
        /* peers: same type and size band. Sorted by (type, band), each
         * group's median once (the school itself counted among its peers:
         * one rate among the many does not move a median far) */
        struct peer *ord = malloc((n ? n : 1) * sizeof(*ord));
        double *rates = malloc((n ? n : 1) * sizeof(double));
        double *med = malloc((n ? n : 1) * sizeof(double));
        int *peers = malloc((n ? n : 1) * sizeof(int));
        if (!ord || !rates || !med || !peers)
            abort();
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (sc[i].students > 0)
                ord[m++] = (struct peer){&sc[i], i, truth_size_band(sc[i].students)};
        qsort(ord, m, sizeof(*ord), cmp_peer);
        for (size_t g = 0; g < m;) {
            size_t e = g;
            while (e < m && cmp_peer(&ord[g], &ord[e]) == 0)
                e++;
            for (size_t k = g; k < e; k++)
                rates[k - g] = (double)sc[ord[k].i].hazards * 100.0 / (double)sc[ord[k].i].students;
            double md = truth_median(rates, e - g);
            for (size_t k = g; k < e; k++) {
                med[ord[k].i] = md;
                peers[ord[k].i] = (int)(e - g) - 1;
            }
            g = e;
        }
        for (size_t k = 0; k < m && !rc; k++) {
            struct school *x = &sc[ord[k].i];
            if (strcmp(x->path, lo) < 0 || strcmp(x->path, hi) >= 0)
                continue;
            int band = truth_size_band(x->students);
            double rate = (double)x->hazards * 100.0 / (double)x->students;
            if (!truth_rate_low(rate, med[ord[k].i], peers[ord[k].i], st[TR_HAZARD_RATE_LOW].v[0],
                                (int)st[TR_HAZARD_RATE_LOW].v[1]))
                continue;
            json_t *ev = json_pack("{s:I,s:I,s:f,s:f,s:i,s:s,s:i,s:f}", "hazards",
                                   (json_int_t)x->hazards, "students", (json_int_t)x->students,
                                   "rate_per_100", rate, "peer_median_per_100", med[ord[k].i],
                                   "peers", peers[ord[k].i], "school_type", x->type, "size_band",
                                   band, "ratio", st[TR_HAZARD_RATE_LOW].v[0]);
            char key[32];
            snprintf(key, sizeof(key), "s%lld", (long long)x->id);
            rc = flag_put(c, TR_HAZARD_RATE_LOW, key, x->id, x->path, "school", x->id, c->at, ev,
                          found);
        }
        free(ord);
        free(med);
        free(peers);
        free(rates);
        if (rc)
            goto fail;
    }

    /* months of patrols in which every item passed */
    if (st[TR_ALL_PASS_MONTHS].enabled && n) {
        int y;
        unsigned mo, d;
        xa_civil_from_days((c->at + 8 * HOUR_MS) / XA_DAY_MS, &y, &mo, &d);
        for (int m = 11; m >= 0; m--) {
            sc[0].month_start[m] = xa_days_from_civil(y, mo, 1) * XA_DAY_MS - 8 * HOUR_MS;
            if (--mo == 0)
                mo = 12, y--;
        }
        q = Q(s, "SELECT org_id, checked_at, failed_count FROM patrol_records WHERE checked_at >= ? "
                 "AND org_path >= ? AND org_path < ?",
              DB_INT(sc[0].month_start[0]), DB_TEXT(lo), DB_TEXT(hi));
        if (!q)
            goto fail;
        while ((step = s->drv->step(q)) == 1) {
            struct school *x = SCHOOL(s->drv->col_int(q, 0));
            int m = month_index(s->drv->col_int(q, 1), &sc[0]);
            if (!x || m < 0)
                continue;
            x->recs[m]++;
            if (s->drv->col_int(q, 2) > 0)
                x->failed[m]++;
        }
        s->drv->finish(q);
        if (step < 0)
            goto fail;
        int need = (int)st[TR_ALL_PASS_MONTHS].v[0], minrec = (int)st[TR_ALL_PASS_MONTHS].v[1];
        for (size_t i = 0; i < n && !rc; i++) {
            struct school *x = &sc[i];
            int months[12], first = 0, end = 0, total = 0;
            bool pass[12];
            size_t k = 0;
            /* months with at least a few patrols; the current month only
             * counts once it has them */
            for (int m = 0; m < 12; m++)
                if (x->recs[m] >= 4) {
                    months[k] = m;
                    pass[k++] = x->failed[m] == 0;
                }
            int run = truth_all_pass_run(months, pass, k, &first, &end);
            /* a run that goes on now (up to this or the last month): one
             * that ended long ago has been broken by a found problem */
            if (run < need || end < 10)
                continue;
            for (int m = first; m <= end; m++)
                total += x->recs[m];
            if (total < minrec)
                continue;
            json_t *ev = json_pack("{s:i,s:i,s:o,s:o,s:i}", "months", run, "records", total,
                                   "from", iso(sc[0].month_start[first]), "to",
                                   iso(end < 11 ? sc[0].month_start[end + 1] - 1 : c->at),
                                   "need_months", need);
            char key[32];
            snprintf(key, sizeof(key), "s%lld", (long long)x->id);
            rc = flag_put(c, TR_ALL_PASS_MONTHS, key, x->id, x->path, "school", x->id, c->at, ev,
                          found);
        }
        if (rc)
            goto fail;
    }

    /* weekly reports filed together */
    if (st[TR_REPORTS_BULK].enabled) {
        json_t *rows = ARR(s,
                           "SELECT org_id, org_path, period, submitted_at, deadline_at FROM "
                           "report_submissions WHERE kind = 'weekly' AND submitted_at >= ? AND "
                           "org_path >= ? AND org_path < ? ORDER BY org_id, submitted_at",
                           DB_INT(since - 120 * XA_DAY_MS), DB_TEXT(lo), DB_TEXT(hi));
        if (!rows)
            goto fail;
        size_t i = 0, total = json_array_size(rows);
        int64_t win = (int64_t)(st[TR_REPORTS_BULK].v[1] * HOUR_MS);
        int minr = (int)st[TR_REPORTS_BULK].v[0];
        while (i < total && !rc) {
            size_t j = i;
            int64_t org = json_integer_value(json_object_get(json_array_get(rows, i), "org_id"));
            while (j < total &&
                   json_integer_value(json_object_get(json_array_get(rows, j), "org_id")) == org)
                j++;
            int64_t *ts = malloc((j - i) * sizeof(*ts));
            if (!ts)
                abort();
            for (size_t k = i; k < j; k++)
                ts[k - i] = json_integer_value(json_object_get(json_array_get(rows, k), "submitted_at"));
            int64_t first = 0;
            int cnt = truth_bulk_count(ts, j - i, win, &first);
            free(ts);
            if (cnt >= minr && first >= since - 120 * XA_DAY_MS) {
                json_t *periods = json_array();
                int64_t last_deadline = 0;
                for (size_t k = i; k < j; k++) {
                    json_t *r = json_array_get(rows, k);
                    int64_t t = json_integer_value(json_object_get(r, "submitted_at"));
                    if (t >= first && t <= first + win) {
                        json_array_append(periods, json_object_get(r, "period"));
                        last_deadline = json_integer_value(json_object_get(r, "deadline_at"));
                    }
                }
                json_t *ev = json_pack("{s:i,s:o,s:o,s:o,s:f}", "count", cnt, "periods", periods,
                                       "first_at", iso(first), "last_deadline", iso(last_deadline),
                                       "window_h", st[TR_REPORTS_BULK].v[1]);
                char key[48];
                snprintf(key, sizeof(key), "s%lld:%lld", (long long)org, (long long)(first / HOUR_MS));
                rc = flag_put(c, TR_REPORTS_BULK, key, org,
                              json_string_value(json_object_get(json_array_get(rows, i), "org_path")),
                              "school", org, first, ev, found);
            }
            i = j;
        }
        json_decref(rows);
        if (rc)
            goto fail;
    }

    /* incidents reported after their clock */
    if (st[TR_INCIDENT_LATE].enabled) {
        json_t *rows = ARR(s,
                           "SELECT id, org_id, org_path, title, grade, occurred_at, reported_at, "
                           "quick_due_at, quick_late, written_due_at, written_at, written_late "
                           "FROM incidents WHERE reported_at >= ? AND org_path >= ? AND org_path "
                           "< ? AND (quick_late = 1 OR written_late = 1 OR (written_at IS NULL "
                           "AND written_due_at < ?))",
                           DB_INT(since), DB_TEXT(lo), DB_TEXT(hi), DB_INT(c->at));
        if (!rows)
            goto fail;
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) {
            int64_t id = json_integer_value(json_object_get(r, "id"));
            int64_t occ = json_integer_value(json_object_get(r, "occurred_at"));
            int64_t rep = json_integer_value(json_object_get(r, "reported_at"));
            int64_t wdue = json_integer_value(json_object_get(r, "written_due_at"));
            json_t *wat = json_object_get(r, "written_at");
            json_t *ev = json_pack(
                "{s:O,s:O,s:o,s:o,s:o,s:b,s:o,s:o,s:b}", "title", json_object_get(r, "title"),
                "grade", json_object_get(r, "grade"), "occurred_at", iso(occ), "reported_at",
                iso(rep), "quick_due_at", iso(json_integer_value(json_object_get(r, "quick_due_at"))),
                "quick_late", json_integer_value(json_object_get(r, "quick_late")) != 0,
                "written_due_at", iso(wdue), "written_at",
                json_is_integer(wat) ? iso(json_integer_value(wat)) : json_null(), "written_late",
                json_integer_value(json_object_get(r, "written_late")) != 0 ||
                    (!json_is_integer(wat) && wdue < c->at));
            char key[32];
            snprintf(key, sizeof(key), "i%lld", (long long)id);
            if ((rc = flag_put(c, TR_INCIDENT_LATE, key,
                               json_integer_value(json_object_get(r, "org_id")),
                               json_string_value(json_object_get(r, "org_path")), "incident", id,
                               occ, ev, found)))
                break;
        }
        json_decref(rows);
    }
#undef SCHOOL
    free(bypath);
    free(at);
    free(sc);
    return rc;
fail:
    free(bypath);
    free(at);
    free(sc);
    return -1;
}

int store_truth_compute(struct store *s, const char *path, int64_t since, int64_t now,
                        struct truth_batch *out, int *found)
{
    struct truth_settings st[TR__COUNT];
    struct tctx cx = {.s = s, .at = now, .b = out};
    struct tctx *c = &cx;
    *found = 0;
    if (store_truth_settings(s, st) || hash_pending(s, TRUTH_HASH_LIMIT, &out->hashes, &out->nh))
        return -1;
    int64_t t[5];
    t[0] = xa_now_ms();
    if (st[TR_PHOTO_NEAR_DUP].enabled && rule_photos(c, &st[TR_PHOTO_NEAR_DUP], path, since, found))
        return -1;
    t[1] = xa_now_ms();
    if (rule_patrols(c, st, path, since, found))
        return -1;
    t[2] = xa_now_ms();
    if (rule_rectify(c, st, path, since, found))
        return -1;
    t[3] = xa_now_ms();
    if (rule_schools(c, st, path, since, found))
        return -1;
    t[4] = xa_now_ms();
    log_info("truth compute %s: %d signals; photos %lld ms, patrols %lld ms, rectifications %lld "
             "ms, schools %lld ms",
             path, *found, (long long)(t[1] - t[0]), (long long)(t[2] - t[1]),
             (long long)(t[3] - t[2]), (long long)(t[4] - t[3]));
    return 0;
}

/* ---- reads ---- */

#define FLAG_SEL                                                                                   \
    "SELECT f.id, f.rule, f.org_id AS school_id, o.name AS school_name, f.entity, f.entity_id, "   \
    "f.weight, f.evidence_json, f.happened_at AS \"happened_at@\", f.state, f.explanation, "        \
    "f.explained_at AS \"explained_at@\", eu.name AS explained_by_name, f.review_note, "            \
    "f.reviewed_at AS \"reviewed_at@\", ru.name AS reviewed_by_name, "                              \
    "f.created_at AS \"created_at@\", f.updated_at AS \"updated_at@\" FROM truth_flags f "          \
    "JOIN orgs o ON o.id = f.org_id LEFT JOIN users eu ON eu.id = f.explained_by "                  \
    "LEFT JOIN users ru ON ru.id = f.reviewed_by "

json_t *store_truth_flag_get(struct store *s, int64_t id)
{
    return OBJ1(s, FLAG_SEL "WHERE f.id = ?", DB_INT(id));
}

int store_truth_flag_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM truth_flags WHERE id = ?", DB_INT(id));
}

json_t *store_truth_flag_list(struct store *s, const struct scope *sc,
                              const struct truth_filter *f, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char lo[96] = "", hi[96] = "";
    if (f->under)
        path_range(f->under, lo, hi, sizeof(lo));
#define W                                                                                          \
    "WHERE " SCOPE_SQL("f.org_path") " AND (? = '' OR (f.org_path >= ? AND f.org_path < ?)) "      \
    "AND (? = 0 OR f.org_id = ?) AND (? = '' OR f.rule = ?) AND (? = '' OR f.state = ?) "
#define P                                                                                          \
    SCOPE_PARAMS(b), DB_TEXT(lo), DB_TEXT(lo), DB_TEXT(hi), DB_INT(f->school_id),                 \
        DB_INT(f->school_id), DB_TEXT(f->rule ? f->rule : ""), DB_TEXT(f->rule ? f->rule : ""),    \
        DB_TEXT(f->state ? f->state : ""), DB_TEXT(f->state ? f->state : "")
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*) FROM truth_flags f " W, P) < 0)
        return NULL;
    json_t *items = ARR(s, FLAG_SEL W "ORDER BY f.happened_at DESC, f.id DESC LIMIT ? OFFSET ?", P,
                        DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef W
#undef P
    return items ? store_page_json(items, total, pg) : NULL;
}

json_t *store_truth_watchlist(struct store *s, const struct scope *sc, const char *under,
                              int64_t since, int limit, int per_school)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char lo[96] = "", hi[96] = "";
    if (under)
        path_range(under, lo, hi, sizeof(lo));
    /* a rule's weight counts at most three times, so one noisy rule does
     * not rank a school above one with several kinds of signals */
    json_t *items = ARR(s,
                        "SELECT t.school_id, o.name AS school_name, o.school_type, o.students, "
                        "p.name AS parent_name, SUM(t.score) AS score, SUM(t.n) AS flags, "
                        "COUNT(*) AS rules, SUM(t.confirmed) AS confirmed, SUM(t.open) AS open "
                        "FROM (SELECT f.org_id AS school_id, f.rule, COUNT(*) AS n, "
                        "CASE WHEN COUNT(*) > 3 THEN 3 ELSE COUNT(*) END * MAX(f.weight) AS score, "
                        "SUM(CASE WHEN f.state = 'confirmed' THEN 1 ELSE 0 END) AS confirmed, "
                        "SUM(CASE WHEN f.state = 'open' THEN 1 ELSE 0 END) AS open "
                        "FROM truth_flags f WHERE " SCOPE_SQL("f.org_path")
                        " AND (? = '' OR (f.org_path >= ? AND f.org_path < ?)) AND f.state <> "
                        "'false' AND f.happened_at >= ? GROUP BY f.org_id, f.rule) t "
                        "JOIN orgs o ON o.id = t.school_id LEFT JOIN orgs p ON p.id = o.parent_id "
                        "GROUP BY t.school_id, o.name, o.school_type, o.students, p.name "
                        "ORDER BY score DESC, flags DESC, t.school_id LIMIT ?",
                        SCOPE_PARAMS(b), DB_TEXT(lo), DB_TEXT(lo), DB_TEXT(hi), DB_INT(since),
                        DB_INT(limit));
    if (!items)
        return NULL;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *fl = ARR(s,
                         FLAG_SEL "WHERE f.org_id = ? AND f.state <> 'false' AND f.happened_at >= ? "
                                  "ORDER BY f.weight DESC, f.happened_at DESC, f.id DESC LIMIT ?",
                         DB_INT(json_integer_value(json_object_get(it, "school_id"))),
                         DB_INT(since), DB_INT(per_school));
        if (!fl) {
            json_decref(items);
            return NULL;
        }
        json_object_set_new(it, "top_flags", fl);
    }
    return json_pack("{s:o,s:o}", "items", items, "since", iso(since));
}

json_t *store_truth_rules(struct store *s, const struct scope *sc)
{
    struct truth_settings st[TR__COUNT];
    if (store_truth_settings(s, st))
        return NULL;
    struct scope_bind b;
    scope_bind_init(&b, sc);
    json_t *counts = ARR(s,
                         "SELECT rule, state, COUNT(*) AS n FROM truth_flags f WHERE " SCOPE_SQL(
                             "f.org_path") " GROUP BY rule, state",
                         SCOPE_PARAMS(b));
    if (!counts)
        return NULL;
    json_t *out = json_array();
    for (int r = 0; r < TR__COUNT; r++) {
        json_t *params = json_object(), *limits = json_object();
        for (int p = 0; p < TRUTH_MAX_PARAMS && truth_rules[r].params[p].key; p++) {
            const struct truth_param *tp = &truth_rules[r].params[p];
            json_object_set_new(params, tp->key, json_real(st[r].v[p]));
            json_object_set_new(limits, tp->key,
                                json_pack("{s:f,s:f,s:f}", "default", tp->def, "min", tp->min,
                                          "max", tp->max));
        }
        int64_t n_open = 0, n_conf = 0, n_false = 0;
        size_t i;
        json_t *cr;
        json_array_foreach(counts, i, cr) {
            if (strcmp(json_string_value(json_object_get(cr, "rule")), truth_rules[r].code))
                continue;
            const char *state = json_string_value(json_object_get(cr, "state"));
            int64_t n = json_integer_value(json_object_get(cr, "n"));
            if (strcmp(state, "open") == 0) n_open = n;
            else if (strcmp(state, "confirmed") == 0) n_conf = n;
            else n_false = n;
        }
        json_array_append_new(
            out, json_pack("{s:s,s:b,s:i,s:o,s:o,s:I,s:I,s:I,s:o}", "rule", truth_rules[r].code,
                           "enabled", st[r].enabled, "weight", truth_rules[r].weight, "params",
                           params, "limits", limits, "open", (json_int_t)n_open, "confirmed",
                           (json_int_t)n_conf, "false", (json_int_t)n_false, "false_rate",
                           n_conf + n_false ? json_real((double)n_false / (double)(n_conf + n_false))
                                            : json_null()));
    }
    json_decref(counts);
    return out;
}

/* ---- writes ---- */

static json_t *flag_image(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT id, rule, state, explanation, review_note FROM truth_flags WHERE id = ?",
                DB_INT(id));
}

static int flag_write(struct change *c, int64_t id, const char *action,
                      const char *a, const char *b, json_t **after)
{
    struct store *s = c->s;
    if (change_lock(c, "truth_flag", id))
        return -1;
    json_t *before = flag_image(s, id);
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_TRUTH_FLAG_NOT_FOUND, "id") : -1;
    int64_t org_id = 0;
    char path[96] = "";
    if (INT1(s, &org_id, "SELECT org_id FROM truth_flags WHERE id = ?", DB_INT(id)) != 1 ||
        store_truth_flag_locate(s, id, path, sizeof(path)) != 1) {
        json_decref(before);
        return -1;
    }
    int64_t rc = strcmp(action, "explain") == 0
                     ? EXEC(s,
                            "UPDATE truth_flags SET explanation = ?, explained_by = ?, "
                            "explained_at = ?, updated_at = ? WHERE id = ?",
                            DB_TEXT(a), DB_ID(c->user_id), DB_INT(c->at), DB_INT(c->at), DB_INT(id))
                     : EXEC(s,
                            "UPDATE truth_flags SET state = ?, review_note = ?, reviewed_by = ?, "
                            "reviewed_at = ?, updated_at = ? WHERE id = ?",
                            DB_TEXT(a), DB_TEXT(b), DB_ID(c->user_id), DB_INT(c->at),
                            DB_INT(c->at), DB_INT(id));
    json_t *img = rc < 0 ? NULL : flag_image(s, id);
    if (!img ||
        change_audit(c, action, "truth_flag", id, org_id, path, before, img, NULL)) {
        json_decref(before);
        json_decref(img);
        return -1;
    }
    json_decref(before);
    json_decref(img);
    if (after && !(*after = store_truth_flag_get(s, id)))
        return -1;
    return 0;
}

int store_truth_explain(struct change *c, int64_t id, const char *text, json_t **after)
{
    return flag_write(c, id, "explain", text, NULL, after);
}

int store_truth_review(struct change *c, int64_t id, const char *verdict, const char *note,
                       json_t **after)
{
    if (!verdict || (strcmp(verdict, "confirmed") && strcmp(verdict, "false")))
        return change_fail(c, XE_TRUTH_VERDICT, "verdict");
    return flag_write(c, id, "review", verdict, note ? note : "", after);
}

int store_truth_rule_set(struct change *c, const char *rule, bool has_enabled, bool enabled,
                         json_t *params, json_t **after)
{
    struct store *s = c->s;
    int r = truth_rule_find(rule);
    if (r < 0)
        return change_fail(c, XE_TRUTH_RULE, "rule");
    if (params && !json_is_object(params))
        return change_fail(c, XE_TRUTH_PARAM, "params");
    const char *k;
    json_t *v;
    json_object_foreach(params, k, v) {
        int p = truth_param_find(r, k);
        if (p < 0)
            return change_fail(c, XE_TRUTH_PARAM, "params");
        if (!json_is_number(v) || json_number_value(v) < truth_rules[r].params[p].min ||
            json_number_value(v) > truth_rules[r].params[p].max)
            return change_fail(c, XE_TRUTH_PARAM, truth_rules[r].params[p].field);
    }
    if (change_lock(c, "truth_rule", r))
        return -1;
    struct truth_settings st[TR__COUNT];
    if (store_truth_settings(s, st))
        return -1;
    json_t *before = json_pack("{s:s,s:b,s:o}", "rule", rule, "enabled", st[r].enabled, "params",
                               json_object());
    json_t *np = json_object();
    for (int p = 0; p < TRUTH_MAX_PARAMS && truth_rules[r].params[p].key; p++) {
        json_object_set_new(json_object_get(before, "params"), truth_rules[r].params[p].key,
                            json_real(st[r].v[p]));
        json_t *nv = params ? json_object_get(params, truth_rules[r].params[p].key) : NULL;
        json_object_set_new(np, truth_rules[r].params[p].key,
                            json_real(nv ? json_number_value(nv) : st[r].v[p]));
    }
    bool en = has_enabled ? enabled : st[r].enabled;
    char *pj = json_dumps(np, JSON_COMPACT | JSON_SORT_KEYS);
    if (!pj)
        abort();
    int64_t rc = EXEC(s,
                      "INSERT INTO truth_rules (rule, enabled, params_json, updated_at, updated_by) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (rule) DO UPDATE SET enabled = "
                      "excluded.enabled, params_json = excluded.params_json, updated_at = "
                      "excluded.updated_at, updated_by = excluded.updated_by",
                      DB_TEXT(rule), DB_INT(en ? 1 : 0), DB_TEXT(pj), DB_INT(c->at),
                      DB_ID(c->user_id));
    free(pj);
    json_t *aft = json_pack("{s:s,s:b,s:o}", "rule", rule, "enabled", en, "params", np);
    if (rc < 0 || change_audit(c, "update", "truth_rule", r + 1, 0, "/", before, aft, NULL)) {
        json_decref(before);
        json_decref(aft);
        return -1;
    }
    json_decref(before);
    if (after)
        *after = aft;
    else
        json_decref(aft);
    return 0;
}
