/*
 * demo_campaign.c - a year of campaigns and special-period plans for the
 * demo schools: a drowning-prevention season (closed, summarised), a county
 * fire-safety month (ended, review under way), the city's three-year action
 * in progress, a National Day special period, and a winter-holiday plan
 * still in draft. Schools report with mixed diligence: most in time, some
 * late, a few returned and resubmitted, some never.
 *
 * Goes through the store functions the API uses; dates are offsets from the
 * demo's "today" so the data set stays current whenever it is built.
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/programme.h"
#include "store/store_campaign.h"
#include "store/store_programme.h"

#define HOUR (3600LL * 1000)

struct task_def {
    const char *title, *req;
    int due; /* days after the campaign's start */
    bool text, photo;
    const char *counts; /* JSON count fields or NULL */
    bool roster;        /* links the school's published duty roster */
};
struct stage_def {
    const char *name;
    int a, b; /* days after the campaign's start */
    struct task_def tasks[3];
};
struct camp_def {
    const char *admin, *kind, *title, *desc, *cats;
    int start, end;  /* days from today */
    int close_after; /* days after the end it was closed; -1 still open */
    int diligence;   /* % of schools that report on a due task */
    const char *summary;
    bool draft;
    struct stage_def stages[3];
};

#define HAZ                                                                                        \
    "[{\"key\":\"hazards_found\",\"label\":\"发现隐患\"},{\"key\":\"hazards_rectified\","      \
    "\"label\":\"整改隐患\"}]"

static const struct camp_def defs[] = {
    {"yy_admin",
     "campaign",
     "防溺水专项行动",
     "全市中小学、幼儿园开展防溺水“六不”教育，排查校园周边危险水域，落实家校共管。",
     "[\"drowning\",\"surroundings\"]",
     -200,
     -90,
     12,
     92,
     "全市 63 "
     "所学校全部开展防溺水专题教育，排查周边水域隐患并设置警示标识，暑期未发生学生溺水事件。"
     "少数学校报送迟缓，已在月度通报中点名。下一步：将防溺水纳入常态化家校共育。",
     false,
     {{"动员部署",
       0,
       14,
       {{"召开防溺水专题部署会", "上传会议纪要和签到表", 10, true, true, NULL},
        {"签订防溺水安全责任书（家长告知书）", "统计签订份数", 14, true, false,
         "[{\"key\":\"letters\",\"label\":\"签订份数\"}]"}}},
      {"排查整治",
       15,
       90,
       {{"排查校园周边危险水域", "逐一登记水域位置、警示标识和责任人", 60, true, true, HAZ},
        {"暑期家访和安全提醒", NULL, 85, true, false,
         "[{\"key\":\"visits\",\"label\":\"家访户数\"}]"}}},
      {"总结评估",
       91,
       110,
       {{"报送工作总结", "总结开展情况、成效和问题", 105, true, false, NULL}}}}},
    {"huarong_admin",
     "campaign",
     "消防安全月专项检查",
     "对照消防安全检查清单开展自查，重点检查疏散通道、消防器材、电气线路。",
     "[\"fire\",\"electrical\"]",
     -60,
     -25,
     -1,
     80,
     NULL,
     false,
     {{"动员部署", 0, 5, {{"制定学校自查方案", NULL, 5, true, false, NULL}}},
      {"排查整治",
       6,
       30,
       {{"消防器材和疏散通道自查", "附器材检查照片", 25, true, true, HAZ},
        {"开展消防疏散演练", NULL, 28, true, true,
         "[{\"key\":\"participants\",\"label\":\"参与人数\"}]"}}},
      {"总结评估", 31, 35, {{"报送自查总结", NULL, 35, true, false, NULL}}}}},
    {"yy_admin",
     "campaign",
     "校园安全三年行动",
     "全面排查整治校园安全风险隐患，健全双重预防机制，三年内实现校园安全“零事故”。",
     "[\"fire\",\"food\",\"building\",\"security\"]",
     -300,
     700,
     -1,
     85,
     NULL,
     false,
     {{"动员部署",
       0,
       60,
       {{"成立三年行动工作专班", "报送专班名单和职责分工", 30, true, false, NULL},
        {"制定学校实施方案", NULL, 60, true, false, NULL}}},
      {"排查整治",
       61,
       900,
       {{"第一轮风险隐患全面排查", NULL, 200, true, true, HAZ},
        {"重大隐患整改销号情况报送", "逐条报送整改措施、资金和时限", 330, true, false, HAZ},
        {"第二轮风险隐患全面排查", NULL, 450, true, true, HAZ}}},
      {"总结评估", 901, 1000, {{"三年行动工作总结", NULL, 990, true, false, NULL}}}}},
    {"yueyangxian_admin",
     "special_period",
     "国庆假期安全工作方案",
     "节前开展安全大检查，落实领导带班和 24 小时值班，假期安全提醒到每一位家长。",
     "[\"fire\",\"traffic\",\"drowning\"]",
     -56,
     -46,
     8,
     90,
     "全县学校按时报送值班表并开展节前检查，假期平安无事。",
     false,
     {{"节前准备",
       0,
       3,
       {{"报送 24 小时值班表", "领导带班，值班电话保持畅通；关联已报送的值班表", 2, true, false,
         NULL, true},
        {"节前安全大检查", NULL, 3, true, true,
         "[{\"key\":\"places_checked\",\"label\":\"检查部位\"}]"},
        {"发放假期安全告家长书", NULL, 3, false, false,
         "[{\"key\":\"letters\",\"label\":\"发放份数\"}]"}}},
      {"假期值守", 4, 10, {{"假期值班情况报告", NULL, 10, true, false, NULL}}}}},
    {"xiangyin_admin",
     "special_period",
     "寒假及春节期间安全工作方案",
     "寒假前完成安全教育和隐患排查，落实假期值班。",
     "[\"fire\",\"traffic\"]",
     40,
     80,
     -1,
     0,
     NULL,
     true,
     {{"放假前",
       0,
       10,
       {{"寒假安全教育第一课", NULL, 8, true, true, NULL},
        {"报送假期值班表", NULL, 10, true, false, NULL}}},
      {"假期值守", 11, 40, {{"假期值班情况报告", NULL, 40, true, false, NULL}}}}},
};

struct dc {
    struct store *s;
    struct change *c; /* the campaign's change (quiet: no audit rows) */
    char day[16];     /* today as "YYYY-MM-DD" */
    int64_t now, today;
    uint32_t rng;
    int campaigns, assignments, submissions;
};

/* The change acting as user at when (the demo replays weeks of work). */
static struct change *as(struct dc *d, int64_t user, int64_t when)
{
    d->c->user_id = user;
    d->c->at = when;
    return d->c;
}

static uint32_t rnd(struct dc *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

/* 1 loaded (id, path of its first role), 0 none, -1 error. */
static int who(struct store *s, const char *username, int64_t *id, int64_t *org_id, char *path,
               size_t plen)
{
    char hash[256];
    bool active;
    int rc = store_user_credentials(s, username, id, hash, sizeof(hash), &active);
    if (rc != 1) return rc;
    json_t *roles = store_user_roles(s, *id);
    if (!roles) return -1;
    json_t *r0 = json_array_get(roles, 0);
    *org_id = json_integer_value(json_object_get(r0, "org_id"));
    snprintf(path, plen, "%s", json_string_value(json_object_get(r0, "org_path")));
    json_decref(roles);
    return 1;
}

/* The safety officer of each demo school, by school org id. */
struct officer {
    int64_t org_id, user_id;
};

static int64_t officer_of(const struct officer *o, int n, int64_t org_id)
{
    for (int i = 0; i < n; i++)
        if (o[i].org_id == org_id) return o[i].user_id;
    return 0;
}

static const char *const texts[] = {
    "已按要求完成，相关材料已整理归档。",
    "学校召开专题会议部署，分管领导带队逐项落实，发现问题已当场整改。",
    "已完成，附现场照片；个别问题已列入整改台账，明确责任人和时限。",
    "按方案组织实施，全体教职工参与，家长群同步告知。",
};
static const char *const returns[] = {
    "材料不全，请补充现场照片和台账。",
    "统计数据与隐患台账不一致，请核实后重新报送。",
    "请按要求写明整改措施、责任人和完成时限。",
};

static void ymd(int64_t day, char *buf)
{
    prog_date_format(day, buf, 16);
}

/* A published duty roster of school org_id covering day: 0 none, -1 error. */
static int64_t roster_of(struct dc *d, int64_t org, int64_t day)
{
    char path[96], kind[16], ds[16];
    int rc = store_org_locate(d->s, org, path, sizeof(path), kind, sizeof(kind));
    if (rc <= 0) return rc;
    struct scope sc = {.n = 1};
    snprintf(sc.path[0], sizeof(sc.path[0]), "%s", path);
    struct page pg = {1, 1};
    ymd(day, ds);
    json_t *res = store_roster_list(d->s, &sc, ds, ds, "published", false, &pg);
    if (!res) return -1;
    json_t *it = json_array_get(json_object_get(res, "items"), 0);
    int64_t id = it ? json_integer_value(json_object_get(it, "id")) : 0;
    json_decref(res);
    return id;
}

/* Reports of the schools on one published campaign. */
static int reports(struct dc *d, const struct camp_def *def, int64_t cid, int64_t admin_id,
                   int64_t end_ms, const struct officer *offs, int noffs)
{
    struct scope all = {.n = 1, .path = {"/"}};
    struct page pg = {1, 100000};
    char today[16];
    ymd(d->today, today);
    json_t *res = store_camp_assign_list(d->s, &all, cid, 0, NULL, today, &pg);
    if (!res) return -1;
    size_t i;
    json_t *a;
    int rc = 0;
    json_array_foreach(json_object_get(res, "items"), i, a)
    {
        int64_t aid = json_integer_value(json_object_get(a, "id"));
        int64_t due;
        if (prog_date_parse(json_string_value(json_object_get(a, "due_date")), &due)) continue;
        int64_t org = json_integer_value(json_object_get(a, "org_id"));
        int64_t user = officer_of(offs, noffs, org);
        bool past = due < d->today;
        /* a future task: some schools are already done */
        uint32_t p = past ? (uint32_t)def->diligence : 30;
        if (rnd(d, 100) >= p) continue;
        bool late = past && rnd(d, 100) < 15;
        int64_t sday = late ? due + 1 + rnd(d, 6) : due - (int64_t)rnd(d, 8);
        if (sday > d->today) sday = d->today;
        int64_t when = prog_day_start(sday) + (8 + rnd(d, 10)) * HOUR + rnd(d, 3600) * 1000;
        if (when >= d->now) when = d->now - (1 + rnd(d, 5)) * HOUR;
        late = sday > due;
        int64_t roster = 0;
        if (json_is_true(json_object_get(a, "need_roster")) &&
            (roster = roster_of(d, org, due)) <= 0) {
            if (roster < 0) {
                rc = -1;
                break;
            }
            continue; /* no roster published: nothing to report */
        }
        /* counts */
        json_t *cj = json_object();
        size_t k;
        json_t *cf;
        json_array_foreach(json_object_get(a, "count_fields"), k, cf)
        {
            const char *key = json_string_value(json_object_get(cf, "key"));
            int64_t v = strcmp(key, "hazards_found") == 0       ? rnd(d, 9)
                        : strcmp(key, "hazards_rectified") == 0 ? 0
                        : strcmp(key, "letters") == 0           ? 300 + rnd(d, 900)
                        : strcmp(key, "visits") == 0            ? 40 + rnd(d, 200)
                        : strcmp(key, "participants") == 0      ? 200 + rnd(d, 1200)
                                                                : 10 + rnd(d, 40);
            json_object_set_new(cj, key, json_integer(v));
        }
        json_t *found = json_object_get(cj, "hazards_found");
        if (found)
            json_object_set_new(cj, "hazards_rectified",
                                json_integer(json_integer_value(found) -
                                             (rnd(d, 4) == 0 && json_integer_value(found) > 0)));
        char *counts = json_dumps(cj, JSON_COMPACT);
        json_decref(cj);
        const char *text = texts[rnd(d, XA_ARRAY_LEN(texts))];
        struct camp_submit_in sub = {.text = text, .counts = counts, .photo_ids = "[]",
                                     .roster_id = roster, .late = late};
        if (!counts || store_camp_submit(as(d, user, when), aid, &sub, d->day, NULL)) {
            free(counts);
            rc = -1;
            break;
        }
        d->submissions++;
        /* the bureau reviews within a few days (all of them before a close) */
        int64_t rev = when + (24 + rnd(d, 72)) * HOUR;
        bool closing = def->close_after >= 0;
        if (rev >= d->now || (!closing && rnd(d, 100) < 20)) {
            free(counts);
            continue;
        }
        if (rnd(d, 100) < 12) {
            if (store_camp_review(as(d, admin_id, rev), aid, "returned",
                                  returns[rnd(d, XA_ARRAY_LEN(returns))], d->day, NULL)) {
                free(counts);
                rc = -1;
                break;
            }
            int64_t again = rev + (12 + rnd(d, 48)) * HOUR;
            if (again >= d->now || (closing && again >= end_ms) || rnd(d, 100) < 25) {
                free(counts);
                continue; /* still returned */
            }
            sub.text = "已按要求补充材料。";
            sub.late = false;
            if (store_camp_submit(as(d, user, again), aid, &sub, d->day, NULL)) {
                free(counts);
                rc = -1;
                break;
            }
            d->submissions++;
            rev = again + (24 + rnd(d, 48)) * HOUR;
            if (rev >= d->now) {
                free(counts);
                continue;
            }
        }
        free(counts);
        if (store_camp_review(as(d, admin_id, rev), aid, "accepted", "", d->day, NULL)) {
            rc = -1;
            break;
        }
    }
    json_decref(res);
    return rc;
}

static int one(struct dc *d, const struct camp_def *def, const struct officer *offs, int noffs)
{
    int64_t admin_id, org_id;
    char path[96];
    int rc = who(d->s, def->admin, &admin_id, &org_id, path, sizeof(path));
    if (rc != 1) return err("demo campaign: no user %s", def->admin);
    int64_t a = d->today + def->start, b = d->today + def->end;
    char sa[16], sb[16], title[128];
    ymd(a, sa);
    ymd(b, sb);
    int y;
    unsigned m, dd;
    xa_civil_from_days(a, &y, &m, &dd);
    snprintf(title, sizeof(title), "%d 年%s", y, def->title);
    struct camp_stage_in stages[3];
    struct camp_task_in tasks[3][3];
    char dates[3][5][16];
    size_t ns = 0;
    for (size_t i = 0; i < 3 && def->stages[i].name; i++, ns++) {
        const struct stage_def *st = &def->stages[i];
        int64_t s0 = a + st->a, s1 = a + st->b;
        if (s1 > b) s1 = b;
        ymd(s0, dates[i][0]);
        ymd(s1, dates[i][1]);
        size_t nt = 0;
        for (size_t k = 0; k < 3 && st->tasks[k].title; k++, nt++) {
            const struct task_def *t = &st->tasks[k];
            int64_t due = a + t->due;
            if (due > b) due = b;
            ymd(due, dates[i][2 + k]);
            tasks[i][k] = (struct camp_task_in){.title = t->title,
                                                .requirement = t->req ? t->req : "",
                                                .due_date = dates[i][2 + k],
                                                .need_text = t->text,
                                                .need_photo = t->photo,
                                                .need_roster = t->roster,
                                                .count_fields = t->counts ? t->counts : "[]"};
        }
        stages[i] = (struct camp_stage_in){.name = st->name,
                                           .start_date = dates[i][0],
                                           .end_date = dates[i][1],
                                           .ntasks = nt,
                                           .tasks = tasks[i]};
    }
    struct camp_in in = {.org_id = org_id,
                         .org_path = path,
                         .kind = def->kind,
                         .title = title,
                         .description = def->desc,
                         .start_date = sa,
                         .end_date = sb,
                         .categories = def->cats,
                         .nstages = ns,
                         .stages = stages};
    int64_t created = prog_day_start(a - (def->draft ? 50 : 5)) + 10 * HOUR;
    if (created >= d->now) created = d->now - 2 * HOUR;
    int64_t cid = store_camp_create(as(d, admin_id, created), &in, d->day, NULL);
    if (cid < 0) return -1;
    d->campaigns++;
    if (def->draft) return 0;
    int64_t n = store_camp_publish(as(d, admin_id, prog_day_start(a) + 9 * HOUR), cid, d->day, NULL);
    if (n < 0) return -1;
    d->assignments += (int)n;
    int64_t close_ms =
        def->close_after >= 0 ? prog_day_start(b + def->close_after) + 16 * HOUR : d->now;
    if (reports(d, def, cid, admin_id, close_ms, offs, noffs)) return -1;
    if (def->close_after >= 0 && close_ms < d->now &&
        store_camp_close(as(d, admin_id, close_ms), cid, def->summary, d->day, NULL))
        return -1;
    return 0;
}

int demo_campaign_run(struct store *s, int64_t now, FILE *out)
{
    struct change c;
    struct dc d = {.s = s, .c = &c, .now = now, .today = prog_day_of(now), .rng = 20260801u};
    prog_date_format(d.today, d.day, sizeof(d.day));
    struct officer offs[100];
    int noffs = 0;
    for (int nth = 1; nth < 100; nth++) {
        char u[32], path[96];
        snprintf(u, sizeof(u), "s%02d_safety", nth);
        int64_t uid, oid;
        int rc = who(s, u, &uid, &oid, path, sizeof(path));
        if (rc < 0) return err("demo campaign: %s", store_errmsg(s));
        if (rc == 0) break;
        offs[noffs++] = (struct officer){oid, uid};
    }
    for (size_t i = 0; i < XA_ARRAY_LEN(defs); i++) {
        if (store_change_begin(&c, s, 0, "", now)) return err("demo campaign: %s", store_errmsg(s));
        c.quiet = true; /* the demo recorded no audit rows for campaigns */
        if (one(&d, &defs[i], offs, noffs)) {
            err("demo campaign: %s: %s", defs[i].title, store_errmsg(s));
            store_change_abort(&c);
            return -1;
        }
        if (store_change_commit(&c)) return err("demo campaign: %s", store_errmsg(s));
    }
    fprintf(out,
            "  campaigns: %d campaigns and special-period plans, %d school tasks, %d reports\n",
            d.campaigns, d.assignments, d.submissions);
    log_info("demo: %d campaigns, %d tasks, %d reports", d.campaigns, d.assignments, d.submissions);
    return 0;
}
