/*
 * test_checkpoint.c - the SQLite checkpointer: it works only on real need
 * (the WAL grew past its size), truncates the WAL to zero bytes instead of
 * leaving it at its largest, and does nothing while the server is idle;
 * store_checkpoint (a clean stop) empties the WAL. Two databases in one
 * process each get their own checkpointer and group-commit barrier.
 */
#include "core/compat.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_int.h"
#include "t.h"
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

static int64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

static char row[64 * 1024];

/* ~10 MB of commits into s: its WAL passes the 8 MB mark once. */
static int fill(struct store *s)
{
    int ok = 0;
    for (int i = 0; i < 160; i++) {
        ok += store_begin(s) == 0;
        ok += EXEC(s, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT(row)) == 1;
        ok += store_commit(s) == 0;
    }
    return ok;
}

static void *fill_thread(void *arg)
{
    struct store *s = arg;
    return (void *)(intptr_t)fill(s);
}

/* Waits for file of s to have done n checkpoints; its count. */
static uint64_t wait_checkpoints(struct store *s, uint64_t n)
{
    struct db_sqlite_stats st;
    for (int i = 0; i < 50; i++) {
        db_sqlite_stats(s->db, &st);
        if (st.checkpoints >= n)
            break;
        usleep(100 * 1000);
    }
    db_sqlite_stats(s->db, &st);
    return st.checkpoints;
}

/* Two files, written at the same time from two threads: each WAL is
 * synced by its own barrier and checkpointed by its own thread; a second
 * connection to the first file shares its state; closing every connection
 * stops the threads (ASan/TSan would see a thread left on freed state). */
static void two_files(const char *dir)
{
    char pa[256], pb[256], wa[280], wb[280], msg[256];
    snprintf(pa, sizeof(pa), "%s/a.db", dir);
    snprintf(pb, sizeof(pb), "%s/b.db", dir);
    snprintf(wa, sizeof(wa), "%s-wal", pa);
    snprintf(wb, sizeof(wb), "%s-wal", pb);
    struct store *a = store_open(pa, msg, sizeof(msg));
    struct store *b = store_open(pb, msg, sizeof(msg));
    T_CHECK(a && b);
    if (!a || !b) {
        store_destroy(a);
        store_destroy(b);
        return;
    }
    T_CHECK(a->drv->exec_script(a->db, "CREATE TABLE blob_rows (id INTEGER PRIMARY KEY, b TEXT)") == 0);
    T_CHECK(b->drv->exec_script(b->db, "CREATE TABLE blob_rows (id INTEGER PRIMARY KEY, b TEXT)") == 0);
    struct db_sqlite_stats sa, sb;
    T_EQ_INT(db_sqlite_stats(a->db, &sa), 0);
    T_EQ_INT(db_sqlite_stats(b->db, &sb), 0);
    T_EQ_INT(sa.checkpoints + sb.checkpoints, 0);

    pthread_t ta, tb;
    T_CHECK(pthread_create(&ta, NULL, fill_thread, a) == 0);
    T_CHECK(pthread_create(&tb, NULL, fill_thread, b) == 0);
    void *ra, *rb;
    pthread_join(ta, &ra);
    pthread_join(tb, &rb);
    T_EQ_INT((intptr_t)ra, 480);
    T_EQ_INT((intptr_t)rb, 480);

    /* each file's commits were synced by its own barrier */
    db_sqlite_stats(a->db, &sa);
    db_sqlite_stats(b->db, &sb);
    T_CHECK(sa.syncs >= 1 && sa.syncs <= 160);
    T_CHECK(sb.syncs >= 1 && sb.syncs <= 160);
    /* ... and each WAL checkpointed and truncated by its own thread */
    T_CHECK(wait_checkpoints(a, 1) >= 1);
    T_CHECK(wait_checkpoints(b, 1) >= 1);
    usleep(200 * 1000);
    T_CHECK(file_size(wa) >= 0 && file_size(wa) < (6 << 20));
    T_CHECK(file_size(wb) >= 0 && file_size(wb) < (6 << 20));

    /* a second connection to a.db shares a's state */
    struct store *a2 = store_open(pa, msg, sizeof(msg));
    T_CHECK(a2 != NULL);
    if (a2) {
        struct db_sqlite_stats s2;
        db_sqlite_stats(a->db, &sa);
        db_sqlite_stats(a2->db, &s2);
        T_EQ_INT(s2.checkpoints, sa.checkpoints);
        T_CHECK(EXEC(a2, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT("via a2")) == 1);
        T_CHECK(store_begin(a2) == 0);
        T_CHECK(EXEC(a2, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT("via a2")) == 1);
        T_CHECK(store_commit(a2) == 0);
        db_sqlite_stats(a->db, &s2);
        T_CHECK(s2.syncs > sa.syncs);
        store_destroy(a2);
    }
    int64_t n = 0;
    T_CHECK(INT1(a, &n, "SELECT COUNT(*) FROM blob_rows WHERE id > ?", DB_INT(0)) == 1);
    T_EQ_INT(n, 162);
    T_CHECK(INT1(b, &n, "SELECT COUNT(*) FROM blob_rows WHERE id > ?", DB_INT(0)) == 1);
    T_EQ_INT(n, 160);
    store_destroy(a);
    store_destroy(b);

    /* opened again after every connection closed: a fresh, working state */
    a = store_open(pa, msg, sizeof(msg));
    T_CHECK(a != NULL);
    if (a) {
        T_EQ_INT(db_sqlite_stats(a->db, &sa), 0);
        T_EQ_INT(sa.checkpoints, 0);
        T_CHECK(store_begin(a) == 0);
        T_CHECK(EXEC(a, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT("again")) == 1);
        T_CHECK(store_commit(a) == 0);
        db_sqlite_stats(a->db, &sa);
        T_EQ_INT(sa.syncs, 1);
        store_destroy(a);
    }
    unlink(pa);
    unlink(pb);
    unlink(wa);
    unlink(wb);
    /* the -shm files persist with the WAL */
    snprintf(wa, sizeof(wa), "%s-shm", pa);
    snprintf(wb, sizeof(wb), "%s-shm", pb);
    unlink(wa);
    unlink(wb);
}

void t_main(void)
{
    char dir[] = "/tmp/xa-ckpt-XXXXXX";
    T_CHECK(mkdtemp(dir) != NULL);
    char path[256], wal[280];
    snprintf(path, sizeof(path), "%s/c.db", dir);
    snprintf(wal, sizeof(wal), "%s-wal", path);
    char msg[256];
    struct store *s = store_open(path, msg, sizeof(msg));
    T_CHECK(s != NULL);
    if (!s)
        return;
    T_CHECK(s->drv->exec_script(s->db, "CREATE TABLE blob_rows (id INTEGER PRIMARY KEY, b TEXT)") == 0);
    usleep(300 * 1000);
    uint64_t before = db_sqlite_checkpoints;
    T_EQ_INT(before, 0); /* nothing to do: no checkpoint */

    /* ~10 MB of commits: the WAL passes its 8 MB size once */
    memset(row, 'x', sizeof(row) - 1);
    T_EQ_INT(fill(s), 480);
    /* the checkpointer wakes, copies and truncates */
    for (int i = 0; i < 50 && db_sqlite_checkpoints == before; i++)
        usleep(100 * 1000);
    T_CHECK(db_sqlite_checkpoints >= before + 1);
    usleep(200 * 1000);
    int64_t wal_size = file_size(wal);
    /* truncated (then grown by the writes after it), not left at 8 MB and more */
    T_CHECK(wal_size >= 0 && wal_size < (6 << 20));
    uint64_t after = db_sqlite_checkpoints;
    /* idle: no checkpoint runs while nothing is written */
    usleep(1200 * 1000);
    T_EQ_INT(db_sqlite_checkpoints, after);
    /* a few small writes: no need, no checkpoint */
    for (int i = 0; i < 5; i++)
        T_CHECK(EXEC(s, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT("small")) == 1);
    usleep(500 * 1000);
    T_EQ_INT(db_sqlite_checkpoints, after);
    T_CHECK(file_size(wal) > 0);
    /* a clean stop empties the WAL; the rows are in the database file */
    T_CHECK(store_checkpoint(s) == 0);
    T_EQ_INT(file_size(wal), 0);
    int64_t n = 0;
    T_CHECK(INT1(s, &n, "SELECT COUNT(*) FROM blob_rows WHERE id > ?", DB_INT(0)) == 1);
    T_EQ_INT(n, 165);
    store_destroy(s);
    unlink(path);
    unlink(wal);

    two_files(dir);
    char shm[280];
    snprintf(shm, sizeof(shm), "%s/c.db-shm", dir);
    unlink(shm);
    rmdir(dir);
}
