/*
 * password.h - the rule a new password must meet.
 */
#ifndef XA_PASSWORD_H
#define XA_PASSWORD_H

#include "core/compat.h"

#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_CHARS 128

/* NULL when pw may be used by the account username, else the reason in
 * Chinese: shorter than PASSWORD_MIN_CHARS characters or longer than the
 * maximum, the user name itself (or containing it, ignoring case), or one of
 * the commonly used passwords (ignoring case). */
const char *password_problem(const char *pw, const char *username);

#endif
