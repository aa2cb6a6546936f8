/*
 * compat.h - first include of every xiaoan source file.
 *
 * Sets the feature-test macros, pulls in the few standard headers nearly
 * every file needs, and bans the unsafe string functions (banned.h).
 */
#ifndef XA_COMPAT_H
#define XA_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define XA_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define XA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define XA_NORETURN __attribute__((noreturn))
#else
#define XA_PRINTF(f, a)
#define XA_NORETURN
#endif

#include "core/banned.h"

#endif
