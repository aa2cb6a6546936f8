/*
 * main.c - the xiaoan command line.
 *
 *   xiaoan serve   --db PATH|postgres://... [--port 8080] [--bind 127.0.0.1] [--threads N]
 *                  [--public-url URL] [--trusted-proxy CIDR]... [--test-clock] [--log-level L]
 *   xiaoan init    --db PATH --admin NAME [--password PASS] [--org-name N --org-kind K --org-code C]
 *   xiaoan demo    --db PATH [--scale province ...]
 *   xiaoan migrate --db PATH
 *   xiaoan backup  --db PATH --out FILE
 *   xiaoan <command> --help | --version
 *
 * Options and commands are two tables (opt_table, cmd_table): a new flag or
 * command is one row (plus its setter or run function). Every option can
 * also come from the environment (XIAOAN_<NAME>: XIAOAN_PORT, XIAOAN_DB, ...;
 * the command line wins). A PostgreSQL URI with a password belongs in
 * XIAOAN_DB or in a file named by --db-file, not on the command line where
 * every local user sees it. Usage errors (unknown option, refused value)
 * exit 2; failures at run time exit 1.
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_hazard.h"
#include "api/api_openapi.h"
#include "api/api_push.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/orgtree.h"
#include <errno.h>
#include <getopt.h>
#include <sodium.h>

struct opts {
    const char *db, *admin, *password, *out, *bind, *org_name, *org_kind, *org_code, *scale;
    int port, threads, shutdown_grace;
    long migrate_to;
    int64_t schools, hazards, patrols;
};

/* Exits 2 (a usage error) after printing why. */
XA_NORETURN XA_PRINTF(1, 2) static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("xiaoan: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(xiaoan <command> --help lists the options)\n", stderr);
    va_end(ap);
    exit(2);
}

/* A whole decimal number in [lo, hi], or -1. */
static int parse_num(const char *v, int64_t lo, int64_t hi, int64_t *out)
{
    if (!v || !*v || strlen(v) > 18)
        return -1;
    int64_t n = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
    }
    if (n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

/* Setters: 0, or -1 with a message in err (the value is refused). */
typedef int (*opt_setter)(struct opts *o, const char *v, char *err, size_t elen);

#define STR_SETTER(field)                                                                          \
    static int set_##field(struct opts *o, const char *v, char *e, size_t el)                     \
    {                                                                                              \
        (void)e;                                                                                   \
        (void)el;                                                                                  \
        o->field = v;                                                                              \
        return 0;                                                                                  \
    }
STR_SETTER(db)
STR_SETTER(admin)
STR_SETTER(password)
STR_SETTER(out)
STR_SETTER(bind)
STR_SETTER(org_name)
STR_SETTER(org_kind)
STR_SETTER(org_code)
STR_SETTER(scale)
#undef STR_SETTER

static int set_port(struct opts *o, const char *v, char *e, size_t el)
{
    int64_t n;
    if (parse_num(v, 1, 65535, &n)) {
        snprintf(e, el, "a port number from 1 to 65535");
        return -1;
    }
    o->port = (int)n;
    return 0;
}

static int set_threads(struct opts *o, const char *v, char *e, size_t el)
{
    int64_t n;
    if (parse_num(v, 1, 1024, &n)) {
        snprintf(e, el, "a number of threads from 1 to 1024");
        return -1;
    }
    o->threads = (int)n;
    return 0;
}

static int set_shutdown_grace(struct opts *o, const char *v, char *e, size_t el)
{
    int64_t n;
    if (parse_num(v, 1, 3600, &n)) {
        snprintf(e, el, "a number of seconds from 1 to 3600");
        return -1;
    }
    o->shutdown_grace = (int)n;
    return 0;
}

static int set_to(struct opts *o, const char *v, char *e, size_t el)
{
    int64_t n;
    if (parse_num(v, 1, 9999, &n)) {
        snprintf(e, el, "a schema version number");
        return -1;
    }
    o->migrate_to = (long)n;
    return 0;
}

#define COUNT_SETTER(field)                                                                        \
    static int set_##field(struct opts *o, const char *v, char *e, size_t el)                     \
    {                                                                                              \
        if (parse_num(v, 1, INT64_C(1000000000000), &o->field)) {                                  \
            snprintf(e, el, "a positive whole number");                                            \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }
COUNT_SETTER(schools)
COUNT_SETTER(hazards)
COUNT_SETTER(patrols)
#undef COUNT_SETTER

/* --db-file: the first line of the file is the database URI (a PostgreSQL
 * URI with its password stays out of the process list). */
static int set_db_file(struct opts *o, const char *v, char *e, size_t el)
{
    FILE *f = fopen(v, "r");
    if (!f) {
        snprintf(e, el, "cannot read %s: %s", v, strerror(errno));
        return -1;
    }
    char line[4096];
    if (!fgets(line, sizeof(line), f))
        line[0] = '\0';
    fclose(f);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';
    if (!n) {
        snprintf(e, el, "%s is empty (it should hold the database path or URI)", v);
        return -1;
    }
    o->db = strdup(line);
    return 0;
}

static int set_public_url(struct opts *o, const char *v, char *e, size_t el)
{
    (void)o;
    if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
        snprintf(e, el, "an http:// or https:// address");
        return -1;
    }
    xa_cfg.public_url = v;
    return 0;
}

/* Repeatable; from the environment a comma-separated list. */
static int set_trusted_proxy(struct opts *o, const char *v, char *e, size_t el)
{
    (void)o;
    if (!*v) {
        snprintf(e, el, "an address or CIDR range");
        return -1;
    }
    if (xa_cfg.ntrusted_proxy >= XA_TRUSTED_PROXY_MAX) {
        snprintf(e, el, "at most %d ranges", XA_TRUSTED_PROXY_MAX);
        return -1;
    }
    xa_cfg.trusted_proxy[xa_cfg.ntrusted_proxy++] = v;
    return 0;
}

static int set_test_clock(struct opts *o, const char *v, char *e, size_t el)
{
    (void)o;
    if (v && strcmp(v, "1") != 0 && strcmp(v, "true") != 0 && strcmp(v, "0") != 0 &&
        strcmp(v, "false") != 0) {
        snprintf(e, el, "1 or 0");
        return -1;
    }
    xa_cfg.test_clock = !v || strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    return 0;
}

static int set_metrics_token(struct opts *o, const char *v, char *e, size_t el)
{
    (void)o;
    if (strlen(v) < 8) {
        snprintf(e, el, "a token of at least 8 characters");
        return -1;
    }
    xa_cfg.metrics_token = v;
    return 0;
}

static int set_log_level(struct opts *o, const char *v, char *e, size_t el)
{
    (void)o;
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    for (size_t i = 0; i < XA_ARRAY_LEN(levels); i++)
        if (strcmp(v, levels[i]) == 0) {
            xa_cfg.log_level = levels[i];
            log_set_level((enum log_level)i);
            return 0;
        }
    snprintf(e, el, "one of debug, info, warn, error");
    return -1;
}

/* The options. env NULL: XIAOAN_ + the name in capitals, '-' as '_'. */
struct optdef {
    const char *name;
    const char *arg; /* NULL: a switch without a value */
    opt_setter set;
    const char *help;
    const char *env;
    bool multi; /* may be given more than once */
};

static const struct optdef opt_table[] = {
    {"db", "PATH|URI", set_db, "SQLite file or postgres://user@host/db", NULL, false},
    {"db-file", "FILE", set_db_file, "read the database path or URI from FILE", NULL, false},
    {"port", "N", set_port, "port to listen on (default 8080)", NULL, false},
    {"bind", "ADDR", set_bind, "address to listen on (default 127.0.0.1)", NULL, false},
    {"threads", "N", set_threads, "worker threads (default 8 per core)", NULL, false},
    {"shutdown-grace", "SECONDS", set_shutdown_grace,
     "on SIGTERM, time for requests in flight (default 10)", NULL, false},
    {"public-url", "URL", set_public_url, "address users reach the service at", NULL, false},
    {"trusted-proxy", "CIDR", set_trusted_proxy,
     "a proxy whose X-Forwarded-For is believed (repeatable)", NULL, true},
    {"test-clock", NULL, set_test_clock, "allow run-jobs at a future time (tests only)", NULL,
     false},
    {"metrics-token", "TOKEN", set_metrics_token,
     "/metrics answers only with Authorization: Bearer TOKEN", NULL, false},
    {"log-level", "LEVEL", set_log_level, "debug, info, warn or error (default info)", NULL,
     false},
    {"admin", "NAME", set_admin, "login name of the first administrator", NULL, false},
    {"password", "PASS", set_password, "its password", "XIAOAN_ADMIN_PASSWORD", false},
    {"org-name", "NAME", set_org_name, "name of the root bureau", NULL, false},
    {"org-kind", "KIND", set_org_kind, "province, city or county", NULL, false},
    {"org-code", "CODE", set_org_code, "six-digit GB/T 2260 code", NULL, false},
    {"scale", "province", set_scale, "benchmark data instead of the demo", NULL, false},
    {"schools", "N", set_schools, "schools of --scale province", NULL, false},
    {"hazards", "N", set_hazards, "hazards of --scale province", NULL, false},
    {"patrols", "N", set_patrols, "patrol records of --scale province", NULL, false},
    {"out", "FILE", set_out, "where to write the backup", NULL, false},
    {"to", "VERSION", set_to, "stop at this schema version (staged upgrades)", "XIAOAN_MIGRATE_TO",
     false},
};

static int cmd_serve(struct opts *o);
static int cmd_init(struct opts *o);
static int cmd_demo(struct opts *o);
static int cmd_migrate(struct opts *o);
static int cmd_backup(struct opts *o);
static int cmd_openapi(struct opts *o);

/* The commands; opts lists the options each takes (space-separated). */
struct cmddef {
    const char *name;
    int (*run)(struct opts *o);
    const char *opts;
    const char *summary;
};

#define DB_OPTS "db db-file log-level "
static const struct cmddef cmd_table[] = {
    {"serve", cmd_serve,
     DB_OPTS "port bind threads shutdown-grace public-url trusted-proxy test-clock metrics-token",
     "serve the web UI and the API (applies pending migrations first)"},
    {"init", cmd_init, DB_OPTS "admin password org-name org-kind org-code",
     "create the database with its root bureau and first administrator"},
    {"demo", cmd_demo, DB_OPTS "scale schools hazards patrols",
     "create the demo data set and print its logins"},
    {"migrate", cmd_migrate, DB_OPTS "to",
     "apply pending schema migrations (an SQLite file is copied first)"},
    {"backup", cmd_backup, DB_OPTS "out", "online backup (SQLite; pg_dump for PostgreSQL)"},
    {"openapi", cmd_openapi, "log-level",
     "print the OpenAPI document of the API (as GET /api/v1/openapi.json), no server needed"},
};
#undef DB_OPTS

static const char *version_line(void)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "xiaoan %s (%s)", XA_VERSION, xa_build_commit);
    return buf;
}

static bool cmd_takes(const struct cmddef *c, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = c->opts; (p = strstr(p, opt)) != NULL; p += n)
        if ((p == c->opts || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static void env_name(const struct optdef *d, char *buf, size_t len)
{
    if (d->env) {
        snprintf(buf, len, "%s", d->env);
        return;
    }
    int k = snprintf(buf, len, "XIAOAN_");
    for (const char *p = d->name; *p && (size_t)k + 1 < len; p++)
        buf[k++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    buf[k] = '\0';
}

static void print_usage(FILE *f)
{
    fprintf(f, "usage: xiaoan <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < XA_ARRAY_LEN(cmd_table); i++)
        fprintf(f, "  %-9s %s\n", cmd_table[i].name, cmd_table[i].summary);
    fprintf(f, "  %-9s %s\n", "audit-checkpoint",
            "print a signed checkpoint of the audit chain (--db, --key FILE)");
    fprintf(f, "  %-9s %s\n", "audit-verify",
            "verify the audit chain against a checkpoint (--db, --checkpoint FILE, --key FILE)");
    fprintf(f, "\n  xiaoan <command> --help   the options of a command\n"
               "  xiaoan --version          print the version\n");
}

static void print_cmd_help(const struct cmddef *c)
{
    printf("usage: xiaoan %s [options]\n%s\n\noptions (environment variable in brackets):\n",
           c->name, c->summary);
    for (size_t i = 0; i < XA_ARRAY_LEN(opt_table); i++) {
        const struct optdef *d = &opt_table[i];
        if (!cmd_takes(c, d->name))
            continue;
        char left[64], env[64];
        snprintf(left, sizeof(left), "--%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        env_name(d, env, sizeof(env));
        printf("  %-26s %s [%s]\n", left, d->help, env);
    }
    printf("  %-26s %s\n  %-26s %s\n", "--help", "this text", "--version", "print the version");
}

static void apply(const struct optdef *d, struct opts *o, const char *v, const char *label)
{
    char e[300] = "";
    if (d->set(o, v, e, sizeof(e))) {
        if (v)
            usage_error("%s: \"%s\" refused, it needs %s", label, v, e);
        usage_error("%s: %s", label, e);
    }
}

/* Parses argv (after the command) into o; environment variables fill what
 * the command line left out. */
static void parse(const struct cmddef *c, int argc, char **argv, struct opts *o)
{
    struct option lo[XA_ARRAY_LEN(opt_table) + 3];
    int n = 0;
    for (size_t i = 0; i < XA_ARRAY_LEN(opt_table); i++)
        if (cmd_takes(c, opt_table[i].name))
            lo[n++] = (struct option){opt_table[i].name,
                                      opt_table[i].arg ? required_argument : no_argument, NULL,
                                      256 + (int)i};
    lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
    lo[n++] = (struct option){"version", no_argument, NULL, 'V'};
    lo[n] = (struct option){0};
    bool seen[XA_ARRAY_LEN(opt_table)] = {0};
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "+:hV", lo, NULL)) != -1) {
        if (ch == 'h') {
            print_cmd_help(c);
            exit(0);
        }
        if (ch == 'V') {
            puts(version_line());
            exit(0);
        }
        if (ch == ':')
            usage_error("%s needs a value", argv[optind - 1]);
        if (ch == '?')
            usage_error("%s does not take %s", c->name, argv[optind - 1]);
        const struct optdef *d = &opt_table[ch - 256];
        if (seen[ch - 256] && !d->multi)
            usage_error("--%s is given twice", d->name);
        seen[ch - 256] = true;
        char label[64];
        snprintf(label, sizeof(label), "--%s", d->name);
        apply(d, o, optarg, label);
    }
    if (optind < argc)
        usage_error("unexpected argument \"%s\"", argv[optind]);
    bool db_set = seen[0] || seen[1];
    for (size_t i = 0; i < XA_ARRAY_LEN(opt_table); i++) {
        const struct optdef *d = &opt_table[i];
        if (seen[i] || !cmd_takes(c, d->name))
            continue;
        if ((i == 0 || i == 1) && db_set) /* --db and --db-file name the same thing */
            continue;
        char env[64];
        env_name(d, env, sizeof(env));
        const char *v = getenv(env);
        if (!v || (!*v && d->arg))
            continue;
        if (d->multi) {
            char *copy = strdup(v), *save = NULL;
            for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
                apply(d, o, t, env);
        } else {
            apply(d, o, v, env);
        }
        if (i == 0 || i == 1)
            db_set = true;
    }
    if (cmd_takes(c, "db") && !o->db)
        usage_error("--db (or XIAOAN_DB, or --db-file) is required");
    if (seen[0] && o->db && strstr(o->db, "://") && strchr(strstr(o->db, "://") + 3, ':') &&
        strchr(o->db, '@'))
        log_warn("the database password is visible in the process list: put the URI in "
                 "XIAOAN_DB or a file named by --db-file");
}

/* Opens the database and applies pending migrations (an SQLite file is
 * copied next to itself first); dies when that fails or the schema is newer
 * than this binary. */
static struct store *open_migrated_to(const char *uri, long to)
{
    char msg[256];
    struct store *s = store_open(uri, msg, sizeof(msg));
    if (!s)
        die("%s", msg);
    bool file = strcmp(store_backend(s), "sqlite") == 0 && strcmp(uri, ":memory:") != 0 &&
                strncmp(uri, "file:", 5) != 0;
    struct store_migrate_opts mo = {.to = to, .backup_path_base = file ? uri : NULL};
    if (store_migrate_with(s, &mo) < 0)
        die("migration failed (see above); nothing was started");
    return s;
}

static struct store *open_migrated(const char *uri)
{
    return open_migrated_to(uri, 0);
}

/* Closes after a command that wrote: an SQLite WAL is emptied into the
 * database file first, so the file alone holds everything. */
static void close_store(struct store *s)
{
    if (s && store_checkpoint(s))
        log_warn("checkpoint: %s", store_errmsg(s));
    store_destroy(s);
}

static int cmd_init(struct opts *o)
{
    if (!o->admin)
        die("--admin is required");
    const char *pw = o->password;
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
    /* one change by "init" (the system): the org and its administrator */
    struct change c;
    if (store_change_begin(&c, s, 0, "init", now))
        die("%s", store_errmsg(s));
    int64_t oid = store_org_create(&c, &org, NULL);
    char path[96];
    if (oid < 0 || store_org_locate(s, oid, path, sizeof(path), NULL, 0) != 1)
        die("%s", store_errmsg(s));
    struct role_in ro = {.role = "bureau_admin", .org_id = oid, .org_path = path};
    struct user_in u = {.username = o->admin, .pass_hash = hash, .name = o->admin,
                        .org_id = oid, .org_path = path, .nroles = 1, .roles = &ro};
    if (store_user_create(&c, &u, NULL) < 0 || store_change_commit(&c))
        die("%s", store_errmsg(s));
    printf("initialised %s: org %lld, admin %s\n", o->db, (long long)oid, o->admin);
    close_store(s);
    return 0;
}

static int cmd_openapi(struct opts *o)
{
    (void)o;
    if (router_check(api_routes, api_routes_count, true))
        die("the route table is faulty (see above)");
    json_t *doc = openapi_document();
    if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2)) || puts("") < 0)
        die("cannot print the OpenAPI document");
    json_decref(doc);
    return 0;
}

static int cmd_serve(struct opts *o)
{
    if (router_check(api_routes, api_routes_count, true))
        die("the route table is faulty (see above); nothing was started");
    struct store *s = open_migrated(o->db);
    store_destroy(s);
    struct http_config cfg = {.db_uri = o->db, .bind = o->bind, .port = o->port,
                              .threads = o->threads, .shutdown_grace_s = o->shutdown_grace};
    hazard_jobs_start(o->db); /* the overdue sweep, every minute */
    push_jobs_start(o->db);   /* the push outbox worker */
    store_on_commit(api_commit_hook);
    int rc = http_serve(&cfg);
    push_jobs_stop();
    hazard_jobs_stop();
    /* after the last write: the WAL goes into the database and is emptied,
     * so the .db file alone holds everything */
    char msg[256];
    s = store_open(o->db, msg, sizeof(msg));
    if (!s || store_checkpoint(s)) {
        err("checkpoint at stop: %s", s ? store_errmsg(s) : msg);
        rc = -1;
    } else {
        log_info("database checkpointed and closed");
    }
    store_destroy(s);
    return rc ? 1 : 0;
}

static int cmd_migrate(struct opts *o)
{
    struct store *s = open_migrated_to(o->db, o->migrate_to);
    printf("schema version %d\n", store_schema_version(s));
    close_store(s);
    return 0;
}

static int cmd_demo(struct opts *o)
{
    if (o->scale && strcmp(o->scale, "province") != 0)
        usage_error("--scale takes \"province\"");
    struct store *s = open_migrated(o->db);
    int rc;
    if (o->scale) {
        struct province_opts po = PROVINCE_OPTS_DEFAULT;
        if (o->schools)
            po.schools = o->schools;
        if (o->hazards)
            po.hazards = o->hazards;
        if (o->patrols)
            po.patrols = o->patrols;
        if (po.schools < (int64_t)po.counties * po.townships_per_county)
            po.counties = (int)(po.schools / po.townships_per_county) + 1;
        if (po.counties < po.cities)
            po.cities = po.counties;
        rc = demo_province_run(s, &po, stdout);
    } else {
        rc = demo_run(s, stdout);
    }
    close_store(s);
    return rc ? 1 : 0;
}

static int cmd_backup(struct opts *o)
{
    if (!o->out)
        usage_error("--out is required");
    struct store *s = open_migrated(o->db);
    if (store_backup(s, o->out))
        die("backup failed: %s", store_errmsg(s));
    printf("backup written to %s\n", o->out);
    store_destroy(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        puts(version_line());
        return 0;
    }
    if (strcmp(cmd, "audit-checkpoint") == 0 || strcmp(cmd, "audit-verify") == 0) {
        /* own options: src/api/audit_cmd.c */
        if (sodium_init() < 0)
            die("libsodium init failed");
        return cmd[6] == 'c' ? audit_cmd_checkpoint(argc - 2, argv + 2)
                             : audit_cmd_verify(argc - 2, argv + 2);
    }
    const struct cmddef *c = NULL;
    for (size_t i = 0; i < XA_ARRAY_LEN(cmd_table); i++)
        if (strcmp(cmd, cmd_table[i].name) == 0)
            c = &cmd_table[i];
    if (!c) {
        fprintf(stderr, "xiaoan: unknown command \"%s\"\n", cmd);
        print_usage(stderr);
        return 2;
    }
    struct opts o = {.port = 8080};
    parse(c, argc - 1, argv + 1, &o);
    if (sodium_init() < 0)
        die("libsodium init failed");
    if (getenv("XIAOAN_TIME_SKEW_MS")) /* tests move the clock forward */
        xa_time_set_skew(atoll(getenv("XIAOAN_TIME_SKEW_MS")));
    return c->run(&o);
}
