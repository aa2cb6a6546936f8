/*
 * test_migrate.c - the migration runner: one list per backend in version
 * order, a version's SQL from common/ when it is the same for both backends
 * or from the backend's own folder, a version in both refused; a fresh
 * database migrates to the newest version on SQLite and on PostgreSQL
 * (XA_TEST_PG_URI, in a schema of its own).
 */
#include "core/compat.h"
#include "core/embed.h"
#include "store/store.h"
#include "store/store_int.h"
#include "t.h"
#include <unistd.h>

static const unsigned char SQL[] = "SELECT 1;";

static void test_list(void)
{
    struct migration sq[MIGRATIONS_MAX], pg[MIGRATIONS_MAX];
    char why[200] = "";
    int nsq = store_migrations_list(migrations, false, sq, why, sizeof(why));
    int npg = store_migrations_list(migrations, true, pg, why, sizeof(why));
    T_CHECK(nsq >= 19);
    T_EQ_INT(nsq, npg);
    int common = 0;
    for (int i = 0; i < nsq && i < npg; i++) {
        /* the same versions for both, strictly increasing */
        T_EQ_INT(sq[i].version, pg[i].version);
        if (i)
            T_CHECK(sq[i].version > sq[i - 1].version);
        bool c = strncmp(sq[i].f->path, "/common/", 8) == 0;
        T_EQ_INT(c, strncmp(pg[i].f->path, "/common/", 8) == 0);
        if (c) {
            common++;
            T_CHECK(sq[i].f == pg[i].f); /* one file for both */
        } else {
            T_CHECK(strncmp(sq[i].f->path, "/sqlite/", 8) == 0);
            T_CHECK(strncmp(pg[i].f->path, "/pg/", 4) == 0);
        }
        if (sq[i].version == 6 || sq[i].version == 11 || sq[i].version == 21)
            T_CHECK(c);
    }
    T_EQ_INT(common, 3);

    /* common and per-backend files merge in version order */
    static const struct embed_file mixed[] = {
        {"/common/0003_c.sql", SQL, sizeof(SQL) - 1}, {"/common/0010_j.sql", SQL, sizeof(SQL) - 1},
        {"/pg/0001_a.sql", SQL, sizeof(SQL) - 1},     {"/pg/0002_b.sql", SQL, sizeof(SQL) - 1},
        {"/sqlite/0001_a.sql", SQL, sizeof(SQL) - 1}, {"/sqlite/0002_b.sql", SQL, sizeof(SQL) - 1},
        {"/sqlite/0022_new.sql", SQL, sizeof(SQL) - 1}, {"/pg/0022_new.sql", SQL, sizeof(SQL) - 1},
        {NULL, NULL, 0},
    };
    T_EQ_INT(store_migrations_list(mixed, true, pg, why, sizeof(why)), 5);
    static const long want[] = {1, 2, 3, 10, 22};
    for (int i = 0; i < 5; i++)
        T_EQ_INT(pg[i].version, want[i]);
    T_EQ_STR(pg[2].f->path, "/common/0003_c.sql");
    T_EQ_STR(pg[4].f->path, "/pg/0022_new.sql");
    T_EQ_INT(store_migrations_list(mixed, false, sq, why, sizeof(why)), 5);
    T_EQ_STR(sq[0].f->path, "/sqlite/0001_a.sql");

    /* a version in common/ and in a backend's folder: refused */
    static const struct embed_file twice[] = {
        {"/common/0002_b.sql", SQL, sizeof(SQL) - 1},
        {"/pg/0001_a.sql", SQL, sizeof(SQL) - 1},
        {"/pg/0002_b.sql", SQL, sizeof(SQL) - 1},
        {NULL, NULL, 0},
    };
    why[0] = '\0';
    T_EQ_INT(store_migrations_list(twice, true, pg, why, sizeof(why)), -1);
    T_CHECK(strstr(why, "0002") != NULL);
    /* ... while SQLite, without its own 0002, takes the common one */
    T_EQ_INT(store_migrations_list(twice, false, sq, why, sizeof(why)), 1);
    /* a file without a version number: refused */
    static const struct embed_file nameless[] = {
        {"/common/x.sql", SQL, sizeof(SQL) - 1},
        {NULL, NULL, 0},
    };
    T_EQ_INT(store_migrations_list(nameless, false, sq, why, sizeof(why)), -1);
}

static void migrate_fresh(struct store *s)
{
    bool pg = strcmp(store_backend(s), "postgres") == 0;
    if (pg) /* a schema of its own: the scratch database keeps other tests' tables */
        T_CHECK(s->drv->exec_script(s->db, "DROP SCHEMA IF EXISTS xa_migrate CASCADE; "
                                           "CREATE SCHEMA xa_migrate; "
                                           "SET search_path = xa_migrate") == 0);
    struct migration list[MIGRATIONS_MAX];
    char why[200];
    int n = store_migrations_list(migrations, pg, list, why, sizeof(why));
    T_EQ_INT(store_migrate(s), n);
    T_EQ_INT(store_schema_version(s), list[n - 1].version);
    T_EQ_INT(store_migrate(s), 0);
    /* the common migrations ran: their indexes are there */
    static const char *const idx[] = {"user_roles_org_role", "hazards_found"};
    for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
        int64_t k = 0;
        T_EQ_INT(pg ? INT1(s, &k, "SELECT count(*) FROM pg_indexes WHERE indexname = ? AND "
                                  "schemaname = 'xa_migrate'",
                           DB_TEXT(idx[i]))
                    : INT1(s, &k, "SELECT count(*) FROM sqlite_master WHERE name = ?",
                           DB_TEXT(idx[i])),
                 1);
        T_EQ_INT(k, 1);
    }
    if (pg)
        T_CHECK(s->drv->exec_script(s->db, "SET search_path = public; "
                                           "DROP SCHEMA xa_migrate CASCADE") == 0);
}

void t_main(void)
{
    test_list();
    t_each_backend("migrate", migrate_fresh);
}
