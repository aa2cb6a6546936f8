/*
 * demo_risk.c - demo data of the risk register: city checklist templates
 * copied to every school, 8-15 risk points per school chosen by school type
 * with LEC / LS assessments over all four levels (and some re-assessments),
 * a campus plan with positioned points, patrol plans, and a year of patrol
 * records (school days only; weekly and monthly checks all year, daily
 * rounds for the last half year to keep the volume down) with a few recent
 * failed items that opened hazards.
 *
 * Everything goes through the store functions of store_risk.h; the year of
 * patrol records through the batched loader (store_patrol_batch_*).
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/store_hazard.h"
#include "store/store_risk.h"
#include <cairo.h>
#include <sodium.h>

#define HOUR (3600LL * 1000)
/* Logs where a demo step failed. */
#define FAILED (log_msg(LOG_ERROR, "demo risk: step at line %d failed", __LINE__), -1)
#define MAX_SCHOOL_POINTS 15

enum { K = 1, P = 2, J = 4, S = 8, N = 16, V = 32, X = 64, ALL = 127 };

struct tpl_def {
    const char *category, *name;
    const char *items[6][3]; /* content, standard, method */
};

/* The city bureau's checklist templates (排查清单模板). */
static const struct tpl_def templates[] = {
    {"fire",
     "消防安全排查清单",
     {{"灭火器配置齐全且在有效期内", "压力表指针在绿区，铅封完好", "查看"},
      {"疏散通道、安全出口畅通", "无堆放杂物、未上锁", "现场检查"},
      {"应急照明和疏散指示标志完好", "断电后能正常点亮", "测试"},
      {"无私拉乱接电线、违规使用大功率电器", "宿舍、办公室无违规电器", "巡查"},
      {"消防栓水压正常、水带齐全", "压力不低于 0.1MPa", "测试"}}},
    {"food",
     "食品安全与燃气排查清单",
     {{"燃气报警器工作正常", "测试报警并联动切断阀", "测试"},
      {"燃气管道、阀门无泄漏", "肥皂水检测无气泡", "检测"},
      {"食品留样 48 小时且每餐不少于 125 克", "留样柜有记录", "查看记录"},
      {"从业人员持有效健康证、晨检记录完整", "健康证在有效期内", "查看记录"},
      {"生熟分开、餐具消毒", "消毒柜运行记录完整", "现场检查"}}},
    {"electrical",
     "电气线路排查清单",
     {{"配电箱柜门完好、标识清晰", "无裸露带电部位", "查看"},
      {"漏电保护器动作可靠", "按试验按钮能跳闸", "测试"},
      {"线路无老化、破损、过热", "红外测温不超过 60℃", "检测"},
      {"配电房防鼠挡板、绝缘垫齐全", "挡板高度不低于 50cm", "查看"}}},
    {"stampede",
     "防踩踏排查清单",
     {{"楼梯扶手牢固、台阶防滑条完好", "无松动、缺损", "现场检查"},
      {"楼梯照明正常", "灯具全部点亮", "查看"},
      {"上下楼时段有教师值守疏导", "按值守表到岗", "查看记录"},
      {"楼梯间无堆放杂物", "通道宽度无占用", "巡查"}}},
    {"security",
     "门卫与治安排查清单",
     {{"门卫在岗、外来人员登记", "登记本信息完整", "查看记录"},
      {"防冲撞设施在位", "上下学时段设置到位", "现场检查"},
      {"护校器械（钢叉、盾牌、警棍）齐全", "按配备标准", "查看"},
      {"监控系统运行正常、录像保存 30 天", "画面清晰无死角", "查看"}}},
    {"traffic",
     "校车与交通排查清单",
     {{"校车停靠点标志标线清晰", "设置校车停靠站牌", "查看"},
      {"学生上下车有照管员清点人数", "随车照管记录完整", "查看记录"},
      {"校车驾驶人资质有效", "驾驶证、校车驾驶资格在有效期", "查看"},
      {"车辆安全设备齐全", "灭火器、安全锤、急救箱", "查看"}}},
    {"drowning",
     "防溺水排查清单",
     {{"危险水域警示牌完好", "警示牌醒目、无损毁", "现场检查"},
      {"救生圈、救生杆、救生绳在位", "按点位配备", "查看"},
      {"护栏完好无缺口", "高度不低于 1.2 米", "现场检查"},
      {"节假日前开展防溺水教育", "有教育记录和家长告知书", "查看记录"}}},
    {"lab",
     "实验室与危险化学品排查清单",
     {{"危化品双人双锁管理", "领用登记完整", "查看记录"},
      {"危化品分类存放、易燃易爆品专柜", "专柜接地、通风", "现场检查"},
      {"洗眼器、喷淋装置可用", "出水正常", "测试"},
      {"废液分类回收", "有回收台账", "查看记录"}}},
    {"sports",
     "体育设施与活动排查清单",
     {{"体育器材安装牢固", "篮球架、单双杠无松动锈蚀", "现场检查"},
      {"场地平整无积水、无尖锐物", "塑胶跑道无破损", "巡查"},
      {"大型玩具、器械定期检修", "有检修记录", "查看记录"}}},
    {"surroundings",
     "校园周边排查清单",
     {{"围墙完好无破损缺口", "高度不低于 2.2 米", "巡查"},
      {"周边无违规摊贩、网吧、娱乐场所", "200 米内无营业性网吧", "巡查"},
      {"校园周边视频监控正常", "画面清晰", "查看"}}},
    {"disaster",
     "防灾减灾排查清单",
     {{"边坡、挡土墙无裂缝和位移", "雨后及时巡查", "现场检查"},
      {"排水沟畅通", "无淤堵", "巡查"},
      {"地质灾害隐患点监测记录完整", "汛期每日记录", "查看记录"}}},
    {"epidemic",
     "传染病防控排查清单",
     {{"晨午检和因病缺课登记", "记录完整、及时上报", "查看记录"},
      {"医务室药品、器械在有效期内", "无过期药品", "查看"},
      {"教室通风消毒", "每日通风不少于 3 次", "巡查"}}},
    {"construction",
     "校园施工排查清单",
     {{"施工区域封闭隔离", "围挡高度不低于 1.8 米", "现场检查"},
      {"临边洞口防护到位", "设置防护栏杆和警示", "现场检查"},
      {"施工人员持证上岗、进出登记", "登记完整", "查看记录"}}},
    {"psychological",
     "心理健康排查清单",
     {{"心理咨询室按时开放", "每周开放不少于 5 次", "查看记录"},
      {"重点关注学生台账更新", "每月更新", "查看记录"},
      {"心理危机干预预案完备", "预案经审定", "查看"}}},
};

struct point_def {
    const char *name, *location, *category, *factors, *accidents, *freq;
    int mask;
    int pick; /* 0 always; n > 0: every n-th school only */
};

static const struct point_def points[] = {
    {"教学楼楼梯间", "教学楼各层楼梯", "stampede", "课间及上下学时段人流集中、楼梯照明不足",
     "拥挤踩踏", "daily", ALL, 0},
    {"校门口", "学校正门", "security", "上下学时段人车混杂、外来人员进入", "交通事故、暴力侵害",
     "daily", ALL, 0},
    {"配电房", "后勤楼一楼", "electrical", "高低压配电设备、线路老化", "触电、电气火灾", "weekly",
     ALL, 0},
    {"食堂后厨燃气间", "食堂一楼后厨", "food", "液化气/天然气管道、油烟管道积油",
     "燃气泄漏、火灾、爆炸", "daily", ALL, 0},
    {"学生食堂操作间", "食堂一楼", "food", "食材采购储存、加工流程、从业人员健康", "食物中毒",
     "daily", ALL, 0},
    {"学生宿舍", "学生宿舍楼", "fire", "违规用电、人员密集、夜间疏散困难", "火灾、拥挤踩踏",
     "daily", J | S | N | V | X, 0},
    {"校车停靠点", "校门东侧停靠站", "traffic", "车辆进出频繁、学生上下车", "交通事故", "daily",
     K | P | N, 0},
    {"池塘/水域", "校园南侧约 300 米河塘", "drowning", "无护栏水域、夏季学生私自下水", "溺水",
     "weekly", P | J | N, 2},
    {"实验室危化品柜", "实验楼化学准备室", "lab", "易燃易爆及有毒有害化学品",
     "火灾、爆炸、中毒、灼伤", "weekly", J | S | N | V, 0},
    {"体育器材室及操场", "运动场", "sports", "器材老化松动、运动强度大", "运动伤害", "weekly", ALL,
     0},
    {"围墙及校园周边", "学校四周", "surroundings", "围墙破损、周边摊贩和网吧", "外来侵害、食品安全",
     "weekly", ALL, 0},
    {"消防控制室", "行政楼一楼", "fire", "消防设施失效、值班人员脱岗", "火灾扩大", "weekly",
     P | J | S | N | V, 0},
    {"户外大型玩具", "幼儿户外活动场", "sports", "器械松动、地面硬化", "摔伤、夹伤", "daily", K, 0},
    {"午休室", "幼儿园二楼", "fire", "床铺密集、电器使用", "火灾、窒息", "daily", K, 0},
    {"实训车间", "实训楼一楼", "electrical", "机床、电焊设备、学生操作不规范", "机械伤害、触电",
     "daily", V, 0},
    {"北侧边坡挡土墙", "校园北侧", "disaster", "雨季边坡失稳", "坍塌、滑坡", "monthly", ALL, 3},
    {"心理咨询室", "综合楼三楼", "psychological", "学生心理危机未及时发现", "自伤、伤人", "monthly",
     J | S | N | V | X, 0},
    {"医务室与晨检点", "综合楼一楼", "epidemic", "传染病输入、晨检漏报", "传染病传播", "weekly",
     ALL, 0},
    {"在建工程区域", "校园西侧施工区", "construction", "施工机械、临边洞口、交叉作业",
     "高处坠落、物体打击", "weekly", ALL, 4},
    {"图书馆", "图书馆", "fire", "可燃物多、人员集中", "火灾", "monthly", P | J | S | N | V, 0},
    {"锅炉房/开水房", "后勤区", "fire", "高温高压设备", "烫伤、爆炸", "weekly", S | V | N, 0},
};

struct dr {
    struct store *s;
    /* the one quiet change the register is loaded in (the demo writes its
     * own "demo data" audit rows); each write is dated and signed by as() */
    struct change c;
    int64_t now;
    uint32_t rng;
    int points, records, checklists, failures;
    int64_t patrol_ms;
};

static uint32_t rnd(struct dr *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

/* The change, for a write by user (0: the system) at instant at. */
static struct change *as(struct dr *d, int64_t user, int64_t at)
{
    d->c.user_id = user;
    d->c.at = at;
    return &d->c;
}

static int type_mask(const char *t)
{
    static const struct {
        const char *t;
        int m;
    } map[] = {{"kindergarten", K}, {"primary", P},     {"junior", J},     {"senior", S},
               {"nine_year", N},    {"twelve_year", N}, {"vocational", V}, {"special", X}};
    for (size_t i = 0; i < XA_ARRAY_LEN(map); i++)
        if (t && !strcmp(map[i].t, t)) return map[i].m;
    return P;
}

static int audit(struct dr *d, const char *entity, int64_t id, int64_t org, const char *path,
                 json_t *after)
{
    struct audit_in a = {.at = d->now,
                         .username = "demo",
                         .action = "create",
                         .entity = entity,
                         .entity_id = id,
                         .org_id = org,
                         .org_path = path,
                         .after = after,
                         .note = "demo data"};
    int rc = store_audit_append(d->s, &a);
    json_decref(after);
    return rc;
}

static cairo_status_t png_sink(void *c, const unsigned char *data, unsigned int len)
{
    strbuf_add(c, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A simple campus plan: buildings, a sports field, the gate. */
static int64_t campus_plan(struct dr *d, int64_t school, const char *path, int variant)
{
    const int w = 800, h = 500;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 0.96, 0.95, 0.90);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 6);
    cairo_rectangle(cr, 10, 10, w - 20, h - 20);
    cairo_stroke(cr);
    /* sports field */
    cairo_set_source_rgb(cr, 0.45, 0.70, 0.40);
    cairo_rectangle(cr, 470 - variant * 10, 60, 280, 200);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.80, 0.35, 0.30);
    cairo_set_line_width(cr, 10);
    cairo_rectangle(cr, 490 - variant * 10, 80, 240, 160);
    cairo_stroke(cr);
    /* buildings */
    cairo_set_source_rgb(cr, 0.70, 0.74, 0.82);
    int bx[] = {60, 60, 250, 250, 480, 600};
    int by[] = {60, 200, 60, 330, 320, 320};
    int bw[] = {150, 150, 160, 180, 100, 140};
    int bh[] = {110, 100, 220, 110, 120, 120};
    for (int i = 0; i < 6; i++) {
        cairo_rectangle(cr, bx[i], by[i] + (i == variant % 6 ? 10 : 0), bw[i], bh[i]);
        cairo_fill(cr);
    }
    /* gate */
    cairo_set_source_rgb(cr, 0.30, 0.30, 0.30);
    cairo_rectangle(cr, 360, h - 24, 80, 18);
    cairo_fill(cr);
    cairo_destroy(cr);
    struct strbuf png = STRBUF_INIT;
    cairo_status_t st = cairo_surface_write_to_png_stream(sf, png_sink, &png);
    cairo_surface_destroy(sf);
    if (st != CAIRO_STATUS_SUCCESS) {
        strbuf_release(&png);
        return FAILED;
    }
    unsigned char hsh[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hsh, (const unsigned char *)png.buf, png.len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), hsh, sizeof(hsh));
    bool reused = false;
    int64_t elsewhere = 0;
    int64_t photo = store_photo_put(d->s, school, path, hex, "image/png", png.buf, png.len, 0,
                                    d->now - 330 * XA_DAY_MS, &reused, &elsewhere);
    strbuf_release(&png);
    if (photo < 0) return FAILED;
    return store_campus_plan_set(as(d, 0, d->now - 330 * XA_DAY_MS), school, path, photo, NULL);
}

/* Grades for each level: an LS pair and an LEC triple. */
static void pick_assessment(struct dr *d, enum risk_level lv, struct rp_assessment *a)
{
    static const int ls[5][2] = {{0, 0}, {2, 3}, {3, 3}, {3, 5}, {4, 5}};
    static const double lec[5][3] = {{0, 0, 0}, {1, 6, 7}, {3, 6, 7}, {3, 6, 15}, {6, 6, 15}};
    memset(a, 0, sizeof(*a));
    a->level = lv;
    a->thresholds_version = 1;
    if (rnd(d, 2)) {
        a->method = "LS";
        a->l = ls[lv][0];
        a->s_val = ls[lv][1];
        a->has_l = a->has_s = true;
        a->score = a->l * a->s_val;
    } else {
        a->method = "LEC";
        a->l = lec[lv][0];
        a->e = lec[lv][1];
        a->c = lec[lv][2];
        a->has_l = a->has_e = a->has_c = true;
        a->score = a->l * a->e * a->c;
    }
}

struct school_ctx {
    int64_t id;
    char path[96];
    char type[24];
    int index;
    int64_t principal, officer, teachers[3];
    int nteachers;
    int64_t tpl_checklist[XA_ARRAY_LEN(templates)];
};

struct point_ctx {
    int64_t id, checklist;
    const struct point_def *def;
    json_t *items; /* [{id, content}] of its checklist */
    int64_t plan;
};

static int load_people(struct dr *d, struct school_ctx *sc)
{
    struct scope scp = {0};
    scope_add(&scp, sc->path);
    struct page pg = {1, 50};
    json_t *users = store_user_list(d->s, &scp, NULL, NULL, &pg);
    if (!users) return FAILED;
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(users, "items"), i, u)
    {
        int64_t id = json_integer_value(json_object_get(u, "id"));
        const char *role = json_string_value(
            json_object_get(json_array_get(json_object_get(u, "roles"), 0), "role"));
        if (!role) continue;
        if (!strcmp(role, "principal"))
            sc->principal = id;
        else if (!strcmp(role, "safety_officer"))
            sc->officer = id;
        else if (!strcmp(role, "staff") && sc->nteachers < 3)
            sc->teachers[sc->nteachers++] = id;
    }
    json_decref(users);
    return 0;
}

static int64_t tpl_ids[XA_ARRAY_LEN(templates)];

static int make_templates(struct dr *d, int64_t city, const char *path)
{
    for (size_t t = 0; t < XA_ARRAY_LEN(templates); t++) {
        struct checklist_item_in items[6];
        size_t n = 0;
        for (; n < 6 && templates[t].items[n][0]; n++)
            items[n] =
                (struct checklist_item_in){templates[t].items[n][0], templates[t].items[n][1],
                                           templates[t].items[n][2], n < 2 ? 2.0 : 1.0};
        tpl_ids[t] = store_ctpl_create(as(d, 0, d->now - 360 * XA_DAY_MS), city, path,
                                       templates[t].category, templates[t].name,
                                       "岳阳市教育局制定，各校结合实际复制使用", items, n, NULL);
        if (tpl_ids[t] < 0 || audit(d, "checklist_template", tpl_ids[t], city, path,
                                    store_ctpl_get(d->s, tpl_ids[t])))
            return FAILED;
    }
    return 0;
}

static int64_t school_checklist(struct dr *d, struct school_ctx *sc, const char *category)
{
    for (size_t t = 0; t < XA_ARRAY_LEN(templates); t++) {
        if (strcmp(templates[t].category, category) != 0) continue;
        if (!sc->tpl_checklist[t]) {
            int64_t id = store_checklist_create(as(d, sc->officer, d->now - 350 * XA_DAY_MS),
                                                sc->id, sc->path, tpl_ids[t], NULL, NULL, NULL, 0,
                                                NULL);
            if (id < 0 ||
                audit(d, "checklist", id, sc->id, sc->path, store_checklist_get(d->s, id)))
                return FAILED;
            sc->tpl_checklist[t] = id;
            d->checklists++;
        }
        return sc->tpl_checklist[t];
    }
    return 0;
}

/* Holidays: summer (Jul 10 - Aug 31) and winter (Jan 20 - Feb 20). */
static bool school_day(int64_t day_start)
{
    int64_t z = (day_start + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    int wd = (int)(((z + 3) % 7 + 7) % 7); /* Monday = 0 */
    if (wd >= 5) return false;
    int y;
    unsigned m, dd;
    xa_civil_from_days(z, &y, &m, &dd);
    if ((m == 7 && dd >= 10) || m == 8 || (m == 1 && dd >= 20) || (m == 2 && dd <= 20))
        return false;
    return true;
}

static int64_t local_day_start(int64_t t)
{
    return ((t + XA_TZ_OFFSET_MS) / XA_DAY_MS) * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

static int patrol_year(struct dr *d, struct patrol_batch *b, struct school_ctx *sc,
                       struct point_ctx *pc, size_t np)
{
    int64_t today = local_day_start(d->now);
    struct patrol_item_row rows[8];
    for (int day = 365; day >= 1; day--) {
        int64_t ds = today - day * XA_DAY_MS;
        if (!school_day(ds)) continue;
        int64_t z = (ds + XA_TZ_OFFSET_MS) / XA_DAY_MS;
        int wd = (int)(((z + 3) % 7 + 7) % 7);
        int y;
        unsigned m, dd;
        xa_civil_from_days(z, &y, &m, &dd);
        for (size_t i = 0; i < np; i++) {
            const char *f = pc[i].def->freq;
            /* daily rounds for the last half year (volume), the rest all year */
            bool due = (!strcmp(f, "daily") && day <= 180) ||
                       (!strcmp(f, "weekly") && wd == (int)(i % 5)) ||
                       (!strcmp(f, "monthly") && dd >= 3 && dd <= 9 && wd == 2);
            if (!due || rnd(d, 100) < 4) /* a few missed patrols */
                continue;
            int64_t who = !strcmp(f, "daily")
                              ? sc->teachers[i % (sc->nteachers ? sc->nteachers : 1)]
                          : !strcmp(f, "weekly") ? sc->officer
                                                 : sc->principal;
            size_t n = json_array_size(pc[i].items);
            if (n > 8) n = 8;
            for (size_t k = 0; k < n; k++) {
                json_t *it = json_array_get(pc[i].items, k);
                rows[k] =
                    (struct patrol_item_row){json_integer_value(json_object_get(it, "id")),
                                             json_string_value(json_object_get(it, "content")),
                                             rnd(d, 100) < 3 ? "na" : "pass", NULL};
            }
            int64_t at = ds + 7 * HOUR + 30 * 60000LL + (int64_t)rnd(d, 9 * 60) * 60000LL;
            bool scanned = rnd(d, 100) < 96;
            struct patrol_in in = {
                .org_id = sc->id,
                .org_path = sc->path,
                .risk_point_id = pc[i].id,
                .plan_id = pc[i].plan,
                .patroller_id = who,
                .scanned = scanned,
                .scanned_at = scanned ? at - 20000 : 0,
                .result = "pass",
                .flags_json = scanned ? "[]" : "[\"no_scan\"]",
            };
            if (store_patrol_batch_add(b, &in, at, rows, n) < 0) return FAILED;
            d->records++;
        }
    }
    return 0;
}

/* A few recent patrols with a failed item, each opening a hazard. */
static int recent_failures(struct dr *d, struct school_ctx *sc, struct point_ctx *pc, size_t np)
{
    int nfail = 1 + (int)rnd(d, 2);
    for (int f = 0; f < nfail && np; f++) {
        struct point_ctx *p = &pc[rnd(d, (uint32_t)np)];
        size_t n = json_array_size(p->items);
        if (!n) continue;
        int64_t at = local_day_start(d->now) - (int64_t)rnd(d, 3) * XA_DAY_MS + 8 * HOUR +
                     (int64_t)rnd(d, 120) * 60000LL;
        if (at > d->now) at = d->now - HOUR;
        size_t bad = rnd(d, (uint32_t)n);
        int64_t who = sc->nteachers ? sc->teachers[f % sc->nteachers] : sc->officer;
        struct patrol_in in = {.org_id = sc->id,
                               .org_path = sc->path,
                               .risk_point_id = p->id,
                               .plan_id = p->plan,
                               .patroller_id = who,
                               .scanned = true,
                               .scanned_at = at - 30000,
                               .result = "fail",
                               .failed_count = 1,
                               .note = "巡查发现问题，已上报"};
        /* inside this demo's bulk transaction: a quiet change (no audit rows) */
        struct change ch;
        store_change_join(&ch, d->s, who, "demo", at);
        int64_t rec = store_patrol_create(&ch, &in);
        if (rec < 0) return FAILED;
        for (size_t k = 0; k < n; k++) {
            json_t *it = json_array_get(p->items, k);
            const char *content = json_string_value(json_object_get(it, "content"));
            int64_t item = store_patrol_add_item(
                &ch, rec, json_integer_value(json_object_get(it, "id")), content,
                k == bad ? "fail" : "pass", k == bad ? "现场发现不符合要求" : NULL, "[]");
            if (item < 0) return FAILED;
            if (k != bad) continue;
            struct hazard_create hc = {.school_id = sc->id,
                                       .title = content,
                                       .description = "日常巡查发现，检查项不合格",
                                       .category = p->def->category,
                                       .grade = "general",
                                       .source = "patrol",
                                       .location = p->def->location,
                                       .risk_point_id = p->id,
                                       .patrol_record_id = rec};
            int64_t hid = store_hazard_create(&ch, &hc);
            if (hid < 0 && ch.err.code == XE_NONE) return FAILED;
            if (hid > 0 && store_patrol_item_hazard(&ch, item, hid)) return FAILED;
            d->failures++;
        }
    }
    return 0;
}

static int school_run(struct dr *d, struct school_ctx *sc, struct patrol_batch *b)
{
    if (load_people(d, sc)) return FAILED;
    if (campus_plan(d, sc->id, sc->path, sc->index) < 0) return FAILED;
    int mask = type_mask(sc->type);
    struct point_ctx pc[MAX_SCHOOL_POINTS];
    size_t np = 0;
    int64_t created = d->now - 340 * XA_DAY_MS;
    for (size_t i = 0; i < XA_ARRAY_LEN(points) && np < MAX_SCHOOL_POINTS; i++) {
        const struct point_def *pd = &points[i];
        if (!(pd->mask & mask) || (pd->pick && sc->index % pd->pick != 0)) continue;
        int64_t cl = school_checklist(d, sc, pd->category);
        if (cl < 0) return FAILED;
        char measures[512];
        snprintf(measures, sizeof(measures),
                 "{\"engineering\":\"完善%s防护设施\",\"management\":\"落实%s巡查制度，责任到人\","
                 "\"training\":\"开展%s专项培训\",\"emergency\":\"制定%s应急处置方案\"}",
                 pd->name, pd->name, pd->name, pd->name);
        int64_t resp = !strcmp(pd->freq, "daily") && sc->nteachers
                           ? sc->teachers[np % sc->nteachers]
                           : sc->officer;
        struct rp_in in = {.name = pd->name,
                           .location = pd->location,
                           .category = pd->category,
                           .hazard_factors = pd->factors,
                           .possible_accidents = pd->accidents,
                           .control_measures_json = measures,
                           .control_level = "department",
                           .responsible_user_id = resp,
                           .responsible_name = "",
                           .patrol_frequency = pd->freq,
                           .checklist_id = cl,
                           .has_pos = true,
                           .pos_x = 0.08 + rnd(d, 84) / 100.0,
                           .pos_y = 0.08 + rnd(d, 84) / 100.0};
        unsigned char raw[18];
        randombytes_buf(raw, sizeof(raw));
        char token[40];
        sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        int64_t id = store_rp_create(as(d, sc->officer, created), sc->id, sc->path, &in, token,
                                     NULL, NULL);
        if (id < 0) return FAILED;
        /* first assessment a year ago; a third re-assessed this year */
        uint32_t r = rnd(d, 100);
        enum risk_level lv = r < 42   ? RISK_LOW
                             : r < 76 ? RISK_GENERAL
                             : r < 93 ? RISK_HIGH
                                      : RISK_MAJOR;
        struct rp_assessment a;
        pick_assessment(d, lv, &a);
        a.note = "年度风险评价";
        if (store_rp_assess(as(d, sc->officer, created + XA_DAY_MS), id, &a, NULL, NULL, NULL) < 0)
            return FAILED;
        if (rnd(d, 3) == 0) {
            enum risk_level lv2 = lv > RISK_LOW && rnd(d, 2) ? lv - 1 : lv;
            pick_assessment(d, lv2, &a);
            a.note = "整改后复评";
            if (store_rp_assess(as(d, sc->officer, d->now - (int64_t)(30 + rnd(d, 150)) * XA_DAY_MS),
                                id, &a, NULL, NULL, NULL) < 0)
                return FAILED;
        }
        if (lv == RISK_MAJOR || (a.level == RISK_MAJOR)) {
            struct rp_in up = {.has_control_level = true,
                               .control_level = "school",
                               .has_responsible_user_id = true,
                               .responsible_user_id = sc->principal};
            if (store_rp_update(as(d, 0, created + XA_DAY_MS), id, &up, NULL, NULL)) return FAILED;
        }
        if (audit(d, "risk_point", id, sc->id, sc->path, store_rp_get(d->s, id))) return FAILED;
        json_t *cj = store_checklist_get(d->s, cl);
        if (!cj) return FAILED;
        pc[np] = (struct point_ctx){.id = id,
                                    .checklist = cl,
                                    .def = pd,
                                    .items = json_incref(json_object_get(cj, "items"))};
        json_decref(cj);
        np++;
        d->points++;
    }
    /* patrol plans: daily grid patrols (teachers), weekly (officer), monthly (principal) */
    static const struct {
        const char *freq, *name;
    } plans[] = {
        {"daily", "日常巡查（网格员）"}, {"weekly", "每周安全检查"}, {"monthly", "每月安全检查"}};
    int rc = 0;
    for (size_t k = 0; k < XA_ARRAY_LEN(plans) && !rc; k++) {
        int64_t ids[MAX_SCHOOL_POINTS];
        size_t n = 0;
        for (size_t i = 0; i < np; i++)
            if (!strcmp(pc[i].def->freq, plans[k].freq)) ids[n++] = pc[i].id;
        if (!n) continue;
        int64_t users[3];
        size_t nu = 0;
        if (k == 0)
            for (int t = 0; t < sc->nteachers; t++)
                users[nu++] = sc->teachers[t];
        else
            users[nu++] = k == 1 ? sc->officer : sc->principal;
        /* inside this demo's bulk transaction: a quiet change (no audit rows) */
        struct change ch;
        store_change_join(&ch, d->s, sc->officer, "demo", created);
        int64_t plan = store_pplan_create(&ch, sc->id, sc->path, plans[k].name, plans[k].freq,
                                          ids, n, users, nu, NULL);
        if (plan < 0) rc = FAILED;
        for (size_t i = 0; i < np; i++)
            if (!strcmp(pc[i].def->freq, plans[k].freq)) pc[i].plan = plan;
    }
    int64_t t0 = xa_now_ms();
    if (!rc) rc = patrol_year(d, b, sc, pc, np);
    d->patrol_ms += xa_now_ms() - t0;
    for (size_t i = 0; i < np; i++)
        json_decref(pc[i].items);
    return rc;
}

int demo_risk_run(struct store *s, int64_t now, FILE *out)
{
    struct dr d = {.s = s, .now = now, .rng = 20261123u};
    struct scope all = {0};
    scope_add(&all, "/");
    struct page pg = {1, 200};
    if (store_change_begin(&d.c, s, 0, "demo", now)) return err("demo risk: %s", store_errmsg(s));
    d.c.quiet = true;
    json_t *cities = store_org_list(s, &all, 0, "city", NULL, &pg);
    json_t *city = cities ? json_array_get(json_object_get(cities, "items"), 0) : NULL;
    if (!city) {
        json_decref(cities);
        store_change_abort(&d.c);
        return 0; /* no org tree: nothing to do */
    }
    int rc = make_templates(&d, json_integer_value(json_object_get(city, "id")),
                            json_string_value(json_object_get(city, "path")));
    json_decref(cities);
    struct patrol_batch *b = rc ? NULL : store_patrol_batch_open(s);
    if (!b) rc = FAILED;
    /* the schools, in pages */
    int index = 0;
    struct school_ctx *ctxs = NULL;
    size_t nctx = 0;
    for (pg.page = 1; !rc; pg.page++) {
        json_t *schools = store_org_list(s, &all, 0, "school", NULL, &pg);
        if (!schools) {
            rc = FAILED;
            break;
        }
        json_t *items = json_object_get(schools, "items");
        size_t i;
        json_t *o;
        json_array_foreach(items, i, o)
        {
            if (rc) break;
            ctxs = realloc(ctxs, (nctx + 1) * sizeof(*ctxs));
            if (!ctxs) abort();
            struct school_ctx *sc = &ctxs[nctx++];
            memset(sc, 0, sizeof(*sc));
            sc->id = json_integer_value(json_object_get(o, "id"));
            snprintf(sc->path, sizeof(sc->path), "%s",
                     json_string_value(json_object_get(o, "path")));
            const char *t = json_string_value(json_object_get(o, "school_type"));
            snprintf(sc->type, sizeof(sc->type), "%s", t ? t : "primary");
            sc->index = index++;
            rc = school_run(&d, sc, b);
        }
        size_t got = json_array_size(items);
        json_decref(schools);
        if (got < (size_t)pg.per_page) break;
    }
    log_info("demo risk: %d schools set up, patrol records queued (%lld ms in patrols)", index,
             (long long)d.patrol_ms);
    if (store_patrol_batch_close(b)) rc = FAILED;
    /* recent failed items open hazards (the records must exist first) */
    for (size_t i = 0; i < nctx && !rc; i++) {
        struct point_ctx pc[MAX_SCHOOL_POINTS];
        json_t *list = NULL;
        struct scope one = {0};
        scope_add(&one, ctxs[i].path);
        struct page p2 = {1, MAX_SCHOOL_POINTS};
        list = store_rp_list(s, &one, NULL, NULL, NULL, false, &p2);
        if (!list) {
            rc = FAILED;
            break;
        }
        size_t np = 0, k;
        json_t *p;
        json_array_foreach(json_object_get(list, "items"), k, p)
        {
            const char *cat = json_string_value(json_object_get(p, "category"));
            const struct point_def *def = NULL;
            for (size_t j = 0; j < XA_ARRAY_LEN(points) && !def; j++)
                if (!strcmp(points[j].name, json_string_value(json_object_get(p, "name"))) &&
                    !strcmp(points[j].category, cat))
                    def = &points[j];
            json_t *cj =
                def ? store_checklist_get(s, json_integer_value(json_object_get(p, "checklist_id")))
                    : NULL;
            if (!cj) continue;
            pc[np++] = (struct point_ctx){.id = json_integer_value(json_object_get(p, "id")),
                                          .def = def,
                                          .items = json_incref(json_object_get(cj, "items"))};
            json_decref(cj);
        }
        json_decref(list);
        rc = recent_failures(&d, &ctxs[i], pc, np);
        for (size_t j = 0; j < np; j++)
            json_decref(pc[j].items);
    }
    free(ctxs);
    as(&d, 0, now);
    if (rc || store_change_commit(&d.c)) {
        err("demo risk: %s", store_errmsg(s));
        store_change_abort(&d.c);
        return FAILED;
    }
    fprintf(out,
            "  risk register: %d checklists, %d risk points, %d patrol records, %d failed "
            "items opened hazards\n",
            d.checklists, d.points, d.records, d.failures);
    log_info("demo risk: %d risk points, %d patrol records", d.points, d.records);
    return 0;
}
