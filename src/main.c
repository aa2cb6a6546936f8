/*
 * main.c - the xiaoan command line.
 *
 *   xiaoan serve   --db PATH|postgres://... [--port 8080] [--bind 127.0.0.1] [--threads N]
 *                  [--public-url URL] [--trusted-proxy CIDR]... [--test-clock] [--log-level L]
 *   xiaoan init    --db PATH --admin NAME [--password PASS] [--org-name N --org-kind K --org-code C]
 *   xiaoan demo    --db PATH
 *   xiaoan migrate --db PATH
 *   xiaoan backup  --db PATH --out FILE
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_hazard.h"
#include "api/api_push.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/orgtree.h"
#include <sodium.h>

struct opts {
    const char *db, *admin, *password, *out, *bind, *org_name, *org_kind, *org_code, *scale;
    int port, threads;
    int64_t schools, hazards, patrols;
};

static void usage(void)
{
    fputs("usage: xiaoan <command> [options]\n"
          "  serve   --db PATH|postgres://URI [--port 8080] [--bind 127.0.0.1] [--threads N]\n"
          "          [--public-url URL] [--trusted-proxy CIDR]... [--test-clock] [--log-level L]\n"
          "  init    --db PATH --admin NAME [--password PASS | env XIAOAN_ADMIN_PASSWORD]\n"
          "          [--org-name NAME] [--org-kind province|city|county] [--org-code CODE]\n"
          "  demo    --db PATH        create the demo data set and print its logins\n"
          "          [--scale province [--schools N] [--hazards N] [--patrols N]]\n"
          "                           (benchmark data: 20,000 schools, 5 million hazards)\n"
          "  migrate --db PATH        apply pending schema migrations\n"
          "  backup  --db PATH --out FILE   online backup\n"
          "  audit-checkpoint --db PATH [--key FILE]   print a signed audit chain checkpoint\n"
          "  audit-verify --db PATH --checkpoint FILE [--key FILE]\n"
          "  serve --metrics-token T (or XIAOAN_METRICS_TOKEN): /metrics needs it\n",
          stderr);
    exit(2);
}

static void parse(int argc, char **argv, struct opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name, field)                                                                           \
    if (strcmp(a, name) == 0) {                                                                    \
        if (!v)                                                                                    \
            die("%s needs a value", name);                                                         \
        o->field = v;                                                                              \
        i++;                                                                                       \
        continue;                                                                                  \
    }
        OPT("--db", db)
        OPT("--admin", admin)
        OPT("--password", password)
        OPT("--out", out)
        OPT("--bind", bind)
        OPT("--org-name", org_name)
        OPT("--org-kind", org_kind)
        OPT("--org-code", org_code)
        OPT("--scale", scale)
#undef OPT
#define NUM(name, field)                                                                           \
    if (strcmp(a, name) == 0 && v) {                                                               \
        char *end;                                                                                 \
        o->field = strtoll(v, &end, 10);                                                           \
        if (*end || o->field < 1)                                                                  \
            die("%s needs a positive number", name);                                               \
        i++;                                                                                       \
        continue;                                                                                  \
    }
        NUM("--schools", schools)
        NUM("--hazards", hazards)
        NUM("--patrols", patrols)
#undef NUM
        if (strcmp(a, "--public-url") == 0 && v) {
            xa_cfg.public_url = v;
            i++;
            continue;
        }
        if (strcmp(a, "--log-level") == 0 && v) {
            xa_cfg.log_level = v;
            i++;
            continue;
        }
        if (strcmp(a, "--trusted-proxy") == 0 && v) {
            if (xa_cfg.ntrusted_proxy >= XA_TRUSTED_PROXY_MAX)
                die("at most %d --trusted-proxy", XA_TRUSTED_PROXY_MAX);
            xa_cfg.trusted_proxy[xa_cfg.ntrusted_proxy++] = v;
            i++;
            continue;
        }
        if (strcmp(a, "--metrics-token") == 0 && v) {
            xa_cfg.metrics_token = v;
            i++;
            continue;
        }
        if (strcmp(a, "--test-clock") == 0) {
            xa_cfg.test_clock = true;
            continue;
        }
        if (strcmp(a, "--port") == 0 && v) {
            o->port = atoi(v);
            i++;
            continue;
        }
        if (strcmp(a, "--threads") == 0 && v) {
            o->threads = atoi(v);
            i++;
            continue;
        }
        fprintf(stderr, "unknown option %s\n", a);
        usage();
    }
    if (!o->db)
        die("--db is required");
    if (!xa_cfg.metrics_token)
        xa_cfg.metrics_token = getenv("XIAOAN_METRICS_TOKEN");
}

static struct store *open_migrated(const char *uri)
{
    char msg[256];
    struct store *s = store_open(uri, msg, sizeof(msg));
    if (!s)
        die("%s", msg);
    if (store_migrate(s) < 0)
        die("migration failed");
    return s;
}

static int cmd_init(struct opts *o)
{
    if (!o->admin)
        die("--admin is required");
    const char *pw = o->password ? o->password : getenv("XIAOAN_ADMIN_PASSWORD");
    if (!pw || strlen(pw) < 8)
        die("a password of at least 8 characters is required (--password or "
            "XIAOAN_ADMIN_PASSWORD)");
    const char *kind = o->org_kind ? o->org_kind : "province";
    const char *code = o->org_code ? o->org_code : "000000";
    if (orgtree_level(kind) < 1 || orgtree_level(kind) > 3)
        die("--org-kind must be province, city or county");
    if (!orgtree_code_valid(kind, code))
        die("--org-code must be a six-digit GB/T 2260 code");
    struct store *s = open_migrated(o->db);
    int64_t n = 0;
    if (store_org_count(s, &n) < 0)
        die("%s", store_errmsg(s));
    if (n > 0) {
        store_destroy(s);
        die("%s is already initialised", o->db);
    }
    char hash[256];
    if (api_hash_password(pw, hash, sizeof(hash)))
        die("cannot hash the password");
    int64_t now = xa_now_ms();
    struct org_in org = {.kind = kind, .name = o->org_name ? o->org_name : "省教育厅",
                         .code = code, .address = ""};
    if (store_begin(s))
        die("%s", store_errmsg(s));
    int64_t oid = store_org_create(s, &org, now);
    char path[96];
    if (oid < 0 || store_org_locate(s, oid, path, sizeof(path), NULL, 0) != 1)
        die("%s", store_errmsg(s));
    struct role_in ro = {.role = "bureau_admin", .org_id = oid, .org_path = path};
    struct user_in u = {.username = o->admin, .pass_hash = hash, .name = o->admin,
                        .org_id = oid, .org_path = path, .nroles = 1, .roles = &ro};
    int64_t uid = store_user_create(s, &u, now);
    if (uid < 0)
        die("%s", store_errmsg(s));
    json_t *after = store_org_get(s, oid);
    struct audit_in a = {.at = now, .username = "init", .action = "create", .entity = "org",
                         .entity_id = oid, .org_id = oid, .org_path = path, .after = after,
                         .note = "xiaoan init"};
    if (store_audit_append(s, &a) || store_commit(s))
        die("%s", store_errmsg(s));
    json_decref(after);
    printf("initialised %s: org %lld, admin %s\n", o->db, (long long)oid, o->admin);
    store_destroy(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    if (sodium_init() < 0)
        die("libsodium init failed");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        usage();
    if (strcmp(cmd, "audit-checkpoint") == 0) /* own options: src/api/audit_cmd.c */
        return audit_cmd_checkpoint(argc - 2, argv + 2);
    if (strcmp(cmd, "audit-verify") == 0)
        return audit_cmd_verify(argc - 2, argv + 2);
    struct opts o = {.port = 8080};
    parse(argc, argv, &o);
    if (getenv("XIAOAN_TIME_SKEW_MS")) /* tests move the clock forward */
        xa_time_set_skew(atoll(getenv("XIAOAN_TIME_SKEW_MS")));
    if (strcmp(cmd, "serve") == 0) {
        struct store *s = open_migrated(o.db);
        store_destroy(s);
        struct http_config cfg = {.db_uri = o.db, .bind = o.bind, .port = o.port,
                                  .threads = o.threads};
        hazard_jobs_start(o.db); /* the overdue sweep, every minute */
        push_jobs_start(o.db);   /* the push outbox worker */
        int rc = http_serve(&cfg);
        push_jobs_stop();
        hazard_jobs_stop();
        return rc ? 1 : 0;
    }
    if (strcmp(cmd, "init") == 0)
        return cmd_init(&o);
    if (strcmp(cmd, "migrate") == 0) {
        struct store *s = open_migrated(o.db);
        printf("schema version %d\n", store_schema_version(s));
        store_destroy(s);
        return 0;
    }
    if (strcmp(cmd, "demo") == 0) {
        if (o.scale && strcmp(o.scale, "province") != 0)
            die("--scale takes \"province\"");
        struct store *s = open_migrated(o.db);
        int rc;
        if (o.scale) {
            struct province_opts po = PROVINCE_OPTS_DEFAULT;
            if (o.schools)
                po.schools = o.schools;
            if (o.hazards)
                po.hazards = o.hazards;
            if (o.patrols)
                po.patrols = o.patrols;
            if (po.schools < (int64_t)po.counties * po.townships_per_county)
                po.counties = (int)(po.schools / po.townships_per_county) + 1;
            if (po.counties < po.cities)
                po.cities = po.counties;
            rc = demo_province_run(s, &po, stdout);
        } else {
            rc = demo_run(s, stdout);
        }
        store_destroy(s);
        return rc ? 1 : 0;
    }
    if (strcmp(cmd, "backup") == 0) {
        if (!o.out)
            die("--out is required");
        struct store *s = open_migrated(o.db);
        if (store_backup(s, o.out))
            die("backup failed: %s", store_errmsg(s));
        printf("backup written to %s\n", o.out);
        store_destroy(s);
        return 0;
    }
    usage();
}
