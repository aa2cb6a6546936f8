/*
 * banned.h - functions that must not be used in xiaoan.
 *
 * They either cannot bound their output (strcpy, strcat, sprintf) or keep
 * hidden state (strtok). Use struct strbuf, snprintf or memcpy with a known
 * length instead. Included last by compat.h so system headers still compile.
 */
#ifndef XA_BANNED_H
#define XA_BANNED_H

#define XA_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) XA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) XA_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) XA_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) XA_BANNED(strncat)
#undef sprintf
#define sprintf(...) XA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) XA_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) XA_BANNED(strtok)
#undef gets
#define gets(x) XA_BANNED(gets)

#endif
