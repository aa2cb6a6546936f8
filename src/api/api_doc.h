/*
 * api_doc.h - what every document route shares: sending a file under a
 * Chinese name, the public address links are built from, and the print
 * views of single objects (整改回执/销号单, duty roster, responsibility
 * letter, assessment results) and the hazard ledger (台账) export.
 */
#ifndef XA_API_DOC_H
#define XA_API_DOC_H

#include "api/api.h"

/* Sends body (its buffer moves into the response; *body is left empty) as
 * status 200 with ctype, Cache-Control no-store and
 *   Content-Disposition: attachment|inline; filename="<ascii>";
 *                        filename*=UTF-8''<name percent-encoded>
 * (RFC 6266 / RFC 5987). name is the file name a person reads, with its
 * extension (characters a file system refuses become "_"); ascii the
 * fallback for old clients (non-ASCII bytes become "_"). Returns 0. */
int api_send_file(struct req *r, struct strbuf *body, const char *ctype, bool inline_view,
                  const char *name, const char *ascii);

/* "<unit>_<what>_<YYYY-MM-DD of r->now>.<ext>" in r's arena; unit may be
 * NULL or empty (left out). */
const char *api_doc_name(struct req *r, const char *unit, const char *what, const char *ext);

/* The address users reach the service at, without a trailing "/": the
 * --public-url flag, else the root bureau's setting public_url, else
 * http://127.0.0.1:<the port served>. Never the request's Host header.
 * Arena memory. */
const char *api_public_url(struct req *r);

/* The signed-in user's name (their login name if the name is empty; "" if
 * none). Arena memory. */
const char *api_user_name(struct req *r);

/* GET / PUT /settings/public-url (a root bureau's admin only). */
int api_public_url_get(struct req *r);
int api_public_url_put(struct req *r);

/* GET /hazards/export: the ledger (台账) of ?org= with the list's filters. */
int api_ledger_export(struct req *r);
/* GET /risk-points/labels.pdf: QR labels with the 风险告知卡. */
int api_labels_pdf(struct req *r);

/* Print views (PDF). */
int api_hazard_receipt_pdf(struct req *r);  /* /hazards/{id}/receipt.pdf */
int api_duty_roster_pdf(struct req *r);     /* /duty-rosters/{id}/print.pdf */
int api_resp_letter_pdf(struct req *r);     /* /resp-letters/{id}/print.pdf */
int api_assessment_pdf(struct req *r);      /* /assessments/{year}/print.pdf?org= */

#endif
