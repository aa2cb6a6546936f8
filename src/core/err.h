/*
 * err.h - typed errors of the store and the domain.
 *
 * A store or domain function that refuses (not found, not allowed, not in
 * this state, a wrong value) returns -1 with a struct xa_error: which refusal
 * (an enum generated from core/err.def) and the field it is about. Neither
 * layer knows HTTP or the UI's words: src/http/errors.c maps each code to a
 * status, the API's error code and a Chinese message (http_fail).
 */
#ifndef XA_ERR_H
#define XA_ERR_H

enum xa_errkind {
    XK_NONE,
    XK_STORE,     /* the database failed (store_errclass says how) */
    XK_NOT_FOUND, /* 404 */
    XK_FORBIDDEN, /* 403 */
    XK_CONFLICT,  /* 409: not in this state / already exists */
    XK_STALE,     /* 409: changed by someone else meanwhile */
    XK_INVALID,   /* 422: a value given is wrong or missing */
};

enum xa_err {
#define X(id, kind) XE_##id,
#include "core/err.def"
#undef X
    XE__COUNT
};

struct xa_error {
    enum xa_err code;
    const char *field; /* the input field it is about, or NULL (static) */
};

/* The kind of a code (from err.def). */
enum xa_errkind xa_err_kind(enum xa_err e);
/* The code's name in err.def ("NOT_FOUND"), for logs and tests. */
const char *xa_err_name(enum xa_err e);
/* Sets *e (e may be NULL) and returns -1. */
int xa_fail(struct xa_error *e, enum xa_err code, const char *field);

#endif
