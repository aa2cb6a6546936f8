/*
 * demo_hazard.c - demo data of the hazard closed loop: a year of hazards for
 * every demo school, in every state, with their whole history.
 *
 * Everything goes through the same store functions as the API
 * (store_hazard_create / act / set_five / sweep) with actors built from the
 * demo users' roles (api_hazard_actor), on a clock that walks forward from
 * each hazard's discovery; a lifecycle simply stops where the clock reaches
 * "today". The final sweep flags overdue hazards, escalates them and marks
 * closed ones due for re-check.
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/store_hazard.h"
#include "store/store_risk.h"
#include <cairo.h>
#include <sodium.h>

#define HOUR (3600LL * 1000)

struct dh {
    struct store *s;
    int64_t now;
    uint32_t rng;
    int hazards, actions, refused, photos;
};

static uint32_t rnd(struct dh *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

/* A small PNG "photo" (a coloured scene, different for every seed). */
static int64_t make_photo(struct dh *d, const struct demo_person *by, int64_t school_id,
                          const char *school_path, int64_t at, bool after)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 96, 72);
    cairo_t *cr = cairo_create(sf);
    double g = after ? 0.55 : 0.25;
    cairo_set_source_rgb(cr, 0.35 + rnd(d, 40) / 100.0, g + rnd(d, 30) / 100.0, 0.3);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, after ? 0.2 : 0.8, after ? 0.7 : 0.2, 0.2);
    cairo_rectangle(cr, 10 + rnd(d, 40), 10 + rnd(d, 30), 20 + rnd(d, 30), 15 + rnd(d, 20));
    cairo_fill(cr);
    cairo_destroy(cr);
    int64_t id = demo_photo_put(d->s, sf, school_id, school_path, by->id, at);
    if (id > 0)
        d->photos++;
    return id;
}

struct kind {
    const char *category;
    const char *titles[4];
    const char *location;
    const char *fix;
    bool major_possible;
};

static const struct kind kinds[] = {
    {"fire", {"消防通道堆放杂物", "灭火器压力不足", "疏散指示标志损坏", "室内消火栓水压不足"},
     "教学楼", "已清理通道并更换合格消防器材", false},
    {"food", {"食堂留样记录不全", "冷藏柜温度超标", "从业人员健康证过期", "生熟案板未分开使用"},
     "学生食堂", "已整改并建立每日检查台账", false},
    {"traffic", {"校门口缺少减速带", "校车安全锤缺失", "接送学生车辆超员"}, "校门口",
     "已增设交通设施并约谈相关人员", false},
    {"drowning", {"学校周边池塘无警示牌", "河道防护栏缺损"}, "学校南侧水塘",
     "已设置警示牌和防护栏", true},
    {"lab", {"危化品柜未落实双人双锁", "实验室通风橱故障", "过期试剂未及时处置"}, "化学实验室",
     "已落实双人双锁并完成处置", true},
    {"building", {"教学楼外墙瓷砖空鼓脱落", "楼梯扶手松动", "宿舍楼屋面渗水", "围墙出现裂缝"},
     "北教学楼", "已完成维修加固", true},
    {"electrical", {"配电箱未上锁", "教室插座破损", "宿舍私拉乱接电线", "电气线路老化"},
     "学生宿舍", "已更换线路并加锁管理", true},
    {"security", {"门卫室防暴器材不全", "监控摄像头故障", "外来人员登记不全"}, "门卫室",
     "已配齐器材并修复监控", false},
    {"stampede", {"楼道照明灯损坏", "楼梯口堆放杂物"}, "教学楼楼道", "已修复照明并清理", false},
    {"sports", {"篮球架底座松动", "塑胶跑道破损"}, "运动场", "已加固维修", false},
    {"surroundings", {"校门口占道经营摊点", "学校周边网吧接纳未成年人"}, "校园周边", NULL, false},
};

/* One action at time t; 1 done, 0 refused (the walk stops), -1 error. */
static int step(struct dh *d, int64_t id, const struct demo_person *who, const char *school_path,
                struct hazard_input *in, const int64_t *photos, size_t nphotos)
{
    struct hazard_actor a;
    demo_actor_of(who, school_path, &a);
    /* each step its own change, by its actor at its time (audited) */
    struct change c;
    if (store_change_begin(&c, d->s, who->id, who->username, in->now_ms))
        return -1;
    if (store_hazard_act(&c, id, &a, in, photos, nphotos)) {
        struct xa_error e = c.err;
        store_change_abort(&c);
        if (e.code == XE_NONE)
            return -1;
        d->refused++;
        log_warn("demo hazard %lld: %s refused: %s", (long long)id,
                 hazard_action_name(in->action), xa_err_name(e.code));
        return 0;
    }
    if (store_change_commit(&c))
        return -1;
    d->actions++;
    return 1;
}

struct school_people {
    struct demo_person principal, officer, teacher[3], county_admin, inspector;
    int64_t school_id;
    char path[96];
};

/* One hazard found at t0, walked towards closing until the clock hits now. */
static int one_hazard(struct dh *d, const struct school_people *sp, int64_t t0)
{
    const struct kind *k = &kinds[rnd(d, XA_ARRAY_LEN(kinds))];
    int nt = 0;
    while (nt < 4 && k->titles[nt])
        nt++;
    bool major = k->major_possible && rnd(d, 6) == 0;
    const struct demo_person *reporter = rnd(d, 5) == 0 ? &sp->inspector
                                    : rnd(d, 2)    ? &sp->teacher[rnd(d, 3)]
                                                   : &sp->officer;
    const char *source = reporter == &sp->inspector ? (rnd(d, 3) ? "inspection" : "covert")
                         : reporter == &sp->officer ? "self_check"
                                                    : "patrol";
    int64_t before = make_photo(d, reporter, sp->school_id, sp->path, t0, false);
    struct hazard_create c = {.school_id = sp->school_id, .title = k->titles[rnd(d, (uint32_t)nt)],
                              .description = "日常排查发现，需及时整改", .category = k->category,
                              .grade = major ? "major" : "general", .source = source,
                              .location = k->location, .off_campus = k->fix == NULL,
                              .photo_ids = before > 0 ? &before : NULL,
                              .nphotos = before > 0 ? 1 : 0};
    struct change ch;
    if (store_change_begin(&ch, d->s, reporter->id, reporter->username, t0))
        return -1;
    int64_t id = store_hazard_create(&ch, &c);
    if (id < 0) {
        bool refused = ch.err.code != XE_NONE;
        store_change_abort(&ch);
        return refused ? 0 : -1;
    }
    if (store_change_commit(&ch))
        return -1;
    d->hazards++;
    int64_t t = t0 + (1 + rnd(d, 3)) * HOUR;
    const int64_t stop = d->now - HOUR;
#define AT(dt) ((t += (dt)) < stop)
#define DO(who_, ...)                                                                              \
    do {                                                                                           \
        struct hazard_input in_ = {.now_ms = t, __VA_ARGS__};                                      \
        int rc_ = step(d, id, who_, sp->path, &in_, NULL, 0);                                     \
        if (rc_ <= 0)                                                                              \
            return rc_;                                                                            \
    } while (0)

    if (!k->fix) { /* off campus: forwarded to the department in charge, followed up */
        if (rnd(d, 4) && AT(0)) {
            DO(&sp->officer, .action = HAZARD_ACT_FORWARD, .department = "县城市管理综合执法局",
               .contact = "执法一中队 刘队长 0730-8201234", .follow_up_ms = t + 14 * XA_DAY_MS,
               .note = "已函告属地政府和主管部门");
            /* the bureau records the outcome after the follow-up; the recent
             * ones stay 已移交/跟踪中 */
            if (rnd(d, 3) && AT(14 * XA_DAY_MS))
                DO(&sp->county_admin, .action = HAZARD_ACT_CONCLUDE,
                   .note = "执法部门已取缔，回访未见反弹");
        }
        return 0;
    }
    if ((t0 > d->now - 30 * XA_DAY_MS && rnd(d, 4) == 0) || !AT(0))
        return 0; /* a recent one still waiting to be assigned */
    const struct demo_person *rect = rnd(d, 4) ? &sp->teacher[rnd(d, 3)] : &sp->officer;
    const struct demo_person *verifier = rect == &sp->officer ? &sp->principal : &sp->officer;
    int64_t deadline = major ? t + (20 + rnd(d, 40)) * XA_DAY_MS
                             : (rnd(d, 3) ? 0 : t + (2 + rnd(d, 5)) * XA_DAY_MS);
    DO(&sp->officer, .action = HAZARD_ACT_ASSIGN, .rectifier_id = rect->id,
       .deadline_ms = deadline, .note = "请按时限完成整改");
    if (major) {
        if (!AT(20 * HOUR))
            return 0;
        struct hazard_five f = {
            .has_responsible_id = true, .responsible_id = sp->principal.id,
            .has_measures = true, .measures = "制定专项整改方案，分步实施，完工后组织验收",
            .has_funds = true, .funds = 20000 + rnd(d, 50) * 10000,
            .has_deadline = true, .deadline_ms = deadline,
            .has_plan = true, .plan = "整改期间启动应急预案，划定警戒区域，专人值守",
            .has_safeguards = true, .safeguards = "设置围挡和警示标志，停止使用相关区域"};
        if (store_change_begin(&ch, d->s, sp->officer.id, sp->officer.username, t))
            return -1;
        if (store_hazard_set_five(&ch, id, &f)) {
            bool refused = ch.err.code != XE_NONE;
            store_change_abort(&ch);
            return refused ? 0 : -1;
        }
        if (store_change_commit(&ch))
            return -1;
        /* listed for 督办 by the county on report; it urges now and then */
        if (rnd(d, 3) == 0 && AT(2 * HOUR))
            DO(&sp->county_admin, .action = HAZARD_ACT_URGE, .note = "请加快整改进度，按期报验收");
        if (!AT(4 * HOUR))
            return 0;
        DO(&sp->principal, .action = HAZARD_ACT_APPROVE_PLAN, .note = "同意整改方案");
    }
    if (!AT((1 + rnd(d, 6)) * HOUR))
        return 0;
    DO(rect, .action = HAZARD_ACT_START);
    for (int round = 0;; round++) {
        /* one in five rectifiers is slow: past the 24 h of a general hazard */
        int64_t work = major ? (5 + rnd(d, 10)) * XA_DAY_MS
                       : rnd(d, 5) == 0 ? (2 + rnd(d, 10)) * XA_DAY_MS
                                        : (3 + rnd(d, 20)) * HOUR;
        if (!AT(work))
            return 0;
        int64_t after = make_photo(d, rect, sp->school_id, sp->path, t, true);
        struct hazard_input sub = {.now_ms = t, .action = HAZARD_ACT_SUBMIT, .note = k->fix,
                                   .photo_count = after > 0 ? 1 : 0};
        int rc = step(d, id, rect, sp->path, &sub, &after, 1);
        if (rc <= 0)
            return rc;
        if (!AT((2 + rnd(d, 20)) * HOUR))
            return 0;
        if (round == 0 && rnd(d, 6) == 0) {
            DO(verifier, .action = HAZARD_ACT_REJECT, .reason = "整改不彻底，请重新整改");
            continue;
        }
        DO(verifier, .action = HAZARD_ACT_VERIFY, .note = "验收合格");
        /* a listed major hazard waits for the county (待督办单位销号) */
        if (!AT((major ? 24 + rnd(d, 72) : 1 + rnd(d, 5)) * HOUR))
            return 0;
        if (major)
            DO(&sp->county_admin, .action = HAZARD_ACT_CLOSE, .note = "经县局复核，准予销号、摘牌");
        else
            DO(&sp->officer, .action = HAZARD_ACT_CLOSE, .note = "同意销号");
        /* 回头看 after about a month, for most of them */
        if (rnd(d, 4) == 0 || !AT((30 + rnd(d, 10)) * XA_DAY_MS))
            return 0;
        if (round > 0 || rnd(d, 8)) {
            DO(&sp->inspector, .action = HAZARD_ACT_RECHECK, .recheck_pass = true,
               .note = "回头看复查合格");
            return 0;
        }
        DO(&sp->inspector, .action = HAZARD_ACT_RECHECK, .recheck_pass = false,
           .reason = "回头看发现问题反弹", .deadline_ms = major ? t + 30 * XA_DAY_MS : 0);
    }
#undef AT
#undef DO
}

static int school_people(struct store *s, int nth, struct school_people *sp,
                         const struct demo_person *admins, const struct demo_person *inspectors)
{
    if (demo_school_person(s, nth, "principal", &sp->principal) != 1)
        return 0;
    if (demo_school_person(s, nth, "safety", &sp->officer) != 1)
        return 0;
    for (int i = 0; i < 3; i++) {
        char t[24];
        snprintf(t, sizeof(t), "teacher%d", i + 1);
        if (demo_school_person(s, nth, t, &sp->teacher[i]) != 1)
            return 0;
    }
    sp->school_id = sp->principal.org_id;
    snprintf(sp->path, sizeof(sp->path), "%s", sp->principal.path);
    int c = demo_county_of(sp->path, admins);
    if (c < 0)
        return 0;
    sp->county_admin = admins[c];
    sp->inspector = inspectors[c];
    return 1;
}

int demo_hazard_run(struct store *s, int64_t now, FILE *out)
{
    struct demo_person admins[DEMO_COUNTIES], inspectors[DEMO_COUNTIES];
    for (int c = 0; c < DEMO_COUNTIES; c++) {
        char u[48];
        snprintf(u, sizeof(u), "%s_admin", demo_county_slugs[c]);
        if (demo_person_load(s, u, &admins[c]) != 1)
            return err("demo hazards: no user %s", u);
        snprintf(u, sizeof(u), "%s_inspector", demo_county_slugs[c]);
        if (demo_person_load(s, u, &inspectors[c]) != 1)
            return err("demo hazards: no user %s", u);
    }
    struct dh d = {.s = s, .now = now, .rng = 20261123u};
    for (int nth = 1; nth < 100; nth++) {
        struct school_people sp;
        if (!school_people(s, nth, &sp, admins, inspectors))
            break;
        int n = 6 + nth % 5;
        for (int i = 0; i < n; i++) {
            /* more recent hazards than old ones, a few found this week */
            uint32_t span = i == 0 ? 7 : i == 1 ? 20 : i == 2 ? 60 : 365;
            int64_t age = (int64_t)rnd(&d, span) * XA_DAY_MS;
            int64_t t0 = now - age - (int64_t)rnd(&d, 12) * HOUR;
            if (one_hazard(&d, &sp, t0) < 0)
                return err("demo hazards: %s", store_errmsg(s));
        }
    }
    int flagged = 0, escalated = 0, due = 0;
    if (store_hazard_sweep(s, now, 7 * XA_DAY_MS, 30 * XA_DAY_MS, &flagged, &escalated, &due))
        return err("demo hazards sweep: %s", store_errmsg(s));
    fprintf(out, "  hazards: %d (%d actions, %d photos; %d overdue, %d escalations, %d due for "
                 "re-check)\n",
            d.hazards, d.actions, d.photos, flagged, escalated, due);
    log_info("demo: %d hazards, %d actions, %d refused", d.hazards, d.actions, d.refused);
    return 0;
}
