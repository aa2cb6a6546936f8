/*
 * test_change.c - the store's change object and the typed errors: a change
 * commits its writes and its audit rows together (the chain stays intact),
 * an aborted change leaves neither, a change cannot nest in an open
 * transaction (the old nesting let an inner rollback's outer commit report
 * success), the commit hook runs after the commit with what was touched,
 * and every error code has a kind, a status and Chinese words.
 */
#include "core/compat.h"
#include "core/err.h"
#include "domain/orgtree.h"
#include "http/http.h"
#include "store/store_int.h"
#include "t.h"

static unsigned hook_seen;
static int hook_calls;
static void hook(unsigned touched)
{
    hook_seen = touched;
    hook_calls++;
}

static int64_t audit_rows(struct store *s)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM audit WHERE entity = ?", DB_TEXT("test_change"));
    return n;
}

static int64_t setting_rows(struct store *s, const char *key)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM settings WHERE key = ?", DB_TEXT(key));
    return n;
}

static void run(struct store *s)
{
    T_EQ_INT(store_migrate(s) >= 0, 1);
    store_on_commit(hook);
    int64_t a0 = audit_rows(s);
    char key[64];
    snprintf(key, sizeof(key), "test_change.%lld", (long long)(a0 + 1000 * hook_calls));

    /* an aborted change: neither the write nor its audit row */
    struct change c;
    T_EQ_INT(store_change_begin(&c, s, 0, "系统", 1000), 0);
    T_CHECK(c.open);
    T_EQ_INT(store_setting_set(s, key, "1"), 0);
    json_t *after = json_pack("{s:s}", "v", "1");
    T_EQ_INT(change_audit(&c, "create", "test_change", 1, 0, "/", NULL, after, "中文备注"), 0);
    change_touch(&c, CHANGE_SESSIONS);
    store_change_abort(&c);
    T_CHECK(!c.open);
    store_change_abort(&c); /* harmless twice */
    T_EQ_INT(setting_rows(s, key), 0);
    T_EQ_INT(audit_rows(s), a0);
    int calls = hook_calls;

    /* a committed change: both, and the hook after */
    T_EQ_INT(store_change_begin(&c, s, 0, "系统", 2000), 0);
    T_EQ_INT(change_lock(&c, "test_change", 1), 0);
    T_EQ_INT(store_setting_set(s, key, "2"), 0);
    json_object_set_new(after, "v", json_string("2"));
    T_EQ_INT(change_audit(&c, "create", "test_change", 1, 0, "/", NULL, after, NULL), 0);
    json_object_set_new(after, "v", json_string("changed after the audit")); /* a snapshot */
    change_touch(&c, CHANGE_HAZARD_DOCS);
    T_EQ_INT(store_change_commit(&c), 0);
    T_CHECK(!c.open);
    T_EQ_INT(hook_calls, calls + 1);
    T_EQ_INT(hook_seen, CHANGE_HAZARD_DOCS);
    T_EQ_INT(setting_rows(s, key), 1);
    T_EQ_INT(audit_rows(s), a0 + 1);
    char txt[128] = "";
    TEXT1(s, txt, sizeof(txt),
          "SELECT after_json FROM audit WHERE entity = ? ORDER BY id DESC LIMIT 1",
          DB_TEXT("test_change"));
    T_EQ_STR(txt, "{\"v\":\"2\"}");
    T_EQ_INT(store_audit_verify(s), 0);
    T_EQ_INT(store_change_commit(&c), -1); /* ended */

    /* no nesting: a change inside a transaction, a transaction inside a change */
    T_EQ_INT(store_begin(s), 0);
    T_EQ_INT(store_change_begin(&c, s, 0, "", 3000), -1);
    T_EQ_INT(c.err.code, XE_NESTED_TX);
    T_CHECK(!c.open);
    T_EQ_INT(store_begin(s), -1);
    T_EQ_INT(store_rollback(s), 0);
    T_EQ_INT(store_change_begin(&c, s, 0, "", 3000), 0);
    T_EQ_INT(store_begin(s), -1);
    T_CHECK(store_in_tx(s));
    /* a refusal carries its code and field */
    T_EQ_INT(change_fail(&c, XE_REQUIRED, "title"), -1);
    T_EQ_INT(c.err.code, XE_REQUIRED);
    T_EQ_STR(c.err.field, "title");
    store_change_abort(&c);
    T_CHECK(!store_in_tx(s));

    /* a quiet change (a data load) writes no audit row */
    T_EQ_INT(store_change_begin(&c, s, 0, "", 4000), 0);
    c.quiet = true;
    T_EQ_INT(change_audit(&c, "update", "test_change", 1, 0, "/", after, after, NULL), 0);
    T_EQ_INT(store_change_commit(&c), 0);
    T_EQ_INT(audit_rows(s), a0 + 1);
    json_decref(after);
    store_on_commit(NULL);
}

void t_main(void)
{
    /* every code: a kind, and for refusals a status, an API code and words */
    for (int e = 0; e < XE__COUNT; e++) {
        enum xa_errkind k = xa_err_kind((enum xa_err)e);
        T_CHECK(xa_err_name((enum xa_err)e)[0] != '?');
        if (k == XK_NONE || k == XK_STORE)
            continue;
        int st = http_error_status((enum xa_err)e);
        if (!(st == 403 || st == 404 || st == 409 || st == 422))
            t_fail(__FILE__, __LINE__, "%s: status %d", xa_err_name((enum xa_err)e), st);
        else
            t_passed++;
        const char *m = http_error_message((enum xa_err)e);
        if (!m || !http_error_code((enum xa_err)e) || (unsigned char)m[0] < 0x80)
            t_fail(__FILE__, __LINE__, "%s: no Chinese message", xa_err_name((enum xa_err)e));
        else
            t_passed++;
    }
    /* the one path -> org id helper (five copies before) */
    T_EQ_INT(orgtree_path_last_id("/1/4/9/"), 9);
    T_EQ_INT(orgtree_path_last_id("/12/"), 12);
    T_EQ_INT(orgtree_path_last_id("/"), 0);
    T_EQ_INT(orgtree_path_last_id(""), 0);
    T_EQ_INT(orgtree_path_last_id(NULL), 0);
    T_EQ_INT(orgtree_path_last_id("/1/x/"), 0);
    T_EQ_INT(orgtree_path_last_id("/1/4"), 0);
    T_EQ_INT(http_error_status(XE_NOT_FOUND), 404);
    T_EQ_INT(http_error_status(XE_STALE), 409);
    T_EQ_INT(http_error_status(XE_REQUIRED), 422);
    t_each_backend("change", run);
}
