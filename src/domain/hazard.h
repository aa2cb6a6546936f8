/*
 * hazard.h - the hazard (隐患) lifecycle state machine (SPEC §4).
 *
 * Pure: given the facts the store holds about one hazard, an actor and an
 * action, hazard_apply decides whether the action is allowed and returns the
 * new facts. The store and HTTP layers call it and write back what it returns;
 * they hold no lifecycle rules of their own. No I/O, no allocation.
 *
 * States and the actions that move between them:
 *
 *   reported --assign--> assigned --start--> rectifying --submit--> submitted
 *   submitted --verify--> verified --close--> closed (销号)
 *   submitted --reject--> rectifying                    (验收不通过, 退回)
 *   closed --reopen--> rectifying                       (rebound 反弹)
 *   closed --recheck{pass}--> closed                    (回头看 recorded)
 *   closed --recheck{fail}--> rectifying                (rebound 反弹)
 *   reported|assigned --forward--> forwarded            (校园周边 only: handed
 *                                                        to the department
 *                                                        responsible; tracked
 *                                                        as 已移交/跟踪中)
 *   forwarded --conclude--> forwarded                   (the bureau records
 *                                                        the outcome; ends
 *                                                        the follow-up)
 *   reported|assigned --assign--> assigned              (re-assignment)
 *
 * Actions that set a flag and keep the state:
 *   supervise     挂牌督办, open major hazard, bureau admin at county or above
 *                 (the store lists every major hazard automatically on report
 *                 or upgrade; this is the manual form of the same)
 *   urge          催办, open hazard, bureau admin at county or above
 *   notice        整改通知书 for an open hazard that has none yet, bureau
 *                 admin at county or above (a listed major has one already)
 *   regrade       open hazard: general -> major by the school's managers,
 *                 inspectors or a bureau (then listed automatically); major ->
 *                 general only by a bureau admin at the supervising level or
 *                 above, with a reason (摘牌)
 *   approve_plan  principal approves a major hazard's plan (reported|assigned,
 *                 after the five implementations are recorded)
 *   escalate      system only, open and overdue: escalation level + 1
 *
 * "Open" = HAZARD_SET_OPEN (below). Overdue is a flag,
 * not a state: see hazard_is_overdue.
 *
 * Major hazards: start is refused until the five implementations (五落实) are
 * all recorded, the principal has approved the plan and interim safeguards
 * (防范措施) are recorded; assign (and reopen / failed recheck) needs an
 * explicit deadline. General hazards default to 24 h after now.
 *
 * Separation of duties: verify and reject (the verification decision) are
 * refused to the rectifier and to the user who submitted the rectification.
 *
 * 挂牌督办: a listed (supervised) hazard's verification ends in verified,
 * shown as "待督办单位销号"; only a bureau admin at the supervising bureau's
 * level or above (county when unknown) may close (销号, 摘牌) it.
 *
 * The clock: every hazard has a deadline from the moment it is found. While
 * reported (not yet assigned) it is the assignment limit (hazard_assign_
 * deadline); past it the hazard is overdue "待交办超时" and escalates like a
 * late rectification.
 */
#ifndef XA_DOMAIN_HAZARD_H
#define XA_DOMAIN_HAZARD_H

#include "core/compat.h"
#include "core/err.h"

/*
 * The states, and the sets of states the rules, the queries and the partial
 * indexes name. Each set is written here once, as a list X(enum, name)
 * separated by SEP; everything else is built from these lists:
 * hazard_state_in (below) for the rules, the SQL fragments of
 * store/hazard_sql.h for the queries, and tests/unit/test_plans.c compares
 * them with the partial indexes' predicates in the database (the
 * migrations' SQL cannot include a C header), so none can drift.
 *
 *   open        未闭环: reported, assigned, rectifying, submitted; what
 *               overdue, escalation, urging and the dashboards count
 *   in_hand     整改中 with a rectifier: assigned, rectifying (to-do 待整改,
 *               the 24 h deadline warning)
 *   awaiting_verification  待验收: submitted
 *   rectified   已整改 (the reports' 整改率): verified, closed
 *   unassigned  待交办: reported (overdue here is 待交办超时)
 *   awaiting_close  a supervised (挂牌督办) hazard waiting on its bureau to
 *               strike it off (待督办单位销号): verified
 */
#define HAZARD_STATES(X, SEP)                                                                      \
    X(HAZARD_REPORTED, reported) /* 已上报 */                                                      \
    SEP X(HAZARD_ASSIGNED, assigned) /* 已交办 */                                                  \
    SEP X(HAZARD_RECTIFYING, rectifying) /* 整改中 */                                              \
    SEP X(HAZARD_SUBMITTED, submitted) /* 待验收 */                                                \
    SEP X(HAZARD_VERIFIED, verified) /* 已验收 */                                                  \
    SEP X(HAZARD_CLOSED, closed) /* 已销号 */                                                      \
    SEP X(HAZARD_FORWARDED, forwarded) /* 已移交 */
#define HAZARD_SET_OPEN(X, SEP)                                                                    \
    X(HAZARD_REPORTED, reported)                                                                   \
    SEP X(HAZARD_ASSIGNED, assigned) SEP X(HAZARD_RECTIFYING, rectifying)                          \
    SEP X(HAZARD_SUBMITTED, submitted)
#define HAZARD_SET_IN_HAND(X, SEP) X(HAZARD_ASSIGNED, assigned) SEP X(HAZARD_RECTIFYING, rectifying)
#define HAZARD_SET_AWAITING_VERIFICATION(X, SEP) X(HAZARD_SUBMITTED, submitted)
#define HAZARD_SET_RECTIFIED(X, SEP) X(HAZARD_VERIFIED, verified) SEP X(HAZARD_CLOSED, closed)
#define HAZARD_SET_UNASSIGNED(X, SEP) X(HAZARD_REPORTED, reported)
#define HAZARD_SET_AWAITING_CLOSE(X, SEP) X(HAZARD_VERIFIED, verified)

/* (a comma as a SEP argument) */
#define XA_COMMA_ ,
#define HAZARD_STATE_ENUM_(e, name) e
enum hazard_state {
    HAZARD_STATES(HAZARD_STATE_ENUM_, XA_COMMA_),
    HAZARD_STATE_COUNT
};

/* Bit sets of states (1u << state), from the lists above. */
#define HAZARD_STATE_BIT_(e, name) (1u << (unsigned)(e))
#define HAZARD_STATE_MASK(set) (set(HAZARD_STATE_BIT_, |))
/* 1 when s is in the set mask (HAZARD_STATE_MASK(HAZARD_SET_OPEN), ...). */
static inline int hazard_state_in(enum hazard_state s, unsigned mask)
{
    return (unsigned)s < HAZARD_STATE_COUNT && (mask >> (unsigned)s & 1u);
}

enum hazard_grade {
    HAZARD_GRADE_GENERAL, /* 一般隐患 */
    HAZARD_GRADE_MAJOR,   /* 重大隐患 */
    HAZARD_GRADE_COUNT
};

enum hazard_source {
    HAZARD_SRC_PATROL,     /* 巡查 */
    HAZARD_SRC_SELF_CHECK, /* 自查 */
    HAZARD_SRC_INSPECTION, /* 督查 */
    HAZARD_SRC_COVERT,     /* 暗查暗访 */
    HAZARD_SRC_WHISTLE,    /* 举报 */
    HAZARD_SRC_DEPARTMENT, /* 其他部门 */
    HAZARD_SRC_OTHER,
    HAZARD_SOURCE_COUNT
};

enum hazard_action {
    HAZARD_ACT_ASSIGN,
    HAZARD_ACT_START,
    HAZARD_ACT_SUBMIT,
    HAZARD_ACT_VERIFY,
    HAZARD_ACT_REJECT,
    HAZARD_ACT_CLOSE,
    HAZARD_ACT_REOPEN,
    HAZARD_ACT_SUPERVISE,
    HAZARD_ACT_APPROVE_PLAN,
    HAZARD_ACT_FORWARD,
    HAZARD_ACT_ESCALATE,
    HAZARD_ACT_RECHECK,
    HAZARD_ACT_URGE,
    HAZARD_ACT_NOTICE,
    HAZARD_ACT_REGRADE,
    HAZARD_ACT_CONCLUDE,
    HAZARD_ACTION_COUNT
};

#define HAZARD_ACTION_BIT(a) (1u << (unsigned)(a))

/*
 * Names: "reported" ...; "general" / "major"; "patrol", "self_check",
 * "inspection", "covert", "whistle", "department", "other"; "assign",
 * "start", "submit", "verify", "reject", "close", "reopen", "supervise",
 * "approve_plan", "forward", "escalate", "recheck", "urge", "notice",
 * "regrade", "conclude". NULL when out of range.
 * Parse: exact name -> 0 and *out set; -1 for NULL or unknown (*out untouched).
 */
const char *hazard_state_name(enum hazard_state s);
const char *hazard_grade_name(enum hazard_grade g);
const char *hazard_source_name(enum hazard_source s);
const char *hazard_action_name(enum hazard_action a);
int hazard_state_parse(const char *s, enum hazard_state *out);
int hazard_grade_parse(const char *s, enum hazard_grade *out);
int hazard_source_parse(const char *s, enum hazard_source *out);
int hazard_action_parse(const char *s, enum hazard_action *out);

/* Roles, as a bit set (struct hazard_actor.roles). */
#define HAZARD_ROLE_BUREAU_ADMIN 0x01u
#define HAZARD_ROLE_INSPECTOR 0x02u
#define HAZARD_ROLE_PRINCIPAL 0x04u
#define HAZARD_ROLE_SAFETY_OFFICER 0x08u
#define HAZARD_ROLE_STAFF 0x10u
#define HAZARD_ROLE_AUDITOR 0x20u

/*
 * The bit for a role name as perm.h spells it ("bureau_admin", "inspector",
 * "principal", "safety_officer", "staff", "auditor"); 0 for NULL or unknown.
 */
unsigned hazard_role_bit(const char *role);

/* Org levels (struct hazard_actor.admin_level). */
#define HAZARD_ORG_PROVINCE 1
#define HAZARD_ORG_CITY 2
#define HAZARD_ORG_COUNTY 3
#define HAZARD_ORG_TOWNSHIP 4
#define HAZARD_ORG_SCHOOL 5

#define HAZARD_GENERAL_DEADLINE_MS ((int64_t)24 * 3600 * 1000)
/* Levels above the school; the caller maps level n to the school's n-th
 * ancestor, clamped at the root. */
#define HAZARD_ESCALATION_MAX 4

/* What the store knows about one hazard. Ids are > 0; 0 means none. */
struct hazard_facts {
    enum hazard_state state;
    enum hazard_grade grade;
    int64_t rectifier_id; /* assigned rectifier (整改责任人) */
    int64_t submitter_id; /* who submitted the pending rectification */
    int64_t deadline_ms;  /* epoch ms; 0 = none */
    bool five_done;       /* major: all five implementations recorded */
    unsigned five_missing;/* HAZARD_FIVE_* bits not yet recorded (0 = done) */
    bool plan_approved;   /* major: principal approved the plan */
    bool has_safeguards;  /* major: interim safeguards recorded */
    bool supervised;      /* 挂牌督办 */
    int escalation_level; /* 0 .. HAZARD_ESCALATION_MAX */
    bool off_campus;      /* 校园周边 */
    bool forward_concluded; /* forwarded: the bureau recorded the outcome */
    bool has_notice;      /* a 整改通知书 was issued */
    int supervise_level;  /* HAZARD_ORG_* of the supervising bureau; 0 = county */
};

/* The five implementations (五落实), as bits of hazard_facts.five_missing. */
#define HAZARD_FIVE_RESPONSIBLE 0x01u
#define HAZARD_FIVE_MEASURES 0x02u
#define HAZARD_FIVE_FUNDS 0x04u
#define HAZARD_FIVE_DEADLINE 0x08u
#define HAZARD_FIVE_PLAN 0x10u

/*
 * Who acts. The caller resolves the actor's roles whose org node covers the
 * hazard's school (the node itself or an ancestor) and passes them as a bit
 * set; roles elsewhere must not be included. admin_level is the highest
 * (numerically smallest) level of a bureau_admin role among those, 0 if none.
 * A system actor (the scheduler) may only escalate; roles are then ignored.
 */
struct hazard_actor {
    int64_t user_id;
    unsigned roles; /* HAZARD_ROLE_* */
    int admin_level;
    bool is_system;
};

/*
 * The request. Only the members an action uses are read:
 *   assign        rectifier_id (> 0), deadline_ms (optional for general,
 *                 default now + 24 h; required for major; must be > now)
 *   submit        photo_count (>= 1 after-photo), note
 *   reject        reason
 *   close         note
 *   reopen        reason, deadline_ms (as assign)
 *   recheck       recheck_pass; when false: reason, deadline_ms (as assign)
 *   forward       department, contact, follow_up_ms (> now)
 *   conclude      note (the outcome)
 *   regrade       grade (must differ); reason (required to downgrade)
 * Text counts as given when it holds something other than spaces.
 * now_ms is always read (deadlines, escalation).
 */
struct hazard_input {
    enum hazard_action action;
    int64_t rectifier_id;
    int64_t deadline_ms;
    int photo_count;
    const char *note;
    const char *reason;
    const char *department;
    const char *contact;  /* forward: the receiving department's contact */
    int64_t follow_up_ms; /* forward: the follow-up date */
    int grade;            /* regrade: enum hazard_grade, -1 = not given */
    bool recheck_pass;
    int64_t now_ms;
};

/*
 * The result: the full new facts (write back every member) plus what
 * happened. five_done and has_safeguards are copied unchanged (they are
 * derived from other records).
 */
struct hazard_outcome {
    struct hazard_facts next;
    bool rebound;   /* reopen or failed recheck: counts as 反弹 */
    bool rechecked; /* a passed recheck (回头看) to record */
    bool list_now;  /* regrade to major: list for 督办 and issue the notice */
};

/*
 * A refusal is a struct xa_error (core/err.h): a code of the closed-loop
 * block of core/err.def and the input field it is about. Kinds:
 *   FORBIDDEN the actor may not do this (XE_HAZARD_FORBIDDEN_ROLE,
 *       _NOT_RECTIFIER, _SYSTEM_ONLY, _VERIFIER_IS_RECTIFIER,
 *       _VERIFIER_IS_SUBMITTER, _SUPERVISED_CLOSE, _DOWNGRADE_ROLE)
 *   CONFLICT not in this state / not for these facts (_BAD_STATE field
 *       "state", _NOT_MAJOR "grade", _ALREADY_SUPERVISED, _ALREADY_APPROVED,
 *       _NOT_OVERDUE "deadline", _ESCALATION_MAX, _NOT_OFF_CAMPUS, ...)
 *   INVALID missing or wrong data, naming the field (rectifier_id,
 *       deadline, note, reason, department, photos, five_implementations,
 *       plan_approved, safeguards, action, ...)
 * http/errors.c gives each its status, API code and Chinese message.
 */
/*
 * Decide one action. Returns 0 with *out filled, or -1 with *e filled (e may
 * be NULL) and *out untouched. Checks in order: actor (FORBIDDEN), state (CONFLICT),
 * facts (CONFLICT / INVALID), input (INVALID).
 */
int hazard_apply(const struct hazard_facts *f, const struct hazard_actor *a,
                 const struct hazard_input *in, struct hazard_outcome *out, struct xa_error *e);

/*
 * The actions this actor may take now, as HAZARD_ACTION_BIT()s, for the UI's
 * buttons: exactly those for which hazard_apply passes the actor, state and
 * facts checks, i.e. succeeds given complete input.
 */
unsigned hazard_allowed_actions(const struct hazard_facts *f, const struct hazard_actor *a,
                                int64_t now_ms);

/* The assignment time limit: the moment found_ms + the grade's limit in
 * hours (general_h / major_h, each clamped to 1..720). */
int64_t hazard_assign_deadline(enum hazard_grade g, int64_t found_ms, int general_h, int major_h);

/* Defaults of the assignment limit (hazard-settings), in hours. */
#define HAZARD_ASSIGN_HOURS 24
#define HAZARD_ASSIGN_HOURS_MAJOR 4

/*
 * 立行立改: a hazard fixed on the spot, reported with before and after
 * photos; general hazards only. 0 allowed, -1 with *e (INVALID naming
 * "on_the_spot", "photo_ids" or "after_photo_ids").
 */
int hazard_onspot_check(enum hazard_grade g, int nbefore, int nafter, struct xa_error *e);

/*
 * The first missing of five_missing as an INVALID refusal naming the field the 五落实
 * form uses ("responsible", "measures", "funds", "deadline", "plan"); 0 when
 * none is missing.
 */
int hazard_five_error(unsigned five_missing, struct xa_error *e);

/*
 * A responsible person for 五落实: a staff user (user_id > 0) or a name with a
 * phone (7..20 digits, '-', '+' and spaces allowed). 0 ok, -1 with *e (INVALID
 * "responsible" or "responsible_phone").
 */
int hazard_five_person_check(int64_t user_id, const char *name, const char *phone,
                             struct xa_error *e);

/* Why an open hazard is overdue: 0 not overdue, 1 "待交办超时" (still
 * reported), 2 整改超期. */
int hazard_overdue_kind(enum hazard_state s, int64_t deadline_ms, int64_t now_ms);

/* A patrol record answers every item of the point's checklist (no default
 * answer): the index in items[0..n) of the first item whose id is not among
 * answered[0..m), or -1 when all are answered. */
int hazard_patrol_unanswered(const int64_t *items, size_t n, const int64_t *answered, size_t m);

/* 1 for the states of HAZARD_SET_OPEN; else 0. */
int hazard_state_is_open(enum hazard_state s);
/* 1 when the state is open, deadline_ms > 0 and now_ms > deadline_ms. */
int hazard_is_overdue(enum hazard_state s, int64_t deadline_ms, int64_t now_ms);

#endif
