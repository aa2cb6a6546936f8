/*
 * perm.h - roles and what they may do (SPEC §2).
 *
 * A role is bound to one org node and acts on that node's subtree. A
 * permission is a string "<area>.<verb>" (org.read, hazard.write, ...). This
 * table is the single source of which role holds which permission; the HTTP
 * dispatcher asks it for every request.
 */
#ifndef XA_PERM_H
#define XA_PERM_H

#include "core/compat.h"

enum role_place { ROLE_AT_REGION = 1, ROLE_AT_SCHOOL = 2, ROLE_AT_ANY = 3 };

struct role_def {
    const char *name;    /* bureau_admin */
    const char *zh;      /* 教育局安全管理员 */
    enum role_place place;
    const char *const *perms; /* NULL-terminated; "*.read" grants every read */
};

const struct role_def *perm_role(const char *name);
/* True when role grants perm. Unknown roles grant nothing. */
bool perm_role_has(const char *role, const char *perm);
/* All role definitions, ended by a zero entry. */
extern const struct role_def perm_roles[];
/* All permission names, NULL-terminated (for /me and the OpenAPI doc). */
extern const char *const perm_all[];
/* Whether a role may be bound to an org of this kind. */
bool perm_role_fits_kind(const char *role, const char *org_kind);

#endif
