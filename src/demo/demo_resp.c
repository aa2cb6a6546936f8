/*
 * demo_resp.c - a year of responsibility lists, letters and grid zones for
 * the demo schools: the city's level templates and each county's post
 * templates, the county / township / school lists made from them (post
 * lists name their holders, some schools add duties of their own), last
 * year's letters (all signed) and this year's (county to principals,
 * principal to staff; most signed within weeks, some still pending, among
 * them the demo teacher's), and three or four campus grid zones per school
 * holding its risk points by category, each with a named person.
 *
 * Goes through the store functions the API uses (store_resp.h).
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/store_resp.h"

#define HOUR (3600LL * 1000)

struct dr {
    struct store *s;
    /* the open quiet change (the demo wrote no audit rows for these); each
     * write is dated and signed by as() */
    struct change c;
    int64_t now;
    int year;
    uint32_t rng;
    int templates, lists, letters, signed_n, zones;
};

/* The change, for a write by user at instant at. */
static struct change *as(struct dr *d, int64_t user, int64_t at)
{
    d->c.user_id = user;
    d->c.at = at;
    return &d->c;
}

/* Opens the quiet change of a batch. */
static int begin(struct dr *d)
{
    if (store_change_begin(&d->c, d->s, 0, "demo", d->now))
        return -1;
    d->c.quiet = true;
    return 0;
}

static uint32_t rnd(struct dr *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

struct who {
    int64_t id, org_id;
    char path[96], name[64];
};

/* 1 loaded, 0 no such user, -1 error. */
static int who_load(struct store *s, const char *username, struct who *w)
{
    char hash[256];
    bool active;
    memset(w, 0, sizeof(*w));
    int rc = store_user_credentials(s, username, &w->id, hash, sizeof(hash), &active);
    if (rc != 1)
        return rc;
    return store_resp_user(s, w->id, &w->org_id, w->path, sizeof(w->path), w->name,
                           sizeof(w->name)) == 1
               ? 1
               : -1;
}

/* ---- templates ---- */

#define MAXI 8
struct tpl_def {
    const char *kind, *target, *name;
    const char *items[MAXI];
};

static const struct tpl_def city_tpls[] = {
    {"level", "county", "县（市、区）教育局学校安全监管责任清单",
     {"贯彻落实上级安全工作部署，每年制定本地区学校安全工作计划并组织实施",
      "健全“党政同责、一岗双责、齐抓共管、失职追责”责任体系，逐级签订安全责任书",
      "组织学校安全风险分级管控和隐患排查治理，对重大隐患挂牌督办",
      "每季度至少开展一次学校安全专项督查，对发现问题督促限期整改",
      "统筹校车、食品、消防、防溺水等重点领域安全监管",
      "及时、准确报送学校安全事故信息，不得迟报、漏报、瞒报"}},
    {"level", "township", "乡镇中心校安全管理责任清单",
     {"落实县教育局安全工作部署，督促辖区学校落实安全主体责任",
      "每月对辖区学校开展一次安全检查，建立问题台账并跟踪整改",
      "协调乡镇政府、派出所、市场监管所做好校园周边综合治理",
      "组织辖区学校开展安全教育和应急演练，做好汛期、假期防溺水工作"}},
    {"level", "school", "学校安全主体责任清单",
     {"校长是学校安全工作第一责任人，对本校安全工作全面负责",
      "成立安全工作领导小组，明确分管领导和各部门、各岗位安全职责",
      "落实风险点登记、评价和分级管控，每学期至少全面排查一次隐患",
      "落实门卫、值班、巡查制度，保障人防、物防、技防到位",
      "每月至少开展一次应急疏散演练，每学期安全教育不少于 10 课时",
      "发生安全事故立即报告并妥善处置"}},
};

static const struct tpl_def county_tpls[] = {
    {"post", "principal", "校长（第一责任人）岗位安全责任清单",
     {"全面负责学校安全工作，每月至少主持召开一次安全工作会议",
      "与班子成员、教职工逐级签订安全责任书，做到责任到人",
      "审定学校安全制度、应急预案和重大隐患整改方案",
      "保障安全经费投入，落实人防、物防、技防建设"}},
    {"post", "safety_officer", "分管安全干部岗位安全责任清单",
     {"具体组织学校风险辨识评估和隐患排查治理工作",
      "制定巡查计划，督促网格员按时巡查并核查巡查记录",
      "组织隐患整改和验收销号，按时填报安全周报、月报",
      "组织开展应急演练和安全教育活动"}},
    {"post", "class_teacher", "班主任岗位安全责任清单",
     {"每日晨午检，掌握学生出勤和身体状况，缺勤及时联系家长",
      "每周利用班会开展一次安全教育，节假日前进行专题提醒",
      "落实放学清点和路队护送，做好与家长的交接",
      "关注学生心理状况，及时发现和报告欺凌等异常情况"}},
    {"post", "teacher", "任课教师岗位安全责任清单",
     {"落实课堂安全管理，上课前检查教学设施设备", "实验、体育等课程严格执行安全操作规程",
      "发现安全隐患立即报告并采取临时防护措施"}},
    {"post", "doorkeeper", "门卫岗位安全责任清单",
     {"严格执行外来人员、车辆登记制度，做到“一问二看三登记”",
      "上下学时段在校门口值守，配合护校队维护秩序",
      "熟练使用防暴器械，发现可疑情况立即处置并报警"}},
    {"post", "canteen", "食堂从业人员岗位安全责任清单",
     {"持健康证上岗，每日晨检并做好记录", "严格执行食品采购索证索票和进货查验制度",
      "落实留样制度，每餐每样留样不少于 125 克并保存 48 小时"}},
};

static size_t nitems(const struct tpl_def *t)
{
    size_t n = 0;
    while (n < MAXI && t->items[n])
        n++;
    return n;
}

static int64_t mk_tpl(struct dr *d, const struct who *by, const struct tpl_def *t, int64_t at)
{
    int64_t id = store_rtpl_create(as(d, by->id, at), by->org_id, by->path, t->kind, t->target,
                                   t->name, "", t->items, nitems(t), NULL);
    if (id > 0)
        d->templates++;
    return id;
}

static int64_t mk_list(struct dr *d, int64_t org_id, const char *path, int64_t tpl,
                       const int64_t *holders, size_t nh, int64_t by, int64_t at)
{
    int64_t id = store_rlist_create(as(d, by, at), org_id, path, tpl, NULL, NULL, NULL, NULL, 0,
                                    holders, nh, NULL);
    if (id < 0)
        return -1;
    d->lists++;
    return id;
}

/* ---- letters ---- */

/* The numbered duties of a list into sb. */
static int list_text(struct dr *d, int64_t list_id, const char *lead, struct strbuf *sb)
{
    json_t *l = store_rlist_get(d->s, list_id);
    if (!l)
        return -1;
    strbuf_reset(sb);
    strbuf_adds(sb, lead);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(l, "items"), i, it)
        strbuf_addf(sb, "%zu. %s\n", i + 1, json_string_value(json_object_get(it, "content")));
    strbuf_adds(sb, "本责任书一式两份，自签署之日起生效，有效期一年。");
    json_decref(l);
    return 0;
}

/* Issues one letter at `at`; signs it after a few days unless pending (or
 * the day has not come yet). */
static int letter(struct dr *d, int year, const struct who *issuer, const struct who *to,
                  int64_t list_id, const char *title, const char *content, int64_t at,
                  bool pending)
{
    struct letter_in in = {
        .year = year,
        .issuer_org_id = issuer->org_id,
        .issuer_path = issuer->path,
        .user_id = to->id,
        .org_id = to->org_id,
        .org_path = to->path,
        .list_id = list_id,
        .title = title,
        .content = content,
    };
    int64_t id = store_letter_create(as(d, issuer->id, at), &in, NULL);
    if (id < 0)
        return -1;
    d->letters++;
    int64_t when = at + (int64_t)(1 + rnd(d, 25)) * XA_DAY_MS + (int64_t)rnd(d, 9) * HOUR;
    if (pending || when >= d->now)
        return 0;
    static const char *const notes[] = {"", "已认真阅读，承诺履职尽责", "", "坚决落实",
                                        "已阅，按责任书要求抓好落实"};
    const char *note = notes[rnd(d, XA_ARRAY_LEN(notes))];
    if (store_letter_sign(as(d, to->id, when), id, note, NULL) < 0)
        return -1;
    d->signed_n++;
    return 0;
}

/* Jan 15 09:00 of year, or two days ago when that is still to come. */
static int64_t issue_day(const struct dr *d, int year)
{
    int64_t t = xa_days_from_civil(year, 1, 15) * XA_DAY_MS + 9 * HOUR - XA_TZ_OFFSET_MS;
    return t < d->now - 2 * XA_DAY_MS ? t : d->now - 2 * XA_DAY_MS;
}

/* ---- grid zones ---- */

struct zone_def {
    const char *name, *desc, *freq;
    const char *cats[8];
};

static const struct zone_def zone_defs[] = {
    {"教学区", "教学楼、实验室、功能室及配电设施", "每日两次（上午、下午）",
     {"fire", "lab", "building", "electrical", "stampede", NULL}},
    {"生活区", "食堂、学生宿舍、开水房", "每日三次（餐前）", {"food", "epidemic", NULL}},
    {"运动区", "操场、体育馆、器材室及周边水域", "每日一次（课后）",
     {"sports", "drowning", "disaster", "construction", NULL}},
    {"校门及周边", "校门、围墙、停车区和校园周边道路", "上下学时段值守",
     {"security", "traffic", "surroundings", "terror", "bullying", "psychological", NULL}},
};

static int zone_of(const char *cat)
{
    for (size_t z = 0; z < XA_ARRAY_LEN(zone_defs); z++)
        for (const char *const *c = zone_defs[z].cats; *c; c++)
            if (strcmp(*c, cat) == 0)
                return (int)z;
    return 0;
}

static int zones(struct dr *d, const struct who *officer, const struct who *teacher, int64_t at)
{
    json_t *pts = store_zone_free_points(d->s, officer->org_id);
    json_t *plans = pts ? store_zone_plans(d->s, officer->org_id) : NULL;
    if (!plans) {
        json_decref(pts);
        return -1;
    }
    int64_t ids[XA_ARRAY_LEN(zone_defs)][64];
    size_t n[XA_ARRAY_LEN(zone_defs)] = {0};
    size_t i;
    json_t *p;
    json_array_foreach(pts, i, p)
    {
        int z = zone_of(json_string_value(json_object_get(p, "category")));
        if (n[z] < 64)
            ids[z][n[z]++] = json_integer_value(json_object_get(p, "id"));
    }
    int rc = 0;
    for (size_t z = 0; z < XA_ARRAY_LEN(zone_defs) && rc == 0; z++) {
        if (!n[z] && z >= 2)
            continue; /* the first two zones always, the others when they hold points */
        const struct who *resp = z == 3 ? officer : &teacher[z % 3];
        struct zone_in in = {
            .name = zone_defs[z].name,
            .description = zone_defs[z].desc,
            .patrol_frequency = zone_defs[z].freq,
            .responsible_user_id = resp->id,
            .patrol_plan_id = json_integer_value(
                json_object_get(json_array_get(plans, z % (json_array_size(plans) + 1)), "id")),
        };
        int64_t id = store_zone_create(as(d, officer->id, at), officer->org_id, officer->path, &in,
                                       ids[z], n[z], NULL);
        if (id < 0)
            rc = -1;
        else
            d->zones++;
    }
    json_decref(pts);
    json_decref(plans);
    return rc;
}

/* ---- one school ---- */

struct county {
    struct who admin;
    int64_t tpl[XA_ARRAY_LEN(county_tpls)];
};

static int school(struct dr *d, int nth, const struct county *cty, const int64_t *city_tpl,
                  struct strbuf *sb)
{
    char u[48];
    struct who pr, of, te[3];
    snprintf(u, sizeof(u), "s%02d_principal", nth);
    int rc = who_load(d->s, u, &pr);
    if (rc != 1)
        return rc;
    snprintf(u, sizeof(u), "s%02d_safety", nth);
    if (who_load(d->s, u, &of) != 1)
        return -1;
    for (int i = 0; i < 3; i++) {
        snprintf(u, sizeof(u), "s%02d_teacher%d", nth, i + 1);
        if (who_load(d->s, u, &te[i]) != 1)
            te[i] = of;
    }
    int64_t at = d->now - 320 * XA_DAY_MS + (int64_t)nth * HOUR;
    /* lists: the school level, and the posts with their holders */
    int64_t lv = mk_list(d, pr.org_id, pr.path, city_tpl[2], NULL, 0, pr.id, at);
    int64_t l_pr = mk_list(d, pr.org_id, pr.path, cty->tpl[0], &pr.id, 1, pr.id, at);
    int64_t l_of = mk_list(d, pr.org_id, pr.path, cty->tpl[1], &of.id, 1, pr.id, at);
    int64_t ct[2] = {te[0].id, te[1].id};
    int64_t l_ct = mk_list(d, pr.org_id, pr.path, cty->tpl[2], ct, 2, pr.id, at);
    int64_t l_te = mk_list(d, pr.org_id, pr.path, cty->tpl[3], &te[2].id, 1, pr.id, at);
    if (lv < 0 || l_pr < 0 || l_of < 0 || l_ct < 0 || l_te < 0)
        return -1;
    if (nth % 2 == 0 && mk_list(d, pr.org_id, pr.path, cty->tpl[4], NULL, 0, of.id, at) < 0)
        return -1;
    if (nth % 3 == 0 && mk_list(d, pr.org_id, pr.path, cty->tpl[5], NULL, 0, of.id, at) < 0)
        return -1;
    if (nth % 4 == 1) {
        /* a school's own duty added to the class-teacher list */
        const struct tpl_def *t = &county_tpls[2];
        const char *items[MAXI + 1];
        size_t k = nitems(t);
        memcpy(items, t->items, k * sizeof(items[0]));
        items[k++] = "汛期每周向家长推送一次防溺水安全提醒，并做好回执登记";
        if (store_rlist_update(as(d, pr.id, at + XA_DAY_MS), l_ct, NULL, true, items, k, false,
                               NULL, 0, false, NULL))
            return -1;
    }
    /* letters of last year (all signed) and this year */
    for (int y = d->year - 1; y <= d->year; y++) {
        bool cur = y == d->year;
        int64_t t0 = issue_day(d, y);
        char title[96], lead[256];
        snprintf(title, sizeof(title), "%d 年度学校安全工作目标责任书", y);
        snprintf(lead, sizeof(lead),
                 "为落实学校安全主体责任，%d 年度%s与本校校长签订安全工作目标责任书，"
                 "校长履行以下职责：\n",
                 y, "县教育局");
        if (list_text(d, l_pr, lead, sb) ||
            letter(d, y, &cty->admin, &pr, l_pr, title, sb->buf, t0, cur && rnd(d, 9) == 0))
            return -1;
        snprintf(title, sizeof(title), "%d 年度教职工安全岗位责任书", y);
        const struct who *staff[4] = {&of, &te[0], &te[1], &te[2]};
        const int64_t lists[4] = {l_of, l_ct, l_ct, l_te};
        for (int k = 0; k < 4; k++) {
            if (k > 0 && staff[k]->id == of.id)
                continue;
            snprintf(lead, sizeof(lead), "%d 年度学校与教职工签订安全岗位责任书，本人履行以下职责：\n", y);
            /* the demo teacher (s02_teacher1) has this year's letter still to sign */
            bool pending = cur && ((nth == 2 && k == 1) || rnd(d, 6) == 0);
            if (list_text(d, lists[k], lead, sb) ||
                letter(d, y, &pr, staff[k], lists[k], title, sb->buf, t0 + 5 * XA_DAY_MS + k * HOUR,
                       pending))
                return -1;
        }
    }
    return zones(d, &of, te, at + 2 * XA_DAY_MS) ? -1 : 1;
}

int demo_resp_run(struct store *s, int64_t now, FILE *out)
{
    struct dr d = {.s = s, .now = now, .rng = 20260615u};
    unsigned m, dd;
    xa_civil_from_days((now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &d.year, &m, &dd);
    struct who city;
    struct county cty[3];
    int64_t city_tpl[XA_ARRAY_LEN(city_tpls)];
    struct strbuf sb;
    strbuf_init(&sb, 1024);
    int64_t t0 = now - 330 * XA_DAY_MS;
    if (begin(&d))
        goto fail;
    if (who_load(s, "yy_admin", &city) != 1) {
        err("demo resp: no user yy_admin");
        goto fail;
    }
    for (size_t t = 0; t < XA_ARRAY_LEN(city_tpls); t++)
        if ((city_tpl[t] = mk_tpl(&d, &city, &city_tpls[t], t0)) < 0)
            goto fail;
    for (int c = 0; c < 3; c++) {
        char u[48];
        snprintf(u, sizeof(u), "%s_admin", demo_county_slugs[c]);
        if (who_load(s, u, &cty[c].admin) != 1) {
            err("demo resp: no user %s", u);
            goto fail;
        }
        const struct who *a = &cty[c].admin;
        for (size_t t = 0; t < XA_ARRAY_LEN(county_tpls); t++)
            if ((cty[c].tpl[t] = mk_tpl(&d, a, &county_tpls[t], t0 + XA_DAY_MS)) < 0)
                goto fail;
        /* the county's own list and its townships' */
        if (mk_list(&d, a->org_id, a->path, city_tpl[0], &a->id, 1, a->id, t0 + 2 * XA_DAY_MS) < 0)
            goto fail;
        struct page pg = {1, 50};
        json_t *kids = store_org_children(s, a->org_id, &pg);
        if (!kids)
            goto fail;
        size_t i;
        json_t *k;
        json_array_foreach(json_object_get(kids, "items"), i, k)
        {
            if (strcmp(json_string_value(json_object_get(k, "kind")), "township") != 0)
                continue;
            if (mk_list(&d, json_integer_value(json_object_get(k, "id")),
                        json_string_value(json_object_get(k, "path")), city_tpl[1], NULL, 0, a->id,
                        t0 + 3 * XA_DAY_MS) < 0) {
                json_decref(kids);
                goto fail;
            }
        }
        json_decref(kids);
    }
    if (store_change_commit(&d.c))
        goto fail;
    for (int nth = 1; nth < 100; nth++) {
        if (begin(&d))
            goto fail;
        /* the school's county: the admin whose path holds it */
        char u[48], path[96];
        struct who pr;
        snprintf(u, sizeof(u), "s%02d_principal", nth);
        int rc = who_load(s, u, &pr);
        if (rc == 0) {
            store_change_abort(&d.c);
            break;
        }
        if (rc < 0)
            goto fail;
        snprintf(path, sizeof(path), "%s", pr.path);
        const struct county *mine = NULL;
        for (int c = 0; c < 3; c++)
            if (strncmp(path, cty[c].admin.path, strlen(cty[c].admin.path)) == 0)
                mine = &cty[c];
        if (!mine) {
            store_change_abort(&d.c);
            continue;
        }
        if (school(&d, nth, mine, city_tpl, &sb) < 0) {
            err("demo resp: school %d: %s", nth, store_errmsg(s));
            goto fail;
        }
        if (store_change_commit(&d.c))
            goto fail;
    }
    strbuf_release(&sb);
    fprintf(out, "  responsibility: %d templates, %d lists, %d letters (%d signed), %d grid zones\n",
            d.templates, d.lists, d.letters, d.signed_n, d.zones);
    log_info("demo: %d resp lists, %d letters, %d zones", d.lists, d.letters, d.zones);
    return 0;
fail:
    strbuf_release(&sb);
    err("demo resp: %s", store_errmsg(s));
    store_change_abort(&d.c);
    return -1;
}
