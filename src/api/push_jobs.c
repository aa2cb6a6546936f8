/*
 * push_jobs.c - the push worker: a thread with its own store connection
 * that turns new messages into outbox rows (store_push_fanout) and delivers
 * the due ones with libcurl, one at a time, recording each outcome.
 *
 * Delivery is at least once: a row is leased before it is sent (next_at
 * moved a lease ahead), so if the process dies mid-delivery the row is due
 * again after restart and the receiver sees the same idempotency key
 * (X-Xiaoan-Idempotency-Key, the email's Message-ID). A failure is retried
 * after an exponential, jittered delay until the channel's max_tries, then
 * the row is dead-lettered for an admin to retry. Requests never wait on
 * any of this: handlers only write messages and may kick the worker.
 */
#include "core/compat.h"
#include "api/api_push.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "domain/push.h"
#include "store/store_push.h"
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static struct {
    int64_t poll, base, cap, lease, timeout;
} T;
static pthread_t job_thread;
static bool job_running;
static atomic_bool job_stop, job_kick;
static char *job_uri;

static int64_t env_ms(const char *name, int64_t def, int64_t min)
{
    const char *v = getenv(name);
    int64_t x = v && *v ? atoll(v) : def;
    return x < min ? min : x;
}

void push_jobs_kick(void)
{
    atomic_store(&job_kick, true);
}

static bool stopping(void)
{
    return atomic_load(&job_stop);
}

/* libcurl progress callback: a non-zero answer aborts the transfer, so a
 * shutdown does not wait for a slow receiver (the lease retries the push). */
static int abort_on_stop(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)ud, (void)a, (void)b, (void)c, (void)d;
    return stopping();
}

static void common_opts(CURL *c, char *cbuf)
{
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)T.timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)T.timeout);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cbuf);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_on_stop);
}

static const char *str(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    struct strbuf *sb = ud;
    if (sb->len < 4096)
        strbuf_add(sb, p, sz * n);
    return sz * n;
}

/* POSTs body to url with headers; err gets a reason for the status page. */
static int http_post(const char *url, const char *ctype, const struct strbuf *body,
                     struct curl_slist *extra, bool check_errcode, char *err, size_t elen)
{
    CURL *c = curl_easy_init();
    if (!c)
        return snprintf(err, elen, "无法初始化网络请求"), -1;
    char cbuf[CURL_ERROR_SIZE] = "";
    char ct[96];
    snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
    struct curl_slist *h = curl_slist_append(extra, ct);
    struct strbuf resp = STRBUF_INIT;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    common_opts(c, cbuf);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->buf);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body->len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "xiaoan-push/1");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    int ret = 0;
    if (rc != CURLE_OK) {
        snprintf(err, elen, "连接失败：%s", *cbuf ? cbuf : curl_easy_strerror(rc));
        ret = -1;
    } else if (status < 200 || status > 299) {
        snprintf(err, elen, "接收方返回 HTTP %ld", status);
        ret = -1;
    } else if (check_errcode) {
        /* 企业微信 and 钉钉 answer 200 with {"errcode":..,"errmsg":..} */
        json_t *j = json_loadb(resp.buf, resp.len, 0, NULL);
        json_t *ec = json_object_get(j, "errcode");
        if (ec && json_integer_value(ec) != 0) {
            snprintf(err, elen, "接收方返回错误 %lld：%.200s", (long long)json_integer_value(ec),
                     str(j, "errmsg"));
            ret = -1;
        }
        json_decref(j);
    }
    strbuf_release(&resp);
    return ret;
}

struct mail_src {
    const struct strbuf *msg;
    size_t off;
};

static size_t mail_read(char *p, size_t sz, size_t n, void *ud)
{
    struct mail_src *m = ud;
    size_t left = m->msg->len - m->off, k = sz * n < left ? sz * n : left;
    memcpy(p, m->msg->buf + m->off, k);
    m->off += k;
    return k;
}

static int send_mail(json_t *cfg, json_t *sec, const char *to, const struct push_item *it,
                     char *err, size_t elen)
{
    char date[64], addr[300];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    struct strbuf msg = STRBUF_INIT;
    push_email_message(&msg, str(cfg, "mail_from"), to, date, it);
    CURL *c = curl_easy_init();
    if (!c) {
        strbuf_release(&msg);
        return snprintf(err, elen, "无法初始化网络请求"), -1;
    }
    char cbuf[CURL_ERROR_SIZE] = "";
    struct mail_src src = {&msg, 0};
    snprintf(addr, sizeof(addr), "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, addr);
    snprintf(addr, sizeof(addr), "<%s>", str(cfg, "mail_from"));
    curl_easy_setopt(c, CURLOPT_URL, str(cfg, "smtp_url"));
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    common_opts(c, cbuf);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &src);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (*str(cfg, "smtp_user")) {
        curl_easy_setopt(c, CURLOPT_USERNAME, str(cfg, "smtp_user"));
        curl_easy_setopt(c, CURLOPT_PASSWORD, str(sec, "smtp_password"));
    }
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    curl_slist_free_all(rcpt);
    strbuf_release(&msg);
    if (rc != CURLE_OK)
        return snprintf(err, elen, "邮件发送失败：%s", *cbuf ? cbuf : curl_easy_strerror(rc)), -1;
    return 0;
}

/* One delivery attempt of a claimed row. 0 sent, -1 with err. */
static int deliver(json_t *row, char *err, size_t elen)
{
    const char *kind = str(row, "channel_kind");
    json_t *cfg = json_object_get(row, "config"), *sec = json_object_get(row, "secret");
    char key[400], link[700];
    snprintf(key, sizeof(key), "%lld:%s",
             (long long)json_integer_value(json_object_get(row, "channel_id")),
             str(row, "idem_key"));
    for (char *p = key; *p; p++) /* it goes into a header line */
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    push_link(link, sizeof(link), xa_cfg.public_url, str(row, "link"));
    struct push_item it = {.idem_key = key,
                           .msg_kind = str(row, "msg_kind"),
                           .title = str(row, "title"),
                           .body = str(row, "body"),
                           .link = link,
                           .org_name = str(row, "org_name"),
                           .at_iso = str(row, "created_at")};
    if (push_kind_is_group(kind) && push_kind_is_sensitive(it.msg_kind))
        it.body = ""; /* a group is not the recipient: title and link only */
    if (strcmp(kind, "email") == 0)
        return send_mail(cfg, sec, str(row, "recipient"), &it, err, elen);
    char hk[460];
    snprintf(hk, sizeof(hk), "X-Xiaoan-Idempotency-Key: %s", key);
    struct curl_slist *h = curl_slist_append(NULL, hk);
    struct strbuf body = STRBUF_INIT, url = STRBUF_INIT;
    const char *ctype = "application/json";
    bool errcode = false;
    if (strcmp(kind, "wecom") == 0) {
        strbuf_adds(&url, str(sec, "url"));
        push_wecom_json(&body, &it);
        errcode = true;
    } else if (strcmp(kind, "dingtalk") == 0) {
        const char *u = str(sec, "url");
        strbuf_adds(&url, u);
        strbuf_addch(&url, strchr(u, '?') ? '&' : '?');
        push_dingtalk_query(&url, str(sec, "secret"), xa_now_ms());
        push_dingtalk_json(&body, &it);
        errcode = true;
    } else if (strcmp(kind, "webhook") == 0) {
        strbuf_adds(&url, str(cfg, "url"));
        push_webhook_json(&body, &it);
        char sig[100];
        push_hmac_header(sig, sizeof(sig), str(sec, "secret"), body.buf, body.len);
        char hs[140];
        snprintf(hs, sizeof(hs), "X-Xiaoan-Signature: %s", sig);
        h = curl_slist_append(h, hs);
    } else if (strcmp(kind, "sms") == 0) {
        struct strbuf text = STRBUF_INIT;
        push_sms_text(&text, &it);
        const char *tmpl = str(cfg, "template");
        push_fill_template(&url, str(cfg, "url"), str(row, "recipient"), text.buf,
                           str(sec, "token"));
        push_fill_template(&body, tmpl, str(row, "recipient"), text.buf, str(sec, "token"));
        strbuf_release(&text);
        while (*tmpl == ' ' || *tmpl == '\n' || *tmpl == '\r' || *tmpl == '\t')
            tmpl++;
        if (*tmpl != '{')
            ctype = "application/x-www-form-urlencoded";
    } else {
        snprintf(err, elen, "未知的渠道类型");
        curl_slist_free_all(h);
        return -1;
    }
    /* http_post frees the header list */
    int rc = http_post(url.buf, ctype, &body, h, errcode, err, elen);
    strbuf_release(&body);
    strbuf_release(&url);
    return rc;
}

/* One round: fan out, then deliver what is due. Returns how many rows it
 * handled (so the loop knows whether to look again at once). */
/* The worker's writes: each a system change (user 0) at the moment it
 * begins, with no audit rows. */
static int job_begin(struct store *s, struct change *c)
{
    return store_change_begin(c, s, 0, "", xa_now_ms());
}

/* Commits c when rc is 0, else aborts it; 0 or -1. */
static int job_end(struct change *c, int rc)
{
    if (rc) {
        store_change_abort(c);
        return -1;
    }
    return store_change_commit(c);
}

static int round_once(struct store *s)
{
    int made = 0;
    struct change c;
    int due = store_push_fanout_due(s, xa_now_ms());
    if (due < 0 || (due > 0 && (job_begin(s, &c) ||
                                job_end(&c, store_push_fanout(&c, 500, &made))))) {
        log_warn("push fan-out: %s", store_errmsg(s));
        made = 0;
    }
    json_t *ids = store_push_due(s, xa_now_ms(), 20), *rows = NULL;
    if (ids && json_array_size(ids) == 0)
        rows = json_incref(ids);
    else if (ids && job_begin(s, &c) == 0) {
        rows = store_push_claim(&c, ids, T.lease);
        if (job_end(&c, rows ? 0 : -1)) {
            json_decref(rows);
            rows = NULL;
        }
    }
    json_decref(ids);
    if (!rows) {
        log_warn("push claim: %s", store_errmsg(s));
        return made;
    }
    int n = 0, nfailed = 0;
    int64_t failed[20], again[20]; /* channels that failed this round, when to retry */
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (stopping())
            break; /* the lease brings the rest back after restart */
        int64_t id = json_integer_value(json_object_get(row, "id"));
        int64_t ch = json_integer_value(json_object_get(row, "channel_id"));
        /* one slow or broken receiver does not hold up the others: the rest
         * of its rows go back untried, due with the failed one */
        int k = 0;
        while (k < nfailed && failed[k] != ch)
            k++;
        if (k < nfailed) {
            if (job_begin(s, &c) || job_end(&c, store_push_release(&c, id, again[k])))
                log_warn("push %lld: %s", (long long)id, store_errmsg(s));
            continue;
        }
        int tries = (int)json_integer_value(json_object_get(row, "tries"));
        int max = (int)json_integer_value(json_object_get(row, "max_tries"));
        char err[400] = "";
        int rc = deliver(row, err, sizeof(err));
        int64_t now = xa_now_ms();
        if (rc != 0 && stopping())
            break; /* cut short by shutdown: not the receiver's fault */
        if (rc == 0) {
            if (job_begin(s, &c) || job_end(&c, store_push_sent(&c, id, ch)))
                log_warn("push %lld sent but not recorded: %s", (long long)id, store_errmsg(s));
        } else {
            int64_t next = tries >= max ? 0
                                        : now + push_backoff_ms(tries, T.base, T.cap,
                                                                randombytes_random());
            if (nfailed < (int)XA_ARRAY_LEN(failed)) {
                failed[nfailed] = ch;
                again[nfailed++] = next ? next : now + T.base;
            }
            if (job_begin(s, &c) || job_end(&c, store_push_failed(&c, id, ch, err, next)))
                log_warn("push %lld: %s", (long long)id, store_errmsg(s));
            else if (!next)
                log_warn("push %lld dead after %d tries: %s", (long long)id, tries, err);
        }
        n++;
    }
    json_decref(rows);
    return made + n;
}

static void *job_main(void *arg)
{
    (void)arg;
    char msg[256];
    struct store *s = store_open(job_uri, msg, sizeof(msg));
    if (!s) {
        log_warn("push jobs: cannot open the database: %s", msg);
        return NULL;
    }
    while (!stopping()) {
        atomic_store(&job_kick, false);
        if (round_once(s) > 0)
            continue;
        for (int64_t waited = 0; waited < T.poll && !stopping() && !atomic_load(&job_kick);
             waited += 20)
            usleep(20000);
    }
    store_destroy(s);
    return NULL;
}

int push_jobs_start(const char *db_uri)
{
    if (job_running)
        return 0;
    T.poll = env_ms("XA_PUSH_POLL_MS", 2000, 20);
    T.base = env_ms("XA_PUSH_BACKOFF_MS", 30000, 1);
    T.cap = env_ms("XA_PUSH_BACKOFF_MAX_MS", 3600000, T.base);
    T.timeout = env_ms("XA_PUSH_TIMEOUT_MS", 10000, 100);
    T.lease = env_ms("XA_PUSH_LEASE_MS", 60000, 1);
    if (T.lease < T.timeout * 2 && !getenv("XA_PUSH_LEASE_MS"))
        T.lease = T.timeout * 2;
    if (curl_global_init(CURL_GLOBAL_DEFAULT))
        return err("cannot initialise libcurl");
    job_uri = strdup(db_uri);
    if (!job_uri)
        abort();
    atomic_store(&job_stop, false);
    if (pthread_create(&job_thread, NULL, job_main, NULL)) {
        free(job_uri);
        job_uri = NULL;
        return err("cannot start the push job thread");
    }
    job_running = true;
    return 0;
}

void push_jobs_stop(void)
{
    if (!job_running)
        return;
    atomic_store(&job_stop, true);
    pthread_join(job_thread, NULL);
    job_running = false;
    free(job_uri);
    job_uri = NULL;
    curl_global_cleanup();
}
