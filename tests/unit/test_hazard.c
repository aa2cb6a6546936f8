/*
 * test_hazard.c - the hazard lifecycle state machine. Links src/domain/hazard.c.
 */
#include "core/compat.h"
#include "t.h"
#include "domain/hazard.h"

#define NOW ((int64_t)1700000000000)
#define HOUR ((int64_t)3600 * 1000)

/* Users. */
#define U_RECTIFIER 10
#define U_OTHER_SUBMITTER 11
#define U_OFFICER 20
#define U_PRINCIPAL 21
#define U_ADMIN 30
#define U_INSPECTOR 40
#define U_STAFF 50
#define U_AUDITOR 60

static const struct hazard_actor rectifier = {U_RECTIFIER, HAZARD_ROLE_STAFF, 0, false};
static const struct hazard_actor officer = {U_OFFICER, HAZARD_ROLE_SAFETY_OFFICER, 0, false};
static const struct hazard_actor principal = {U_PRINCIPAL, HAZARD_ROLE_PRINCIPAL, 0, false};
static const struct hazard_actor county_admin = {U_ADMIN, HAZARD_ROLE_BUREAU_ADMIN,
                                                 HAZARD_ORG_COUNTY, false};
static const struct hazard_actor city_admin = {U_ADMIN + 1, HAZARD_ROLE_BUREAU_ADMIN,
                                               HAZARD_ORG_CITY, false};
static const struct hazard_actor township_admin = {U_ADMIN + 2, HAZARD_ROLE_BUREAU_ADMIN,
                                                   HAZARD_ORG_TOWNSHIP, false};
static const struct hazard_actor inspector = {U_INSPECTOR, HAZARD_ROLE_INSPECTOR, 0, false};
static const struct hazard_actor staff = {U_STAFF, HAZARD_ROLE_STAFF, 0, false};
static const struct hazard_actor auditor = {U_AUDITOR, HAZARD_ROLE_AUDITOR, 0, false};
static const struct hazard_actor sys = {0, 0, 0, true};

static struct xa_error last_err;
static struct hazard_outcome last_out;

/* Apply; on success write the new facts back into *f. Returns 0 or the refusal's kind
 * (XK_FORBIDDEN, XK_CONFLICT, XK_INVALID); last_err has its code. */
static int step(struct hazard_facts *f, const struct hazard_actor *a, struct hazard_input in)
{
    if (!in.now_ms) in.now_ms = NOW;
    memset(&last_err, 0, sizeof(last_err));
    memset(&last_out, 0, sizeof(last_out));
    if (hazard_apply(f, a, &in, &last_out, &last_err) != 0) return (int)xa_err_kind(last_err.code);
    *f = last_out.next;
    return 0;
}

#define ACT(a) ((struct hazard_input){.action = (a)})

static struct hazard_facts new_hazard(enum hazard_grade g)
{
    struct hazard_facts f = {0};
    f.state = HAZARD_REPORTED;
    f.grade = g;
    return f;
}

static void test_names(void)
{
    static const char *states[] = {"reported", "assigned", "rectifying", "submitted",
                                   "verified", "closed",   "forwarded"};
    static const char *grades[] = {"general", "major"};
    static const char *sources[] = {"patrol",  "self_check", "inspection", "covert",
                                    "whistle", "department", "other"};
    static const char *actions[] = {"assign",       "start",   "submit",   "verify",
                                    "reject",       "close",   "reopen",   "supervise",
                                    "approve_plan", "forward", "escalate", "recheck",
                                    "urge",         "notice",  "regrade",  "conclude"};
    T_EQ_INT(XA_ARRAY_LEN(states), HAZARD_STATE_COUNT);
    T_EQ_INT(XA_ARRAY_LEN(grades), HAZARD_GRADE_COUNT);
    T_EQ_INT(XA_ARRAY_LEN(sources), HAZARD_SOURCE_COUNT);
    T_EQ_INT(XA_ARRAY_LEN(actions), HAZARD_ACTION_COUNT);
    for (int i = 0; i < HAZARD_STATE_COUNT; i++) {
        enum hazard_state s = HAZARD_FORWARDED;
        T_EQ_STR(hazard_state_name((enum hazard_state)i), states[i]);
        T_EQ_INT(hazard_state_parse(states[i], &s), 0);
        T_EQ_INT(s, i);
    }
    for (int i = 0; i < HAZARD_GRADE_COUNT; i++) {
        enum hazard_grade g = HAZARD_GRADE_COUNT;
        T_EQ_STR(hazard_grade_name((enum hazard_grade)i), grades[i]);
        T_EQ_INT(hazard_grade_parse(grades[i], &g), 0);
        T_EQ_INT(g, i);
    }
    for (int i = 0; i < HAZARD_SOURCE_COUNT; i++) {
        enum hazard_source s = HAZARD_SOURCE_COUNT;
        T_EQ_STR(hazard_source_name((enum hazard_source)i), sources[i]);
        T_EQ_INT(hazard_source_parse(sources[i], &s), 0);
        T_EQ_INT(s, i);
    }
    for (int i = 0; i < HAZARD_ACTION_COUNT; i++) {
        enum hazard_action a = HAZARD_ACTION_COUNT;
        T_EQ_STR(hazard_action_name((enum hazard_action)i), actions[i]);
        T_EQ_INT(hazard_action_parse(actions[i], &a), 0);
        T_EQ_INT(a, i);
    }
    enum hazard_state s = HAZARD_CLOSED;
    T_EQ_INT(hazard_state_parse("rejected", &s), -1); /* an action, not a state */
    T_EQ_INT(hazard_state_parse("overdue", &s), -1);  /* a flag, not a state */
    T_EQ_INT(hazard_state_parse(NULL, &s), -1);
    T_EQ_INT(hazard_state_parse("Closed", &s), -1);
    T_EQ_INT(s, HAZARD_CLOSED);
    enum hazard_action a = HAZARD_ACT_ASSIGN;
    T_EQ_INT(hazard_action_parse("", &a), -1);
    enum hazard_grade g = HAZARD_GRADE_MAJOR;
    T_EQ_INT(hazard_grade_parse("minor", &g), -1);
    enum hazard_source src = HAZARD_SRC_OTHER;
    T_EQ_INT(hazard_source_parse("self-check", &src), -1);
    T_CHECK(hazard_state_name(HAZARD_STATE_COUNT) == NULL);
    T_CHECK(hazard_state_name((enum hazard_state) - 1) == NULL);
    T_CHECK(hazard_grade_name(HAZARD_GRADE_COUNT) == NULL);
    T_CHECK(hazard_source_name(HAZARD_SOURCE_COUNT) == NULL);
    T_CHECK(hazard_action_name(HAZARD_ACTION_COUNT) == NULL);

    T_EQ_INT(hazard_role_bit("bureau_admin"), HAZARD_ROLE_BUREAU_ADMIN);
    T_EQ_INT(hazard_role_bit("inspector"), HAZARD_ROLE_INSPECTOR);
    T_EQ_INT(hazard_role_bit("principal"), HAZARD_ROLE_PRINCIPAL);
    T_EQ_INT(hazard_role_bit("safety_officer"), HAZARD_ROLE_SAFETY_OFFICER);
    T_EQ_INT(hazard_role_bit("staff"), HAZARD_ROLE_STAFF);
    T_EQ_INT(hazard_role_bit("auditor"), HAZARD_ROLE_AUDITOR);
    T_EQ_INT(hazard_role_bit("public"), 0);
    T_EQ_INT(hazard_role_bit(NULL), 0);
}

static void test_general_walk(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_GENERAL);

    /* assign: default deadline now + 24 h */
    T_EQ_INT(step(&f, &officer,
                  (struct hazard_input){.action = HAZARD_ACT_ASSIGN, .rectifier_id = U_RECTIFIER}),
             0);
    T_EQ_INT(f.state, HAZARD_ASSIGNED);
    T_EQ_INT(f.rectifier_id, U_RECTIFIER);
    T_EQ_INT(f.deadline_ms, NOW + 24 * HOUR);
    T_EQ_INT(f.deadline_ms, NOW + HAZARD_GENERAL_DEADLINE_MS);

    /* re-assign with an explicit deadline */
    T_EQ_INT(step(&f, &principal,
                  (struct hazard_input){.action = HAZARD_ACT_ASSIGN,
                                        .rectifier_id = U_RECTIFIER,
                                        .deadline_ms = NOW + 2 * HOUR}),
             0);
    T_EQ_INT(f.deadline_ms, NOW + 2 * HOUR);
    T_EQ_INT(f.state, HAZARD_ASSIGNED);

    /* start: general needs no five implementations */
    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), 0);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);

    T_EQ_INT(step(&f, &rectifier,
                  (struct hazard_input){
                      .action = HAZARD_ACT_SUBMIT, .photo_count = 2, .note = "已更换灭火器"}),
             0);
    T_EQ_INT(f.state, HAZARD_SUBMITTED);
    T_EQ_INT(f.submitter_id, U_RECTIFIER);

    /* reject -> rectifying, then submit again */
    T_EQ_INT(step(&f, &officer,
                  (struct hazard_input){.action = HAZARD_ACT_REJECT, .reason = "照片不清晰"}),
             0);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);
    T_EQ_INT(f.submitter_id, 0);
    T_EQ_INT(step(&f, &rectifier,
                  (struct hazard_input){
                      .action = HAZARD_ACT_SUBMIT, .photo_count = 1, .note = "重新拍照"}),
             0);

    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_VERIFY)), 0);
    T_EQ_INT(f.state, HAZARD_VERIFIED);

    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "销号"}),
             0);
    T_EQ_INT(f.state, HAZARD_CLOSED);
    T_CHECK(!last_out.rebound);

    /* 回头看 passes: stays closed, recorded */
    T_EQ_INT(step(&f, &inspector,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK, .recheck_pass = true}),
             0);
    T_EQ_INT(f.state, HAZARD_CLOSED);
    T_CHECK(last_out.rechecked);
    T_CHECK(!last_out.rebound);

    /* 回头看 fails: rebound, back to rectifying with a new 24 h deadline */
    T_EQ_INT(step(&f, &inspector,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK,
                                        .recheck_pass = false,
                                        .reason = "灭火器又被挪走",
                                        .now_ms = NOW + 1000}),
             0);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);
    T_CHECK(last_out.rebound);
    T_CHECK(!last_out.rechecked);
    T_EQ_INT(f.deadline_ms, NOW + 1000 + HAZARD_GENERAL_DEADLINE_MS);
    T_EQ_INT(f.rectifier_id, U_RECTIFIER);

    /* and round again, closed, then reopen: rebound */
    T_EQ_INT(
        step(&f, &rectifier,
             (struct hazard_input){.action = HAZARD_ACT_SUBMIT, .photo_count = 1, .note = "ok"}),
        0);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_VERIFY)), 0);
    T_EQ_INT(
        step(&f, &county_admin, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "ok"}),
        0);
    T_EQ_INT(step(&f, &principal,
                  (struct hazard_input){.action = HAZARD_ACT_REOPEN,
                                        .reason = "复发",
                                        .deadline_ms = NOW + 5 * HOUR}),
             0);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);
    T_CHECK(last_out.rebound);
    T_EQ_INT(f.deadline_ms, NOW + 5 * HOUR);
}

static void test_major_walk(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_MAJOR);
    struct hazard_input assign = {.action = HAZARD_ACT_ASSIGN, .rectifier_id = U_RECTIFIER};

    /* major: deadline must be given */
    T_EQ_INT(step(&f, &officer, assign), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_DEADLINE_REQUIRED");
    T_EQ_STR(last_err.field, "deadline");
    assign.deadline_ms = NOW; /* not in the future */
    T_EQ_INT(step(&f, &officer, assign), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_DEADLINE_PAST");
    assign.deadline_ms = NOW + 30 * 24 * HOUR;
    T_EQ_INT(step(&f, &officer, assign), 0);
    T_EQ_INT(f.state, HAZARD_ASSIGNED);
    T_EQ_INT(f.deadline_ms, NOW + 30 * 24 * HOUR);

    /* listed supervision by the county, visible to the city */
    T_EQ_INT(step(&f, &township_admin, ACT(HAZARD_ACT_SUPERVISE)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_FORBIDDEN_ROLE");
    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_SUPERVISE)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_SUPERVISE)), 0);
    T_CHECK(f.supervised);
    T_EQ_INT(f.state, HAZARD_ASSIGNED);
    T_EQ_INT(step(&f, &city_admin, ACT(HAZARD_ACT_SUPERVISE)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_ALREADY_SUPERVISED");

    /* start refused: five implementations, then plan approval, then safeguards */
    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_FIVE_MISSING");
    T_EQ_STR(last_err.field, "five_implementations");
    T_CHECK(last_err.code != XE_NONE);

    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_INVALID); /* nothing to approve */
    T_EQ_STR(last_err.field, "five_implementations");

    f.five_done = true; /* the store recorded all five */
    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_PLAN_NOT_APPROVED");
    T_EQ_STR(last_err.field, "plan_approved");

    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_APPROVE_PLAN)), 0);
    T_CHECK(f.plan_approved);
    T_EQ_INT(f.state, HAZARD_ASSIGNED);
    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_ALREADY_APPROVED");

    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_SAFEGUARDS_MISSING");
    T_EQ_STR(last_err.field, "safeguards");

    f.has_safeguards = true;
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_START)), XK_FORBIDDEN); /* not the rectifier */
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_RECTIFIER");
    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), 0);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);

    T_EQ_INT(step(&f, &rectifier,
                  (struct hazard_input){
                      .action = HAZARD_ACT_SUBMIT, .photo_count = 3, .note = "加固完成"}),
             0);
    T_EQ_INT(step(&f, &city_admin, ACT(HAZARD_ACT_VERIFY)), 0);
    T_EQ_INT(f.state, HAZARD_VERIFIED); /* 待督办单位销号 */
    T_EQ_INT(step(&f, &principal,
                  (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "验收合格，销号"}),
             XK_FORBIDDEN); /* listed: the school may not close it */
    T_EQ_INT(step(&f, &county_admin,
                  (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "确认销号，摘牌"}),
             0);
    T_EQ_INT(f.state, HAZARD_CLOSED);
    T_CHECK(f.supervised && f.plan_approved && f.five_done);

    /* supervising a closed hazard is a state error */
    struct hazard_facts g = f;
    g.supervised = false;
    T_EQ_INT(step(&g, &county_admin, ACT(HAZARD_ACT_SUPERVISE)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_BAD_STATE");

    /* reopen of a major hazard needs a fresh deadline */
    T_EQ_INT(step(&f, &officer,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK, .reason = "裂缝复现"}),
             XK_INVALID);
    T_EQ_STR(last_err.field, "deadline");
    T_EQ_INT(step(&f, &officer,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK,
                                        .reason = "裂缝复现",
                                        .deadline_ms = NOW + 7 * 24 * HOUR}),
             0);
    T_CHECK(last_out.rebound);
    T_EQ_INT(f.state, HAZARD_RECTIFYING);
}

static void test_refusals(void)
{
    struct hazard_facts f;
    struct hazard_input in;

    /* wrong role: 403 */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    in = (struct hazard_input){.action = HAZARD_ACT_ASSIGN, .rectifier_id = U_RECTIFIER};
    T_EQ_INT(step(&f, &staff, in), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_FORBIDDEN_ROLE");
    T_EQ_INT(step(&f, &auditor, in), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &inspector, in), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &sys, in), XK_FORBIDDEN);
    T_EQ_INT(f.state, HAZARD_REPORTED); /* untouched */

    /* missing rectifier */
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_ASSIGN)), XK_INVALID);
    T_EQ_STR(last_err.field, "rectifier_id");

    /* wrong state: 409 */
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_VERIFY)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_BAD_STATE");
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_CONFLICT);
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_REOPEN, .reason = "x"}),
             XK_CONFLICT);
    T_EQ_INT(step(&f, &inspector,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK, .recheck_pass = true}),
             XK_CONFLICT);
    /* start before any assignment: nobody is the rectifier */
    T_EQ_INT(step(&f, &rectifier, ACT(HAZARD_ACT_START)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_RECTIFIER");

    /* general hazards cannot be supervised or have plans approved */
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_SUPERVISE)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_MAJOR");
    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_MAJOR");

    /* submit: only the rectifier, needs photos and a note */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    f.state = HAZARD_RECTIFYING;
    f.rectifier_id = U_RECTIFIER;
    in = (struct hazard_input){.action = HAZARD_ACT_SUBMIT, .photo_count = 1, .note = "done"};
    T_EQ_INT(step(&f, &staff, in), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_RECTIFIER");
    T_EQ_INT(step(&f, &officer, in), XK_FORBIDDEN);
    in.photo_count = 0;
    T_EQ_INT(step(&f, &rectifier, in), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_PHOTOS_REQUIRED");
    T_EQ_STR(last_err.field, "photos");
    in.photo_count = 1;
    in.note = NULL;
    T_EQ_INT(step(&f, &rectifier, in), XK_INVALID);
    T_EQ_STR(last_err.field, "note");
    in.note = "  \t\n";
    T_EQ_INT(step(&f, &rectifier, in), XK_INVALID);
    in.note = "\xe3\x80\x80 "; /* ideographic space */
    T_EQ_INT(step(&f, &rectifier, in), XK_INVALID);
    in.note = "\xe3\x80"; /* truncated sequence is text, and not over-read */
    T_EQ_INT(step(&f, &rectifier, in), 0);
    T_EQ_INT(f.state, HAZARD_SUBMITTED);

    /* verifier must be neither the rectifier nor the submitter */
    struct hazard_actor officer_rectifier = {U_RECTIFIER, HAZARD_ROLE_SAFETY_OFFICER, 0, false};
    T_EQ_INT(step(&f, &officer_rectifier, ACT(HAZARD_ACT_VERIFY)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_VERIFIER_IS_RECTIFIER");
    T_EQ_INT(step(&f, &officer_rectifier,
                  (struct hazard_input){.action = HAZARD_ACT_REJECT, .reason = "x"}),
             XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_VERIFIER_IS_RECTIFIER");
    struct hazard_facts g = f;
    g.submitter_id = U_OFFICER; /* e.g. re-assigned after submission */
    T_EQ_INT(step(&g, &officer, ACT(HAZARD_ACT_VERIFY)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_VERIFIER_IS_SUBMITTER");
    T_EQ_INT(step(&f, &staff, ACT(HAZARD_ACT_VERIFY)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_FORBIDDEN_ROLE");
    T_EQ_INT(step(&f, &inspector, ACT(HAZARD_ACT_VERIFY)), XK_FORBIDDEN);

    /* reject needs a reason */
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_REJECT)), XK_INVALID);
    T_EQ_STR(last_err.field, "reason");
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_REJECT, .reason = " "}),
             XK_INVALID);

    /* close needs a note */
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_VERIFY)), 0);
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_CLOSE)), XK_INVALID);
    T_EQ_STR(last_err.field, "note");
    T_EQ_INT(step(&f, &rectifier, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}), 0);

    /* reopen / recheck: roles and reason */
    T_EQ_INT(step(&f, &staff, (struct hazard_input){.action = HAZARD_ACT_REOPEN, .reason = "x"}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &auditor,
                  (struct hazard_input){.action = HAZARD_ACT_RECHECK, .recheck_pass = true}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &inspector, ACT(HAZARD_ACT_REOPEN)), XK_INVALID);
    T_EQ_STR(last_err.field, "reason");
    T_EQ_INT(step(&f, &inspector, ACT(HAZARD_ACT_RECHECK)), XK_INVALID); /* fail without reason */
    T_EQ_STR(last_err.field, "reason");
    T_EQ_INT(f.state, HAZARD_CLOSED);

    /* escalate: system only */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    f.deadline_ms = NOW - 1;
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_ESCALATE)), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_SYSTEM_ONLY");

    /* unknown action */
    T_EQ_INT(step(&f, &officer, ACT((enum hazard_action)HAZARD_ACTION_COUNT)), XK_INVALID);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_BAD_ACTION");
    T_EQ_INT(step(&f, &officer, ACT((enum hazard_action) - 1)), XK_INVALID);

    /* error pointer may be NULL */
    struct hazard_outcome o;
    in = ACT(HAZARD_ACT_VERIFY);
    T_EQ_INT(hazard_apply(&f, &officer, &in, &o, NULL), -1);
}

static void test_forward(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_GENERAL);
    struct hazard_input in = {.action = HAZARD_ACT_FORWARD, .department = "县交通运输局",
                              .contact = "李股长 0730-7654321", .follow_up_ms = NOW + 72 * HOUR};

    /* on campus: never forwarded (the school rectifies it) */
    T_EQ_INT(step(&f, &officer, in), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_OFF_CAMPUS");
    T_EQ_INT(step(&f, &county_admin, in), XK_CONFLICT);
    f.off_campus = true;

    T_EQ_INT(step(&f, &staff, in), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &inspector, in), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_FORWARD)), XK_INVALID);
    T_EQ_STR(last_err.field, "department");
    struct hazard_input no_contact = in;
    no_contact.contact = "  ";
    T_EQ_INT(step(&f, &officer, no_contact), XK_INVALID);
    T_EQ_STR(last_err.field, "contact");
    struct hazard_input no_date = in;
    no_date.follow_up_ms = 0;
    T_EQ_INT(step(&f, &officer, no_date), XK_INVALID);
    T_EQ_STR(last_err.field, "follow_up");
    no_date.follow_up_ms = NOW - 72 * HOUR;
    T_EQ_INT(step(&f, &officer, no_date), XK_INVALID);
    T_EQ_STR(last_err.field, "follow_up");
    T_EQ_INT(step(&f, &officer, in), 0);
    T_EQ_INT(f.state, HAZARD_FORWARDED);
    T_CHECK(!f.forward_concluded);
    T_EQ_INT(hazard_allowed_actions(&f, &officer, NOW), 0);
    T_EQ_INT(hazard_allowed_actions(&f, &county_admin, NOW), HAZARD_ACTION_BIT(HAZARD_ACT_CONCLUDE));
    f.deadline_ms = NOW - 1;
    T_EQ_INT(hazard_allowed_actions(&f, &sys, NOW), 0); /* not open: no escalation */

    /* the bureau records the outcome; the school may not */
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CONCLUDE, .note = "已拆除"}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_CONCLUDE)), XK_INVALID);
    T_EQ_STR(last_err.field, "note");
    T_EQ_INT(step(&f, &county_admin,
                  (struct hazard_input){.action = HAZARD_ACT_CONCLUDE, .note = "占道摊点已清理"}),
             0);
    T_CHECK(f.forward_concluded);
    T_EQ_INT(f.state, HAZARD_FORWARDED);
    T_EQ_INT(step(&f, &county_admin,
                  (struct hazard_input){.action = HAZARD_ACT_CONCLUDE, .note = "再次"}),
             XK_CONFLICT);

    /* from assigned, by a bureau admin */
    f = new_hazard(HAZARD_GRADE_MAJOR);
    f.off_campus = true;
    f.state = HAZARD_ASSIGNED;
    f.rectifier_id = U_RECTIFIER;
    T_EQ_INT(step(&f, &county_admin, in), 0);
    T_EQ_INT(f.state, HAZARD_FORWARDED);

    /* not once rectification started */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    f.off_campus = true;
    f.state = HAZARD_RECTIFYING;
    T_EQ_INT(step(&f, &principal, in), XK_CONFLICT);
}

/* 挂牌督办: only the supervising bureau (or above) closes a listed hazard;
 * 催办; downgrade needs the bureau and a reason; upgrade lists it. */
static void test_supervision(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_MAJOR);
    f.supervised = true;
    f.supervise_level = HAZARD_ORG_COUNTY;
    f.has_notice = true;
    f.state = HAZARD_VERIFIED;
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_SUPERVISED_CLOSE");
    T_EQ_INT(step(&f, &principal, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &township_admin,
                  (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_FORBIDDEN);
    T_EQ_INT(hazard_allowed_actions(&f, &county_admin, NOW), HAZARD_ACTION_BIT(HAZARD_ACT_CLOSE));
    struct hazard_facts g = f;
    T_EQ_INT(step(&g, &city_admin, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             0);
    /* listed by the city: the county may not close it */
    g = f;
    g.supervise_level = HAZARD_ORG_CITY;
    T_EQ_INT(step(&g, &county_admin, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}),
             XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin,
                  (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "确认销号"}),
             0);
    T_EQ_INT(f.state, HAZARD_CLOSED);

    /* an unlisted (general) hazard: the school closes it itself */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    f.state = HAZARD_VERIFIED;
    T_EQ_INT(step(&f, &officer, (struct hazard_input){.action = HAZARD_ACT_CLOSE, .note = "x"}), 0);

    /* 催办 by the bureau on an open hazard; not by the school */
    f = new_hazard(HAZARD_GRADE_MAJOR);
    f.supervised = true;
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_URGE)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &township_admin, ACT(HAZARD_ACT_URGE)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_URGE)), 0);
    T_CHECK(hazard_allowed_actions(&f, &county_admin, NOW) & HAZARD_ACTION_BIT(HAZARD_ACT_URGE));

    /* downgrade: bureau at the supervising level, with a reason */
    struct hazard_input down = {.action = HAZARD_ACT_REGRADE, .grade = HAZARD_GRADE_GENERAL,
                                .reason = "经专家复核，不构成重大隐患"};
    T_EQ_INT(step(&f, &officer, down), XK_FORBIDDEN);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_DOWNGRADE_ROLE");
    T_EQ_INT(step(&f, &principal, down), XK_FORBIDDEN);
    struct hazard_input noreason = down;
    noreason.reason = " ";
    T_EQ_INT(step(&f, &county_admin, noreason), XK_INVALID);
    T_EQ_STR(last_err.field, "reason");
    struct hazard_input same = {.action = HAZARD_ACT_REGRADE, .grade = HAZARD_GRADE_MAJOR};
    T_EQ_INT(step(&f, &county_admin, same), XK_INVALID);
    T_EQ_STR(last_err.field, "grade");
    T_EQ_INT(step(&f, &county_admin, down), 0);
    T_EQ_INT(f.grade, HAZARD_GRADE_GENERAL);
    T_CHECK(!f.supervised);
    T_CHECK(!last_out.list_now);

    /* upgrade by the school: listed at once */
    struct hazard_input up = {.action = HAZARD_ACT_REGRADE, .grade = HAZARD_GRADE_MAJOR};
    T_EQ_INT(step(&f, &staff, up), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &officer, up), 0);
    T_EQ_INT(f.grade, HAZARD_GRADE_MAJOR);
    T_CHECK(last_out.list_now);

    /* notice once */
    f = new_hazard(HAZARD_GRADE_GENERAL);
    T_EQ_INT(step(&f, &officer, ACT(HAZARD_ACT_NOTICE)), XK_FORBIDDEN);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_NOTICE)), 0);
    T_CHECK(f.has_notice);
    T_EQ_INT(step(&f, &county_admin, ACT(HAZARD_ACT_NOTICE)), XK_CONFLICT);
}

/* The clock, 立行立改, 五落实 and patrol answers. */
static void test_clock_and_forms(void)
{
    T_EQ_INT(hazard_assign_deadline(HAZARD_GRADE_GENERAL, NOW, 24, 4), NOW + 24 * HOUR);
    T_EQ_INT(hazard_assign_deadline(HAZARD_GRADE_MAJOR, NOW, 24, 4), NOW + 4 * HOUR);
    T_EQ_INT(hazard_assign_deadline(HAZARD_GRADE_MAJOR, NOW, 24, 0), NOW + HOUR); /* clamped */
    T_EQ_INT(hazard_overdue_kind(HAZARD_REPORTED, NOW - 1, NOW), 1);
    T_EQ_INT(hazard_overdue_kind(HAZARD_ASSIGNED, NOW - 1, NOW), 2);
    T_EQ_INT(hazard_overdue_kind(HAZARD_REPORTED, NOW + 1, NOW), 0);
    T_EQ_INT(hazard_overdue_kind(HAZARD_CLOSED, NOW - 1, NOW), 0);
    /* an unassigned hazard past its limit escalates like a late one */
    struct hazard_facts f = new_hazard(HAZARD_GRADE_GENERAL);
    f.deadline_ms = NOW - 1;
    T_EQ_INT(step(&f, &sys, ACT(HAZARD_ACT_ESCALATE)), 0);
    T_EQ_INT(f.escalation_level, 1);

    struct xa_error e;
    T_EQ_INT(hazard_onspot_check(HAZARD_GRADE_GENERAL, 1, 1, &e), 0);
    T_EQ_INT(hazard_onspot_check(HAZARD_GRADE_MAJOR, 1, 1, &e), -1);
    T_EQ_STR(e.field, "on_the_spot");
    T_EQ_INT(hazard_onspot_check(HAZARD_GRADE_GENERAL, 0, 1, &e), -1);
    T_EQ_STR(e.field, "photo_ids");
    T_EQ_INT(hazard_onspot_check(HAZARD_GRADE_GENERAL, 1, 0, &e), -1);
    T_EQ_STR(e.field, "after_photo_ids");

    T_EQ_INT(hazard_five_error(0, &e), 0);
    T_EQ_INT(hazard_five_error(HAZARD_FIVE_FUNDS | HAZARD_FIVE_PLAN, &e), -1);
    T_EQ_STR(e.field, "funds");
    T_EQ_INT(hazard_five_error(HAZARD_FIVE_PLAN, &e), -1);
    T_EQ_STR(e.field, "plan");
    /* start / approve name the first missing field */
    f = new_hazard(HAZARD_GRADE_MAJOR);
    f.five_missing = HAZARD_FIVE_MEASURES;
    T_EQ_INT(step(&f, &principal, ACT(HAZARD_ACT_APPROVE_PLAN)), XK_INVALID);
    T_EQ_STR(last_err.field, "measures");

    T_EQ_INT(hazard_five_person_check(12, NULL, NULL, &e), 0);
    T_EQ_INT(hazard_five_person_check(0, "王建国", "0730-8123456", &e), 0);
    T_EQ_INT(hazard_five_person_check(0, "王建国", "", &e), -1);
    T_EQ_STR(e.field, "responsible_phone");
    T_EQ_INT(hazard_five_person_check(0, "王建国", "电话未知", &e), -1);
    T_EQ_STR(e.field, "responsible_phone");
    T_EQ_INT(hazard_five_person_check(0, " ", "13800000000", &e), -1);
    T_EQ_STR(e.field, "responsible");

    const int64_t items[] = {5, 6, 7}, ans[] = {7, 5};
    T_EQ_INT(hazard_patrol_unanswered(items, 3, ans, 2), 1);
    const int64_t all[] = {6, 7, 5};
    T_EQ_INT(hazard_patrol_unanswered(items, 3, all, 3), -1);
}

static void test_overdue(void)
{
    const int64_t dl = NOW;
    T_EQ_INT(hazard_is_overdue(HAZARD_ASSIGNED, dl, dl - 1), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_ASSIGNED, dl, dl), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_ASSIGNED, dl, dl + 1), 1);
    T_EQ_INT(hazard_is_overdue(HAZARD_REPORTED, dl, dl + 1), 1);
    T_EQ_INT(hazard_is_overdue(HAZARD_RECTIFYING, dl, dl + 1), 1);
    T_EQ_INT(hazard_is_overdue(HAZARD_SUBMITTED, dl, dl + 1), 1);
    T_EQ_INT(hazard_is_overdue(HAZARD_VERIFIED, dl, dl + 1), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_CLOSED, dl, dl + 1), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_FORWARDED, dl, dl + 1), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_ASSIGNED, 0, dl + 1), 0);
    T_EQ_INT(hazard_is_overdue(HAZARD_ASSIGNED, -5, dl + 1), 0);
    for (int s = 0; s < HAZARD_STATE_COUNT; s++)
        T_EQ_INT(hazard_state_is_open((enum hazard_state)s), s <= HAZARD_SUBMITTED);
}

static void test_escalation(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_GENERAL);
    f.state = HAZARD_RECTIFYING;
    f.rectifier_id = U_RECTIFIER;
    f.deadline_ms = NOW;

    /* at the deadline: not yet */
    T_EQ_INT(step(&f, &sys, ACT(HAZARD_ACT_ESCALATE)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_NOT_OVERDUE");
    T_EQ_INT(hazard_allowed_actions(&f, &sys, NOW), 0);
    T_EQ_INT(hazard_allowed_actions(&f, &sys, NOW + 1), HAZARD_ACTION_BIT(HAZARD_ACT_ESCALATE));

    for (int i = 1; i <= HAZARD_ESCALATION_MAX; i++) {
        T_EQ_INT(
            step(&f, &sys, (struct hazard_input){.action = HAZARD_ACT_ESCALATE, .now_ms = NOW + 1}),
            0);
        T_EQ_INT(f.escalation_level, i);
        T_EQ_INT(f.state, HAZARD_RECTIFYING);
    }
    T_EQ_INT(
        step(&f, &sys, (struct hazard_input){.action = HAZARD_ACT_ESCALATE, .now_ms = NOW + 1}),
        XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_ESCALATION_MAX");

    /* no deadline: never overdue */
    f = new_hazard(HAZARD_GRADE_MAJOR);
    T_EQ_INT(step(&f, &sys, ACT(HAZARD_ACT_ESCALATE)), XK_CONFLICT);
    /* closed: not open */
    f.state = HAZARD_CLOSED;
    f.deadline_ms = NOW - HOUR;
    T_EQ_INT(step(&f, &sys, ACT(HAZARD_ACT_ESCALATE)), XK_CONFLICT);
    T_EQ_STR(xa_err_name(last_err.code), "HAZARD_BAD_STATE");
    /* the system may do nothing else */
    f.state = HAZARD_SUBMITTED;
    T_EQ_INT(step(&f, &sys, ACT(HAZARD_ACT_VERIFY)), XK_FORBIDDEN);
}

/* ---- hazard_allowed_actions agrees with hazard_apply, exhaustively ---- */

static struct hazard_input complete_input(enum hazard_action act, bool pass)
{
    return (struct hazard_input){
        .action = act,
        .rectifier_id = 77,
        .deadline_ms = NOW + HOUR,
        .photo_count = 1,
        .note = "说明",
        .reason = "原因",
        .department = "县住建局",
        .contact = "张科长 0730-1234567",
        .follow_up_ms = NOW + 24 * HOUR,
        .grade = -1,
        .recheck_pass = pass,
        .now_ms = NOW,
    };
}

static int valid_error(const struct xa_error *e)
{
    enum xa_errkind k = xa_err_kind(e->code);
    return (k == XK_FORBIDDEN || k == XK_CONFLICT || k == XK_INVALID) &&
           !strncmp(xa_err_name(e->code), "HAZARD_", 7);
}

static struct {
    long combos, mismatches, bad_errors, input_leaks;
    unsigned seen_allowed; /* every action is allowed somewhere */
} agree;

/* Every action (and both recheck outcomes) for one (facts, actor). */
static void agree_one(const struct hazard_facts *f, const struct hazard_actor *a)
{
    unsigned mask = hazard_allowed_actions(f, a, NOW);
    for (int act = 0; act < HAZARD_ACTION_COUNT; act++) {
        int allowed = (mask & HAZARD_ACTION_BIT(act)) != 0;
        for (int pass = 0; pass < (act == HAZARD_ACT_RECHECK ? 2 : 1); pass++) {
            struct hazard_input in = complete_input((enum hazard_action)act, pass);
            if (act == HAZARD_ACT_REGRADE)
                in.grade = f->grade == HAZARD_GRADE_MAJOR ? HAZARD_GRADE_GENERAL : HAZARD_GRADE_MAJOR;
            struct hazard_outcome o;
            struct xa_error e = {0};
            int rc = hazard_apply(f, a, &in, &o, &e);
            agree.combos++;
            if (allowed != (rc == 0) && agree.mismatches++ < 5)
                t_fail(__FILE__, __LINE__,
                       "mismatch state=%s grade=%s act=%s roles=%#x user=%lld sys=%d "
                       "allowed=%d rc=%d code=%s",
                       hazard_state_name(f->state), hazard_grade_name(f->grade),
                       hazard_action_name((enum hazard_action)act), a->roles, (long long)a->user_id,
                       a->is_system, allowed, rc, xa_err_name(e.code));
            if (rc != 0 && !valid_error(&e)) agree.bad_errors++;
            if (rc == 0) agree.seen_allowed |= HAZARD_ACTION_BIT(act);
            /* With empty input an allowed action may fail only with 422 on an input field. */
            if (allowed) {
                struct hazard_input empty = {
                    .action = (enum hazard_action)act, .recheck_pass = pass, .now_ms = NOW};
                if (hazard_apply(f, a, &empty, &o, &e) != 0 && (xa_err_kind(e.code) != XK_INVALID || !e.field))
                    agree.input_leaks++;
            }
        }
    }
}

/* Every role set (64), user and admin level, plus the system actor. */
static void agree_actors(const struct hazard_facts *f)
{
    static const int64_t users[] = {U_RECTIFIER, U_OTHER_SUBMITTER, U_OFFICER};
    static const int levels[] = {0, HAZARD_ORG_PROVINCE, HAZARD_ORG_COUNTY, HAZARD_ORG_TOWNSHIP,
                                 HAZARD_ORG_SCHOOL};
    agree_one(f, &sys);
    for (unsigned roles = 0; roles < 64; roles++) {
        for (size_t ui = 0; ui < XA_ARRAY_LEN(users); ui++) {
            struct hazard_actor a = {users[ui], roles, 0, false};
            if (!(roles & HAZARD_ROLE_BUREAU_ADMIN)) {
                agree_one(f, &a);
                continue;
            }
            for (size_t li = 0; li < XA_ARRAY_LEN(levels); li++) {
                a.admin_level = levels[li];
                agree_one(f, &a);
            }
        }
    }
}

static void test_allowed_agrees(void)
{
    static const int64_t deadlines[] = {0, NOW - 1, NOW, NOW + HOUR};
    static const int64_t people[][2] = {/* rectifier, submitter */
                                        {0, 0},
                                        {U_RECTIFIER, 0},
                                        {U_RECTIFIER, U_RECTIFIER},
                                        {U_RECTIFIER, U_OTHER_SUBMITTER}};
    static const int escalations[] = {0, HAZARD_ESCALATION_MAX};
    const int nd = XA_ARRAY_LEN(deadlines), np = XA_ARRAY_LEN(people),
              ne = XA_ARRAY_LEN(escalations);
    const int total = HAZARD_STATE_COUNT * HAZARD_GRADE_COUNT * 32 * ne * nd * np;

    for (int i = 0; i < total; i++) {
        int k = i;
        struct hazard_facts f = {0};
        f.state = (enum hazard_state)(k % HAZARD_STATE_COUNT), k /= HAZARD_STATE_COUNT;
        f.grade = (enum hazard_grade)(k % HAZARD_GRADE_COUNT), k /= HAZARD_GRADE_COUNT;
        f.five_done = k & 1, f.plan_approved = k & 2, f.has_safeguards = k & 4;
        f.supervised = f.has_notice = k & 8, f.off_campus = k & 16, k /= 32;
        f.escalation_level = escalations[k % ne], k /= ne;
        f.deadline_ms = deadlines[k % nd], k /= nd;
        f.rectifier_id = people[k % np][0], f.submitter_id = people[k % np][1];
        agree_actors(&f);
    }
    T_EQ_INT(agree.mismatches, 0);
    T_EQ_INT(agree.bad_errors, 0);
    T_EQ_INT(agree.input_leaks, 0);
    T_EQ_INT(agree.seen_allowed, (1u << HAZARD_ACTION_COUNT) - 1);
    T_CHECK(agree.combos > 1000000);
    printf("test_hazard: %ld (facts, actor, action) combinations checked\n", agree.combos);
}

/* Spot checks of the button sets the UI shows. */
static void test_allowed_examples(void)
{
    struct hazard_facts f = new_hazard(HAZARD_GRADE_MAJOR);
    f.off_campus = true;
    T_EQ_INT(hazard_allowed_actions(&f, &officer, NOW),
             HAZARD_ACTION_BIT(HAZARD_ACT_ASSIGN) | HAZARD_ACTION_BIT(HAZARD_ACT_FORWARD));
    T_EQ_INT(hazard_allowed_actions(&f, &county_admin, NOW),
             HAZARD_ACTION_BIT(HAZARD_ACT_ASSIGN) | HAZARD_ACTION_BIT(HAZARD_ACT_FORWARD) |
                 HAZARD_ACTION_BIT(HAZARD_ACT_SUPERVISE) | HAZARD_ACTION_BIT(HAZARD_ACT_URGE) |
                 HAZARD_ACTION_BIT(HAZARD_ACT_NOTICE) | HAZARD_ACTION_BIT(HAZARD_ACT_REGRADE));
    f.off_campus = false; /* on campus: no forwarding */
    T_EQ_INT(hazard_allowed_actions(&f, &officer, NOW), HAZARD_ACTION_BIT(HAZARD_ACT_ASSIGN));
    f.off_campus = true;
    T_EQ_INT(hazard_allowed_actions(&f, &staff, NOW), 0);
    T_EQ_INT(hazard_allowed_actions(&f, &auditor, NOW), 0);
    f.five_done = true;
    T_EQ_INT(hazard_allowed_actions(&f, &principal, NOW),
             HAZARD_ACTION_BIT(HAZARD_ACT_ASSIGN) | HAZARD_ACTION_BIT(HAZARD_ACT_FORWARD) |
                 HAZARD_ACTION_BIT(HAZARD_ACT_APPROVE_PLAN));

    f.state = HAZARD_ASSIGNED;
    f.rectifier_id = U_RECTIFIER;
    T_EQ_INT(hazard_allowed_actions(&f, &rectifier, NOW), 0); /* plan not approved yet */
    f.plan_approved = f.has_safeguards = true;
    T_EQ_INT(hazard_allowed_actions(&f, &rectifier, NOW), HAZARD_ACTION_BIT(HAZARD_ACT_START));

    f.state = HAZARD_CLOSED;
    T_EQ_INT(hazard_allowed_actions(&f, &inspector, NOW),
             HAZARD_ACTION_BIT(HAZARD_ACT_REOPEN) | HAZARD_ACTION_BIT(HAZARD_ACT_RECHECK));
}

void t_main(void)
{
    test_names();
    test_general_walk();
    test_major_walk();
    test_refusals();
    test_forward();
    test_supervision();
    test_clock_and_forms();
    test_overdue();
    test_escalation();
    test_allowed_agrees();
    test_allowed_examples();
}
