#include "core/compat.h"
#include "domain/category.h"

const struct category_seed category_seeds[] = {
    {"fire", "消防", "Fire"},
    {"food", "食品卫生", "Food & hygiene"},
    {"traffic", "交通/校车", "Traffic & school bus"},
    {"drowning", "防溺水", "Drowning prevention"},
    {"bullying", "防欺凌", "Bullying prevention"},
    {"lab", "实验室/危险化学品", "Labs & hazardous chemicals"},
    {"building", "校舍", "School buildings"},
    {"electrical", "电气线路", "Electrical wiring"},
    {"construction", "建筑施工", "Construction works"},
    {"surroundings", "校园周边", "Campus surroundings"},
    {"security", "治安/门卫", "Public security & gate"},
    {"disaster", "防灾减灾/地质灾害", "Natural disasters & geology"},
    {"epidemic", "传染病", "Epidemics"},
    {"stampede", "防踩踏", "Stampede prevention"},
    {"terror", "防暴恐", "Counter-terrorism"},
    {"psychological", "心理健康", "Mental health"},
    {"sports", "体育/活动", "Sports & activities"},
    {"other", "其他", "Other"},
};

const size_t category_seed_count = XA_ARRAY_LEN(category_seeds);

int category_code_valid(const char *code)
{
    if (!code) return 0;
    size_t n = 0;
    for (const char *p = code; *p; p++, n++) {
        char ch = *p;
        if (n >= CATEGORY_CODE_MAX) return 0;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return 0;
    }
    return n > 0;
}

const struct category_seed *category_seed_find(const char *code)
{
    if (!code) return NULL;
    for (size_t i = 0; i < category_seed_count; i++)
        if (!strcmp(category_seeds[i].code, code)) return &category_seeds[i];
    return NULL;
}
