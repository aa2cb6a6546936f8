#include "core/compat.h"
#include "domain/password.h"
#include <ctype.h>

/* Passwords found at the top of every leaked-password list, and the ones
 * people here pick first (dates, love numbers, keyboard walks), lower case. */
static const char *const common[] = {
    "12345678", "123456789", "1234567890", "87654321", "11111111", "00000000", "88888888",
    "66666666", "12341234", "11223344", "123123123", "147258369", "741852963", "123654789",
    "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwertyui",
    "qwerty123", "qwe123456", "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t", "qazwsxedc", "zxcvbnm123",
    "asdfghjkl", "abc12345", "abcd1234", "abc123456", "a1234567", "a12345678", "aa123456",
    "aa12345678", "admin123", "admin1234", "admin@123", "admin888", "administrator", "root1234",
    "iloveyou", "iloveyou1", "woaini1314", "woaini520", "5201314520", "13145201314", "52013145",
    "wang1234", "zhang123", "li123456", "changeme", "welcome1", "letmein1", "sunshine",
    "football", "baseball", "princess", "superman", "trustno1", "computer", "internet",
    "12qwaszx", "q1w2e3r4", "zaq12wsx", "xiaoan123", "xiaoan2026", "school123", "test1234",
    "demo1234", "demo#2026", "admin#2026", "888888888", "999999999", "19491001", "20080808",
};

static void lower(const char *s, char *out, size_t len)
{
    size_t i = 0;
    for (; s[i] && i + 1 < len; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = '\0';
}

const char *password_problem(const char *pw, const char *username)
{
    size_t chars = 0;
    for (const char *p = pw; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    if (chars < PASSWORD_MIN_CHARS)
        return "密码至少 8 个字符";
    if (chars > PASSWORD_MAX_CHARS)
        return "密码不能超过 128 个字符";
    char lp[600], lu[80];
    lower(pw, lp, sizeof(lp));
    lower(username ? username : "", lu, sizeof(lu));
    if (strlen(lu) >= 3 && strstr(lp, lu))
        return "密码不能包含用户名";
    for (size_t i = 0; i < XA_ARRAY_LEN(common); i++)
        if (strcmp(lp, common[i]) == 0)
            return "这是常见密码，容易被猜中，请换一个";
    /* one character repeated, or a plain run of digits, is as weak */
    bool same = true, digits = true;
    for (const char *p = lp; *p; p++) {
        same = same && *p == lp[0];
        digits = digits && *p >= '0' && *p <= '9';
    }
    if (same)
        return "密码不能是同一个字符的重复";
    if (digits && chars < 12)
        return "纯数字密码至少 12 位";
    return NULL;
}
