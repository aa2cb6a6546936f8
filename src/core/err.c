#include "core/compat.h"
#include "core/err.h"

static const struct {
    const char *name;
    enum xa_errkind kind;
} T[XE__COUNT] = {
#define X(id, k) [XE_##id] = {#id, XK_##k},
#include "core/err.def"
#undef X
};

enum xa_errkind xa_err_kind(enum xa_err e)
{
    return (unsigned)e < XE__COUNT ? T[e].kind : XK_STORE;
}

const char *xa_err_name(enum xa_err e)
{
    return (unsigned)e < XE__COUNT ? T[e].name : "?";
}

int xa_fail(struct xa_error *e, enum xa_err code, const char *field)
{
    if (e) {
        e->code = code;
        e->field = field;
    }
    return -1;
}
