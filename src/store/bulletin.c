/*
 * bulletin.c - monthly bulletins (通报) of a bureau: drafts, then issued
 * once with a document number (see store_report.h).
 */
#include "core/compat.h"
#include "store/store_int.h"
#include "store/store_report.h"

#define BUL_COLS                                                                                   \
    "b.id, b.org_id, b.org_path, b.period, b.state, b.title, b.recipients, b.paragraphs_json, "    \
    "b.signer, b.doc_no, b.doc_year, b.doc_seq, b.issued_at AS \"issued_at@\", b.issued_by, "     \
    "b.issuer_name, b.created_at AS \"created_at@\", b.created_by, "                               \
    "b.updated_at AS \"updated_at@\", b.version, o.name AS org_name, o.kind AS org_kind"

json_t *store_bulletin_get(struct store *s, int64_t id)
{
    return OBJ1(s,
                "SELECT " BUL_COLS " FROM bulletins b JOIN orgs o ON o.id = b.org_id "
                "WHERE b.id = ?",
                DB_INT(id));
}

int store_bulletin_content(struct store *s, int64_t id, char **content)
{
    *content = NULL;
    struct db_stmt *st = Q(s, "SELECT content_json FROM bulletins WHERE id = ?", DB_INT(id));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        const char *t = s->drv->col_text(st, 0);
        *content = strdup(t ? t : "");
        if (!*content)
            abort();
    }
    s->drv->finish(st);
    return rc;
}

int store_bulletin_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM bulletins WHERE id = ?", DB_INT(id));
}

json_t *store_bulletin_list(struct store *s, int64_t org_id, const char *period)
{
    return ARR(s,
               "SELECT " BUL_COLS " FROM bulletins b JOIN orgs o ON o.id = b.org_id "
               "WHERE b.org_id = ? AND (? = '' OR b.period = ?) ORDER BY b.period DESC, b.id",
               DB_INT(org_id), DB_TEXT(period ? period : ""), DB_TEXT(period ? period : ""));
}

/* Audits action on bulletin id with before and the bulletin now as after,
 * handed over; -1 on failure. */
static int bul_done(struct change *c, int64_t id, const char *action, json_t *before,
                    json_t **after)
{
    json_t *a = store_bulletin_get(c->s, id);
    int rc = !a || change_audit(c, action, "bulletin", id,
                                json_integer_value(json_object_get(a, "org_id")),
                                json_string_value(json_object_get(a, "org_path")), before, a,
                                NULL)
                 ? -1
                 : 0;
    if (rc == 0 && after)
        *after = a;
    else
        json_decref(a);
    return rc;
}

int64_t store_bulletin_create(struct change *c, const struct bulletin_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    int rc = INT1(s, &id,
                  "INSERT INTO bulletins (org_id, org_path, period, state, title, recipients, "
                  "paragraphs_json, signer, created_at, created_by, updated_at) "
                  "VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(in->org_id), DB_TEXT(in->path), DB_TEXT(in->period),
                  DB_TEXT(in->title ? in->title : ""), DB_TEXT(in->recipients ? in->recipients : ""),
                  DB_TEXT(in->paragraphs ? in->paragraphs : "[]"),
                  DB_TEXT(in->signer ? in->signer : ""), DB_INT(now), DB_ID(user_id),
                  DB_INT(now));
    if (rc != 1 || bul_done(c, id, "create", NULL, after))
        return -1;
    return id;
}

int store_bulletin_update(struct change *c, int64_t id, const struct bulletin_in *in,
                          json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    json_t *before = store_bulletin_get(s, id);
    if (!before) {
        if (store_errclass(s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    int64_t n = EXEC(s,
                     "UPDATE bulletins SET title = CASE WHEN ? = 1 THEN ? ELSE title END, "
                     "recipients = CASE WHEN ? = 1 THEN ? ELSE recipients END, "
                     "paragraphs_json = CASE WHEN ? = 1 THEN ? ELSE paragraphs_json END, "
                     "signer = CASE WHEN ? = 1 THEN ? ELSE signer END, updated_at = ?, "
                     "version = version + 1 WHERE id = ? AND state = 'draft'",
                     DB_INT(in->title != NULL), DB_TEXT(in->title ? in->title : ""),
                     DB_INT(in->recipients != NULL),
                     DB_TEXT(in->recipients ? in->recipients : ""),
                     DB_INT(in->paragraphs != NULL),
                     DB_TEXT(in->paragraphs ? in->paragraphs : "[]"), DB_INT(in->signer != NULL),
                     DB_TEXT(in->signer ? in->signer : ""), DB_INT(now), DB_INT(id));
    int rc = n < 0    ? -1
             : n == 0 ? change_fail(c, XE_BULLETIN_ISSUED, "state")
                      : bul_done(c, id, "update", before, after);
    json_decref(before);
    return rc;
}

int store_bulletin_issue(struct change *c, int64_t id, const struct bulletin_issue_in *in,
                         json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    const char *doc_no = in->doc_no, *content = in->content, *issuer_name = in->issuer_name;
    int year = in->year;
    int64_t seq = in->seq;
    int64_t n = EXEC(s,
                     "UPDATE bulletins SET state = 'issued', doc_no = ?, doc_year = ?, "
                     "doc_seq = ?, content_json = ?, issued_at = ?, issued_by = ?, "
                     "issuer_name = ?, updated_at = ?, version = version + 1 "
                     "WHERE id = ? AND state = 'draft'",
                     DB_TEXT(doc_no), DB_INT(year), DB_INT(seq), DB_TEXT(content), DB_INT(now),
                     DB_ID(user_id), DB_TEXT(issuer_name ? issuer_name : ""), DB_INT(now),
                     DB_INT(id));
    if (n < 0)
        return -1;
    if (n == 0)
        return change_fail(c, XE_BULLETIN_TAKEN, "state");
    json_t *before = json_pack("{s:s}", "state", "draft");
    int rc = bul_done(c, id, "issue", before, after);
    json_decref(before);
    return rc;
}
