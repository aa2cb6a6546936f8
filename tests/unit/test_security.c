/*
 * test_security.c - the pure rules of issue 15's security items and the
 * audit chain's head on both backends:
 *   - password_problem: length, the user name, common passwords;
 *   - edge: CIDR matching, the client address through trusted proxies
 *     (rightmost untrusted), ambiguous framing;
 *   - imgmeta_strip: JPEG APPn/COM, PNG text/eXIf, WebP EXIF/XMP removed,
 *     pixels and colour data kept, broken structure copied as is;
 *   - the audit chain: every column covered (username, org_id), the newest
 *     rows deleted detected, rows chained by the first rule still verified.
 */
#include "core/compat.h"
#include "core/config.h"
#include "core/timeutil.h"
#include "domain/imgmeta.h"
#include "domain/password.h"
#include "http/edge.h"
#include "store/store_int.h"
#include "t.h"
#include <unistd.h>

static void passwords(void)
{
    T_CHECK(password_problem("Passw0rd#2026", "u123") == NULL);
    T_CHECK(password_problem("short1!", "u123") != NULL);
    T_CHECK(password_problem("password", "u123") != NULL);
    T_CHECK(password_problem("PassWord123", "u123") != NULL);  /* case ignored */
    T_CHECK(password_problem("12345678", "u123") != NULL);
    T_CHECK(password_problem("zhangsan2026", "zhangsan") != NULL); /* holds the name */
    T_CHECK(password_problem("ZhangSan#x", "zhangsan") != NULL);
    T_CHECK(password_problem("aaaaaaaaaa", "bob") != NULL);
    T_CHECK(password_problem("20260101", "bob") != NULL); /* short digits only */
    T_CHECK(password_problem("校安平台密码强一点", "bob") == NULL); /* 9 characters */
    T_CHECK(password_problem("校安密码", "bob") != NULL);     /* 4 characters, 12 bytes */
}

static void edge(void)
{
    T_CHECK(edge_cidr_match("10.0.0.0/8", "10.2.3.4", 8));
    T_CHECK(!edge_cidr_match("10.0.0.0/8", "11.2.3.4", 8));
    T_CHECK(edge_cidr_match("127.0.0.1", "127.0.0.1", 9));
    T_CHECK(!edge_cidr_match("127.0.0.1", "127.0.0.2", 9));
    T_CHECK(edge_cidr_match("::1/128", "::1", 3));
    T_CHECK(edge_cidr_match("fd00::/8", "fd12::5", 7));
    T_CHECK(!edge_cidr_match("10.0.0.0/33", "10.0.0.1", 8));
    T_CHECK(!edge_cidr_match("garbage", "10.0.0.1", 8));
    char out[64];
    xa_cfg.ntrusted_proxy = 0;
    edge_client_addr("10.0.0.5", "1.2.3.4", out, sizeof(out));
    T_EQ_STR(out, "10.0.0.5"); /* no trusted proxy: X-Forwarded-For ignored */
    xa_cfg.trusted_proxy[0] = "10.0.0.0/8";
    xa_cfg.ntrusted_proxy = 1;
    edge_client_addr("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", out, sizeof(out));
    T_EQ_STR(out, "1.2.3.4"); /* the rightmost untrusted hop, not the spoofable left */
    edge_client_addr("8.8.8.8", "1.2.3.4", out, sizeof(out));
    T_EQ_STR(out, "8.8.8.8"); /* an untrusted peer's header is not believed */
    edge_client_addr("10.0.0.5", "10.0.0.9", out, sizeof(out));
    T_EQ_STR(out, "10.0.0.9");
    edge_client_addr("10.0.0.5", "nonsense, 1.2.3.4", out, sizeof(out));
    T_EQ_STR(out, "1.2.3.4");
    edge_client_addr("10.0.0.5", "1.2.3.4, nonsense", out, sizeof(out));
    T_EQ_STR(out, "10.0.0.5");
    xa_cfg.ntrusted_proxy = 0;
    const char *same[] = {"5", "5"}, *diff[] = {"5", "60"}, *neg[] = {"-1"}, *plus[] = {"+5"};
    T_EQ_INT(edge_framing_check(2, same, false), 0);
    T_EQ_INT(edge_framing_check(2, diff, false), -1);
    T_EQ_INT(edge_framing_check(1, same, true), -1);
    T_EQ_INT(edge_framing_check(0, same, true), 0);
    T_EQ_INT(edge_framing_check(1, neg, false), -1);
    T_EQ_INT(edge_framing_check(1, plus, false), -1);
    /* body budgets: per address, then total */
    T_EQ_INT(edge_budget_take("192.0.2.1", EDGE_BODY_PER_ADDR_MAX), 0);
    T_EQ_INT(edge_budget_take("192.0.2.1", 1), -1);
    T_EQ_INT(edge_budget_take("192.0.2.2", 1), 0);
    edge_budget_give("192.0.2.1", EDGE_BODY_PER_ADDR_MAX);
    edge_budget_give("192.0.2.2", 1);
    T_EQ_INT(edge_budget_take("192.0.2.1", 1), 0);
    edge_budget_give("192.0.2.1", 1);
    /* the total: many addresses together stop at EDGE_BODY_TOTAL_MAX */
    size_t per = EDGE_BODY_PER_ADDR_MAX, k = EDGE_BODY_TOTAL_MAX / per;
    char a[32];
    for (size_t i = 0; i < k; i++) {
        snprintf(a, sizeof(a), "198.51.100.%zu", i + 1);
        T_EQ_INT(edge_budget_take(a, per), 0);
    }
    T_EQ_INT(edge_budget_take("203.0.113.1", 1), -2);
    for (size_t i = 0; i < k; i++) {
        snprintf(a, sizeof(a), "198.51.100.%zu", i + 1);
        edge_budget_give(a, per);
    }
    T_EQ_INT(edge_budget_take("203.0.113.1", 1), 0);
    edge_budget_give("203.0.113.1", 1);
}

static bool contains(const unsigned char *b, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(b + i, needle, k) == 0)
            return true;
    return false;
}

static void images(void)
{
    unsigned char out[512];
    /* JPEG: SOI, APP0 JFIF, APP1 Exif (GPS), COM, APP2 ICC, DQT, SOS + data, EOI */
    static const unsigned char jpg[] = {
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x07, 'J', 'F', 'I', 'F', 0x00,
        0xFF, 0xE1, 0x00, 0x0C, 'E', 'x', 'i', 'f', 0, 0, 'G', 'P', 'S', '!',
        0xFF, 0xFE, 0x00, 0x07, 'o', 'w', 'n', 'e', 'r',
        0xFF, 0xE2, 0x00, 0x10, 'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0, 1, 1,
        0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02,
        0xFF, 0xDA, 0x00, 0x04, 0x03, 0x04, 0x11, 0x22, 0xFF, 0x00, 0x33,
        0xFF, 0xD9};
    size_t n = imgmeta_strip("image/jpeg", jpg, sizeof(jpg), out);
    T_CHECK(n < sizeof(jpg));
    T_CHECK(!contains(out, n, "Exif") && !contains(out, n, "GPS") && !contains(out, n, "owner"));
    T_CHECK(contains(out, n, "JFIF") && contains(out, n, "ICC_PROFILE"));
    T_CHECK(out[n - 2] == 0xFF && out[n - 1] == 0xD9);
    T_CHECK(contains(out, n, "\xFF\xDA\x00\x04\x03\x04\x11\x22"));
    /* a broken length: the rest copied as it is */
    static const unsigned char bad[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0x00, 1, 2, 3};
    n = imgmeta_strip("image/jpeg", bad, sizeof(bad), out);
    T_EQ_INT(n, sizeof(bad));
    T_CHECK(memcmp(out, bad, n) == 0);
    /* PNG: signature, IHDR, tEXt, eXIf, IDAT, IEND, trailing junk */
    static const unsigned char png[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
        0, 0, 0, 2, 'I', 'H', 'D', 'R', 1, 2, 9, 9, 9, 9,
        0, 0, 0, 6, 't', 'E', 'X', 't', 'A', 'u', 't', 'h', 'o', 'r', 9, 9, 9, 9,
        0, 0, 0, 3, 'e', 'X', 'I', 'f', 'G', 'P', 'S', 9, 9, 9, 9,
        0, 0, 0, 1, 'I', 'D', 'A', 'T', 7, 9, 9, 9, 9,
        0, 0, 0, 0, 'I', 'E', 'N', 'D', 9, 9, 9, 9,
        'x', 'y'};
    n = imgmeta_strip("image/png", png, sizeof(png), out);
    T_CHECK(!contains(out, n, "tEXt") && !contains(out, n, "eXIf") && !contains(out, n, "GPS"));
    T_CHECK(contains(out, n, "IHDR") && contains(out, n, "IDAT") && contains(out, n, "IEND"));
    /* WebP: VP8X with EXIF+XMP flags, EXIF, VP8L, XMP */
    static const unsigned char webp[] = {
        'R', 'I', 'F', 'F', 46, 0, 0, 0, 'W', 'E', 'B', 'P',
        'V', 'P', '8', 'X', 4, 0, 0, 0, 0x0C, 0, 0, 0,
        'E', 'X', 'I', 'F', 3, 0, 0, 0, 'G', 'P', 'S', 0,
        'V', 'P', '8', 'L', 2, 0, 0, 0, 5, 6,
        'X', 'M', 'P', ' ', 2, 0, 0, 0, 'x', 'm'};
    n = imgmeta_strip("image/webp", webp, sizeof(webp), out);
    T_CHECK(!contains(out, n, "EXIF") && !contains(out, n, "GPS") && !contains(out, n, "XMP "));
    T_CHECK(contains(out, n, "VP8L"));
    T_EQ_INT(out[20] & 0x0C, 0);                                        /* flags cleared */
    T_EQ_INT(out[4] | out[5] << 8, (int)n - 8);                          /* RIFF size */
}

/* A little-endian EXIF block: DateTimeOriginal and GPS S 28.5, W 112.25. */
static void capture(void)
{
    unsigned char t[200] = {'I', 'I', 42, 0, 8, 0, 0, 0};
    unsigned char *p = t;
#define W16(o, v) (p[o] = (unsigned char)(v), p[(o) + 1] = (unsigned char)((v) >> 8))
#define W32(o, v) (W16(o, (v) & 0xffff), W16((o) + 2, (unsigned)(v) >> 16))
    W16(8, 2);
    W16(10, 0x8769); W16(12, 4); W32(14, 1); W32(18, 38);
    W16(22, 0x8825); W16(24, 4); W32(26, 1); W32(30, 56);
    W16(38, 1);
    W16(40, 0x9003); W16(42, 2); W32(44, 20); W32(48, 120);
    W16(56, 4);
    W16(58, 1); W16(60, 2); W32(62, 2); p[66] = 'S';
    W16(70, 2); W16(72, 5); W32(74, 3); W32(78, 144);
    W16(82, 3); W16(84, 2); W32(86, 2); p[90] = 'W';
    W16(94, 4); W16(96, 5); W32(98, 3); W32(102, 168);
    memcpy(p + 120, "2026:11:20 08:15:30", 20);
    W32(144, 28); W32(148, 1); W32(152, 30); W32(156, 1); W32(160, 0); W32(164, 1);
    W32(168, 112); W32(172, 1); W32(176, 15); W32(180, 1); W32(184, 0); W32(188, 1);
#undef W16
#undef W32
    unsigned char jpg[260] = {0xFF, 0xD8, 0xFF, 0xE1, 0, 2 + 6 + 192, 'E', 'x', 'i', 'f', 0, 0};
    memcpy(jpg + 12, t, 192);
    memcpy(jpg + 204, "\xFF\xDA\x00\x04\x01\x02\x33\xFF\xD9", 9);
    struct img_capture c;
    T_CHECK(imgmeta_capture("image/jpeg", jpg, 213, &c));
    T_CHECK(c.has_time && c.has_gps);
    T_EQ_STR(c.taken, "2026-11-20T08:15:30");
    T_CHECK(c.lat < -28.49 && c.lat > -28.51);
    T_CHECK(c.lon < -112.24 && c.lon > -112.26);
    /* truncated or pointing outside: nothing, no crash */
    for (size_t n = 12; n < 213; n += 7)
        imgmeta_capture("image/jpeg", jpg, n, &c);
    jpg[12 + 30] = 0xF0; /* the GPS IFD offset far outside */
    T_CHECK(imgmeta_capture("image/jpeg", jpg, 213, &c));
    T_CHECK(!c.has_gps && c.has_time);
    T_CHECK(!imgmeta_capture("image/png", jpg, 213, &c));
    unsigned char out[260];
    size_t n = imgmeta_strip("image/jpeg", jpg, 213, out);
    T_CHECK(!contains(out, n, "2026:11:20") && !contains(out, n, "Exif"));
}

static int64_t append(struct store *s, const char *username, int64_t org_id)
{
    json_t *after = json_pack("{s:s}", "name", "x");
    struct audit_in a = {.at = xa_now_ms(), .user_id = 0, .username = username,
                         .action = "update", .entity = "org", .entity_id = 1, .org_id = org_id,
                         .org_path = "/1/", .after = after, .note = ""};
    int rc = store_begin(s) || store_audit_append(s, &a) || store_commit(s);
    json_decref(after);
    int64_t id = 0;
    char h[80];
    store_audit_head(s, &id, h, sizeof(h));
    return rc ? -1 : id;
}

static void chain(struct store *s, bool pg)
{
    T_CHECK(store_migrate(s) >= 0);
    T_EQ_INT(store_audit_verify(s), 0);
    int64_t a = append(s, "alice", 0), b = append(s, "bob", 0), c = append(s, "carol", 0);
    T_CHECK(a > 0 && b > a && c > b);
    T_EQ_INT(store_audit_verify(s), 0);
    /* the log refuses edits; an attacker with the database drops the guard */
    T_CHECK(EXEC(s, "UPDATE audit SET note = 'x' WHERE id = ?", DB_INT(b)) < 0);
    store_rollback(s);
    /* an edit of a column the first rule did not cover is caught */
    const char *drop_trg = pg ? "DROP TRIGGER IF EXISTS audit_no_update ON audit"
                              : "DROP TRIGGER IF EXISTS audit_no_update";
    T_CHECK(EXEC(s, drop_trg) >= 0);
    T_CHECK(EXEC(s, "UPDATE audit SET username = 'mallory' WHERE id = ?", DB_INT(b)) >= 0);
    T_EQ_INT(store_audit_verify(s), b);
    T_CHECK(EXEC(s, "UPDATE audit SET username = 'bob' WHERE id = ?", DB_INT(b)) >= 0);
    T_CHECK(EXEC(s, "UPDATE audit SET org_id = 1 WHERE id = ?", DB_INT(b)) >= 0);
    T_EQ_INT(store_audit_verify(s), b);
    T_CHECK(EXEC(s, "UPDATE audit SET org_id = NULL WHERE id = ?", DB_INT(b)) >= 0);
    T_EQ_INT(store_audit_verify(s), 0);
    /* the newest row deleted: the head says it existed */
    const char *drop_del = pg ? "DROP TRIGGER IF EXISTS audit_no_delete ON audit"
                              : "DROP TRIGGER IF EXISTS audit_no_delete";
    T_CHECK(EXEC(s, drop_del) >= 0);
    T_CHECK(EXEC(s, "DELETE FROM audit WHERE id = ?", DB_INT(c)) >= 0);
    T_EQ_INT(store_audit_verify(s), c);
    /* rows of the first rule (up to v1_upto) still verify by it: mark the
     * chain as if b were the last old row; its hash no longer matches v2,
     * so verification must use the old rule for it and fail on c only */
    T_CHECK(EXEC(s, "UPDATE audit_head SET head_id = ? WHERE id = 1", DB_INT(b)) >= 0);
    char hb[80] = "";
    T_CHECK(store_audit_row_hash(s, b, hb, sizeof(hb)) == 1);
    T_CHECK(EXEC(s, "UPDATE audit_head SET last_hash = ? WHERE id = 1", DB_TEXT(hb)) >= 0);
    T_EQ_INT(store_audit_verify(s), 0);
    T_CHECK(EXEC(s, "UPDATE audit_head SET v1_upto = ? WHERE id = 1", DB_INT(b)) >= 0);
    T_CHECK(store_audit_verify(s) != 0); /* v2 rows judged by v1 break */
    T_CHECK(EXEC(s, "UPDATE audit_head SET v1_upto = 0 WHERE id = 1") >= 0);
    T_EQ_INT(store_audit_verify(s), 0);
    if (pg) /* the scratch database is shared with other tests: guard back on */
        T_CHECK(EXEC(s, "CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit "
                        "FOR EACH ROW EXECUTE FUNCTION audit_append_only()") >= 0);
}

void t_main(void)
{
    passwords();
    edge();
    images();
    capture();
    char file[] = "/tmp/xa_test_sec_XXXXXX";
    int fd = mkstemp(file);
    T_CHECK(fd >= 0);
    close(fd);
    char err[256];
    struct store *s = store_open(file, err, sizeof(err));
    T_CHECK(s != NULL);
    if (s) {
        chain(s, false);
        store_destroy(s);
    }
    unlink(file);
    char wal[64];
    snprintf(wal, sizeof(wal), "%s-wal", file);
    unlink(wal);
    snprintf(wal, sizeof(wal), "%s-shm", file);
    unlink(wal);
    const char *pg = getenv("XA_TEST_PG_URI");
    if (pg && *pg) {
        s = store_open(pg, err, sizeof(err));
        T_CHECK(s != NULL);
        if (s) {
            chain(s, true);
            store_destroy(s);
        }
    }
}
