/*
 * words.h - the Chinese words a person reads for the codes the store keeps:
 * hazard actions, states and sources, audit actions and object types.
 * Pure lookups: each returns a static string; an unknown code comes back
 * as "" for NULL, and as itself otherwise (so nothing is ever lost).
 */
#ifndef XA_WORDS_H
#define XA_WORDS_H

#include "core/compat.h"

const char *words_hazard_action(const char *code); /* "five" -> "落实五落实" */
const char *words_hazard_state(const char *code);  /* "closed" -> "已销号" */
const char *words_hazard_source(const char *code); /* "covert" -> "暗查暗访" */
const char *words_audit_action(const char *code);  /* "update" -> "修改" */
const char *words_entity(const char *code);        /* "hazard" -> "隐患" */

#endif
