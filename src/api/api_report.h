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
int api_report_monthly(struct req *r);
int api_report_statistics(struct req *r);
int api_report_settings_get(struct req *r);
int api_report_settings_put(struct req *r);
int api_hazard_notice_pdf(struct req *r);
int api_report_hazard_locate(struct store *s, int64_t id, char *path, size_t len);

#endif
