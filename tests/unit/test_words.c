/* test_words.c - code -> Chinese words (domain/words.c). */
#include "t.h"
#include "domain/words.h"

void t_main(void)
{
    T_EQ_STR(words_hazard_action("five"), "落实“五落实”");
    T_EQ_STR(words_hazard_action("assign"), "交办整改");
    T_EQ_STR(words_hazard_state("closed"), "已销号");
    T_EQ_STR(words_hazard_source("covert"), "暗查暗访");
    T_EQ_STR(words_hazard_source("whistle"), "群众举报");
    T_EQ_STR(words_audit_action("update"), "修改");
    T_EQ_STR(words_entity("hazard"), "隐患");
    /* unknown codes come back unchanged, NULL as "" */
    T_EQ_STR(words_entity("no_such_thing"), "no_such_thing");
    T_EQ_STR(words_hazard_state(NULL), "");
}
