/*
 * perm.c - the names of the permissions (perm.def) and what each role is
 * granted.
 */
#include "core/compat.h"
#include "domain/perm.h"

static const struct {
    const char *name, *zh;
    enum perm_kind kind;
} perm_info[PERM_COUNT] = {
    [PERM_PUBLIC] = {"", "", PK_READ},
#define X(id, n, z, k) [PERM_##id] = {n, z, k},
#include "domain/perm.def"
#undef X
};

const char *perm_name(enum perm perm)
{
    return (unsigned)perm < PERM_COUNT ? perm_info[perm].name : "";
}

const char *perm_zh(enum perm perm)
{
    return (unsigned)perm < PERM_COUNT ? perm_info[perm].zh : "";
}

enum perm_kind perm_kind(enum perm perm)
{
    return (unsigned)perm < PERM_COUNT ? perm_info[perm].kind : PK_WRITE;
}

/* hazard.recheck and hazard.rectify were granted and checked nowhere: who
 * may re-check (回头看) or rectify a hazard is the state machine's rule
 * (domain/hazard.c: CHECKERS, the assigned rectifier), behind the route's
 * hazard.read. */
static const enum perm admin_perms[] = {
    PERM_GRANT_ALL_READS,
    PERM_ORG_WRITE,
    PERM_USER_WRITE,
    PERM_RISK_WRITE,
    PERM_HAZARD_REPORT,
    PERM_HAZARD_MANAGE,
    PERM_HAZARD_SUPERVISE,
    PERM_CHECKLIST_WRITE,
    PERM_CATEGORY_WRITE,
    PERM_PATROL_WRITE,
    PERM_EDUCATION_PLAN,
    PERM_INCIDENT_REPORT,
    PERM_RESP_WRITE,
    PERM_RESP_SIGN,
    PERM_CAMPAIGN_WRITE,
    PERM_INSPECT_WRITE,
    PERM_ASSESS_WRITE,
    PERM_TIPOFF_MANAGE,
    PERM_PUSH_MANAGE,
    PERM_REPORT_ISSUE,
    PERM_PLAN_WRITE,
    PERM_PUBLIC,
};
static const enum perm inspector_perms[] = {
    PERM_ORG_READ,
    PERM_RISK_READ,
    PERM_HAZARD_READ,
    PERM_HAZARD_REPORT,
    PERM_PATROL_READ,
    PERM_CHECKLIST_READ,
    PERM_REPORT_READ,
    PERM_STATS_READ,
    PERM_EDUCATION_READ,
    PERM_DRILL_READ,
    PERM_DUTY_READ,
    PERM_INCIDENT_READ,
    PERM_RESP_READ,
    PERM_RESP_SIGN,
    PERM_CAMPAIGN_READ,
    PERM_INSPECT_READ,
    PERM_INSPECT_WRITE,
    PERM_ASSESS_READ,
    PERM_TIPOFF_READ,
    PERM_LEDGER_READ,
    PERM_PUBLIC,
};
static const enum perm principal_perms[] = {
    PERM_GRANT_ALL_READS,
    PERM_USER_WRITE,
    PERM_RISK_WRITE,
    PERM_HAZARD_REPORT,
    PERM_HAZARD_MANAGE,
    PERM_PATROL_WRITE,
    PERM_CHECKLIST_WRITE,
    PERM_REPORT_SUBMIT,
    PERM_EDUCATION_WRITE,
    PERM_EDUCATION_PLAN,
    PERM_DRILL_WRITE,
    PERM_DUTY_WRITE,
    PERM_INCIDENT_REPORT,
    PERM_RESP_WRITE,
    PERM_RESP_SIGN,
    PERM_CAMPAIGN_SUBMIT,
    PERM_LEDGER_WRITE,
    PERM_PUSH_MANAGE,
    PERM_PLAN_WRITE,
    PERM_PUBLIC,
};
static const enum perm officer_perms[] = {
    PERM_GRANT_ALL_READS,
    PERM_RISK_WRITE,
    PERM_HAZARD_REPORT,
    PERM_HAZARD_MANAGE,
    PERM_PATROL_WRITE,
    PERM_CHECKLIST_WRITE,
    PERM_REPORT_SUBMIT,
    PERM_EDUCATION_WRITE,
    PERM_EDUCATION_PLAN,
    PERM_DRILL_WRITE,
    PERM_DUTY_WRITE,
    PERM_INCIDENT_REPORT,
    PERM_RESP_WRITE,
    PERM_RESP_SIGN,
    PERM_CAMPAIGN_SUBMIT,
    PERM_LEDGER_WRITE,
    PERM_PLAN_WRITE,
    PERM_PUBLIC,
};
static const enum perm staff_perms[] = {
    PERM_ORG_READ,
    PERM_RISK_READ,
    PERM_HAZARD_READ,
    PERM_HAZARD_REPORT,
    PERM_PATROL_READ,
    PERM_PATROL_WRITE,
    PERM_CHECKLIST_READ,
    PERM_STATS_READ,
    PERM_EDUCATION_READ,
    PERM_EDUCATION_WRITE,
    PERM_DRILL_READ,
    PERM_DUTY_READ,
    PERM_INCIDENT_READ,
    PERM_INCIDENT_REPORT,
    PERM_RESP_READ,
    PERM_RESP_SIGN,
    PERM_CAMPAIGN_READ,
    PERM_LEDGER_READ,
    PERM_LEDGER_WRITE,
    PERM_PUBLIC,
};
static const enum perm auditor_perms[] = {
    PERM_GRANT_ALL_READS,
    PERM_PUBLIC,
};

const struct role_def perm_roles[] = {
    {"bureau_admin", "教育局安全管理员", ROLE_AT_REGION, admin_perms},
    {"inspector", "督查员", ROLE_AT_REGION, inspector_perms},
    {"principal", "校长", ROLE_AT_SCHOOL, principal_perms},
    {"safety_officer", "安全干部", ROLE_AT_SCHOOL, officer_perms},
    {"staff", "教职工", ROLE_AT_SCHOOL, staff_perms},
    {"auditor", "审计员", ROLE_AT_ANY, auditor_perms},
    {NULL, NULL, 0, NULL},
};

const struct role_def *perm_role(const char *name)
{
    if (!name)
        return NULL;
    for (const struct role_def *r = perm_roles; r->name; r++)
        if (strcmp(r->name, name) == 0)
            return r;
    return NULL;
}

bool perm_role_has(const char *role, enum perm perm)
{
    const struct role_def *r = perm_role(role);
    if (!r || perm <= PERM_PUBLIC || perm >= PERM_COUNT)
        return false;
    for (const enum perm *p = r->perms; *p != PERM_PUBLIC; p++) {
        if (*p == perm)
            return true;
        if (*p == PERM_GRANT_ALL_READS && perm_info[perm].kind == PK_READ)
            return true;
    }
    return false;
}

bool perm_role_fits_kind(const char *role, const char *org_kind)
{
    const struct role_def *r = perm_role(role);
    if (!r)
        return false;
    bool school = strcmp(org_kind, "school") == 0;
    switch (r->place) {
    case ROLE_AT_REGION: return !school;
    case ROLE_AT_SCHOOL: return school;
    default: return true;
    }
}
