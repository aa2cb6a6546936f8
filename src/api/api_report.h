/*
 * api_report.h - reports and exports (SPEC §5): the weekly report (周报)
 * and its submission, the monthly bulletin (月通报), the statistics analysis
 * table (统计分析表), the hazard ledger export (台账), the rectification
 * notice PDF (整改通知书) and the QR label sheet of a school's risk points.
 *
 * Report endpoints answer JSON by default, or a file with ?format=xlsx|pdf
 * built from the very same figures (src/export).
 */
#ifndef XA_API_REPORT_H
#define XA_API_REPORT_H

#include "api/api.h"

int api_report_weekly(struct req *r);
int api_report_weekly_submit(struct req *r);
int api_report_weekly_versions(struct req *r);
int api_report_monthly(struct req *r);
int api_report_statistics(struct req *r);
int api_report_settings_get(struct req *r);
int api_report_settings_put(struct req *r);
int api_hazard_notice_pdf(struct req *r);
int api_report_hazard_locate(struct store *s, int64_t id, char *path, size_t len);

/* The frozen content of a school's weekly report (the JSON of the week
 * starting day number monday as of now, marked frozen, with its submission
 * record: version, submitter, late, note, reason); malloc'd text, NULL on
 * a store error. *summary gets the totals (new reference), *deadline the
 * week's deadline. Used by the submission and by the demo data set. */
struct weekly_freeze {
    int64_t version;
    const char *submitter, *note, *reason;
    bool late;
};
char *api_report_weekly_freeze(struct store *s, int64_t now, int64_t org_id, json_t *org,
                               const char *path, int64_t monday, const struct weekly_freeze *f,
                               json_t **summary, int64_t *deadline);
/* Drafts (with the default title, 主送, text and 落款) and issues the
 * bulletin of org_id for period "2026-11" in change c, by c's user at c's
 * instant (demo data). The bulletin id, or -1. */
int64_t api_bulletin_issue_now(struct change *c, int64_t org_id, const char *period,
                               const char *issuer_name);
/* Shared with bulletins.c: ?format= (0 json, 1 xlsx, 2 pdf; -1 after a
 * 400); a document sent as the file (takes d); the monthly bulletin's JSON
 * of org (NULL after answering an error) and its document (bulletin: the
 * bulletin's formal fields {title, doc_no, recipients, paragraphs, signer,
 * issued_at}, or NULL for the plain monthly report). */
struct xd_doc;
int api_report_format(struct req *r, int *fmt);
int api_report_send_doc(struct req *r, struct xd_doc *d, int fmt, const char *base);
json_t *api_report_monthly_build(struct store *s, int64_t now, int64_t id, json_t *org, int y,
                                 int m);
struct xd_doc *api_report_monthly_doc(struct req *r, json_t *rep, json_t *bulletin);

/* bulletins.c: a bureau's monthly bulletin (通报) issued with a 文号 */
int api_bulletin_locate(struct store *s, int64_t id, char *path, size_t len);
int api_bulletin_list(struct req *r);
int api_bulletin_create(struct req *r);
int api_bulletin_get(struct req *r);
int api_bulletin_update(struct req *r);
int api_bulletin_issue(struct req *r);

#endif
