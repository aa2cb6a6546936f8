#include "core/compat.h"
#include "domain/orgtree.h"

const char *const orgtree_kinds[] = {"province", "city", "county", "township", "school", NULL};
const char *const orgtree_school_types[] = {"kindergarten", "primary",    "junior",
                                            "senior",       "nine_year",  "twelve_year",
                                            "vocational",   "special",    NULL};

int orgtree_level(const char *kind)
{
    for (int i = 0; orgtree_kinds[i]; i++)
        if (strcmp(orgtree_kinds[i], kind) == 0)
            return i + 1;
    return 0;
}

bool orgtree_child_allowed(const char *parent_kind, const char *child_kind)
{
    int p = orgtree_level(parent_kind), c = orgtree_level(child_kind);
    if (!p || !c)
        return false;
    if (c == 5) /* schools under a county or a township */
        return p == 3 || p == 4;
    return c == p + 1 && p < 4;
}

bool orgtree_code_valid(const char *kind, const char *code)
{
    /* schools: the 10-digit 学校标识码; townships: the 9-digit township
     * code (6-digit county code + 3); other regions: 6-digit GB/T 2260 */
    size_t want = strcmp(kind, "school") == 0 ? 10 : strcmp(kind, "township") == 0 ? 9 : 6;
    if (strlen(code) != want)
        return false;
    for (const char *p = code; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

int orgtree_path_ids(const char *path, int64_t *ids, int max)
{
    int n = 0;
    const char *p = path;
    while (p && *p && n < max) {
        if (*p == '/') {
            p++;
            continue;
        }
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p)
            break;
        ids[n++] = v;
        p = end;
    }
    return n;
}

int64_t orgtree_path_last_id(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n < 2 || path[n - 1] != '/')
        return 0;
    const char *end = path + n - 1; /* the final '/' */
    const char *p = end;
    while (p > path && p[-1] != '/')
        p--;
    int64_t v = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}
