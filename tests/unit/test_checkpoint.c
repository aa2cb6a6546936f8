/*
 * test_checkpoint.c - the SQLite checkpointer: it works only on real need
 * (the WAL grew past its size), truncates the WAL to zero bytes instead of
 * leaving it at its largest, and does nothing while the server is idle;
 * store_checkpoint (a clean stop) empties the WAL.
 */
#include "core/compat.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_int.h"
#include "t.h"
#include <sys/stat.h>
#include <unistd.h>

static int64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
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
    static char row[64 * 1024];
    memset(row, 'x', sizeof(row) - 1);
    for (int i = 0; i < 160; i++) {
        T_CHECK(store_begin(s) == 0);
        T_CHECK(EXEC(s, "INSERT INTO blob_rows (b) VALUES (?)", DB_TEXT(row)) == 1);
        T_CHECK(store_commit(s) == 0);
    }
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
}
