/*
 * api_truth.h - truthful records (issue 19): the 需关注 list, flags with
 * their explanations and reviews, rule settings, and the sweep that
 * computes the signals.
 */
#ifndef XA_API_TRUTH_H
#define XA_API_TRUTH_H

#include "core/compat.h"
#include "http/http.h"

int api_truth_watchlist(struct req *r);
int api_truth_flag_list(struct req *r);
int api_truth_flag_get(struct req *r);
int api_truth_flag_locate(struct store *s, int64_t id, char *path, size_t len);
int api_truth_explain(struct req *r);
int api_truth_review(struct req *r);
int api_truth_rules(struct req *r);
int api_truth_rule_set(struct req *r);
int api_truth_compute(struct req *r);

/* The background part, called from the minute sweep: hashes photos not
 * hashed yet every time, and computes the signals of the whole tree at most
 * once an hour (what happened in the last days; patterns over the year). */
void truth_sweep(struct store *s, int64_t now);

#endif
