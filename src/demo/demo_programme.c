/*
 * demo_programme.c - a year of the safety programme for the demo schools:
 * education lessons for every class (most classes reach 10 hours a
 * semester, some fall short), the bureaus' calendar of themed days and
 * holidays, emergency plans with revisions, monthly / quarterly drills with
 * a few missed months, weekly and holiday duty rosters (a few late or with
 * gaps), and incident reports (most in time, some late, one written report
 * missing, one concealed per county).
 *
 * Goes through the store functions the API uses, with the domain rules for
 * semesters, cadences and deadlines; times walk over the past 365 days.
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/programme.h"
#include "store/store_programme.h"

#define HOUR (3600LL * 1000)
#define MIN (60LL * 1000)

struct dp {
    struct store *s;
    /* the open change (one per county, one per school): quiet, since the
     * demo writes no audit rows; W() sets its actor and instant per row */
    struct change c;
    int64_t now, today;
    uint32_t rng;
    int lessons, plans, drills, rosters, incidents, calendar;
};

static uint32_t rnd(struct dp *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

static struct change *W(struct dp *d, int64_t user_id, int64_t at)
{
    d->c.user_id = user_id;
    d->c.at = at;
    return &d->c;
}

static int dp_begin(struct dp *d)
{
    if (store_change_begin(&d->c, d->s, 0, "", d->now))
        return -1;
    d->c.quiet = true;
    return 0;
}

static void ymd(int64_t day, char *buf)
{
    prog_date_format(day, buf, 16);
}

static int64_t civil(int y, unsigned m, unsigned dd)
{
    return xa_days_from_civil(y, m, dd);
}

/* ---- the bureaus' calendar ---- */

struct cal_def {
    const char *kind, *title, *category;
    unsigned m0, d0, m1, d1;
};

/* Holidays and seasonal topics; the national themed days come from the rule
 * (prog_national_days: 安全教育日 on the last Monday of March, 安全宣传咨询日
 * in 安全生产月, ...). */
static const struct cal_def cal_defs[] = {
    {"holiday", "元旦假期", NULL, 1, 1, 1, 3},
    {"holiday", "劳动节假期", NULL, 5, 1, 5, 5},
    {"seasonal", "防溺水专题教育季", "drowning", 5, 1, 8, 31},
    {"holiday", "国庆假期", NULL, 10, 1, 10, 7},
    {"seasonal", "冬季防火防一氧化碳中毒", "fire", 12, 1, 12, 31},
};

/* The Spring Festival holiday of year y (fixed table, else mid-February). */
static void spring_festival(int y, int64_t *a, int64_t *b)
{
    if (y == 2026) {
        *a = civil(2026, 2, 15);
        *b = civil(2026, 2, 23);
    } else if (y == 2027) {
        *a = civil(2027, 2, 5);
        *b = civil(2027, 2, 11);
    } else {
        *a = civil(y, 2, 10);
        *b = civil(y, 2, 16);
    }
}

static int calendar(struct dp *d, const struct demo_person *admin, int year)
{
    char a[16], b[16];
    for (size_t i = 0; i < XA_ARRAY_LEN(cal_defs); i++) {
        const struct cal_def *c = &cal_defs[i];
        ymd(civil(year, c->m0, c->d0), a);
        ymd(civil(year, c->m1, c->d1), b);
        if (store_cal_create(W(d, admin->id, d->now - 300 * XA_DAY_MS), admin->org_id,
                             admin->path, c->kind, c->title, c->category, a, b, "", NULL) < 0)
            return -1;
        d->calendar++;
    }
    struct prog_national_day nd[PROG_NATIONAL_DAYS];
    prog_national_days(year, nd);
    for (int i = 0; i < PROG_NATIONAL_DAYS; i++) {
        ymd(nd[i].first, a);
        ymd(nd[i].last, b);
        if (store_cal_create(W(d, admin->id, d->now - 300 * XA_DAY_MS), admin->org_id,
                             admin->path, nd[i].kind, nd[i].title, nd[i].category, a, b, "",
                             NULL) < 0)
            return -1;
        d->calendar++;
    }
    int64_t sa, sb;
    spring_festival(year, &sa, &sb);
    ymd(sa, a);
    ymd(sb, b);
    if (store_cal_create(W(d, admin->id, d->now - 300 * XA_DAY_MS), admin->org_id, admin->path,
                         "holiday", "春节假期", NULL, a, b, "", NULL) < 0)
        return -1;
    d->calendar++;
    return 0;
}

/* ---- per school ---- */

#define DEMO_DRILL_MONTHS_C2 (PROG_MONTHS_ALL & ~(1u << 7))

struct school {
    struct demo_person principal, officer, teacher[3], admin;
    int nth;
    int64_t classes;
    char type[24];
    unsigned drill_months; /* the county's counted months */
};

static const char *const topics[13][2] = {
    {"", ""},
    {"寒假安全教育（防火、防一氧化碳中毒）", "fire"},
    {"开学安全第一课", "other"},
    {"交通安全与文明出行", "traffic"},
    {"防踩踏与课间安全", "stampede"},
    {"防溺水“六不”教育", "drowning"},
    {"暑期防溺水与假期安全", "drowning"},
    {"暑期安全", "drowning"},
    {"暑期安全", "drowning"},
    {"开学安全第一课（校车与上下学安全）", "traffic"},
    {"国庆假期安全与防诈骗", "security"},
    {"消防安全与逃生自救", "fire"},
    {"冬季用电用火安全", "electrical"},
};

static void class_name(const struct school *sc, int64_t i, char *buf, size_t len)
{
    static const char *const kg[] = {"小", "中", "大"};
    static const char *const pri[] = {"一年级", "二年级", "三年级", "四年级", "五年级", "六年级"};
    static const char *const jun[] = {"七年级", "八年级", "九年级"};
    static const char *const sen[] = {"高一", "高二", "高三"};
    static const char *const nine[] = {"一年级", "二年级", "三年级", "四年级", "五年级",
                                       "六年级", "七年级", "八年级", "九年级"};
    const char *const *g = pri;
    int ng = 6;
    if (strcmp(sc->type, "kindergarten") == 0)
        g = kg, ng = 3;
    else if (strcmp(sc->type, "junior") == 0)
        g = jun, ng = 3;
    else if (strcmp(sc->type, "senior") == 0 || strcmp(sc->type, "vocational") == 0)
        g = sen, ng = 3;
    else if (strcmp(sc->type, "nine_year") == 0 || strcmp(sc->type, "special") == 0)
        g = nine, ng = 9;
    snprintf(buf, len, "%s(%d)班", g[i % ng], (int)(i / ng) + 1);
}

static int lessons(struct dp *d, const struct school *sc)
{
    int64_t first = d->today - 365;
    char sem[16], last_sem[16];
    prog_semester_of(first, sem, sizeof(sem));
    prog_semester_of(d->today, last_sem, sizeof(last_sem));
    for (int guard = 0; guard < 4; guard++) {
        int64_t a, b;
        if (prog_semester_range(sem, &a, &b))
            return -1;
        /* the teaching weeks; most lessons come in the first three quarters */
        int64_t t0 = a + 20, t1 = a + 20 + (b - a - 40) * 3 / 4;
        for (int64_t c = 0; c < sc->classes; c++) {
            char cls[48];
            class_name(sc, c, cls, sizeof(cls));
            /* six 2-hour lessons; a few classes of some schools only four */
            int n = (sc->nth % 5 == 0 && c % 4 == 1) ? 4 : 6;
            for (int k = 0; k < n; k++) {
                int64_t day = t0 + (t1 - t0) * k / n + rnd(d, 10);
                if (day < first || day > d->today)
                    continue;
                int y;
                unsigned m, dd;
                xa_civil_from_days(day, &y, &m, &dd);
                char date[16];
                ymd(day, date);
                const struct demo_person *t = &sc->teacher[rnd(d, 3)];
                struct lesson_in in = {.org_id = sc->principal.org_id,
                                       .org_path = sc->principal.path,
                                       .class_name = cls,
                                       .topic = topics[m][0],
                                       .category = topics[m][1],
                                       .date = date,
                                       .semester = sem,
                                       .teacher = "",
                                       .hours = 2};
                if (store_lesson_create(W(d, t->id, prog_day_start(day) + 16 * HOUR), &in,
                                        NULL) < 0)
                    return -1;
                d->lessons++;
            }
        }
        if (strcmp(sem, last_sem) == 0)
            break;
        /* next semester */
        prog_semester_of(b + 1, sem, sizeof(sem));
    }
    return 0;
}

static int plans(struct dp *d, const struct school *sc, int64_t *plan_fire)
{
    static const struct {
        const char *title, *kind, *theme;
    } defs[] = {
        {"学校突发公共事件总体应急预案", "overall", "general"},
        {"消防安全事故应急预案", "special", "fire"},
        {"地震灾害应急疏散预案", "special", "earthquake"},
        {"防溺水安全事故应急预案", "special", "drowning"},
        {"食物中毒事件应急预案", "special", "food"},
    };
    int64_t created = d->now - 350 * XA_DAY_MS;
    char eff[16];
    ymd(prog_day_of(created), eff);
    for (size_t i = 0; i < XA_ARRAY_LEN(defs); i++) {
        if (i == 4 && strcmp(sc->type, "kindergarten") != 0 && sc->nth % 2)
            continue;
        char content[512];
        snprintf(content, sizeof(content),
                 "一、总则（编制目的、依据、适用范围、工作原则）\n二、组织机构与职责（应急领导小组：组长 校长）\n"
                 "三、预警与信息报告（事发后 1 小时内口头报告，24 小时内书面报告）\n四、应急处置（%s）\n"
                 "五、后期处置\n六、保障措施\n七、附则",
                 defs[i].title);
        int64_t id = store_eplan_create(W(d, sc->officer.id, created), sc->principal.org_id,
                                        sc->principal.path, defs[i].title, defs[i].kind,
                                        defs[i].theme, content, "首次制定", eff, NULL);
        if (id < 0)
            return -1;
        d->plans++;
        if (i == 1)
            *plan_fire = id;
        if ((sc->nth + (int)i) % 2 == 0) {
            int64_t at = d->now - (100 + rnd(d, 60)) * XA_DAY_MS;
            char e2[16];
            ymd(prog_day_of(at), e2);
            char revised[640];
            snprintf(revised, sizeof(revised), "%s\n（修订：根据演练评估调整疏散路线和集合点）",
                     content);
            if (store_eplan_add_version(W(d, sc->officer.id, at), id, revised,
                                        "根据演练评估调整疏散路线", e2, NULL))
                return -1;
        }
    }
    return 0;
}

static int drills(struct dp *d, const struct school *sc, int64_t plan_fire)
{
    static const char *const themes[] = {"fire", "earthquake", "stampede", "terror",
                                         "drowning", "epidemic", "school_bus"};
    static const char *const evals[] = {
        "疏散有序，各班按指定路线到达集合点，用时达标。",
        "个别班级楼梯口拥挤，需加强转角处引导。",
        "学生能正确使用湿毛巾捂口鼻、弯腰前行，教师组织到位。",
        "集合清点人数偏慢，需改进班主任报告流程。",
    };
    enum prog_cadence cad = prog_drill_cadence(sc->type);
    int64_t first = d->today - 365;
    int y0;
    unsigned m0, dd0;
    xa_civil_from_days(first, &y0, &m0, &dd0);
    int skip = sc->nth % 6 == 0 ? (int)(3 + sc->nth % 5) : -1; /* one missed month */
    for (int k = 0; k <= 12; k++) {
        int y = y0 + (int)((m0 - 1 + (unsigned)k) / 12);
        int m = (int)((m0 - 1 + (unsigned)k) % 12) + 1;
        if (cad == PROG_MONTHLY && !prog_period_required(cad, m - 1, sc->drill_months))
            continue;
        if (cad == PROG_QUARTERLY && (m - 1) % 3 != (sc->nth % 3))
            continue;
        if (m == skip)
            continue;
        int64_t day = civil(y, (unsigned)m, 8 + rnd(d, 15));
        if (day < first || day > d->today)
            continue;
        char date[16];
        ymd(day, date);
        int64_t ev = 70 + rnd(d, 70);
        if (rnd(d, 8) == 0)
            ev += 60; /* a slow one */
        const char *theme = themes[rnd(d, strcmp(sc->type, "kindergarten") == 0 ? 3 : 7)];
        struct drill_in in = {
            .org_id = sc->principal.org_id,
            .plan_id = strcmp(theme, "fire") == 0 ? plan_fire : 0,
            .participants = 200 + rnd(d, 1800),
            .duration_min = 20 + rnd(d, 25),
            .evacuation_seconds = ev,
            .org_path = sc->principal.path,
            .theme = theme,
            .date = date,
            .evaluation = evals[rnd(d, XA_ARRAY_LEN(evals))],
            .rating = ev > 120 ? "pass" : rnd(d, 3) ? "good" : "excellent",
        };
        if (store_drill_create(W(d, sc->officer.id, prog_day_start(day) + 17 * HOUR), &in,
                               NULL) < 0)
            return -1;
        d->drills++;
    }
    return 0;
}

static int roster(struct dp *d, const struct school *sc, const char *title, const char *kind,
                  int64_t a, int64_t b, bool publish, bool gap)
{
    char sa[16], sb[16];
    ymd(a, sa);
    ymd(b, sb);
    int64_t created = prog_day_start(a) - 5 * XA_DAY_MS;
    struct duty_slot_in slots[PROG_ROSTER_MAX_DAYS];
    char dates[PROG_ROSTER_MAX_DAYS][16];
    size_t n = 0;
    for (int64_t day = a; day <= b && n < PROG_ROSTER_MAX_DAYS; day++) {
        if (gap && day == b)
            continue; /* the last day left uncovered */
        ymd(day, dates[n]);
        slots[n] = (struct duty_slot_in){
            .date = dates[n],
            .phone = "0730-8123456",
            .leader_id = day % 2 ? sc->principal.id : sc->officer.id,
            .is_24h = strcmp(kind, "routine") != 0,
            .staff_ids = json_pack("[I, I]", (json_int_t)sc->teacher[day % 3].id,
                                   (json_int_t)sc->teacher[(day + 1) % 3].id),
        };
        n++;
    }
    int64_t id = store_roster_create(W(d, sc->officer.id, created), sc->principal.org_id,
                                     sc->principal.path, title, kind, sa, sb, slots, n, NULL);
    for (size_t i = 0; i < n; i++)
        json_decref(slots[i].staff_ids);
    if (id < 0)
        return -1;
    /* now and then a special-period roster is filed after its start (补报) */
    bool late = publish && strcmp(kind, "routine") != 0 && sc->nth % 7 == 3;
    int64_t at = late ? prog_day_start(a) + 10 * HOUR : prog_day_start(a) - (2 + rnd(d, 3)) * XA_DAY_MS;
    if (publish && store_roster_publish(W(d, sc->officer.id, at), id, late, NULL))
        return -1;
    d->rosters++;
    return 0;
}

static int rosters(struct dp *d, const struct school *sc)
{
    /* weekly rosters Monday to Sunday, the past year and next week */
    int64_t monday = d->today - ((d->today + 3) % 7); /* 1970-01-01 was a Thursday */
    for (int w = -51; w <= 1; w++) {
        int64_t a = monday + 7 * w, b = a + 6;
        char title[16];
        ymd(a, title);
        char t2[96];
        snprintf(t2, sizeof(t2), "%s 起一周值班表", title);
        /* this week's roster of a few schools was never published (late) */
        bool late = w == 0 && sc->nth % 11 == 0;
        bool publish = !late && (w < 1 || sc->nth % 2 == 0);
        if (roster(d, sc, t2, "routine", a, b, publish, false))
            return -1;
    }
    /* holiday rosters of the past year (one school leaves a day open) */
    int y0;
    unsigned m0, dd0;
    xa_civil_from_days(d->today - 365, &y0, &m0, &dd0);
    for (int y = y0; y <= y0 + 1; y++) {
        int64_t hs[3][2];
        spring_festival(y, &hs[0][0], &hs[0][1]);
        hs[1][0] = civil(y, 5, 1), hs[1][1] = civil(y, 5, 5);
        hs[2][0] = civil(y, 10, 1), hs[2][1] = civil(y, 10, 7);
        static const char *const names[] = {"春节假期 24 小时值班", "劳动节假期 24 小时值班",
                                            "国庆假期 24 小时值班"};
        for (int h = 0; h < 3; h++) {
            if (hs[h][0] < d->today - 365 || hs[h][0] > d->today + 30)
                continue;
            bool gap = sc->nth % 13 == 0 && h == 2;
            if (roster(d, sc, names[h], "holiday", hs[h][0], hs[h][1], !gap, gap))
                return -1;
        }
    }
    return 0;
}

static int incidents(struct dp *d, const struct school *sc)
{
    static const struct {
        const char *title, *category, *summary;
        int injuries;
    } defs[] = {
        {"学生课间追逐摔伤", "sports", "学生课间在走廊追逐摔倒，额头擦伤，校医处理后家长接回。", 1},
        {"体育课学生踝关节扭伤", "sports", "体育课跳远练习时一名学生踝关节扭伤，已送医拍片。", 1},
        {"放学途中学生被电动车碰擦", "traffic", "放学途中一名学生在校门口被电动车碰擦，轻微擦伤。", 1},
        {"食堂午餐后多名学生腹痛", "food", "午餐后 9 名学生出现腹痛、呕吐，已送医并封存留样。", 9},
        {"实验室试剂瓶打翻", "lab", "化学实验课上盐酸试剂瓶打翻，一名学生手部轻微灼伤。", 1},
    };
    int n = sc->nth % 4;
    for (int k = 0; k < n; k++) {
        size_t which = (size_t)((sc->nth + k) % (int)XA_ARRAY_LEN(defs));
        if (which == 3 && sc->nth % 3)
            which = 0;
        int64_t occurred = d->now - (int64_t)(2 + rnd(d, 350)) * XA_DAY_MS - rnd(d, 8) * HOUR;
        if (k == 0 && sc->nth % 9 == 4) /* a recent one still without its written report */
            occurred = d->now - 40 * HOUR;
        const char *grade = prog_incident_grade(0, 0); /* no deaths, no serious injuries */
        bool late_quick = rnd(d, 8) == 0;
        int64_t reported = occurred + (late_quick ? 3 * HOUR : (15 + rnd(d, 35)) * MIN);
        struct incident_in in = {
            .org_id = sc->principal.org_id,
            .injuries = defs[which].injuries,
            .occurred_at = occurred,
            .quick_due_at = prog_quick_due(grade, occurred),
            .written_due_at = prog_written_due(grade, occurred),
            .org_path = sc->principal.path,
            .title = defs[which].title,
            .category = defs[which].category,
            .grade = grade,
            .summary = defs[which].summary,
            .source = "school",
        };
        in.quick_late = reported > in.quick_due_at;
        int64_t id = store_incident_create(W(d, sc->officer.id, reported), &in, NULL, 0, NULL);
        if (id < 0)
            return -1;
        d->incidents++;
        if (occurred == d->now - 40 * HOUR)
            continue;
        int64_t written = reported + (rnd(d, 10) == 0 ? 30 * HOUR : (4 + rnd(d, 14)) * HOUR);
        if (written > d->now)
            continue;
        if (store_incident_written(W(d, sc->officer.id, written), id, "安全管理不到位，学生安全意识不足",
                                   "及时处置、送医，通知家长，做好安抚", "加强巡查和安全教育，完善制度",
                                   NULL, written > in.written_due_at, NULL) < 0)
            return -1;
    }
    return 0;
}

static int concealed(struct dp *d, const struct demo_person *admin, const struct school *sc)
{
    int64_t occurred = d->now - 120 * XA_DAY_MS;
    struct incident_in in = {
        .org_id = sc->principal.org_id,
        .deaths = 0,
        .injuries = 1,
        .occurred_at = occurred,
        .quick_due_at = prog_quick_due("general", occurred),
        .written_due_at = prog_written_due("general", occurred),
        .org_path = sc->principal.path,
        .title = "学生校内欺凌致伤（学校未上报，家长举报后核实）",
        .category = "bullying",
        .grade = "general",
        .summary = "经家长举报、县局核实：一名学生在宿舍被同学殴打致软组织挫伤，学校未按规定报告。",
        .source = "discovered",
        .quick_late = true,
    };
    if (store_incident_create(W(d, admin->id, occurred + 6 * XA_DAY_MS), &in, NULL, 0, NULL) < 0)
        return -1;
    d->incidents++;
    return 0;
}

/* ---- emergency resources ---- */

/* A team and supplies of a unit (a school or a bureau); some supplies
 * expired or expiring (the flags show). */
static int resources(struct dp *d, int64_t org_id, const char *path, int64_t user_id, int nth,
                     bool bureau)
{
    char members[512];
    snprintf(members, sizeof(members),
             "[{\"name\":\"%s\",\"role\":\"组长\",\"phone\":\"1387300%04d\"},"
             "{\"name\":\"%s\",\"role\":\"疏散引导\",\"phone\":\"1397300%04d\"},"
             "{\"name\":\"%s\",\"role\":\"医疗救护\",\"phone\":\"1357300%04d\"}]",
             bureau ? "刘建国" : "王志刚", nth % 10000, bureau ? "陈晓红" : "李明", (nth + 17) % 10000,
             bureau ? "周伟" : "赵丽", (nth + 29) % 10000);
    if (store_team_create(W(d, user_id, d->now - 200 * XA_DAY_MS), org_id, path,
                          bureau ? "教体系统应急救援队" : "校园应急处置小组",
                          bureau ? "重大突发事件现场增援、物资调度" : "火灾、地震等突发事件的疏散引导和先期处置",
                          members, NULL) < 0)
        return -1;
    static const struct {
        const char *item, *unit, *place;
        int qty, days; /* days from today to expiry; 0: none */
    } defs[] = {
        {"干粉灭火器", "具", "教学楼各层走廊消防箱", 40, 300},
        {"急救药箱", "个", "医务室", 4, 20},
        {"应急照明手电", "支", "门卫室", 20, -15},
        {"防汛沙袋", "袋", "后勤仓库", 200, 0},
        {"救生圈", "个", "校门口防溺水宣传点", 6, 500},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(defs); i++) {
        char exp[16];
        int days = defs[i].days;
        if (days && (nth + (int)i) % 3 == 0)
            days += 200; /* most units keep theirs in date */
        if (days)
            ymd(d->today + days, exp);
        struct supply_in in = {
            .org_id = org_id,
            .quantity = defs[i].qty,
            .org_path = path,
            .item = defs[i].item,
            .unit = defs[i].unit,
            .place = bureau ? "县教体局应急物资仓库" : defs[i].place,
            .keeper = bureau ? "陈晓红" : "李明",
            .expiry = days ? exp : NULL,
        };
        if (store_supply_create(W(d, user_id, d->now - 200 * XA_DAY_MS), &in, NULL) < 0)
            return -1;
    }
    return 0;
}

/* A county's own 总体应急预案 and a special plan. */
static int bureau_plans(struct dp *d, const struct demo_person *admin)
{
    json_t *o = store_org_get(d->s, admin->org_id);
    char title[160], eff[16];
    snprintf(title, sizeof(title), "%s突发事件总体应急预案",
             o ? json_string_value(json_object_get(o, "name")) : "");
    json_decref(o);
    ymd(d->today - 280, eff);
    if (store_eplan_create(W(d, admin->id, d->now - 280 * XA_DAY_MS), admin->org_id, admin->path,
                           title, "overall", "general",
                           "一、总则\n二、组织体系与职责\n三、预防与预警\n四、应急响应（分级响应、先口头后书面报告）\n五、后期处置\n六、应急保障（队伍、物资、通信）",
                           "首次制定", eff, NULL) < 0 ||
        store_eplan_create(W(d, admin->id, d->now - 280 * XA_DAY_MS), admin->org_id, admin->path,
                           "学生防溺水专项应急预案", "special", "drowning",
                           "一、适用范围\n二、预警与巡查\n三、救援与报告\n四、善后", "首次制定",
                           eff, NULL) < 0)
        return -1;
    return resources(d, admin->org_id, admin->path, admin->id, (int)admin->org_id, true);
}

static int school_load(struct store *s, int nth, struct school *sc, const struct demo_person *admins)
{
    memset(sc, 0, sizeof(*sc));
    sc->nth = nth;
    int rc = demo_school_person(s, nth, "principal", &sc->principal);
    if (rc != 1)
        return rc;
    if (demo_school_person(s, nth, "safety", &sc->officer) != 1)
        return -1;
    for (int i = 0; i < 3; i++) {
        char t[24];
        snprintf(t, sizeof(t), "teacher%d", i + 1);
        if (demo_school_person(s, nth, t, &sc->teacher[i]) != 1)
            sc->teacher[i] = sc->officer;
    }
    json_t *org = store_org_get(s, sc->principal.org_id);
    if (!org)
        return -1;
    sc->classes = json_integer_value(json_object_get(org, "classes"));
    snprintf(sc->type, sizeof(sc->type), "%s",
             json_string_value(json_object_get(org, "school_type"))
                 ? json_string_value(json_object_get(org, "school_type"))
                 : "primary");
    json_decref(org);
    int c = demo_county_of(sc->principal.path, admins);
    if (c >= 0)
        sc->admin = admins[c];
    return 1;
}

int demo_programme_run(struct store *s, int64_t now, FILE *out)
{
    struct demo_person admins[DEMO_COUNTIES];
    struct dp d = {.s = s, .now = now, .today = prog_day_of(now), .rng = 20270101u};
    int y;
    unsigned m, dd;
    xa_civil_from_days(d.today, &y, &m, &dd);
    if (dp_begin(&d))
        return err("demo programme: %s", store_errmsg(s));
    for (int c = 0; c < DEMO_COUNTIES; c++) {
        char u[48];
        snprintf(u, sizeof(u), "%s_admin", demo_county_slugs[c]);
        if (demo_person_load(s, u, &admins[c]) != 1) {
            store_change_abort(&d.c);
            return err("demo programme: no user %s", u);
        }
        /* the third county counts drills in every month but August (暑假) */
        if (calendar(&d, &admins[c], y - 1) || calendar(&d, &admins[c], y) ||
            bureau_plans(&d, &admins[c]) ||
            (c == 2 && store_drill_settings_put(W(&d, admins[c].id, now - 300 * XA_DAY_MS),
                                                admins[c].org_id, admins[c].path,
                                                "[1,2,3,4,5,6,7,9,10,11,12]", NULL))) {
            store_change_abort(&d.c);
            return err("demo programme: %s", store_errmsg(s));
        }
    }
    if (store_change_commit(&d.c))
        return err("demo programme: %s", store_errmsg(s));
    bool done_concealed[3] = {false, false, false};
    for (int nth = 1; nth < 100; nth++) {
        struct school sc;
        int rc = school_load(s, nth, &sc, admins);
        if (rc == 0)
            break;
        if (rc < 0)
            return err("demo programme: school %d: %s", nth, store_errmsg(s));
        if (dp_begin(&d))
            return err("demo programme: %s", store_errmsg(s));
        int64_t plan_fire = 0;
        int c = -1;
        for (int k = 0; k < 3; k++)
            if (sc.admin.id == admins[k].id)
                c = k;
        sc.drill_months = c == 2 ? DEMO_DRILL_MONTHS_C2 : PROG_MONTHS_ALL;
        if (lessons(&d, &sc) || plans(&d, &sc, &plan_fire) || drills(&d, &sc, plan_fire) ||
            rosters(&d, &sc) || incidents(&d, &sc) ||
            resources(&d, sc.principal.org_id, sc.principal.path, sc.officer.id, nth, false) ||
            (c >= 0 && !done_concealed[c] && nth > 3 && concealed(&d, &admins[c], &sc))) {
            err("demo programme: school %d: %s", nth, store_errmsg(s));
            store_change_abort(&d.c);
            return -1;
        }
        if (c >= 0 && nth > 3)
            done_concealed[c] = true;
        if (store_change_commit(&d.c))
            return err("demo programme: %s", store_errmsg(s));
    }
    fprintf(out,
            "  programme: %d lessons, %d calendar entries, %d emergency plans, %d drills, %d "
            "duty rosters, %d incidents\n",
            d.lessons, d.calendar, d.plans, d.drills, d.rosters, d.incidents);
    log_info("demo: %d lessons, %d drills, %d rosters, %d incidents", d.lessons, d.drills,
             d.rosters, d.incidents);
    return 0;
}
