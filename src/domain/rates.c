/*
 * rates.c - rates and the bulletin score (rates.h).
 */
#include "core/compat.h"
#include "domain/rates.h"

int rate_permille(int64_t num, int64_t den)
{
    if (den <= 0)
        return RATE_NONE;
    if (num < 0)
        num = 0;
    if (num > den)
        num = den;
    /* round half up without floating point: (num * 2000 + den) / (2 * den) */
    return (int)((num * 2000 + den) / (2 * den));
}

int rate_of(enum rate_kind k, const struct rate_facts *f)
{
    switch (k) {
    case RATE_RECTIFY:
        return rate_permille(f->rectified, f->rectified + f->overdue_open);
    case RATE_RECTIFY_ON_TIME:
        return rate_permille(f->on_time, f->rectified);
    case RATE_SUBMIT:
        return rate_permille(f->submitted, f->schools);
    case RATE_SUBMIT_ON_TIME:
        return rate_permille(f->reports_on_time, f->reports_due);
    case RATE_PATROL:
        return rate_permille(f->patrols_done, f->patrols_planned);
    default:
        return RATE_NONE;
    }
}

static const char *const names[RATE_N] = {"整改率", "按期整改率", "报送率", "按时报送率",
                                          "巡查完成率"};
static const char *const defs[RATE_N] = {
    "整改率 = 本期发现的隐患中已整改（已验收或已销号）数 ÷（已整改数 + 已超过整改或交办期限仍未整改数）；"
    "仍在期限内的隐患、已移交校外有关部门跟踪的校园周边隐患不计入；无应整改隐患记“—”",
    "按期整改率 = 已整改隐患中在期限内完成（从未逾期）的数量 ÷ 已整改数；无已整改隐患记“—”",
    "报送率 = 已报送周报的学校数（迟报的计入，每校只计一次）÷ 应报学校数",
    "按时报送率 = 在截止时间前报送的周报数 ÷ 应报周报数（学校数 × 已过截止时间的周数）；无应报记“—”",
    "巡查完成率 = 完成巡查次数 ÷ 计划巡查次数，超出计划的巡查不计；无巡查计划记“—”",
};

const char *rate_name(enum rate_kind k)
{
    return (unsigned)k < RATE_N ? names[k] : "";
}

const char *rate_definition(enum rate_kind k)
{
    return (unsigned)k < RATE_N ? defs[k] : "";
}

void rate_format(int r, char *buf, size_t n)
{
    if (r < 0)
        snprintf(buf, n, "—");
    else
        snprintf(buf, n, "%d.%d%%", r / 10, r % 10);
}

double rate_pct(int r)
{
    return r < 0 ? -1.0 : (double)r / 10.0;
}

const char bulletin_formula[] =
    "得分 = 60 × 整改率 + 40 × 按时报送率 − 2 × 当前逾期隐患数 − 5 × 本月反弹次数，限定在 0～100 分，"
    "保留 1 位小数（无应整改隐患或无应报周报的，该项按 100% 计）；仍在期限内的隐患和已移交校外有关"
    "部门的校园周边隐患不扣分。排名按得分从高到低，同分时逾期少者在前。得分 ≥ 90、无逾期、无反弹且本月"
    "开展了巡查的单位予以通报表扬（本月未巡查的不因“无隐患”受表扬）；得分 < 60、逾期隐患 ≥ 3 项、"
    "存在漏报周报或本月未开展巡查的单位予以通报批评。";

int bulletin_score(const struct bulletin_facts *f)
{
    int64_t rect = f->rectify_rate < 0 ? 1000 : f->rectify_rate;
    int64_t ont = f->on_time_rate < 0 ? 1000 : f->on_time_rate;
    /* in tenths of a point: 60 x rate (permille) / 100 = 0.6 x permille */
    int64_t s = (60 * rect + 40 * ont + 50) / 100 - 20 * f->overdue - 50 * f->rebounds;
    return (int)(s < 0 ? 0 : s > 1000 ? 1000 : s);
}

bool bulletin_commended(const struct bulletin_facts *f, int score)
{
    return score >= 900 && f->overdue == 0 && f->rebounds == 0 && f->patrols_done > 0;
}

bool bulletin_criticised(const struct bulletin_facts *f, int score, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
#define ADDF(...)                                                                                  \
    do {                                                                                           \
        if (len < n) {                                                                             \
            int k_ = snprintf(buf + len, n - len, "%s", len ? "；" : "");                        \
            len += k_ > 0 ? (size_t)k_ : 0;                                                        \
        }                                                                                          \
        if (len < n) {                                                                             \
            int k_ = snprintf(buf + len, n - len, __VA_ARGS__);                                    \
            len += k_ > 0 ? (size_t)k_ : 0;                                                        \
        }                                                                                          \
    } while (0)
    if (score < 600)
        ADDF("得分 %d.%d 低于 60", score / 10, score % 10);
    if (f->overdue >= 3)
        ADDF("逾期隐患 %lld 项", (long long)f->overdue);
    if (f->reports_missing > 0)
        ADDF("漏报周报 %lld 份", (long long)f->reports_missing);
    if (f->patrols_done == 0)
        ADDF("本月未开展巡查");
#undef ADDF
    return len > 0;
}
