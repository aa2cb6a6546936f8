/*
 * api_work.h - the work engine's handlers: to-do, messages, reminders.
 */
#ifndef XA_API_WORK_H
#define XA_API_WORK_H

#include "http/http.h"

int api_work_todo(struct req *r);
int api_work_messages(struct req *r);
int api_work_unread(struct req *r);
int api_work_read(struct req *r);
int api_work_read_all(struct req *r);
int api_work_remind_hazard(struct req *r);
int api_work_remind_weekly(struct req *r);
int api_work_remind_campaign(struct req *r);
int api_work_reminders(struct req *r);
struct store;
/* The minute sweep of time-based messages at now (store_work_sweep_plan):
 * each step a system change (user 0). Not inside an open change. 0 or -1. */
int work_sweep_run(struct store *s, int64_t now);

#endif
