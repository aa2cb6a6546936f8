/*
 * demo.c - a realistic demo data set, built through the store layer in one
 * transaction, with an audit row for every object it creates.
 */
#include "core/compat.h"
#include "api/api.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"

struct demo {
    struct store *s;
    struct change c; /* the one change that makes the tree and its people */
    int64_t now;
    const char *hash; /* every demo user shares the demo password */
    FILE *out;
    int users;
};

static int64_t add_org(struct demo *d, int64_t parent, const char *kind, const char *name,
                       const char *code, const char *stype, int students, int classes, int staff,
                       const char *address)
{
    struct org_in in = {.parent_id = parent, .kind = kind, .name = name, .code = code,
                        .school_type = stype, .students = students, .classes = classes,
                        .staff = staff, .address = address};
    return store_org_create(&d->c, &in, NULL);
}

static int64_t add_user(struct demo *d, const char *username, const char *name, int64_t org,
                        const char *role, bool print)
{
    char path[96], kind[16];
    if (store_org_locate(d->s, org, path, sizeof(path), kind, sizeof(kind)) != 1)
        return -1;
    struct role_in ro = {.role = role, .org_id = org, .org_path = path};
    char phone[16];
    snprintf(phone, sizeof(phone), "139%08d", 10000000 + d->users * 7919 % 89999999);
    struct user_in in = {.username = username, .pass_hash = d->hash, .name = name, .phone = phone,
                         .org_id = org, .org_path = path, .nroles = 1, .roles = &ro};
    int64_t id = store_user_create(&d->c, &in, NULL);
    if (id < 0)
        return -1;
    d->users++;
    if (print)
        fprintf(d->out, "  %-22s %-16s %s\n", username, role, name);
    return id;
}

static const char *surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                 "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *givens[] = {"建国", "志强", "丽华", "红梅", "小军", "海燕", "文杰", "春花",
                               "国平", "秀英", "伟", "芳", "敏", "静", "磊", "洋", "艳", "勇",
                               "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英"};

static void person(int i, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", surnames[(i * 7) % 20], givens[(i * 11 + i / 20) % 28]);
}

struct county_def {
    const char *name, *code, *slug;
    const char *towns[3];
};

static const struct county_def counties[] = {
    {"华容县", "430623", "huarong", {"章华镇", "治河渡镇", "三封寺镇"}},
    {"岳阳县", "430621", "yueyangxian", {"荣家湾镇", "新墙镇", "筻口镇"}},
    {"湘阴县", "430624", "xiangyin", {"文星镇", "南湖洲镇", "鹤龙湖镇"}},
};

struct school_kind {
    const char *type, *suffix;
    int students, classes;
};

static const struct school_kind kinds[] = {
    {"kindergarten", "幼儿园", 240, 8},  {"primary", "小学", 1100, 24},
    {"primary", "中心小学", 1500, 30},   {"junior", "中学", 1300, 26},
    {"senior", "第一中学", 2600, 48},    {"nine_year", "九年一贯制学校", 1600, 36},
    {"vocational", "职业中专", 1800, 40}, {"special", "特殊教育学校", 120, 12},
    {"kindergarten", "中心幼儿园", 360, 12}, {"primary", "完全小学", 600, 12},
};

int demo_run(struct store *s, FILE *out)
{
    int64_t n = 0;
    if (store_org_count(s, &n) < 0)
        return err("demo: %s", store_errmsg(s));
    if (n > 0)
        return err("demo: the database already holds data; use a new --db file");
    char hash[256];
    if (api_hash_password(DEMO_PASSWORD, hash, sizeof(hash)))
        return err("demo: cannot hash the password");
    struct demo d = {.s = s, .now = xa_now_ms(), .hash = hash, .out = out};
    /* audited as "demo", the system's */
    if (store_change_begin(&d.c, s, 0, "demo", d.now))
        return err("demo: %s", store_errmsg(s));
    fprintf(out, "Demo logins (password %s):\n", DEMO_PASSWORD);
    int64_t prov = add_org(&d, 0, "province", "湖南省教育厅", "430000", NULL, 0, 0, 0, "长沙市");
    int64_t city = add_org(&d, prov, "city", "岳阳市教育局", "430600", NULL, 0, 0, 0, "岳阳市岳阳楼区");
    if (prov < 0 || city < 0)
        goto fail;
    if (add_user(&d, "hunan_admin", "省厅安全处 周立新", prov, "bureau_admin", true) < 0 ||
        add_user(&d, "yy_admin", "市局安全科 陈海波", city, "bureau_admin", true) < 0 ||
        add_user(&d, "yy_inspector", "市局督查员 刘明", city, "inspector", true) < 0 ||
        add_user(&d, "yy_auditor", "市纪检审计 黄静", city, "auditor", true) < 0)
        goto fail;
    int person_no = 0, school_no = 0;
    for (size_t c = 0; c < XA_ARRAY_LEN(counties); c++) {
        const struct county_def *cd = &counties[c];
        char name[64], uname[96], pname[64], code[24], addr[160];
        snprintf(name, sizeof(name), "%s教育局", cd->name);
        int64_t county = add_org(&d, city, "county", name, cd->code, NULL, 0, 0, 0, cd->name);
        if (county < 0)
            goto fail;
        snprintf(uname, sizeof(uname), "%s_admin", cd->slug);
        person(person_no++, pname, sizeof(pname));
        if (add_user(&d, uname, pname, county, "bureau_admin", true) < 0)
            goto fail;
        snprintf(uname, sizeof(uname), "%s_inspector", cd->slug);
        person(person_no++, pname, sizeof(pname));
        if (add_user(&d, uname, pname, county, "inspector", c == 0) < 0)
            goto fail;
        for (int t = 0; t < 3; t++) {
            snprintf(code, sizeof(code), "%s%03d", cd->code, 100 + t);
            int64_t town = add_org(&d, county, "township", cd->towns[t], code, NULL, 0, 0, 0,
                                   cd->towns[t]);
            if (town < 0)
                goto fail;
            /* seven schools per township, one county-level school below the county */
            for (int k = 0; k < 7; k++) {
                const struct school_kind *sk = &kinds[(k + t * 3 + (int)c) % XA_ARRAY_LEN(kinds)];
                int nth = school_no++;
                const char *stem = cd->towns[t];
                char sname[128];
                snprintf(sname, sizeof(sname), "%s%s", stem, sk->suffix);
                snprintf(code, sizeof(code), "21%s%02d", cd->code, nth % 100);
                int students = sk->students + (nth * 37) % 400;
                int classes = sk->classes + (nth * 3) % 6;
                int staff = students / 14 + 8;
                snprintf(addr, sizeof(addr), "岳阳市%s%s%d号", cd->name, stem, 10 + nth);
                int64_t school = add_org(&d, town, "school", sname, code, sk->type, students,
                                         classes, staff, addr);
                if (school < 0)
                    goto fail;
                bool show = c == 0 && t == 0 && k == 1;
                char up[16];
                snprintf(up, sizeof(up), "s%02d", (nth + 1) % 100);
                snprintf(uname, sizeof(uname), "%s_principal", up);
                person(person_no++, pname, sizeof(pname));
                if (add_user(&d, uname, pname, school, "principal", show) < 0)
                    goto fail;
                snprintf(uname, sizeof(uname), "%s_safety", up);
                person(person_no++, pname, sizeof(pname));
                if (add_user(&d, uname, pname, school, "safety_officer", show) < 0)
                    goto fail;
                for (int st = 1; st <= 3; st++) {
                    snprintf(uname, sizeof(uname), "%s_teacher%d", up, st);
                    person(person_no++, pname, sizeof(pname));
                    if (add_user(&d, uname, pname, school, "staff", show && st == 1) < 0)
                        goto fail;
                }
            }
        }
    }
    if (store_change_commit(&d.c))
        goto fail;
    fprintf(out, "  (and sNN_principal / sNN_safety / sNN_teacher1..3 for schools s01..s%02d,\n"
                 "   <county>_admin / <county>_inspector for huarong, yueyangxian, xiangyin)\n",
            school_no);
    log_info("demo: %d schools, %d users", school_no, d.users);
    if (demo_risk_run(s, d.now, out) || demo_hazard_run(s, d.now, out) ||
        demo_programme_run(s, d.now, out) || demo_resp_run(s, d.now, out) ||
        demo_campaign_run(s, d.now, out) ||
        demo_assess_run(s, d.now, out) || demo_public_run(s, d.now, out) ||
        demo_truth_run(s, d.now, out))
        return -1;
    return 0;
fail:
    err("demo: %s", store_errmsg(s));
    store_change_abort(&d.c);
    return -1;
}
