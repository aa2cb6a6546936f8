#include "core/compat.h"
#include "domain/perm.h"

const char *const perm_all[] = {
    "org.read",      "org.write",      "user.read",      "user.write",      "audit.read",
    "risk.read",     "risk.write",     "hazard.read",    "hazard.report",   "hazard.manage",
    "hazard.rectify", "hazard.supervise", "patrol.read",  "patrol.write",    "checklist.read",
    "checklist.write", "category.write", "report.read",   "report.submit",   "stats.read",
    /* programme (issue 7): education, drills, duty, incidents */
    "education.read", "education.write", "education.plan", "drill.read", "drill.write",
    "duty.read", "duty.write", "incident.read", "incident.report",
    /* emergency plans and resources of schools and bureaus (issue 18) */
    "plan.write",
    /* responsibility lists, letters, grid zones; campaigns */
    "resp.read", "resp.write", "resp.sign", "campaign.read", "campaign.write", "campaign.submit",
    /* supervision and assessment */
    "inspect.read", "inspect.write", "assess.read", "assess.write",
    /* whistle-blowing, rewards; school ledgers (buses, visitors, petitions) */
    "tipoff.read", "tipoff.manage", "ledger.read", "ledger.write",
    /* push channels (推送渠道) of an org and their outbox */
    "push.manage",
    /* bureau documents issued with a number (通报) */
    "report.issue",
    NULL,
};

static const char *const admin_perms[] = {
    "*.read",         "org.write",    "user.write",      "risk.write",  "hazard.report",
    "hazard.manage",  "hazard.supervise", "checklist.write", "category.write", "patrol.write",
    "education.plan", "incident.report", "resp.write", "resp.sign", "campaign.write",
    "inspect.write", "assess.write", "tipoff.manage", "push.manage", "report.issue", "plan.write", NULL,
};
static const char *const inspector_perms[] = {
    "org.read", "risk.read", "hazard.read", "hazard.report", "patrol.read", "checklist.read",
    "report.read", "stats.read", "hazard.recheck", "education.read", "drill.read", "duty.read",
    "incident.read", "resp.read", "resp.sign", "campaign.read", "inspect.read", "inspect.write",
    "assess.read", "tipoff.read", "ledger.read", NULL,
};
static const char *const principal_perms[] = {
    "*.read",        "user.write",    "risk.write",   "hazard.report", "hazard.manage",
    "hazard.rectify", "patrol.write", "checklist.write", "report.submit",
    "education.write", "education.plan", "drill.write", "duty.write", "incident.report",
    "resp.write", "resp.sign", "campaign.submit", "ledger.write", "push.manage", "plan.write", NULL,
};
static const char *const officer_perms[] = {
    "*.read",        "risk.write",    "hazard.report", "hazard.manage", "hazard.rectify",
    "patrol.write",  "checklist.write", "report.submit", "education.write", "education.plan",
    "drill.write",   "duty.write",    "incident.report", "resp.write", "resp.sign",
    "campaign.submit", "ledger.write", "plan.write", NULL,
};
static const char *const staff_perms[] = {
    "org.read", "risk.read", "hazard.read", "hazard.report", "hazard.rectify", "patrol.read",
    "patrol.write", "checklist.read", "stats.read", "education.read", "education.write",
    "drill.read", "duty.read", "incident.read", "incident.report", "resp.read", "resp.sign",
    "campaign.read", "ledger.read", "ledger.write", NULL,
};
static const char *const auditor_perms[] = {"*.read", NULL};

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

bool perm_role_has(const char *role, const char *perm)
{
    const struct role_def *r = perm_role(role);
    if (!r)
        return false;
    const char *dot = strchr(perm, '.');
    bool is_read = dot && strcmp(dot, ".read") == 0;
    for (const char *const *p = r->perms; *p; p++) {
        if (strcmp(*p, perm) == 0)
            return true;
        if (is_read && strcmp(*p, "*.read") == 0)
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
