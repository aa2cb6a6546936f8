/*
 * hazard_jobs.c - the background overdue sweep: a thread with its own store
 * connection that runs store_hazard_sweep at start and then every minute.
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "api/api_truth.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "store/store_hazard.h"
#include "store/store_work.h"
#include "api/api_work.h"
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#define SWEEP_EVERY_MS 60000

static pthread_t job_thread;
static bool job_running;
static atomic_bool job_stop;
static char *job_uri;

static void sweep(struct store *s)
{
    int64_t days =
        store_hazard_setting_days(s, "hazard.escalation_days", ESCALATION_DAYS_DEFAULT);
    int64_t rdays = store_hazard_setting_days(s, "hazard.recheck_days", RECHECK_DAYS_DEFAULT);
    int flagged = 0, escalated = 0, due = 0;
    if (store_hazard_sweep(s, xa_now_ms(), days * XA_DAY_MS, rdays * XA_DAY_MS, &flagged,
                           &escalated, &due)) {
        metrics_job_run("hazard_sweep", false);
        log_warn("hazard sweep: %s", store_errmsg(s));
        return;
    }
    metrics_job_run("hazard_sweep", true);
    if (flagged || escalated || due)
        log_info("hazard sweep: %d overdue, %d escalated, %d due for re-check", flagged,
                 escalated, due);
    if (work_sweep_run(s, xa_now_ms()))
        log_warn("message sweep: %s", store_errmsg(s));
    truth_sweep(s, xa_now_ms());
}

static bool job_stopping(void)
{
    return atomic_load(&job_stop);
}

static void *job_main(void *arg)
{
    (void)arg;
    char msg[256];
    struct store *s = store_open(job_uri, msg, sizeof(msg));
    if (!s) {
        log_warn("hazard jobs: cannot open the database: %s", msg);
        return NULL;
    }
    while (!atomic_load(&job_stop)) {
        sweep(s);
        /* the counter deltas of the writes go up the tree every second
         * (store_hazard_stats_fold), so the rows a read adds stay few */
        for (int waited = 0; waited < SWEEP_EVERY_MS && !atomic_load(&job_stop); waited += 100) {
            if (waited % 1000 == 0 && store_hazard_stats_fold(s, NULL))
                log_warn("counter fold: %s", store_errmsg(s));
            usleep(100000);
        }
    }
    if (store_hazard_stats_fold(s, NULL)) /* what the last writes left */
        log_warn("counter fold: %s", store_errmsg(s));
    store_destroy(s);
    return NULL;
}

int hazard_jobs_start(const char *db_uri)
{
    if (job_running)
        return 0;
    job_uri = strdup(db_uri);
    if (!job_uri)
        abort();
    atomic_store(&job_stop, false);
    store_hazard_sweep_set_stop(job_stopping);
    if (pthread_create(&job_thread, NULL, job_main, NULL)) {
        free(job_uri);
        job_uri = NULL;
        return err("cannot start the hazard job thread");
    }
    job_running = true;
    return 0;
}

void hazard_jobs_stop(void)
{
    if (!job_running)
        return;
    atomic_store(&job_stop, true);
    pthread_join(job_thread, NULL);
    job_running = false;
    free(job_uri);
    job_uri = NULL;
}
