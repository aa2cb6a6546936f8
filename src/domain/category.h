/*
 * category.h - hazard / risk categories (重点领域, SPEC §9).
 *
 * Categories are data: the table below only seeds a new database; bureaus
 * add their own codes later, stored in the database. Code is the stable key
 * (lowercase ascii), names are for display.
 */
#ifndef XA_DOMAIN_CATEGORY_H
#define XA_DOMAIN_CATEGORY_H

#include "core/compat.h"

#define CATEGORY_CODE_MAX 32

struct category_seed {
    const char *code;    /* e.g. "fire"; passes category_code_valid */
    const char *name_zh; /* e.g. "消防" */
    const char *name_en; /* e.g. "Fire" */
};

/* The built-in categories in display order; "other" is last. Static storage. */
extern const struct category_seed category_seeds[];
extern const size_t category_seed_count;

/*
 * 1 if code is 1..CATEGORY_CODE_MAX characters, each a lowercase ascii
 * letter, digit or '_'; 0 otherwise (including NULL).
 */
int category_code_valid(const char *code);

/* The built-in seed with this code, or NULL (code NULL or not built in). */
const struct category_seed *category_seed_find(const char *code);

#endif
