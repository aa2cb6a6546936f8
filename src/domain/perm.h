/*
 * perm.h - roles and what they may do (SPEC §2).
 *
 * A role is bound to one org node and acts on that node's subtree. A
 * permission is an identifier PERM_<AREA>_<VERB> generated from perm.def
 * (its name "<area>.<verb>" is what /me and the OpenAPI document show), so
 * a misspelt permission does not compile. The grant tables in perm.c are
 * the single source of which role holds which permission; the HTTP
 * dispatcher asks them for every request.
 */
#ifndef XA_PERM_H
#define XA_PERM_H

#include "core/compat.h"

enum perm_kind { PK_READ, PK_WRITE };

enum perm {
    PERM_PUBLIC = 0, /* a route anyone may call, signed in or not */
#define X(id, name, zh, kind) PERM_##id,
#include "domain/perm.def"
#undef X
    PERM_COUNT,
    /* in a role's grant table only: every permission of kind PK_READ */
    PERM_GRANT_ALL_READS = PERM_COUNT,
};

enum role_place { ROLE_AT_REGION = 1, ROLE_AT_SCHOOL = 2, ROLE_AT_ANY = 3 };

struct role_def {
    const char *name;    /* bureau_admin */
    const char *zh;      /* 教育局安全管理员 */
    enum role_place place;
    const enum perm *perms; /* ended by PERM_PUBLIC; may hold PERM_GRANT_ALL_READS */
};

const struct role_def *perm_role(const char *name);
/* True when role grants perm. Unknown roles and PERM_PUBLIC grant nothing. */
bool perm_role_has(const char *role, enum perm perm);
/* All role definitions, ended by a zero entry. */
extern const struct role_def perm_roles[];
/* "hazard.manage" for PERM_HAZARD_MANAGE; "" for PERM_PUBLIC. */
const char *perm_name(enum perm perm);
/* 管理隐患（五落实、照片）; "" for PERM_PUBLIC. */
const char *perm_zh(enum perm perm);
enum perm_kind perm_kind(enum perm perm);
/* Whether a role may be bound to an org of this kind. */
bool perm_role_fits_kind(const char *role, const char *org_kind);

#endif
