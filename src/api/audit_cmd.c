/*
 * audit_cmd.c - `xiaoan audit-checkpoint` and `xiaoan audit-verify`: an
 * anchor for the audit chain outside the database.
 *
 *   xiaoan audit-checkpoint --db URI [--key FILE]  > checkpoint.txt
 *   xiaoan audit-verify --db URI --checkpoint FILE [--key FILE]
 *
 * A checkpoint names the chain head (newest row id and its hash) at a time
 * and is signed with an Ed25519 key (libsodium) kept in a key file, never in
 * the database; the operator keeps the printed checkpoints elsewhere. Verify
 * checks the signature, that the checkpointed row still holds that hash,
 * that the chain is intact up to the current head and that the head has not
 * moved back. The key file is --key, else $XIAOAN_AUDIT_KEY, else
 * ./xiaoan-audit.key; checkpoint creates it (mode 0600) when missing.
 */
#include "core/compat.h"
#include "api/api.h"
#include "core/timeutil.h"
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

struct cmd_opts {
    const char *db, *key, *checkpoint;
};

static int parse_opts(int argc, char **argv, struct cmd_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--db") == 0 && v)
            o->db = v, i++;
        else if (strcmp(argv[i], "--key") == 0 && v)
            o->key = v, i++;
        else if (strcmp(argv[i], "--checkpoint") == 0 && v)
            o->checkpoint = v, i++;
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return -1;
        }
    }
    if (!o->db) {
        fprintf(stderr, "--db is required\n");
        return -1;
    }
    if (!o->key)
        o->key = getenv("XIAOAN_AUDIT_KEY");
    if (!o->key)
        o->key = "xiaoan-audit.key";
    return 0;
}

/* Loads the secret key from path; creates one when missing and create. */
static int load_key(const char *path, bool create, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    char hex[crypto_sign_SECRETKEYBYTES * 2 + 8] = "";
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!create) {
            fprintf(stderr, "cannot read the key file %s\n", path);
            return -1;
        }
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        crypto_sign_keypair(pk, sk);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            fprintf(stderr, "cannot create the key file %s\n", path);
            return -1;
        }
        sodium_bin2hex(hex, sizeof(hex), sk, crypto_sign_SECRETKEYBYTES);
        bool ok = write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && write(fd, "\n", 1) == 1;
        close(fd);
        sodium_memzero(hex, sizeof(hex));
        if (!ok)
            return -1;
        fprintf(stderr, "created the signing key %s: keep it away from the database\n", path);
        return 0;
    }
    bool ok = fgets(hex, sizeof(hex), f) != NULL;
    fclose(f);
    size_t bin = 0;
    hex[strcspn(hex, "\r\n")] = '\0';
    ok = ok && sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, hex, strlen(hex), NULL, &bin,
                              NULL) == 0 &&
         bin == crypto_sign_SECRETKEYBYTES;
    sodium_memzero(hex, sizeof(hex));
    if (!ok)
        fprintf(stderr, "the key file %s is not an Ed25519 key\n", path);
    return ok ? 0 : -1;
}

static struct store *open_db(const char *uri)
{
    char msg[256];
    struct store *s = store_open(uri, msg, sizeof(msg));
    if (!s)
        fprintf(stderr, "%s\n", msg);
    return s;
}

/* The signed part of a checkpoint. */
static void body_text(char *out, size_t len, int64_t id, const char *hash, const char *at)
{
    snprintf(out, len, "xiaoan-audit-checkpoint 1\nhead_id %lld\nhash %s\nat %s\n",
             (long long)id, hash, at);
}

int audit_cmd_checkpoint(int argc, char **argv)
{
    struct cmd_opts o = {0};
    if (parse_opts(argc, argv, &o))
        return 2;
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    if (load_key(o.key, true, sk))
        return 1;
    struct store *s = open_db(o.db);
    if (!s)
        return 1;
    int64_t id = 0;
    char hash[80], at[40], body[256];
    int64_t bad = store_audit_verify(s);
    if (bad != 0 || store_audit_head(s, &id, hash, sizeof(hash))) {
        fprintf(stderr, bad > 0 ? "the audit chain is broken at row %lld: no checkpoint\n"
                                : "cannot read the audit chain\n",
                (long long)bad);
        store_destroy(s);
        return 1;
    }
    store_destroy(s);
    xa_time_format(xa_now_ms(), at, sizeof(at));
    body_text(body, sizeof(body), id, hash, at);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)body, strlen(body), sk);
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof(sk));
    char sighex[crypto_sign_BYTES * 2 + 1], pkhex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
    sodium_bin2hex(sighex, sizeof(sighex), sig, sizeof(sig));
    sodium_bin2hex(pkhex, sizeof(pkhex), pk, sizeof(pk));
    printf("%spublic_key %s\nsignature %s\n", body, pkhex, sighex);
    return 0;
}

int audit_cmd_verify(int argc, char **argv)
{
    struct cmd_opts o = {0};
    if (parse_opts(argc, argv, &o))
        return 2;
    if (!o.checkpoint) {
        fprintf(stderr, "--checkpoint is required\n");
        return 2;
    }
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    if (load_key(o.key, false, sk))
        return 1;
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof(sk));
    FILE *f = fopen(o.checkpoint, "r");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", o.checkpoint);
        return 1;
    }
    long long id = -1;
    char hash[80] = "", at[48] = "", sighex[200] = "", line[512];
    int version = 0;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "xiaoan-audit-checkpoint %d", &version) == 1)
            continue;
        if (sscanf(line, "head_id %lld", &id) == 1 || sscanf(line, "hash %79s", hash) == 1 ||
            sscanf(line, "at %47s", at) == 1 || sscanf(line, "signature %199s", sighex) == 1)
            continue;
    }
    fclose(f);
    unsigned char sig[crypto_sign_BYTES];
    size_t bin = 0;
    char body[256];
    body_text(body, sizeof(body), id, hash, at);
    if (version != 1 || id < 0 ||
        sodium_hex2bin(sig, sizeof(sig), sighex, strlen(sighex), NULL, &bin, NULL) != 0 ||
        bin != sizeof(sig) ||
        crypto_sign_verify_detached(sig, (const unsigned char *)body, strlen(body), pk) != 0) {
        printf("checkpoint signature INVALID (not made with this key, or edited)\n");
        return 1;
    }
    struct store *s = open_db(o.db);
    if (!s)
        return 1;
    int rc = 0;
    char row[80] = "", head[80] = "";
    int64_t head_id = 0;
    int found = id ? store_audit_row_hash(s, id, row, sizeof(row)) : 1;
    int64_t bad = store_audit_verify(s);
    if (found < 0 || bad < 0 || store_audit_head(s, &head_id, head, sizeof(head))) {
        fprintf(stderr, "cannot read the audit chain: %s\n", store_errmsg(s));
        rc = 1;
    } else if (found == 0 || (id && strcmp(row, hash) != 0)) {
        printf("audit chain DOES NOT MATCH the checkpoint: row %lld %s\n", id,
               found == 0 ? "is gone" : "was changed");
        rc = 1;
    } else if (head_id < id) {
        printf("audit chain DOES NOT MATCH the checkpoint: the head moved back to %lld\n",
               (long long)head_id);
        rc = 1;
    } else if (bad) {
        printf("audit chain BROKEN at row %lld\n", (long long)bad);
        rc = 1;
    } else {
        printf("audit chain intact: checkpoint row %lld (%s) present, head now %lld\n", id, at,
               (long long)head_id);
    }
    store_destroy(s);
    return rc;
}
