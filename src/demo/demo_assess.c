/*
 * demo_assess.c - a year of supervision and the yearly assessment for the
 * demo schools: the schools' weekly report submissions (most on time, some
 * late, a few missing), inspections by the county inspectors every other
 * month (every second one covert; the newest covert one still unpublished)
 * and one by the city, with findings of which some became hazards, a few
 * interviews, two yellow cards (one lifted), criticism and commendation
 * notices, manual adjustments, and the computed assessment of last year
 * (finalised) and of this year.
 *
 * Goes through the store functions the API uses; times walk over the past
 * 365 days before `now`, as demo_programme.c does.
 */
#include "core/compat.h"
#include "api/api_report.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/programme.h"
#include "store/store_assess.h"
#include "store/store_hazard.h"
#include "store/store_msg.h"
#include "store/store_programme.h"
#include "store/store_report.h"

#define HOUR (3600LL * 1000)
#define MIN (60LL * 1000)
#define MAXS 128

struct sch {
    struct demo_person principal, officer;
    char name[128];
    int county; /* 0..2, -1 unknown */
};

struct da {
    struct store *s;
    struct change c; /* the block being written (quiet: the demo audits nothing) */
    struct scope all; /* sees everything (after-images) */
    int64_t now, today;
    uint32_t rng;
    struct demo_person city, admin[3], insp[3];
    struct sch sc[MAXS];
    int n;
    int reports, inspections, findings, hazards, interviews, cards, notices, accounts;
    int64_t fatal_id; /* the drowning of fatal_incident */
};

/* The change acting as user at when (the demo replays months of work). */
static struct change *as(struct da *d, int64_t user, int64_t when)
{
    d->c.user_id = user;
    d->c.at = when;
    return &d->c;
}

static int begin(struct da *d)
{
    if (store_change_begin(&d->c, d->s, 0, "", d->now))
        return -1;
    d->c.quiet = true;
    return 0;
}

static uint32_t rnd(struct da *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

static void ymd(int64_t day, char *buf)
{
    prog_date_format(day, buf, 11);
}

/* ISO week "YYYY-Www" of a day, and the Monday that starts it. */
static void iso_week(int64_t day, char *buf, size_t len, int64_t *monday)
{
    int64_t wd = ((day % 7) + 7 + 3) % 7; /* 0 = Monday (1970-01-01 was a Thursday) */
    int64_t mon = day - wd, thu = mon + 3;
    int y;
    unsigned m, dd;
    xa_civil_from_days(thu, &y, &m, &dd);
    int64_t jan1 = xa_days_from_civil(y, 1, 1);
    snprintf(buf, len, "%04d-W%02d", y, (int)((thu - jan1) / 7 + 1));
    *monday = mon;
}

/* Weekly reports of the past year: most on time (Monday morning), some
 * late (Tuesday), a few never; two schools of each county do worse. */
static int reports(struct da *d, int i)
{
    struct sch *sc = &d->sc[i];
    bool sloppy = i % 7 == 3;
    int64_t deadline = store_report_deadline_min(d->s, sc->principal.path);
    if (deadline < 0)
        return -1;
    for (int64_t day = d->today - 364; day <= d->today; day += 7) {
        char period[16];
        int64_t mon;
        iso_week(day, period, sizeof(period), &mon);
        int64_t due = prog_day_start(mon + 7) + deadline * MIN;
        if (due > d->now)
            continue;
        uint32_t p = rnd(d, 100);
        int missing = sloppy ? 15 : 3, late = sloppy ? 35 : 10;
        if ((int)p < missing)
            continue;
        bool is_late = (int)p < missing + late;
        int64_t at = is_late ? due + (20 + rnd(d, 30)) * HOUR : due - (3 + rnd(d, 60)) * HOUR;
        /* the last weeks' reports carry their frozen content, as a
         * submission through the API would (older ones only their flags) */
        char *content = NULL;
        json_t *sum = NULL;
        if (day >= d->today - 35) {
            json_t *org = store_org_get(d->s, sc->principal.org_id);
            json_t *u = store_user_get(d->s, sc->officer.id);
            struct weekly_freeze wf = {
                .version = 1,
                .submitter = u ? json_string_value(json_object_get(u, "name")) : "",
                .late = is_late,
            };
            int64_t dl = 0;
            content = org ? api_report_weekly_freeze(d->s, at, sc->principal.org_id, org,
                                                     sc->principal.path, mon, &wf, &sum, &dl)
                          : NULL;
            json_decref(org);
            json_decref(u);
            if (!content)
                return -1;
        }
        if (!sum)
            sum = json_object();
        struct report_sub_in in = {
            .org_id = sc->principal.org_id, .path = sc->principal.path, .period = period,
            .summary = sum, .content = content, .deadline_at = due, .late = is_late,
            .version = 1,
        };
        int64_t id = store_report_submit(as(d, sc->officer.id, at), &in, NULL);
        json_decref(sum);
        free(content);
        if (id < 0) {
            if (store_errclass(d->s) == DB_ERR_UNIQUE)
                continue;
            return -1;
        }
        d->reports++;
    }
    return 0;
}

/* Last month's bulletin (通报) of the first county, issued with its 文号
 * under the prefix 华教安 (the other bureaus have none yet to draft). */
static int bulletins(struct da *d)
{
    int y;
    unsigned m, dd;
    xa_civil_from_days(d->today, &y, &m, &dd);
    char period[16];
    snprintf(period, sizeof(period), "%04d-%02u", m == 1 ? y - 1 : y, m == 1 ? 12u : m - 1);
    struct org_in in = {.has_doc_prefix = true, .doc_prefix = "华教安"};
    if (store_org_update(as(d, 0, d->now), d->admin[0].org_id, &in, NULL))
        return -1;
    json_t *u = store_user_get(d->s, d->admin[0].id);
    int64_t id = api_bulletin_issue_now(as(d, d->admin[0].id, d->now - 2 * HOUR),
                                        d->admin[0].org_id, period,
                                        u ? json_string_value(json_object_get(u, "name")) : "");
    json_decref(u);
    return id < 0 ? -1 : 0;
}

static const struct {
    const char *content, *category, *grade;
} finding_text[] = {
    {"消防控制室夜间仅一人值班，值班记录有空白", "fire", "general"},
    {"食堂留样冰箱温度记录不全，留样不足 48 小时", "food", "general"},
    {"实验室危险化学品未落实双人双锁管理", "lab", "major"},
    {"校门口护学岗人员未按时到岗", "security", "general"},
    {"教学楼二楼疏散指示标志损坏", "fire", "general"},
    {"校园南侧池塘防护栏缺损，无警示标志", "drowning", "major"},
    {"配电房门未上锁，内有杂物堆放", "electrical", "general"},
    {"宿舍楼应急照明灯部分不亮", "fire", "general"},
    {"校车安全带有两处损坏，随车照管员不在岗", "traffic", "general"},
    {"心理辅导室未按规定开放，无辅导记录", "psychological", "general"},
};

/* One finding, its hazard made at once (regular) or on publishing (covert). */
static int finding(struct da *d, int64_t insp, struct sch *sc, size_t k, bool covert,
                   bool hazard, const struct demo_person *by, int64_t at)
{
    k %= XA_ARRAY_LEN(finding_text);
    struct finding_in in = {
        .inspection_id = insp,
        .org_id = sc->principal.org_id,
        .org_path = sc->principal.path,
        .content = finding_text[k].content,
        .category = finding_text[k].category,
        .grade = finding_text[k].grade,
        .hazard_pending = hazard && covert,
    };
    if (hazard && !covert) {
        char title[100];
        snprintf(title, sizeof(title), "%s", finding_text[k].content);
        struct hazard_create c = {.school_id = sc->principal.org_id,
                                  .title = title,
                                  .description = finding_text[k].content,
                                  .category = finding_text[k].category,
                                  .grade = finding_text[k].grade,
                                  .source = "inspection",
                                  .location = ""};
        in.hazard_id = store_hazard_create(as(d, by->id, at), &c);
        if (in.hazard_id <= 0)
            return -1;
        d->hazards++;
    }
    if (store_finding_create(as(d, by->id, at), &in, NULL) < 0)
        return -1;
    d->findings++;
    return 0;
}

struct pub_ctx {
    struct da *d;
    const struct demo_person *by;
};

/* store_insp_publish's make_hazard: a covert finding's hazard. */
static int64_t pending_hazard(void *ctx, json_t *f)
{
    struct pub_ctx *x = ctx;
    const char *content = json_string_value(json_object_get(f, "content"));
    struct hazard_create c = {
        .school_id = json_integer_value(json_object_get(f, "org_id")),
        .title = content,
        .description = content,
        .category = json_string_value(json_object_get(f, "category")),
        .grade = json_string_value(json_object_get(f, "grade")),
        .source = "covert",
        .location = "",
    };
    int64_t hid = store_hazard_create(as(x->d, x->by->id, x->d->c.at), &c);
    if (hid > 0)
        x->d->hazards++;
    return hid > 0 ? hid : -1;
}

static int publish(struct da *d, int64_t insp, const struct demo_person *by, int64_t at)
{
    struct pub_ctx x = {d, by};
    return store_insp_publish(as(d, by->id, at), insp, &d->all, pending_hazard, &x, NULL);
}

/* Schools of county c (indexes into d->sc), at most max. */
static int county_schools(struct da *d, int c, int *idx, int max)
{
    int n = 0;
    for (int i = 0; i < d->n && n < max; i++)
        if (d->sc[i].county == c)
            idx[n++] = i;
    return n;
}

static int inspections(struct da *d)
{
    static const char *const groups[][3] = {
        {"刘建国", "王丽", "周涛"}, {"陈志强", "李娜", "黄波"}, {"张伟", "赵敏", "孙磊"}};
    static const char *const titles[] = {"春季开学安全检查", "防溺水专项督查", "食品安全专项检查",
                                         "汛期安全暗访", "秋季开学安全督查", "冬季消防安全暗访"};
    for (int c = 0; c < 3; c++) {
        int idx[MAXS];
        int n = county_schools(d, c, idx, MAXS);
        if (n == 0)
            continue;
        for (int k = 0; k < 6; k++) {
            int64_t day = d->today - 330 + k * 60 + (int64_t)rnd(d, 10);
            if (day > d->today - 2)
                day = d->today - 2;
            bool covert = k % 2 == 1;
            bool last = k == 5;
            int64_t at = prog_day_start(day) + 9 * HOUR;
            char date[16];
            ymd(day, date);
            int nt = n < 3 ? n : 2 + (int)rnd(d, 2);
            int64_t ids[4];
            char paths[4][96];
            int start = (int)rnd(d, (uint32_t)n);
            for (int t = 0; t < nt; t++) {
                struct sch *sc = &d->sc[idx[(start + t) % n]];
                ids[t] = sc->principal.org_id;
                snprintf(paths[t], sizeof(paths[t]), "%s", sc->principal.path);
            }
            json_t *g = json_pack("[s, s, s]", groups[c][0], groups[c][1], groups[c][2]);
            struct insp_in in = {
                .org_id = d->admin[c].org_id,
                .org_path = d->admin[c].path,
                .title = titles[k],
                .kind = covert ? "covert" : "regular",
                .date = date,
                .summary = covert ? "不打招呼、直奔现场，重点查看夜间值班和门卫管理。"
                                  : "按照检查清单逐项检查，现场反馈问题并限期整改。",
                .group = g,
                .nschools = (size_t)nt,
                .school_ids = ids,
                .school_paths = paths,
            };
            int64_t id = store_insp_create(as(d, d->insp[c].id, at), &in, &d->all, NULL);
            json_decref(g);
            if (id < 0)
                return -1;
            d->inspections++;
            for (int t = 0; t < nt; t++) {
                struct sch *sc = &d->sc[idx[(start + t) % n]];
                int nf = (int)rnd(d, 3);
                size_t k0 = rnd(d, 100);
                for (int f = 0; f < nf; f++)
                    if (finding(d, id, sc, k0 + (size_t)f * 3, covert, rnd(d, 3) == 0, &d->insp[c],
                                at + HOUR))
                        return -1;
            }
            /* the newest covert inspection of each county is still being written up */
            if (!(covert && last) &&
                publish(d, id, &d->admin[c], at + (2 + (int64_t)rnd(d, 5)) * 24 * HOUR))
                return -1;
        }
    }
    /* one covert inspection by the city across the counties */
    int64_t ids[3];
    char paths[3][96];
    int nt = 0;
    for (int c = 0; c < 3; c++) {
        int idx[MAXS];
        if (county_schools(d, c, idx, MAXS) > 0) {
            ids[nt] = d->sc[idx[0]].principal.org_id;
            snprintf(paths[nt], sizeof(paths[nt]), "%s", d->sc[idx[0]].principal.path);
            nt++;
        }
    }
    if (nt == 0)
        return 0;
    int64_t day = d->today - 45;
    char date[16];
    ymd(day, date);
    json_t *g = json_pack("[s, s]", "市局督查员 刘明", "市局安全科 陈海波");
    struct insp_in in = {.org_id = d->city.org_id,
                         .org_path = d->city.path,
                         .title = "全市学校安全工作暗查暗访",
                         .kind = "covert",
                         .date = date,
                         .summary = "市局随机抽取各县一所学校暗访。",
                         .group = g,
                         .nschools = (size_t)nt,
                         .school_ids = ids,
                         .school_paths = paths};
    int64_t at = prog_day_start(day) + 20 * HOUR;
    int64_t id = store_insp_create(as(d, d->city.id, at), &in, &d->all, NULL);
    json_decref(g);
    if (id < 0)
        return -1;
    d->inspections++;
    for (int c = 0; c < 3; c++) {
        int idx[MAXS];
        if (county_schools(d, c, idx, MAXS) > 0 &&
            finding(d, id, &d->sc[idx[0]], (size_t)c * 4, true, true, &d->city, at + HOUR))
            return -1;
    }
    return publish(d, id, &d->city, at + 3 * 24 * HOUR);
}

static int supervision(struct da *d)
{
    static const char *const reasons[] = {"暗访发现夜间值班缺位、消防控制室无人值守",
                                          "重大隐患逾期未整改", "周报多次迟报、漏报"};
    char date[16];
    for (int c = 0; c < 3; c++) {
        int idx[MAXS];
        int n = county_schools(d, c, idx, MAXS);
        if (n == 0)
            continue;
        struct sch *a = &d->sc[idx[n > 1 ? 1 : 0]], *b = &d->sc[idx[0]];
        /* an interview of a school leader */
        ymd(d->today - 100 + c * 20, date);
        struct interview_in iv = {
            .by_org_id = d->admin[c].org_id,
            .org_id = a->principal.org_id,
            .org_path = a->principal.path,
            .interviewee = "校长",
            .interviewee_title = "校长（第一责任人）",
            .date = date,
            .reason = reasons[c],
            .record = "校长说明了情况，承认值班制度落实不到位，表示立即整改。",
            .follow_up = "一周内提交书面整改报告，县局复查。",
        };
        int64_t id = store_interview_create(
            as(d, d->admin[c].id, prog_day_start(d->today - 100 + c * 20) + 15 * HOUR), &iv, NULL);
        if (id < 0 ||
            (c != 1 && store_interview_update(as(d, d->admin[c].id, d->now - (30 - c) * 24 * HOUR),
                                              id, NULL, "已提交整改报告，复查合格。", 1, NULL)))
            return -1;
        d->interviews++;
        /* notices: a criticism and a commendation per county */
        struct notice_entry_in crit = {a->principal.org_id, a->principal.path, "",
                                       "周报迟报、漏报，暗访发现值班缺位"};
        struct notice_entry_in prai = {b->principal.org_id, b->principal.path, "",
                                       "隐患整改闭环及时，应急演练规范"};
        ymd(d->today - 80 + c * 10, date);
        struct snotice_in ni = {d->admin[c].org_id, d->admin[c].path, "criticism",
                                "关于学校安全工作督查情况的通报",
                                "根据县局督查和暗访结果，对以下学校予以通报批评，限期整改。",
                                date, &crit, 1};
        if (store_snotice_create(
                as(d, d->admin[c].id, prog_day_start(d->today - 80 + c * 10) + 10 * HOUR), &ni,
                &d->all, NULL) < 0)
            return -1;
        ymd(d->today - 20 - c * 5, date);
        ni = (struct snotice_in){d->admin[c].org_id, d->admin[c].path, "commendation",
                                 "学校安全工作先进单位通报表扬",
                                 "以下学校安全工作扎实，予以通报表扬。", date, &prai, 1};
        if (store_snotice_create(
                as(d, d->admin[c].id, prog_day_start(d->today - 20 - c * 5) + 10 * HOUR), &ni,
                &d->all, NULL) < 0)
            return -1;
        d->notices += 2;
        /* two yellow cards in all: one lifted, one still active */
        if (c < 2) {
            int64_t day = d->today - (c == 0 ? 150 : 40);
            ymd(day, date);
            int64_t y = store_ycard_create(as(d, d->admin[c].id, prog_day_start(day) + 16 * HOUR),
                                           d->admin[c].org_id, a->principal.org_id,
                                           a->principal.path,
                                           c == 0 ? "重大隐患逾期未整改，经约谈仍未落实"
                                                  : "暗访发现值班缺位，周报多次漏报",
                                           date, NULL);
            if (y < 0)
                return -1;
            if (c == 0) {
                ymd(day + 60, date);
                if (store_ycard_lift(as(d, d->admin[c].id, prog_day_start(day + 60) + 10 * HOUR), y,
                                     date, "整改到位，经复查撤销警告", NULL) < 0)
                    return -1;
            }
            d->cards++;
        }
    }
    /* the city commends one school of each county */
    struct notice_entry_in e[3];
    int ne = 0;
    for (int c = 0; c < 3; c++) {
        int idx[MAXS];
        int n = county_schools(d, c, idx, MAXS);
        if (n > 2) {
            struct sch *sc = &d->sc[idx[2]];
            e[ne++] = (struct notice_entry_in){sc->principal.org_id, sc->principal.path, "",
                                               "安全教育课时全部达标"};
        }
    }
    ymd(d->today - 10, date);
    struct snotice_in ni = {d->city.org_id, d->city.path, "commendation",
                            "全市安全教育工作先进学校通报表扬", "", date, e, (size_t)ne};
    if (ne && store_snotice_create(as(d, d->city.id, prog_day_start(d->today - 10) + 9 * HOUR),
                                   &ni, &d->all, NULL) < 0)
        return -1;
    d->notices += ne > 0;
    return 0;
}

/* A pupil drowned in the summer holiday (reported in time, written report
 * done): the school's assessment of this year is vetoed (一票否决). */
static int fatal_incident(struct da *d)
{
    if (d->n < 8)
        return 0;
    struct sch *sc = &d->sc[7];
    int64_t occurred = prog_day_start(d->today - 130) + 16 * HOUR + 20 * MIN;
    const char *grade = prog_incident_grade(1, 0); /* one death: 一般事故 */
    struct incident_in in = {
        .org_id = sc->principal.org_id,
        .org_path = sc->principal.path,
        .deaths = 1,
        .injuries = 0,
        .occurred_at = occurred,
        .quick_due_at = prog_quick_due(grade, occurred),
        .written_due_at = prog_written_due(grade, occurred),
        .title = "学生暑假私自下河游泳溺亡",
        .category = "drowning",
        .grade = grade,
        .summary = "暑假期间一名五年级学生与同伴私自到村旁河道游泳，不幸溺亡。",
        .source = "school",
    };
    /* two changes (the quick report, then the written one ten hours on);
     * the demo writes no audit rows */
    struct change c;
    if (store_change_begin(&c, d->s, sc->principal.id, "", occurred + 40 * MIN))
        return -1;
    c.quiet = true;
    int64_t id = store_incident_create(&c, &in, NULL, 0, NULL);
    d->fatal_id = id;
    if (id < 0 || store_change_commit(&c)) {
        store_change_abort(&c);
        return -1;
    }
    if (store_change_begin(&c, d->s, sc->principal.id, "", occurred + 10 * HOUR))
        return -1;
    c.quiet = true;
    if (store_incident_written(&c, id, "学生安全意识淡薄，家长监护缺位，河道无警示标志。",
                               "学校第一时间报告并配合处置，做好家属安抚。",
                               "开展防溺水专题教育，联系村委在河道设置警示牌和救生设施。", NULL,
                               false, NULL) < 0 ||
        store_change_commit(&c)) {
        store_change_abort(&c);
        return -1;
    }
    return 0;
}

/* A year of accountability (问责) decisions by the county bureaus on their
 * schools and by the city on a county, each with the bureau's 文号 (oldest
 * first, so the numbers follow the dates). */
static int accountability(struct da *d)
{
    static const struct {
        int school; /* index into d->sc, -1: a county by the city */
        const char *target, *person, *title, *measure, *reason;
        int days_ago;
    } defs[] = {
        {1, "person", "刘建军", "分管安全副校长", "interview", "重大火灾隐患整改逾期 30 天未销号，履职不力", 300},
        {2, "unit", "", "", "notice", "隐患排查走过场，暗访发现台账与现场不符", 250},
        {3, "person", "周伟", "安全干部", "interview", "周报连续 4 周迟报、漏报", 200},
        {5, "unit", "", "", "notice", "应急演练弄虚作假，照片重复使用", 160},
        {7, "person", "陈志强", "校长", "sanction", "暑假防溺水教育和家校联系落实不到位，发生学生溺亡事故", 120},
        {7, "person", "黄丽", "班主任", "admonish", "暑期安全提醒和家访未落实", 118},
        {9, "person", "吴敏", "后勤主任", "admonish", "食堂从业人员健康证过期仍上岗", 90},
        {-1, "unit", "", "", "notice", "辖区重大隐患挂牌督办逾期，治理不力", 75},
        {4, "unit", "", "", "suspend", "校舍鉴定为 D 级危房仍在使用，责令停止使用并整改", 60},
        {11, "person", "郑涛", "副校长", "interview", "值班表未按规定报送，节假日无领导带班", 40},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(defs); i++) {
        const struct demo_person *by;
        int64_t org_id;
        const char *path;
        if (defs[i].school >= 0) {
            if (defs[i].school >= d->n || d->sc[defs[i].school].county < 0)
                continue;
            struct sch *sc = &d->sc[defs[i].school];
            by = &d->admin[sc->county];
            org_id = sc->principal.org_id;
            path = sc->principal.path;
        } else {
            by = &d->city;
            org_id = d->admin[1].org_id;
            path = d->admin[1].path;
        }
        int64_t day = d->today - defs[i].days_ago;
        int y;
        unsigned m, dd;
        xa_civil_from_days(day, &y, &m, &dd);
        char date[16], no[80];
        ymd(day, date);
        /* one quiet change each (the demo writes no audit rows): the 文号,
         * then the record */
        struct change c;
        if (store_change_begin(&c, d->s, by->id, "", prog_day_start(day) + 10 * HOUR))
            return -1;
        c.quiet = true;
        if (store_docno_next(d->s, by->org_id, y, no, sizeof(no), NULL)) {
            store_change_abort(&c);
            return -1;
        }
        struct account_in in = {
            .by_org_id = by->org_id,
            .by_org_path = by->path,
            .org_id = org_id,
            .org_path = path,
            .target = defs[i].target,
            .person = defs[i].person,
            .person_title = defs[i].title,
            .reason = defs[i].reason,
            .measure = defs[i].measure,
            .decision_no = no,
            .date = date,
            .incident_id = defs[i].school == 7 && d->fatal_id > 0 ? d->fatal_id : 0,
        };
        if (store_account_create(&c, &in, NULL) < 0 || store_change_commit(&c)) {
            store_change_abort(&c);
            return -1;
        }
        d->accounts++;
    }
    return 0;
}

static int assessment(struct da *d, int year)
{
    /* the city's manual items: a deduction for a school, a bonus for a county */
    if (d->n > 4) {
        struct sch *sc = &d->sc[4];
        if (store_assess_adjust_create(as(d, d->city.id, d->now), sc->principal.org_id,
                                       sc->principal.path, year, -2, "安全台账资料不全", NULL) < 0)
            return -1;
    }
    if (store_assess_adjust_create(as(d, d->city.id, d->now), d->admin[0].org_id, d->admin[0].path,
                                   year, 1.5, "平安校园创建工作成效突出", NULL) < 0)
        return -1;
    /* this year a county vetoes one of its schools with its reasons
     * (造成严重负面影响): bullying mishandled, public outrage */
    int y;
    unsigned m, dd;
    xa_civil_from_days(d->today, &y, &m, &dd);
    if (year == y && d->n > 10) {
        struct sch *sc = &d->sc[10];
        for (int c = 0; c < 3; c++)
            if (strncmp(sc->principal.path, d->admin[c].path, strlen(d->admin[c].path)) == 0 &&
                store_assess_veto_create(
                    as(d, d->admin[c].id, d->now - 20 * XA_DAY_MS), d->admin[c].org_id,
                    sc->principal.org_id, sc->principal.path, year, "negative_impact",
                    "学生欺凌事件发生后学校隐瞒不报、处置不当，经媒体报道引发舆情，造成严重负面影响",
                    NULL) < 0)
                return -1;
    }
    int64_t as_of = d->now;
    if (store_assess_compute(as(d, d->city.id, d->now), d->city.org_id, d->city.path, year, as_of,
                             &d->all, NULL) < 0)
        return -1;
    return 0;
}

int demo_assess_run(struct store *s, int64_t now, FILE *out)
{
    struct da *d = calloc(1, sizeof(*d));
    if (!d)
        return err("demo assess: out of memory");
    d->s = s;
    d->all.n = 1;
    d->all.path[0][0] = '/';
    d->now = now;
    d->today = prog_day_of(now);
    d->rng = 20260809u;
    int rc = -1;
    if (demo_person_load(s, "yy_admin", &d->city) != 1) {
        err("demo assess: no user yy_admin");
        goto out;
    }
    for (int c = 0; c < DEMO_COUNTIES; c++) {
        char u[48];
        snprintf(u, sizeof(u), "%s_admin", demo_county_slugs[c]);
        if (demo_person_load(s, u, &d->admin[c]) != 1) {
            err("demo assess: no user %s", u);
            goto out;
        }
        snprintf(u, sizeof(u), "%s_inspector", demo_county_slugs[c]);
        if (demo_person_load(s, u, &d->insp[c]) != 1)
            d->insp[c] = d->admin[c];
    }
    for (int nth = 1; nth < 100 && d->n < MAXS; nth++) {
        struct sch *sc = &d->sc[d->n];
        int r = demo_school_person(s, nth, "principal", &sc->principal);
        if (r == 0)
            break;
        if (r < 0 || demo_school_person(s, nth, "safety", &sc->officer) != 1) {
            err("demo assess: school %d: %s", nth, store_errmsg(s));
            goto out;
        }
        json_t *o = store_org_get(s, sc->principal.org_id);
        snprintf(sc->name, sizeof(sc->name), "%s",
                 o ? json_string_value(json_object_get(o, "name")) : "");
        json_decref(o);
        sc->county = demo_county_of(sc->principal.path, d->admin);
        d->n++;
    }
    for (int i = 0; i < d->n; i++) {
        if (begin(d))
            goto fail;
        if (reports(d, i) || store_change_commit(&d->c))
            goto fail;
    }
    if (begin(d) || bulletins(d) || store_change_commit(&d->c))
        goto fail;
    int y;
    unsigned m, dd;
    xa_civil_from_days(d->today, &y, &m, &dd);
    if (begin(d) || inspections(d) || supervision(d) || store_change_commit(&d->c) ||
        fatal_incident(d) || accountability(d))
        goto fail;
    if (begin(d) || assessment(d, y - 1) ||
        store_assess_finalize(as(d, d->city.id, now), d->city.org_id, d->city.path, y - 1, &d->all,
                              NULL) < 0 ||
        assessment(d, y) || store_change_commit(&d->c))
        goto fail;
    fprintf(out,
            "  supervision: %d weekly reports, %d inspections (%d findings, %d hazards), %d "
            "interviews, %d yellow cards, %d notices, %d accountability decisions; assessments of "
            "%d (final) and %d\n",
            d->reports, d->inspections, d->findings, d->hazards, d->interviews, d->cards,
            d->notices, d->accounts, y - 1, y);
    log_info("demo: %d inspections, %d findings, assessments computed", d->inspections,
             d->findings);
    rc = 0;
    goto out;
fail:
    err("demo assess: %s", store_errmsg(s));
    store_change_abort(&d->c);
out:
    free(d);
    return rc;
}
