#include "core/compat.h"
#include "domain/hazard.h"

/* ---- names ------------------------------------------------------------ */

#define STATE_NAME_(e, name) [e] = #name
static const char *const state_names[HAZARD_STATE_COUNT] = {
    HAZARD_STATES(STATE_NAME_, XA_COMMA_),
};

static const char *const grade_names[HAZARD_GRADE_COUNT] = {
    [HAZARD_GRADE_GENERAL] = "general",
    [HAZARD_GRADE_MAJOR] = "major",
};

static const char *const source_names[HAZARD_SOURCE_COUNT] = {
    [HAZARD_SRC_PATROL] = "patrol",         [HAZARD_SRC_SELF_CHECK] = "self_check",
    [HAZARD_SRC_INSPECTION] = "inspection", [HAZARD_SRC_COVERT] = "covert",
    [HAZARD_SRC_WHISTLE] = "whistle",       [HAZARD_SRC_DEPARTMENT] = "department",
    [HAZARD_SRC_OTHER] = "other",
};

static const char *const action_names[HAZARD_ACTION_COUNT] = {
    [HAZARD_ACT_ASSIGN] = "assign",
    [HAZARD_ACT_START] = "start",
    [HAZARD_ACT_SUBMIT] = "submit",
    [HAZARD_ACT_VERIFY] = "verify",
    [HAZARD_ACT_REJECT] = "reject",
    [HAZARD_ACT_CLOSE] = "close",
    [HAZARD_ACT_REOPEN] = "reopen",
    [HAZARD_ACT_SUPERVISE] = "supervise",
    [HAZARD_ACT_APPROVE_PLAN] = "approve_plan",
    [HAZARD_ACT_FORWARD] = "forward",
    [HAZARD_ACT_ESCALATE] = "escalate",
    [HAZARD_ACT_RECHECK] = "recheck",
    [HAZARD_ACT_URGE] = "urge",
    [HAZARD_ACT_NOTICE] = "notice",
    [HAZARD_ACT_REGRADE] = "regrade",
    [HAZARD_ACT_CONCLUDE] = "conclude",
};

static const char *name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

static int parse_of(const char *const *names, int n, const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

const char *hazard_state_name(enum hazard_state s)
{
    return name_of(state_names, HAZARD_STATE_COUNT, (int)s);
}

const char *hazard_grade_name(enum hazard_grade g)
{
    return name_of(grade_names, HAZARD_GRADE_COUNT, (int)g);
}

const char *hazard_source_name(enum hazard_source s)
{
    return name_of(source_names, HAZARD_SOURCE_COUNT, (int)s);
}

const char *hazard_action_name(enum hazard_action a)
{
    return name_of(action_names, HAZARD_ACTION_COUNT, (int)a);
}

#define DEFINE_PARSE(fn, type, names, count)                                                       \
    int fn(const char *s, type *out)                                                               \
    {                                                                                              \
        int i = parse_of(names, count, s);                                                         \
        if (i < 0) return -1;                                                                      \
        *out = (type)i;                                                                            \
        return 0;                                                                                  \
    }

DEFINE_PARSE(hazard_state_parse, enum hazard_state, state_names, HAZARD_STATE_COUNT)
DEFINE_PARSE(hazard_grade_parse, enum hazard_grade, grade_names, HAZARD_GRADE_COUNT)
DEFINE_PARSE(hazard_source_parse, enum hazard_source, source_names, HAZARD_SOURCE_COUNT)
DEFINE_PARSE(hazard_action_parse, enum hazard_action, action_names, HAZARD_ACTION_COUNT)

unsigned hazard_role_bit(const char *role)
{
    static const struct {
        const char *name;
        unsigned bit;
    } map[] = {
        {"bureau_admin", HAZARD_ROLE_BUREAU_ADMIN},
        {"inspector", HAZARD_ROLE_INSPECTOR},
        {"principal", HAZARD_ROLE_PRINCIPAL},
        {"safety_officer", HAZARD_ROLE_SAFETY_OFFICER},
        {"staff", HAZARD_ROLE_STAFF},
        {"auditor", HAZARD_ROLE_AUDITOR},
    };
    if (!role) return 0;
    for (size_t i = 0; i < XA_ARRAY_LEN(map); i++)
        if (!strcmp(map[i].name, role)) return map[i].bit;
    return 0;
}

/* ---- states ----------------------------------------------------------- */

int hazard_state_is_open(enum hazard_state s)
{
    return hazard_state_in(s, HAZARD_STATE_MASK(HAZARD_SET_OPEN));
}

int hazard_is_overdue(enum hazard_state s, int64_t deadline_ms, int64_t now_ms)
{
    return hazard_state_is_open(s) && deadline_ms > 0 && now_ms > deadline_ms;
}

int hazard_overdue_kind(enum hazard_state s, int64_t deadline_ms, int64_t now_ms)
{
    if (!hazard_is_overdue(s, deadline_ms, now_ms)) return 0;
    return s == HAZARD_REPORTED ? 1 : 2;
}

int hazard_patrol_unanswered(const int64_t *items, size_t n, const int64_t *answered, size_t m)
{
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < m && !found; k++)
            found = answered[k] == items[i];
        if (!found) return (int)i;
    }
    return -1;
}

int64_t hazard_assign_deadline(enum hazard_grade g, int64_t found_ms, int general_h, int major_h)
{
    int h = g == HAZARD_GRADE_MAJOR ? major_h : general_h;
    if (h < 1) h = 1;
    if (h > 720) h = 720;
    return found_ms + (int64_t)h * 3600 * 1000;
}

/* ---- rules ------------------------------------------------------------ */

#define SB(s) (1u << (unsigned)(s))
#define OPEN_STATES                                                                                \
    (SB(HAZARD_REPORTED) | SB(HAZARD_ASSIGNED) | SB(HAZARD_RECTIFYING) | SB(HAZARD_SUBMITTED))

#define MANAGERS (HAZARD_ROLE_SAFETY_OFFICER | HAZARD_ROLE_PRINCIPAL | HAZARD_ROLE_BUREAU_ADMIN)
#define CHECKERS (MANAGERS | HAZARD_ROLE_INSPECTOR)

enum who {
    WHO_ROLES,     /* any of .roles */
    WHO_RECTIFIER, /* the assigned rectifier only */
    WHO_COUNTY_UP, /* bureau admin at county level or above */
    WHO_SYSTEM,    /* the scheduler only */
    WHO_BY_FACTS,  /* decided by the hazard's facts (close, regrade) */
};

static const struct rule {
    enum who who;
    unsigned roles;  /* for WHO_ROLES */
    unsigned states; /* SB() set the action starts from */
} rules[HAZARD_ACTION_COUNT] = {
    [HAZARD_ACT_ASSIGN] = {WHO_ROLES, MANAGERS, SB(HAZARD_REPORTED) | SB(HAZARD_ASSIGNED)},
    [HAZARD_ACT_START] = {WHO_RECTIFIER, 0, SB(HAZARD_ASSIGNED)},
    [HAZARD_ACT_SUBMIT] = {WHO_RECTIFIER, 0, SB(HAZARD_RECTIFYING)},
    [HAZARD_ACT_VERIFY] = {WHO_ROLES, MANAGERS, SB(HAZARD_SUBMITTED)},
    [HAZARD_ACT_REJECT] = {WHO_ROLES, MANAGERS, SB(HAZARD_SUBMITTED)},
    [HAZARD_ACT_CLOSE] = {WHO_BY_FACTS, MANAGERS, SB(HAZARD_VERIFIED)},
    [HAZARD_ACT_REOPEN] = {WHO_ROLES, CHECKERS, SB(HAZARD_CLOSED)},
    [HAZARD_ACT_SUPERVISE] = {WHO_COUNTY_UP, 0, OPEN_STATES},
    [HAZARD_ACT_APPROVE_PLAN] = {WHO_ROLES, HAZARD_ROLE_PRINCIPAL,
                                 SB(HAZARD_REPORTED) | SB(HAZARD_ASSIGNED)},
    [HAZARD_ACT_FORWARD] = {WHO_ROLES, MANAGERS, SB(HAZARD_REPORTED) | SB(HAZARD_ASSIGNED)},
    [HAZARD_ACT_ESCALATE] = {WHO_SYSTEM, 0, OPEN_STATES},
    [HAZARD_ACT_RECHECK] = {WHO_ROLES, CHECKERS, SB(HAZARD_CLOSED)},
    [HAZARD_ACT_URGE] = {WHO_COUNTY_UP, 0, OPEN_STATES},
    [HAZARD_ACT_NOTICE] = {WHO_COUNTY_UP, 0, OPEN_STATES},
    [HAZARD_ACT_REGRADE] = {WHO_BY_FACTS, CHECKERS, OPEN_STATES},
    [HAZARD_ACT_CONCLUDE] = {WHO_COUNTY_UP, 0, SB(HAZARD_FORWARDED)},
};

/* ---- errors ----------------------------------------------------------- */

/* A refusal: its code (core/err.def) and the field it is about. */
struct derr {
    enum xa_err code;
    const char *field;
};

static const struct derr
    E_ACTION = {XE_HAZARD_BAD_ACTION, "action"},
    E_ROLE = {XE_HAZARD_FORBIDDEN_ROLE, NULL},
    E_NOT_RECTIFIER = {XE_HAZARD_NOT_RECTIFIER, NULL},
    E_SYSTEM_ONLY = {XE_HAZARD_SYSTEM_ONLY, NULL},
    E_VERIFIER_IS_RECTIFIER = {XE_HAZARD_VERIFIER_IS_RECTIFIER, NULL},
    E_VERIFIER_IS_SUBMITTER = {XE_HAZARD_VERIFIER_IS_SUBMITTER, NULL},
    E_STATE = {XE_HAZARD_BAD_STATE, "state"},
    E_NOT_MAJOR = {XE_HAZARD_NOT_MAJOR, "grade"},
    E_ALREADY_SUPERVISED = {XE_HAZARD_ALREADY_SUPERVISED, NULL},
    E_ALREADY_APPROVED = {XE_HAZARD_ALREADY_APPROVED, NULL},
    E_NOT_OVERDUE = {XE_HAZARD_NOT_OVERDUE, "deadline"},
    E_ESCALATION_MAX = {XE_HAZARD_ESCALATION_MAX, NULL},
    E_FIVE = {XE_HAZARD_FIVE_MISSING, "five_implementations"},
    E_PLAN = {XE_HAZARD_PLAN_NOT_APPROVED, "plan_approved"},
    E_SAFEGUARDS = {XE_HAZARD_SAFEGUARDS_MISSING, "safeguards"},
    E_RECTIFIER = {XE_HAZARD_RECTIFIER_REQUIRED, "rectifier_id"},
    E_DEADLINE = {XE_HAZARD_DEADLINE_REQUIRED, "deadline"},
    E_DEADLINE_PAST = {XE_HAZARD_DEADLINE_PAST, "deadline"},
    E_PHOTOS = {XE_HAZARD_PHOTOS_REQUIRED, "photos"},
    E_SUBMIT_NOTE = {XE_HAZARD_SUBMIT_NOTE_REQUIRED, "note"},
    E_CLOSE_NOTE = {XE_HAZARD_CLOSE_NOTE_REQUIRED, "note"},
    E_REJECT_REASON = {XE_HAZARD_REJECT_REASON_REQUIRED, "reason"},
    E_REOPEN_REASON = {XE_HAZARD_REOPEN_REASON_REQUIRED, "reason"},
    E_RECHECK_REASON = {XE_HAZARD_RECHECK_REASON_REQUIRED, "reason"},
    E_DEPARTMENT = {XE_HAZARD_DEPARTMENT_REQUIRED, "department"},
    E_SUP_CLOSE = {XE_HAZARD_SUPERVISED_CLOSE, NULL},
    E_DOWNGRADE_ROLE = {XE_HAZARD_DOWNGRADE_ROLE, "grade"},
    E_NOT_OFF_CAMPUS = {XE_HAZARD_NOT_OFF_CAMPUS, "off_campus"},
    E_ALREADY_NOTICED = {XE_HAZARD_ALREADY_NOTICED, NULL},
    E_CONCLUDED = {XE_HAZARD_ALREADY_CONCLUDED, NULL},
    E_CONTACT = {XE_HAZARD_CONTACT_REQUIRED, "contact"},
    E_FOLLOW_UP = {XE_HAZARD_FOLLOW_UP_REQUIRED, "follow_up"},
    E_FOLLOW_UP_PAST = {XE_HAZARD_FOLLOW_UP_PAST, "follow_up"},
    E_OUTCOME = {XE_HAZARD_OUTCOME_REQUIRED, "note"},
    E_GRADE = {XE_HAZARD_GRADE_REQUIRED, "grade"},
    E_GRADE_SAME = {XE_HAZARD_GRADE_SAME, "grade"},
    E_DOWNGRADE_REASON = {XE_HAZARD_DOWNGRADE_REASON_REQUIRED, "reason"},
    E_ONSPOT_MAJOR = {XE_HAZARD_ONSPOT_MAJOR, "on_the_spot"},
    E_ONSPOT_BEFORE = {XE_HAZARD_ONSPOT_BEFORE_REQUIRED, "photo_ids"},
    E_ONSPOT_AFTER = {XE_HAZARD_ONSPOT_AFTER_REQUIRED, "after_photo_ids"},
    E_FIVE_RESP = {XE_HAZARD_FIVE_RESPONSIBLE_MISSING, "responsible"},
    E_FIVE_MEAS = {XE_HAZARD_FIVE_MEASURES_MISSING, "measures"},
    E_FIVE_FUNDS = {XE_HAZARD_FIVE_FUNDS_MISSING, "funds"},
    E_FIVE_DL = {XE_HAZARD_FIVE_DEADLINE_MISSING, "deadline"},
    E_FIVE_PLAN = {XE_HAZARD_FIVE_PLAN_MISSING, "plan"},
    E_PERSON = {XE_HAZARD_FIVE_PERSON_REQUIRED, "responsible"},
    E_PHONE = {XE_HAZARD_FIVE_PHONE_INVALID, "responsible_phone"};

/* Fills *e (may be NULL) from err; -1 when err, else 0. */
static int put_err(const struct derr *err, struct xa_error *e)
{
    if (!err)
        return 0;
    if (e)
        xa_fail(e, err->code, err->field);
    return -1;
}

/* The supervising bureau's level (county when not recorded). */
static int sup_level(const struct hazard_facts *f)
{
    return f->supervise_level >= HAZARD_ORG_PROVINCE && f->supervise_level <= HAZARD_ORG_COUNTY
               ? f->supervise_level
               : HAZARD_ORG_COUNTY;
}

/* A bureau admin at level max_level or above (numerically smaller). */
static bool bureau_at(const struct hazard_actor *a, int max_level)
{
    return (a->roles & HAZARD_ROLE_BUREAU_ADMIN) && a->admin_level >= HAZARD_ORG_PROVINCE &&
           a->admin_level <= max_level;
}

/* ---- checks ----------------------------------------------------------- */

/* Text other than ASCII white space and U+3000 (ideographic space). */
static bool has_text(const char *s)
{
    if (!s) return false;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
            s++;
        else if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
                 (unsigned char)s[2] == 0x80)
            s += 3; /* short-circuit: never reads past the NUL */
        else
            return true;
    }
    return false;
}

/* The refusal naming the first missing of the five implementations. */
static const struct derr *five_first(unsigned missing)
{
    if (missing & HAZARD_FIVE_RESPONSIBLE) return &E_FIVE_RESP;
    if (missing & HAZARD_FIVE_MEASURES) return &E_FIVE_MEAS;
    if (missing & HAZARD_FIVE_FUNDS) return &E_FIVE_FUNDS;
    if (missing & HAZARD_FIVE_DEADLINE) return &E_FIVE_DL;
    if (missing & HAZARD_FIVE_PLAN) return &E_FIVE_PLAN;
    return NULL;
}

static const struct derr *five_err(const struct hazard_facts *f)
{
    const struct derr *e = five_first(f->five_missing);
    return e ? e : &E_FIVE;
}

/* Actor, state and facts; NULL when they allow act. */
static const struct derr *precheck(const struct hazard_facts *f,
                                           const struct hazard_actor *a, enum hazard_action act,
                                           int64_t now_ms)
{
    if ((int)act < 0 || act >= HAZARD_ACTION_COUNT) return &E_ACTION;
    const struct rule *r = &rules[act];

    /* who */
    if (r->who == WHO_SYSTEM) {
        if (!a->is_system) return &E_SYSTEM_ONLY;
    } else if (a->is_system) {
        return &E_ROLE;
    } else if (r->who == WHO_RECTIFIER) {
        if (f->rectifier_id <= 0 || a->user_id != f->rectifier_id) return &E_NOT_RECTIFIER;
    } else if (r->who == WHO_COUNTY_UP) {
        if (!(a->roles & HAZARD_ROLE_BUREAU_ADMIN) || a->admin_level < HAZARD_ORG_PROVINCE ||
            a->admin_level > HAZARD_ORG_COUNTY)
            return &E_ROLE;
    } else if (r->who == WHO_BY_FACTS && act == HAZARD_ACT_CLOSE && f->supervised) {
        if (!bureau_at(a, sup_level(f))) return &E_SUP_CLOSE;
    } else if (r->who == WHO_BY_FACTS && act == HAZARD_ACT_REGRADE &&
               f->grade == HAZARD_GRADE_MAJOR) {
        if (!bureau_at(a, f->supervised ? sup_level(f) : HAZARD_ORG_COUNTY))
            return &E_DOWNGRADE_ROLE;
    } else if (!(a->roles & r->roles)) {
        return &E_ROLE;
    }
    if (act == HAZARD_ACT_VERIFY || act == HAZARD_ACT_REJECT) {
        if (f->rectifier_id > 0 && a->user_id == f->rectifier_id) return &E_VERIFIER_IS_RECTIFIER;
        if (f->submitter_id > 0 && a->user_id == f->submitter_id) return &E_VERIFIER_IS_SUBMITTER;
    }

    /* state */
    if ((int)f->state < 0 || f->state >= HAZARD_STATE_COUNT || !(r->states & SB(f->state)))
        return &E_STATE;

    /* facts */
    bool major = f->grade == HAZARD_GRADE_MAJOR;
    switch (act) {
    case HAZARD_ACT_START:
        if (major && !f->five_done) return five_err(f);
        if (major && !f->plan_approved) return &E_PLAN;
        if (major && !f->has_safeguards) return &E_SAFEGUARDS;
        break;
    case HAZARD_ACT_SUPERVISE:
        if (!major) return &E_NOT_MAJOR;
        if (f->supervised) return &E_ALREADY_SUPERVISED;
        break;
    case HAZARD_ACT_APPROVE_PLAN:
        if (!major) return &E_NOT_MAJOR;
        if (f->plan_approved) return &E_ALREADY_APPROVED;
        if (!f->five_done) return five_err(f);
        break;
    case HAZARD_ACT_FORWARD:
        if (!f->off_campus) return &E_NOT_OFF_CAMPUS;
        break;
    case HAZARD_ACT_NOTICE:
        if (f->has_notice) return &E_ALREADY_NOTICED;
        break;
    case HAZARD_ACT_CONCLUDE:
        if (f->forward_concluded) return &E_CONCLUDED;
        break;
    case HAZARD_ACT_ESCALATE:
        if (!hazard_is_overdue(f->state, f->deadline_ms, now_ms)) return &E_NOT_OVERDUE;
        if (f->escalation_level >= HAZARD_ESCALATION_MAX) return &E_ESCALATION_MAX;
        break;
    default:
        break;
    }
    return NULL;
}

/*
 * The deadline for assign / reopen / failed recheck: the given one (must be
 * in the future), else now + 24 h for a general hazard; a major hazard must
 * be given one.
 */
static const struct derr *pick_deadline(const struct hazard_facts *f,
                                                const struct hazard_input *in, int64_t *deadline)
{
    if (in->deadline_ms > 0) {
        if (in->deadline_ms <= in->now_ms) return &E_DEADLINE_PAST;
        *deadline = in->deadline_ms;
        return NULL;
    }
    if (f->grade == HAZARD_GRADE_MAJOR) return &E_DEADLINE;
    *deadline = in->now_ms + HAZARD_GENERAL_DEADLINE_MS;
    return NULL;
}

/* Back to rectifying as a rebound (reopen, failed recheck). */
static const struct derr *rebound(const struct hazard_facts *f,
                                          const struct hazard_input *in,
                                          const struct derr *no_reason,
                                          struct hazard_outcome *o)
{
    if (!has_text(in->reason)) return no_reason;
    const struct derr *err = pick_deadline(f, in, &o->next.deadline_ms);
    if (err) return err;
    o->next.state = HAZARD_RECTIFYING;
    o->next.submitter_id = 0;
    o->rebound = true;
    return NULL;
}

/* Input checks and the new facts, once precheck passed. */
static const struct derr *decide(const struct hazard_facts *f, const struct hazard_actor *a,
                                         const struct hazard_input *in, struct hazard_outcome *o)
{
    const struct derr *err;

    o->next = *f;
    o->rebound = false;
    o->rechecked = false;
    o->list_now = false;
    switch (in->action) {
    case HAZARD_ACT_ASSIGN:
        if (in->rectifier_id <= 0) return &E_RECTIFIER;
        if ((err = pick_deadline(f, in, &o->next.deadline_ms))) return err;
        o->next.state = HAZARD_ASSIGNED;
        o->next.rectifier_id = in->rectifier_id;
        o->next.submitter_id = 0;
        return NULL;
    case HAZARD_ACT_START:
        o->next.state = HAZARD_RECTIFYING;
        return NULL;
    case HAZARD_ACT_SUBMIT:
        if (in->photo_count < 1) return &E_PHOTOS;
        if (!has_text(in->note)) return &E_SUBMIT_NOTE;
        o->next.state = HAZARD_SUBMITTED;
        o->next.submitter_id = a->user_id;
        return NULL;
    case HAZARD_ACT_VERIFY:
        o->next.state = HAZARD_VERIFIED;
        return NULL;
    case HAZARD_ACT_REJECT:
        if (!has_text(in->reason)) return &E_REJECT_REASON;
        o->next.state = HAZARD_RECTIFYING;
        o->next.submitter_id = 0;
        return NULL;
    case HAZARD_ACT_CLOSE:
        if (!has_text(in->note)) return &E_CLOSE_NOTE;
        o->next.state = HAZARD_CLOSED;
        return NULL;
    case HAZARD_ACT_REOPEN:
        return rebound(f, in, &E_REOPEN_REASON, o);
    case HAZARD_ACT_SUPERVISE:
        o->next.supervised = true;
        return NULL;
    case HAZARD_ACT_APPROVE_PLAN:
        o->next.plan_approved = true;
        return NULL;
    case HAZARD_ACT_FORWARD:
        if (!has_text(in->department)) return &E_DEPARTMENT;
        if (!has_text(in->contact)) return &E_CONTACT;
        if (in->follow_up_ms <= 0) return &E_FOLLOW_UP;
        /* a date: any moment of today or later */
        if (in->follow_up_ms < in->now_ms - (int64_t)24 * 3600 * 1000) return &E_FOLLOW_UP_PAST;
        o->next.state = HAZARD_FORWARDED;
        o->next.forward_concluded = false;
        return NULL;
    case HAZARD_ACT_CONCLUDE:
        if (!has_text(in->note)) return &E_OUTCOME;
        o->next.forward_concluded = true;
        return NULL;
    case HAZARD_ACT_URGE:
        return NULL;
    case HAZARD_ACT_NOTICE:
        o->next.has_notice = true;
        return NULL;
    case HAZARD_ACT_REGRADE:
        if (in->grade < 0 || in->grade >= HAZARD_GRADE_COUNT) return &E_GRADE;
        if ((enum hazard_grade)in->grade == f->grade) return &E_GRADE_SAME;
        if (in->grade == HAZARD_GRADE_GENERAL) {
            if (!has_text(in->reason)) return &E_DOWNGRADE_REASON;
            o->next.grade = HAZARD_GRADE_GENERAL;
            o->next.supervised = false; /* 摘牌 */
            o->next.supervise_level = 0;
            o->next.five_done = true; /* general hazards do not demand it */
            o->next.five_missing = 0;
            o->next.plan_approved = false;
            return NULL;
        }
        o->next.grade = HAZARD_GRADE_MAJOR;
        o->list_now = !f->supervised;
        return NULL;
    case HAZARD_ACT_ESCALATE:
        o->next.escalation_level = f->escalation_level + 1;
        return NULL;
    case HAZARD_ACT_RECHECK:
        if (!in->recheck_pass) return rebound(f, in, &E_RECHECK_REASON, o);
        o->rechecked = true;
        return NULL;
    default:
        return &E_ACTION;
    }
}

int hazard_apply(const struct hazard_facts *f, const struct hazard_actor *a,
                 const struct hazard_input *in, struct hazard_outcome *out, struct xa_error *e)
{
    struct hazard_outcome o;
    const struct derr *err = precheck(f, a, in->action, in->now_ms);
    if (!err) err = decide(f, a, in, &o);
    if (err) return put_err(err, e);
    *out = o;
    return 0;
}

int hazard_onspot_check(enum hazard_grade g, int nbefore, int nafter, struct xa_error *e)
{
    const struct derr *err = NULL;
    if (g == HAZARD_GRADE_MAJOR)
        err = &E_ONSPOT_MAJOR;
    else if (nbefore < 1)
        err = &E_ONSPOT_BEFORE;
    else if (nafter < 1)
        err = &E_ONSPOT_AFTER;
    return put_err(err, e);
}

int hazard_five_error(unsigned five_missing, struct xa_error *e)
{
    return put_err(five_first(five_missing), e);
}

int hazard_five_person_check(int64_t user_id, const char *name, const char *phone,
                             struct xa_error *e)
{
    if (user_id > 0) return 0;
    if (!has_text(name)) return put_err(&E_PERSON, e);
    int digits = 0;
    bool bad = !phone;
    for (const char *p = phone; p && *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != '-' && *p != '+' && *p != ' ')
            bad = true;
    }
    if (bad || digits < 7 || digits > 20) return put_err(&E_PHONE, e);
    return 0;
}

unsigned hazard_allowed_actions(const struct hazard_facts *f, const struct hazard_actor *a,
                                int64_t now_ms)
{
    unsigned mask = 0;
    for (int i = 0; i < HAZARD_ACTION_COUNT; i++)
        if (!precheck(f, a, (enum hazard_action)i, now_ms)) mask |= HAZARD_ACTION_BIT(i);
    return mask;
}
