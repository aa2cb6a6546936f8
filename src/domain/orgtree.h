/*
 * orgtree.h - rules of the org tree (SPEC §2).
 *
 * Kinds from the top: province, city, county, township, school. A school
 * hangs under a county or a township. Regions carry a six-digit GB/T 2260
 * division code (townships nine digits: county code + three), schools the
 * ten-digit school identifier (学校标识码).
 */
#ifndef XA_ORGTREE_H
#define XA_ORGTREE_H

#include "core/compat.h"

extern const char *const orgtree_kinds[];        /* NULL-terminated */
extern const char *const orgtree_school_types[]; /* NULL-terminated */
/* 1 province, 2 city, 3 county, 4 township, 5 school; 0 unknown. */
int orgtree_level(const char *kind);
bool orgtree_child_allowed(const char *parent_kind, const char *child_kind);
/* True when code has the form the kind needs. */
bool orgtree_code_valid(const char *kind, const char *code);
/* The org ids on a path "/1/4/9/", root first, at most max of them; returns
 * how many were written. Stops at anything that is not a number. */
int orgtree_path_ids(const char *path, int64_t *ids, int max);
/* The org id of a path's last segment ("/1/4/9/" -> 9); 0 for "/" or a
 * path that is not one. */
int64_t orgtree_path_last_id(const char *path);

#endif
