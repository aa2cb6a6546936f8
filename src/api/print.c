#include "core/compat.h"
#include "api/api_doc.h"
int api_hazard_receipt_pdf(struct req *r) { return http_error(r, 501, "todo", NULL, "todo"); }
int api_duty_roster_pdf(struct req *r) { return http_error(r, 501, "todo", NULL, "todo"); }
int api_resp_letter_pdf(struct req *r) { return http_error(r, 501, "todo", NULL, "todo"); }
int api_assessment_pdf(struct req *r) { return http_error(r, 501, "todo", NULL, "todo"); }
