/*
 * demo_public.c - a year of tip-offs, rewards and the school ledgers for the
 * demo schools: per county about fifteen tip-offs (most accepted and walked
 * to closing as school hazards, a few rejected, the newest still waiting,
 * a few rewarded); school buses and drivers for the bigger schools (one bus
 * and one licence expiring within 30 days, one insurance expired); the gate
 * register of the past year (some visitors still inside now); backlog
 * petitions for a few schools (one overdue).
 *
 * Goes through the store functions the API uses; times walk over the past
 * 365 days before the demo's "now".
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/store_hazard.h"
#include "store/store_public.h"
#include "store/store_risk.h"
#include <cairo.h>
#include <sodium.h>

#define HOUR (3600LL * 1000)
#define MIN (60LL * 1000)

struct dpub {
    struct store *s;
    struct change c; /* the school's block (quiet: the demo audits nothing) */
    int64_t now;
    uint32_t rng;
    int tipoffs, rewards, buses, drivers, visits, petitions;
};

/* The change acting as user at when. */
static struct change *as(struct dpub *d, int64_t user, int64_t when)
{
    d->c.user_id = user;
    d->c.at = when;
    return &d->c;
}

static uint32_t rnd(struct dpub *d, uint32_t n)
{
    d->rng = d->rng * 1103515245u + 12345u;
    return (d->rng >> 8) % n;
}

/* A small PNG "photo", different for every call. */
static int64_t make_photo(struct dpub *d, int64_t by, int64_t school_id, const char *path,
                          int64_t at)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 96, 72);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 0.3 + rnd(d, 50) / 100.0, 0.35, 0.3 + rnd(d, 60) / 100.0);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.9, 0.85 - rnd(d, 40) / 100.0, 0.2);
    cairo_rectangle(cr, 10 + rnd(d, 40), 10 + rnd(d, 30), 20 + rnd(d, 30), 15 + rnd(d, 20));
    cairo_fill(cr);
    cairo_destroy(cr);
    return demo_photo_put(d->s, sf, school_id, path, by, at);
}

static void ymd(int64_t ms, char *buf, size_t len)
{
    char iso[40];
    xa_time_format(ms, iso, sizeof(iso));
    snprintf(buf, len, "%.10s", iso);
}

struct school {
    int nth;
    int64_t id;
    char path[96], county_path[96];
    struct demo_person principal, officer, teacher;
    const struct demo_person *admin;
    int64_t county_id;
};

/* ---- tip-offs ---- */

struct tip_kind {
    const char *category, *description, *location, *title, *fix;
};
static const struct tip_kind tip_kinds[] = {
    {"fire", "学校东侧消防通道被电动车和杂物堵住，晚自习放学时很拥挤", "东侧消防通道",
     "群众举报：消防通道被占用", "已清理通道并设置禁停标志"},
    {"food", "孩子说食堂饭菜有时有异味，希望查一下食材进货和留样", "学生食堂",
     "群众举报：食堂食材管理", "已核查进货台账并规范留样"},
    {"traffic", "放学时校门口接送车辆乱停乱放，孩子过马路很危险", "校门口",
     "群众举报：校门口交通秩序", "已协调交警设置护学岗和临时停车区"},
    {"drowning", "学校后面的水塘没有护栏和警示牌，经常有学生在旁边玩", "学校后侧水塘",
     "群众举报：水塘无防护", "已设置护栏和警示牌"},
    {"building", "教学楼走廊外墙瓷砖有脱落，下面是学生通道", "教学楼走廊外侧",
     "群众举报：外墙瓷砖脱落", "已拆除空鼓瓷砖并加固"},
    {"security", "晚上学校大门经常没人值守，外来人员可以随便进出", "学校大门",
     "群众举报：门卫值守不到位", "已落实 24 小时门卫值守和来访登记"},
    {"bullying", "有高年级学生在厕所向低年级学生要钱，请学校重视", "教学楼厕所",
     "群众举报：疑似校园欺凌", "已开展专项排查并加强课间巡查"},
    {"electrical", "宿舍楼有学生私拉电线给手机充电，插线板很旧", "学生宿舍",
     "群众举报：宿舍私拉电线", "已清理私接线路并增设安全充电点"},
};

static int walk_hazard(struct dpub *d, const struct school *sc, int64_t id, int64_t t)
{
    const int64_t stop = d->now - HOUR;
    struct hazard_actor a;
    /* in the school's quiet change (no audit rows) */
#define STEP(who, ...)                                                                             \
    do {                                                                                           \
        struct hazard_input in_ = {.now_ms = t, __VA_ARGS__};                                      \
        demo_actor_of(who, sc->path, &a);                                                          \
        struct change *c_ = as(d, (who)->id, t);                                                   \
        if (store_hazard_act(c_, id, &a, &in_, photo > 0 ? &photo : NULL, photo > 0 ? 1 : 0)) { \
            if (c_->err.code == XE_NONE)                                                            \
                return -1;                                                                         \
            log_warn("demo public: hazard %lld refused: %s", (long long)id,                       \
                     xa_err_name(c_->err.code));                                                    \
            return 0;                                                                              \
        }                                                                                          \
    } while (0)
    int64_t photo = 0;
    if ((t += 2 * HOUR) >= stop)
        return 0;
    STEP(&sc->officer, .action = HAZARD_ACT_ASSIGN, .rectifier_id = sc->teacher.id,
         .deadline_ms = t + 3 * XA_DAY_MS, .note = "群众举报，请尽快核实整改");
    if ((t += 3 * HOUR) >= stop)
        return 0;
    STEP(&sc->teacher, .action = HAZARD_ACT_START);
    if ((t += (20 + rnd(d, 40)) * HOUR) >= stop)
        return 0;
    photo = make_photo(d, sc->teacher.id, sc->id, sc->path, t);
    if (photo < 0)
        return -1;
    STEP(&sc->teacher, .action = HAZARD_ACT_SUBMIT, .photo_count = 1, .note = "已整改");
    photo = 0;
    if ((t += 5 * HOUR) >= stop)
        return 0;
    STEP(&sc->officer, .action = HAZARD_ACT_VERIFY, .note = "验收合格");
    if ((t += HOUR) >= stop)
        return 0;
    STEP(&sc->officer, .action = HAZARD_ACT_CLOSE, .note = "同意销号");
#undef STEP
    return 0;
}

static int one_tipoff(struct dpub *d, const struct school *sc, int64_t t0, int fate)
{
    const struct tip_kind *k = &tip_kinds[rnd(d, XA_ARRAY_LEN(tip_kinds))];
    char code[13], hex[33];
    static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = 0; i < 12; i++)
        code[i] = b32[randombytes_uniform(32)];
    code[12] = '\0';
    snprintf(hex, sizeof(hex), "%08x%08x", rnd(d, 1u << 30), rnd(d, 1u << 30));
    json_t *ids = json_array();
    int64_t photo = 0;
    if (rnd(d, 2)) {
        photo = make_photo(d, 0, sc->id, sc->path, t0);
        if (photo < 0) {
            json_decref(ids);
            return -1;
        }
        json_array_append_new(ids, json_integer(photo));
    }
    char *ids_txt = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    struct tipoff_in in = {
        .code = code, .county_id = sc->county_id, .school_id = sc->id, .school_path = sc->path,
        .category = k->category, .description = k->description, .location = k->location,
        .contact = rnd(d, 3) ? "" : "138****2046", .photo_ids_json = ids_txt, .ip_hash = hex,
    };
    int64_t id = store_tipoff_create(as(d, 0, t0), &in);
    free(ids_txt);
    if (id < 0)
        return -1;
    d->tipoffs++;
    int64_t t = t0 + (4 + rnd(d, 40)) * HOUR;
    if (fate == 0 || t >= d->now)
        return 0; /* still waiting for the bureau */
    if (fate == 1) {
        struct tipoff_decision no = {
            "rejected", "经现场核查，举报情况不属实，学校相关管理符合规定。感谢您的监督。", 0,
            "已派员现场核查。"};
        if (store_tipoff_decide(as(d, sc->admin->id, t), id, &no, NULL, NULL) < 0)
            return -1;
        return 0;
    }
    struct hazard_create hc = {.school_id = sc->id, .title = k->title, .description = k->description,
                               .category = k->category, .grade = "general", .source = "whistle",
                               .location = k->location, .photo_ids = photo > 0 ? &photo : NULL,
                               .nphotos = photo > 0 ? 1 : 0};
    hc.as_name = "群众举报";
    /* in the school's quiet change */
    struct change *ch = as(d, sc->admin->id, t);
    int64_t hid = store_hazard_create(ch, &hc);
    if (hid < 0) {
        if (ch->err.code != XE_NONE)
            log_warn("demo public: tip-off hazard refused: %s", xa_err_name(ch->err.code));
        return ch->err.code != XE_NONE ? 0 : -1;
    }
    struct tipoff_decision yes = {"accepted", "", hid, "已受理，已转学校限期整改。"};
    if (store_tipoff_decide(as(d, sc->admin->id, t), id, &yes, NULL, NULL) < 0)
        return -1;
    if (walk_hazard(d, sc, hid, t))
        return -1;
    /* a few verified reports are rewarded once closed */
    if (fate == 3 && t + 10 * XA_DAY_MS < d->now) {
        char on[16];
        ymd(t + 10 * XA_DAY_MS, on, sizeof(on));
        if (store_tipoff_reward(as(d, sc->admin->id, t + 10 * XA_DAY_MS), id,
                                200 + 100 * rnd(d, 4), on, "举报属实，给予奖励", NULL, NULL) < 0 ||
            store_tipoff_reply(as(d, sc->admin->id, t + 10 * XA_DAY_MS), id,
                               "经查属实，已整改完毕，按规定给予奖励。", NULL, NULL) < 0)
            return -1;
        d->rewards++;
    }
    return 0;
}

/* ---- ledgers ---- */

static int64_t ledger(struct dpub *d, enum ledger_kind k, const struct school *sc, json_t *obj,
                      int64_t by, int64_t at)
{
    /* inside the school's quiet change (demo_public_run) */
    int64_t id = store_ledger_create(as(d, by, at), k, sc->id, sc->path, obj, NULL);
    json_decref(obj);
    return id;
}

static int buses(struct dpub *d, const struct school *sc, int *bus_no)
{
    static const char *const drivers[] = {"李建国", "王德明", "张永红", "刘志强", "陈国平", "周富贵"};
    static const char *const classes[] = {"A1", "A3", "B1"};
    int n = 1 + rnd(d, 2);
    for (int i = 0; i < n; i++) {
        int no = (*bus_no)++;
        char plate[24], insp[16], ins[16], lic[16];
        snprintf(plate, sizeof(plate), "湘F%05d", 10000 + no * 137 % 89999);
        /* the first bus: inspection due in 20 days; the third: insurance expired */
        ymd(d->now + (no == 0 ? 20 : 60 + (int64_t)rnd(d, 300)) * XA_DAY_MS, insp, sizeof(insp));
        ymd(d->now + (no == 2 ? -5 : 40 + (int64_t)rnd(d, 300)) * XA_DAY_MS, ins, sizeof(ins));
        int64_t at = d->now - (200 + rnd(d, 150)) * XA_DAY_MS;
        int64_t bid = ledger(d, LEDGER_BUS, sc,
                             json_pack("{s:s, s:i, s:s, s:s, s:s}", "plate", plate, "seats",
                                       19 + 10 * (int)rnd(d, 3), "inspection_expiry", insp,
                                       "insurance_expiry", ins, "note", "专用校车，定线接送"),
                             sc->officer.id, at);
        if (bid < 0)
            return -1;
        d->buses++;
        ymd(d->now + (no == 1 ? 25 : 200 + (int64_t)rnd(d, 900)) * XA_DAY_MS, lic, sizeof(lic));
        char phone[24];
        snprintf(phone, sizeof(phone), "139%08u", 10000000u + rnd(d, 89999999));
        if (ledger(d, LEDGER_DRIVER, sc,
                   json_pack("{s:s, s:s, s:s, s:s, s:I}", "name",
                             drivers[no % XA_ARRAY_LEN(drivers)], "phone", phone,
                             "licence_class", classes[rnd(d, 3)], "licence_expiry", lic, "bus_id",
                             (json_int_t)bid),
                   sc->officer.id, at) < 0)
            return -1;
        d->drivers++;
    }
    return 0;
}

static int visits(struct dpub *d, const struct school *sc, bool inside_now)
{
    static const char *const names[] = {"王先生", "李女士", "张师傅", "刘先生", "陈女士", "赵师傅",
                                        "孙先生", "周女士"};
    static const struct {
        const char *reason, *host, *goods_in, *goods_out;
        bool car;
    } kinds[] = {
        {"家长来访", "班主任", "", "", false},
        {"食堂送菜", "食堂管理员", "蔬菜、肉类", "空周转箱", true},
        {"设备维修", "总务处", "维修工具", "旧配件", true},
        {"快递送件", "传达室", "快递包裹", "", false},
        {"教研交流", "教务处", "", "", true},
        {"消防检查", "安全办", "", "", true},
    };
    int64_t start = d->now - 365 * XA_DAY_MS;
    for (int64_t t = start + rnd(d, 4) * XA_DAY_MS; t < d->now - XA_DAY_MS;
         t += (3 + rnd(d, 6)) * XA_DAY_MS) {
        int dow = (int)(((t + XA_TZ_OFFSET_MS) / XA_DAY_MS + 4) % 7); /* 0 = Sunday */
        if (dow == 0 || dow == 6)
            continue;
        int64_t in_at = t - (t + XA_TZ_OFFSET_MS) % XA_DAY_MS + (7 * 60 + rnd(d, 9 * 60)) * MIN;
        int ki = (int)rnd(d, XA_ARRAY_LEN(kinds));
        char idm[24], plate[24] = "";
        snprintf(idm, sizeof(idm), "**************%04u", rnd(d, 10000));
        if (kinds[ki].car)
            snprintf(plate, sizeof(plate), "湘F%05u", 10000 + rnd(d, 89999));
        if (ledger(d, LEDGER_VISIT, sc,
                   json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "name",
                             names[rnd(d, XA_ARRAY_LEN(names))], "id_masked", idm, "reason",
                             kinds[ki].reason, "host", kinds[ki].host, "plate", plate, "goods_in",
                             kinds[ki].goods_in, "goods_out", kinds[ki].goods_out, "in_at",
                             (json_int_t)in_at, "out_at",
                             (json_int_t)(in_at + (20 + rnd(d, 120)) * MIN)),
                   sc->teacher.id, in_at) < 0)
            return -1;
        d->visits++;
    }
    if (inside_now) {
        int64_t in_at = d->now - (30 + rnd(d, 90)) * MIN;
        if (ledger(d, LEDGER_VISIT, sc,
                   json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "name", "施工队 黄师傅", "id_masked",
                             "**************3518", "reason", "围墙维修施工", "host", "总务处",
                             "goods_in", "水泥、砖块、工具", "in_at", (json_int_t)in_at),
                   sc->teacher.id, in_at) < 0)
            return -1;
        d->visits++;
    }
    return 0;
}

static int petitions(struct dpub *d, const struct school *sc, bool overdue)
{
    char rv[16], due[16], done[16];
    ymd(d->now - 150 * XA_DAY_MS, rv, sizeof(rv));
    ymd(d->now - 90 * XA_DAY_MS, due, sizeof(due));
    ymd(d->now - 100 * XA_DAY_MS, done, sizeof(done));
    if (ledger(d, LEDGER_PETITION, sc,
               json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "petitioner", "家长代表 刘某",
                         "subject", "反映学校周边施工噪音和渣土车影响学生上下学安全", "received_on",
                         rv, "leader_id", (json_int_t)sc->principal.id, "due_on", due, "status",
                         "resolved", "result", "已协调住建部门调整施工时间并设置安全通道",
                         "resolved_on", done),
               sc->principal.id, d->now - 150 * XA_DAY_MS) < 0)
        return -1;
    ymd(d->now - (overdue ? 75 : 20) * XA_DAY_MS, rv, sizeof(rv));
    ymd(d->now + (overdue ? -15 : 40) * XA_DAY_MS, due, sizeof(due));
    if (ledger(d, LEDGER_PETITION, sc,
               json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "petitioner", "学生家长 何某", "subject",
                         overdue ? "反映学生在校受伤后赔偿问题长期未解决"
                                 : "反映校车接送站点设置不合理，孩子步行距离过远",
                         "received_on", rv, "leader_id", (json_int_t)sc->principal.id, "due_on",
                         due, "status", "open"),
               sc->principal.id, d->now - (overdue ? 75 : 20) * XA_DAY_MS) < 0)
        return -1;
    d->petitions += 2;
    return 0;
}

/* The demo school number nth (1-based, the sNN users): 1 loaded, 0 none. */
static int school_load(struct store *s, int nth, struct school *sc, const struct demo_person *admins)
{
    memset(sc, 0, sizeof(*sc));
    sc->nth = nth;
    int rc = demo_school_person(s, nth, "principal", &sc->principal);
    if (rc != 1)
        return rc;
    if (demo_school_person(s, nth, "safety", &sc->officer) != 1)
        return -1;
    if (demo_school_person(s, nth, "teacher1", &sc->teacher) != 1)
        return -1;
    sc->id = sc->principal.org_id;
    snprintf(sc->path, sizeof(sc->path), "%s", sc->principal.path);
    int c = demo_county_of(sc->path, admins);
    if (c < 0)
        return -1;
    sc->admin = &admins[c];
    sc->county_id = admins[c].org_id;
    return 1;
}

int demo_public_run(struct store *s, int64_t now, FILE *out)
{
    struct demo_person admins[DEMO_COUNTIES];
    struct dpub d = {.s = s, .now = now, .rng = 20261123u};
    for (int c = 0; c < DEMO_COUNTIES; c++) {
        char u[48];
        snprintf(u, sizeof(u), "%s_admin", demo_county_slugs[c]);
        if (demo_person_load(s, u, &admins[c]) != 1)
            return err("demo public: no user %s", u);
    }
    int bus_no = 0, tip_no = 0;
    for (int nth = 1; nth < 100; nth++) {
        struct school sc;
        int rc = school_load(s, nth, &sc, admins);
        if (rc == 0)
            break;
        if (rc < 0)
            return err("demo public: school %d: %s", nth, store_errmsg(s));
        if (store_change_begin(&d.c, s, 0, "", now))
            return err("demo public: %s", store_errmsg(s));
        d.c.quiet = true;
        rc = 0;
        /* tip-offs: a few schools a county, spread over the year */
        if (nth % 4 == 1 || nth % 9 == 2) {
            int n = 1 + (int)rnd(&d, 3);
            for (int i = 0; i < n && !rc; i++) {
                int no = tip_no++;
                int64_t t0 = now - (int64_t)(5 + rnd(&d, 355)) * XA_DAY_MS - rnd(&d, 12) * HOUR;
                if (no % 11 == 0)
                    t0 = now - (1 + rnd(&d, 3)) * XA_DAY_MS; /* recent, still waiting */
                int fate = no % 11 == 0 ? 0 : no % 5 == 1 ? 1 : no % 4 == 3 ? 3 : 2;
                rc = one_tipoff(&d, &sc, t0, fate);
            }
        }
        /* the ledgers, in the same quiet change */
        if (!rc && nth % 3 == 1)
            rc = buses(&d, &sc, &bus_no);
        if (!rc)
            rc = visits(&d, &sc, nth % 5 == 2);
        if (!rc && nth % 7 == 2)
            rc = petitions(&d, &sc, nth == 2);
        if (rc) {
            err("demo public: school %d: %s", nth, store_errmsg(s));
            store_change_abort(&d.c);
            return -1;
        }
        if (store_change_commit(&d.c))
            return err("demo public: %s", store_errmsg(s));
    }
    fprintf(out,
            "  public: %d tip-offs (%d rewarded), %d school buses, %d drivers, %d gate visits, "
            "%d petitions\n",
            d.tipoffs, d.rewards, d.buses, d.drivers, d.visits, d.petitions);
    log_info("demo: %d tip-offs, %d buses, %d visits, %d petitions", d.tipoffs, d.buses, d.visits,
             d.petitions);
    return 0;
}
