/* context.c - what a reply does, in its context: words with their scope, acts, overlap with the
 * citizen's line, turned into the hashed features the learned layer weighs.
 *
 * Scope (per word): inside a sentence that refuses or warns (不能报 / 是违规的 / 千万别), inside a
 * question, inside a hypothetical (如果…), inside reported speech or quotation (他说… / “…”), or an
 * echo of the citizen's own words (a word the citizen used in this line or earlier). A word is
 * emitted plain and once per scope it is in, so the model can learn that 保证 in a refusal is
 * not a promise and that 缓缴 the citizen said first is not jargon.
 * Acts (per clause): greeting, apology, thanks, open / closed question, check-back, time, call
 * back, the clerk's own step, an instruction, a citation, a numbered list, a formal channel.
 * Must not: allocate per reply, know Lua, SDL or records. */
#include "scorer_int.h"
#include "model.h"
#include "cp_utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- Hashing: FNV-1a over a prefix then code points ---- */

static inline uint32_t fh_str(uint32_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static inline uint32_t fh_cps(uint32_t h, const uint32_t *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = c[i];
        for (int k = 0; k < 3; k++) {
            h ^= (v >> (8 * k)) & 0xFF;
            h *= 16777619u;
        }
    }
    return h;
}

#define FH_INIT 2166136261u

typedef struct fx {
    sc_feat *f;
    size_t n, cap;
    uint32_t mask;
} fx;

static inline void emit(fx *x, uint32_t h, float v, size_t s, size_t e)
{
    if (x->n >= x->cap)
        return;
    sc_feat *f = &x->f[x->n++];
    /* final avalanche so nearby strings spread over the table */
    h ^= h >> 15;
    h *= 0x2c1b3c6dU;
    h ^= h >> 12;
    f->h = h & x->mask;
    f->v = v;
    f->s = (uint16_t)s;
    f->e = (uint16_t)e;
}

static void emit_s(fx *x, const char *name, float v, size_t s, size_t e)
{
    emit(x, fh_str(FH_INIT, name), v, s, e);
}

/* ---- Word lists (normalised text: Simplified, half-width) ---- */

static const char *const NEG_WORDS[] = {
    "不", "没", "没有", "别", "未", "无", "甭", "莫", "勿", "无法", "不能", "不可以", "不可", "不会",
    "不要", "不用", "不行", "不得", "没法", "没办法", "不准", "不许", "禁止", "严禁", "千万别",
    "办不了", "不可能", "拒绝", "不予", "不让", "不给", "不该", "不应该", "别人", NULL
};
/* 别人 is listed so that it is *not* treated as 别: handled in is_neg */
static const char *const WARN_WORDS[] = {
    "违规", "违法", "违反", "不合规", "犯法", "骗子", "诈骗", "骗局", "千万", "小心", "提醒",
    "风险", "不安全", "泄露", "冒充", "违纪", "处分", NULL
};
static const char *const HYP_WORDS[] = {
    "如果", "要是", "假如", "万一", "假设", "若是", "即使", "就算", "哪怕", "的话", "倘若", NULL
};
static const char *const REPORT_SUBJ[] = {
    "他", "她", "他们", "她们", "那个人", "那位", "上次", "上回", "之前", "别人", "人家", "同事",
    "前面", "那边", "有人", "对方", "骗子", "银行", "单位", NULL
};
static const char *const SAY_WORDS[] = { "说", "讲", "告诉", "以为", "讲过", "说过", "答应", NULL };
static const char *const STOP[] = {
    "你们", "我们", "这个", "那个", "什么", "怎么", "就是", "还是", "已经", "一个", "这么", "那么",
    "现在", "可以", "没有", "不是", "知道", "这样", "那样", "你", "我", "他", "她", "的", "了", "吗",
    "呢", "吧", "啊", "呀", "是", "在", "有", "就", "都", "也", "还", "又", "和", "跟", "给", "把",
    "这", "那", "要", "说", "到底", "一下", "您", "怎么办", "为什么", "咱们", "自己", "这儿", "那儿",
    NULL
};

typedef struct act_def {
    const char *name;
    const char *const *words;
} act_def;

static const char *const A_GREET[] = { "您好", "你好", "早上好", "下午好", "上午好", "欢迎",
                                       "请坐", "您请坐", NULL };
static const char *const A_APOL[] = { "对不起", "抱歉", "不好意思", "过意不去", "歉意", "见谅",
                                      "道歉", "赔不是", "失礼", NULL };
static const char *const A_THANK[] = { "谢谢", "感谢", "多谢", "辛苦", "受累", NULL };
static const char *const A_CALLBACK[] = { "回电话", "回电", "回复您", "回复你", "联系您", "联系你",
                                          "通知您", "通知你", "打给您", "打电话", "答复您", "答复你",
                                          "告诉您结果", "回个电话", "回话", "答复", "回复", NULL };
static const char *const A_CHANNEL[] = { "12333", "投诉", "复核", "申诉", "行政复议", "复议",
                                         "仲裁", "诉讼", "起诉", "上级", "科长", "值班长", "主任",
                                         "信访", "法律援助", "调解", "监督", "举报", "领导", NULL };
static const char *const A_TIME[] = { "今天", "明天", "后天", "下班前", "马上", "立刻", "现在",
                                      "这周", "本周", "下周", "月底", "周五", "周一", "上午",
                                      "下午", "工作日", "以内", "之内", "小时", "之前", "以前",
                                      "当天", "当场", "稍后", "一会儿", NULL };
static const char *const A_CHECK[] = { "对吧", "对吗", "是吧", "是吗", "没错吧", "对不对",
                                       "是不是", "没错吗", "我说得对吗", "理解得对吗", NULL };
static const char *const A_OPENQ[] = { "什么", "怎么", "哪", "哪里", "哪儿", "哪些", "多少",
                                       "几", "为什么", "如何", "啥", "咋", "怎样", "哪个", NULL };
static const char *const A_LAW[] = { "社会保险法", "劳动法", "劳动合同法", "条例", "暂行条例", "实施细则",
                                     "法律", "法规", NULL };

static bool is_punct(uint32_t c)
{
    return c < 0x80 ? !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                    : (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
                          c == 0x2026 || c == 0x2014 || c == 0x201C || c == 0x201D ||
                          c == 0x2018 || c == 0x2019 || c == 0x300A || c == 0x300B;
}

/* ---- Word classes: one table lookup per word ---- */

enum {
    WC_NEG = 1u << 0, WC_WARN = 1u << 1, WC_HYP = 1u << 2, WC_RSUBJ = 1u << 3, WC_SAY = 1u << 4,
    WC_STOP = 1u << 5, WC_GREET = 1u << 6, WC_APOL = 1u << 7, WC_THANK = 1u << 8,
    WC_CALLBACK = 1u << 9, WC_CHANNEL = 1u << 10, WC_TIME = 1u << 11, WC_CHECK = 1u << 12,
    WC_OPENQ = 1u << 13, WC_LAW = 1u << 14, WC_ME = 1u << 15, WC_YOU = 1u << 16,
    WC_DO = 1u << 17, WC_DO2 = 1u << 18, WC_DATEUNIT = 1u << 19, WC_ESCALATE = 1u << 20,
    WC_REFUSE = 1u << 21,
};

static const char *const L_ESCALATE[] = { "科长", "值班长", "主任", "领导", "负责人", "上级", "站长",
                                          "所长", "经理", "组长", "班长", NULL };
static const char *const L_REFUSE[] = { "不能", "不可以", "没法", "没办法", "无法", "不行", "办不了",
                                        "不允许", "不得", "不予", "不给", "做不了", "不可能", "不准",
                                        "不许", "禁止", "严禁", NULL };
static const char *const ACT_NAMES[CP_ACT_COUNT] = {
    "greet", "apology", "thanks", "callback", "channel", "time", "open_question",
    "closed_question", "checkback", "clerk_step", "instruct", "cite", "list", "refusal",
    "warning", "escalate", "paraphrase",
};

const char *cp_act_name(unsigned i)
{
    return i < CP_ACT_COUNT ? ACT_NAMES[i] : NULL;
}

static const char *const L_ME[] = { "我", "我们", "咱们", "咱", NULL };
static const char *const L_YOU[] = { "您", "你", NULL };
static const char *const L_DO[] = { "帮", "给", "去", "来", "先", "马上", "现在", "这就", "会", "立刻",
                                    "今天", "明天", "帮您", "给您", "替您", "这边", "负责", "联系",
                                    "跟", "和", "把", "帮你", "给你", "亲自", "当场", "立即", NULL };
static const char *const L_DO2[] = { "需要", "要", "可以", "得", "去", "带", "拿", "填", "把", "先",
                                     "到", "直接", "只要", "就", "只需", "只需要", "带上", NULL };
static const char *const L_DATEUNIT[] = { "号", "日", "点", "天", "月", "周", "个", "小时", "分钟",
                                          "个工作日", "工作日", "日前", "号前", "号之前", NULL };

typedef struct wc_list {
    uint32_t bit;
    const char *const *words;
} wc_list;

static const wc_list WC_LISTS[] = {
    { WC_NEG, NEG_WORDS }, { WC_WARN, WARN_WORDS }, { WC_HYP, HYP_WORDS },
    { WC_RSUBJ, REPORT_SUBJ }, { WC_SAY, SAY_WORDS }, { WC_STOP, STOP },
    { WC_GREET, A_GREET }, { WC_APOL, A_APOL }, { WC_THANK, A_THANK },
    { WC_CALLBACK, A_CALLBACK }, { WC_CHANNEL, A_CHANNEL }, { WC_TIME, A_TIME },
    { WC_CHECK, A_CHECK }, { WC_OPENQ, A_OPENQ }, { WC_LAW, A_LAW }, { WC_ME, L_ME },
    { WC_YOU, L_YOU }, { WC_DO, L_DO }, { WC_DO2, L_DO2 }, { WC_DATEUNIT, L_DATEUNIT },
    { WC_ESCALATE, L_ESCALATE }, { WC_REFUSE, L_REFUSE },
};

#define WC_SLOTS 2048u

struct sc_wclass {
    uint64_t key[WC_SLOTS];
    uint32_t bits[WC_SLOTS];
};

static inline uint64_t wc_hash(const uint32_t *c, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 0x100000001b3ull;
    }
    return h ? h : 1;
}

static inline size_t wc_slot(uint64_t h)
{
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return (size_t)h & (WC_SLOTS - 1);
}

sc_wclass *sc_wclass_new(const cp_norm *nm)
{
    sc_wclass *t = cp_xcalloc(1, sizeof *t);
    for (size_t l = 0; l < sizeof WC_LISTS / sizeof *WC_LISTS; l++) {
        for (const char *const *w = WC_LISTS[l].words; *w; w++) {
            if (WC_LISTS[l].bit == WC_NEG && strcmp(*w, "别人") == 0)
                continue;   /* listed only to document that 别人 is not 别 */
            uint32_t cps[32];
            size_t n = cp_norm_term(nm, *w, cps, 32);
            if (!n)
                continue;
            uint64_t h = wc_hash(cps, n);
            size_t i = wc_slot(h);
            while (t->key[i] && t->key[i] != h)
                i = (i + 1) & (WC_SLOTS - 1);
            t->key[i] = h;
            t->bits[i] |= WC_LISTS[l].bit;
        }
    }
    return t;
}

void sc_wclass_free(sc_wclass *t)
{
    free(t);
}

static uint32_t wc_of(const sc_wclass *t, const uint32_t *c, size_t n)
{
    if (!t || n == 0)
        return 0;
    uint64_t h = wc_hash(c, n);
    for (size_t i = wc_slot(h); t->key[i]; i = (i + 1) & (WC_SLOTS - 1))
        if (t->key[i] == h)
            return t->bits[i];
    return 0;
}

/* A day or clock time as one word: 今天下午, 四点, 25号, 三十日 (a numeral, then 点 号 日 天),
 * or a day then a part of it (今天下午, 明天上午). */
static bool clock_word(const uint32_t *c, size_t n)
{
    static const uint32_t NUM[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                    0x4E5D, 0x5341, 0x4E24, 0x96F6 };   /* 一…九 十 两 零 */
    if (n >= 2) {
        uint32_t last = c[n - 1], prev = c[n - 2];
        bool unit = last == 0x70B9 || last == 0x53F7 || last == 0x65E5 || last == 0x5929;
        bool num = prev >= '0' && prev <= '9';
        for (size_t k = 0; k < sizeof NUM / sizeof *NUM && !num; k++)
            num = prev == NUM[k];
        if (unit && num)
            return true;
    }
    if (n == 4 && (c[1] == 0x5929) && (c[2] == 0x4E0A || c[2] == 0x4E0B || c[2] == 0x4E2D) &&
        c[3] == 0x5348)   /* X天上午 / X天下午 / X天中午 */
        return true;
    return false;
}

/* A law's name: a word ending in 法 / 条例 / 细则 / 办法 of three characters or more. */
static bool law_name(const uint32_t *c, size_t n)
{
    if (n >= 3 && c[n - 1] == 0x6CD5)   /* 法 */
        return true;
    if (n >= 4 && ((c[n - 2] == 0x6761 && c[n - 1] == 0x4F8B) ||   /* 条例 */
                   (c[n - 2] == 0x7EC6 && c[n - 1] == 0x5219) ||   /* 细则 */
                   (c[n - 2] == 0x529E && c[n - 1] == 0x6CD5)))    /* 办法 */
        return true;
    return false;
}

/* ---- The citizen's words (for echo and overlap) ---- */

static int cw_find(const sc_cwords *cw, const uint32_t *c, size_t n);

void sc_citizen_words(const cp_scorer *sc, const char *citizen, const cp_score_ctx *ctx,
                      sc_cwords *cw)
{
    cw->n = 0;
    cw->ncontent = 0;
    memset(cw->slot, 0, sizeof cw->slot);
    const char *src[1 + SC_MAX_HIST];
    size_t ns = 0;
    if (citizen && *citizen)
        src[ns++] = citizen;
    /* earlier citizen lines, newest first */
    for (size_t i = ctx ? ctx->nhistory : 0; i-- > 0 && ns < 1 + SC_MAX_HIST;) {
        const cp_line *l = &ctx->history[i];
        if (l->text && *l->text && l->who && strcmp(l->who, "citizen") == 0 &&
            cp_utf8_valid(l->text, strlen(l->text)))
            src[ns++] = l->text;
    }
    static _Thread_local uint32_t buf[SC_MAX_CHARS], oi[SC_MAX_CHARS];
    static _Thread_local uint16_t ws[SC_MAX_CHARS], we[SC_MAX_CHARS];
    for (size_t k = 0; k < ns; k++) {
        size_t total;
        size_t N = cp_norm_text(&sc->nm, src[k], strlen(src[k]), buf, oi, SC_MAX_CHARS, &total);
        size_t nw = sc_seg_words(sc->seg, buf, N, ws, we, SC_MAX_CHARS);
        for (size_t i = 0; i < nw; i++) {
            size_t len = (size_t)(we[i] - ws[i]);
            if (len == 0 || len > SC_CW_LEN || is_punct(buf[ws[i]]))
                continue;
            bool content = (len >= 2 || (buf[ws[i]] >= '0' && buf[ws[i]] <= '9')) &&
                           !(wc_of(sc->wclass, buf + ws[i], len) & WC_STOP);
            if (cw_find(cw, buf + ws[i], len) >= 0 || cw->n >= SC_MAX_CW)
                continue;   /* seen already */
            uint64_t h = wc_hash(buf + ws[i], len);
            size_t slot = (size_t)(h ^ (h >> 29)) & (SC_CW_SLOTS - 1);
            while (cw->slot[slot])
                slot = (slot + 1) & (SC_CW_SLOTS - 1);
            cw->slot[slot] = (uint16_t)(cw->n + 1);
            memcpy(cw->w[cw->n], buf + ws[i], len * sizeof(uint32_t));
            cw->len[cw->n] = (uint8_t)len;
            cw->content[cw->n] = content && k == 0;   /* overlap counts the line answered */
            cw->ncontent += content && k == 0;
            cw->n++;
        }
    }
}

static int cw_find(const sc_cwords *cw, const uint32_t *c, size_t n)
{
    if (!cw || cw->n == 0)
        return -1;
    uint64_t h = wc_hash(c, n);
    for (size_t slot = (size_t)(h ^ (h >> 29)) & (SC_CW_SLOTS - 1); cw->slot[slot];
         slot = (slot + 1) & (SC_CW_SLOTS - 1)) {
        size_t j = (size_t)cw->slot[slot] - 1;
        if (cw->len[j] == n && memcmp(cw->w[j], c, n * sizeof(uint32_t)) == 0)
            return (int)j;
    }
    return -1;
}

/* ---- Features ---- */

enum { SCOPE_R = 1, SCOPE_N = 2, SCOPE_Q = 4, SCOPE_H = 8, SCOPE_S = 16, SCOPE_E = 32 };

static size_t bucket(size_t v, const size_t *edges, size_t n)
{
    size_t b = 0;
    while (b < n && v > edges[b])
        b++;
    return b;
}

size_t sc_features(const cp_scorer *sc, const cp_score_ctx *ctx, const sc_work *w,
                   const sc_cwords *cw, const cp_result *rules, sc_feat *out, size_t cap,
                   uint32_t mask, uint32_t *acts_out)
{
    return sc_features_span(sc, ctx, w, cw, rules, 0, w->N, out, cap, mask, acts_out);
}

size_t sc_features_span(const cp_scorer *sc, const cp_score_ctx *ctx, const sc_work *w,
                        const sc_cwords *cw, const cp_result *rules, size_t us, size_t ue,
                        sc_feat *out, size_t cap, uint32_t mask, uint32_t *acts_out)
{
    uint32_t acts = 0;
    fx x = { out, 0, cap, mask };
    const size_t N = w->N;
    char name[160];
    emit_s(&x, "bias", 1, 0, 0);

    /* scope per sentence and clause */
    uint8_t sent_flags[SC_MAX_CLAUSES];
    uint8_t cl_flags[SC_MAX_CLAUSES];
    memset(sent_flags, 0, sizeof sent_flags);
    memset(cl_flags, 0, sizeof cl_flags);
    static _Thread_local uint8_t pos_scope[SC_MAX_CHARS];
    memset(pos_scope, 0, N);
    static _Thread_local uint32_t wcl[SC_MAX_CHARS];
    for (size_t i = 0; i < w->nw; i++) {
        size_t s = w->ws[i], len = (size_t)(w->we[i] - w->ws[i]);
        wcl[i] = (len == 0 || is_punct(w->n[s])) ? 0 : wc_of(sc->wclass, w->n + s, len);
    }
    for (size_t i = 0; i < w->nw; i++) {
        size_t s = w->ws[i];
        uint32_t k = wcl[i];
        if (!k)
            continue;
        size_t ci = w->cl[s];
        uint16_t sent = w->c[ci].sent;
        if (sent >= SC_MAX_CLAUSES)
            continue;
        if (k & (WC_NEG | WC_WARN)) {
            sent_flags[sent] |= SCOPE_R;
            cl_flags[ci] |= SCOPE_N;
        }
        if (k & WC_HYP) {
            cl_flags[ci] |= SCOPE_H;
            if (ci + 1 < w->nc && w->c[ci + 1].sent == sent)
                cl_flags[ci + 1] |= SCOPE_H;
        }
        /* reported speech: a third party, then 说 within the clause: the rest of the sentence */
        if (k & WC_SAY) {
            bool third = false;
            for (size_t j = i; j-- > 0 && w->cl[w->ws[j]] == ci;)
                if (wcl[j] & WC_RSUBJ) {
                    third = true;
                    break;
                }
            if (third)
                for (size_t q = w->we[i]; q < N && w->c[w->cl[q]].sent == sent; q++)
                    pos_scope[q] |= SCOPE_S;
        }
    }
    /* quotation marks */
    {
        bool inq = false;
        for (size_t k = 0; k < N; k++) {
            uint32_t c = w->n[k];
            if (c == 0x201C || c == 0x300C || c == 0x300E || (c == '"' && !inq)) {
                inq = true;
                continue;
            }
            if (c == 0x201D || c == 0x300D || c == 0x300F || (c == '"' && inq)) {
                inq = false;
                continue;
            }
            if (inq)
                pos_scope[k] |= SCOPE_S;
        }
    }
    for (size_t ci = 0; ci < w->nc; ci++)
        if (w->c[ci].question)
            cl_flags[ci] |= SCOPE_Q;

    /* words */
    static const char *const SP[] = { "wR:", "wN:", "wQ:", "wH:", "wS:", "wE:" };
    long prev = -1;
    size_t nwords = 0, nshared = 0, nyou = 0;
    uint8_t shared_seen[SC_MAX_CW];
    memset(shared_seen, 0, sizeof shared_seen);
    for (size_t i = 0; i < w->nw; i++) {
        size_t s = w->ws[i], e = w->we[i], len = e - s;
        if (len == 0 || s < us || s >= ue)
            continue;
        if (is_punct(w->n[s])) {
            prev = -1;
            continue;
        }
        nwords++;
        size_t ci = w->cl[s];
        uint16_t sent = w->c[ci].sent;
        uint8_t sc_f = (uint8_t)((sent < SC_MAX_CLAUSES ? sent_flags[sent] : 0) | cl_flags[ci] |
                                 pos_scope[s]);
        int echo = cw_find(cw, w->n + s, len);
        if (echo >= 0 && (len >= 2 || (w->n[s] >= '0' && w->n[s] <= '9'))) {
            sc_f |= SCOPE_E;
            if (cw->content[echo] && !shared_seen[echo]) {
                shared_seen[echo] = 1;
                nshared++;
            }
        }
        if (len >= 11 && w->n[s] >= '0' && w->n[s] <= '9') {
            prev = -1;   /* a full number: the hard rule's business, not the model's */
            continue;
        }
        uint32_t hw = fh_cps(FH_INIT, w->n + s, len);
        emit(&x, fh_str(hw, "w:"), 1, s, e);
        for (int k = 0; k < 6; k++)
            if (sc_f & (1 << k))
                emit(&x, fh_str(hw, SP[k]), 1, s, e);
        if (ci == 0)
            emit(&x, fh_str(hw, "w0:"), 1, s, e);
        if (prev >= 0) {
            size_t ps = w->ws[prev], pe = w->we[prev];
            uint32_t hb = fh_cps(fh_cps(FH_INIT, w->n + ps, pe - ps), w->n + s, len);
            emit(&x, fh_str(hb, "b:"), 1, ps, e);
        }
        prev = (long)i;
        if (len == 1 && w->n[s] == 0x60A8)   /* 您 */
            nyou++;
        (void)wcl;
        /* digits: short numbers (后四位, amounts) are features; a full ID, card or mobile number
         * is left to the hard rule, which knows whether the citizen said it first */
        if (w->n[s] >= '0' && w->n[s] <= '9') {
            size_t digits = 0;
            for (size_t k = s; k < e; k++)
                digits += w->n[k] >= '0' && w->n[k] <= '9';
            if (digits < 11) {
                const char *nm = digits >= 4 ? "num:4" : "num:s";
                emit(&x, fh_str(FH_INIT, nm), 1, s, e);
                if (echo >= 0)
                    emit(&x, fh_str(fh_str(FH_INIT, nm), "E"), 1, s, e);
            }
        }
    }
    /* character pairs inside clauses (typos, unknown words) */
    for (size_t k = us; k + 1 < ue; k++) {
        if (is_punct(w->n[k]) || is_punct(w->n[k + 1]) || w->n[k] < 0x2E80 || w->n[k + 1] < 0x2E80)
            continue;
        uint32_t hc = fh_cps(FH_INIT, w->n + k, 2);
        emit(&x, fh_str(hc, "c:"), 0.5f, k, k + 2);
    }

    /* acts per clause, in one pass over the words */
    enum { A_GREET_ = 1, A_APOL_ = 2, A_THANK_ = 4, A_CB = 8, A_CHAN = 16, A_TIME_ = 32,
           A_OPENQ_ = 64, A_CHECK_ = 128, A_ME = 256, A_YOU = 512, A_LAW_ = 1024, A_LIST = 2048,
           A_TITLE = 4096 };
    static _Thread_local uint16_t act[SC_MAX_CLAUSES];
    memset(act, 0, w->nc * sizeof *act);
    for (size_t i = 0; i < w->nw; i++) {
        size_t s = w->ws[i], len = (size_t)(w->we[i] - w->ws[i]);
        if (len == 0 || s < us || s >= ue)
            continue;
        size_t ci = w->cl[s];
        const sc_clause *c = &w->c[ci];
        uint32_t k = wcl[i], nk = i + 1 < w->nw ? wcl[i + 1] : 0;
        uint16_t a = 0;
        if (k & WC_GREET) a |= A_GREET_;
        if (k & WC_APOL) a |= A_APOL_;
        if (k & WC_THANK) a |= A_THANK_;
        if (k & WC_CALLBACK) a |= A_CB;
        if (k & WC_CHANNEL) a |= A_CHAN;
        if ((k & WC_TIME) || (w->n[s] >= '0' && w->n[s] <= '9' && (nk & WC_DATEUNIT)) ||
            clock_word(w->n + s, len))
            a |= A_TIME_;
        if (c->question && (k & WC_OPENQ)) a |= A_OPENQ_;
        if (c->question && (k & WC_CHECK)) a |= A_CHECK_;
        if ((k & WC_LAW) || law_name(w->n + s, len)) a |= A_LAW_;
        if ((k & WC_ME) && (nk & WC_DO)) a |= A_ME;
        if ((k & WC_YOU) && (nk & WC_DO2)) a |= A_YOU;
        if (w->n[s] == 0x7B2C) {   /* 第: 第十六条 / 第16条 is a citation; 第一, 第二 a list */
            bool tiao = false;
            for (size_t q = s; q < c->e && q < s + 8; q++)
                tiao |= w->n[q] == 0x6761;   /* 条 */
            a |= tiao ? A_LAW_ : A_LIST;
        }
        if (w->n[s] == 0x300A)   /* 《 */
            a |= A_TITLE;
        act[ci] |= a;
        bool negc = cl_flags[ci] & SCOPE_N;
        if ((k & WC_ESCALATE) && !negc)
            acts |= CP_ACT_ESCALATE;
        if (k & WC_REFUSE)
            acts |= CP_ACT_REFUSAL;
        if (k & WC_WARN)
            acts |= CP_ACT_WARNING;
    }
    bool any_check = false, any_time = false, any_me = false, any_you = false;
    size_t ncl = 0;
    for (size_t ci = 0; ci < w->nc; ci++) {
        const sc_clause *c = &w->c[ci];
        if (c->s < us || c->s >= ue)
            continue;
        ncl++;
        uint16_t a = act[ci];
        size_t s = c->s, e = c->e;
        bool neg = cl_flags[ci] & SCOPE_N;
#define ACT(flag, nm) if (flag) emit_s(&x, nm, 1, s, e)
        ACT(a & A_GREET_, "act:greet");
        ACT(a & A_APOL_, "act:apology");
        ACT(a & A_THANK_, "act:thanks");
        ACT(a & A_CB, "act:callback");
        ACT((a & A_CHAN) && !neg, "act:channel");
        ACT((a & A_CHAN) && neg, "act:channel_neg");
        ACT(a & A_TIME_, "act:time");
        ACT(a & A_OPENQ_, "act:q_open");
        ACT(c->question && !(a & (A_OPENQ_ | A_CHECK_)), "act:q_closed");
        ACT(a & A_CHECK_, "act:checkback");
        ACT(a & A_ME, "act:clerk_step");
        ACT(a & A_YOU, "act:instruct");
        ACT(a & (A_LAW_ | A_TITLE), "act:cite");
        ACT((a & A_LIST) && !(a & A_LAW_), "act:list");
        ACT(ci == 0 && (a & (A_GREET_ | A_APOL_ | A_THANK_)), "act:open_soft");
#undef ACT
        if (a & A_GREET_) acts |= CP_ACT_GREET;
        if (a & A_APOL_) acts |= CP_ACT_APOLOGY;
        if (a & A_THANK_) acts |= CP_ACT_THANKS;
        if (a & A_CB) acts |= CP_ACT_CALLBACK;
        if ((a & A_CHAN) && !neg) acts |= CP_ACT_CHANNEL;
        if (a & A_TIME_) acts |= CP_ACT_TIME;
        if (a & A_OPENQ_) acts |= CP_ACT_OPEN_QUESTION;
        if (c->question && !(a & (A_OPENQ_ | A_CHECK_))) acts |= CP_ACT_CLOSED_QUESTION;
        if (a & A_CHECK_) acts |= CP_ACT_CHECKBACK;
        if (a & A_ME) acts |= CP_ACT_CLERK_STEP;
        if (a & A_YOU) acts |= CP_ACT_INSTRUCT;
        if (a & (A_LAW_ | A_TITLE)) acts |= CP_ACT_CITE;
        if ((a & A_LIST) && !(a & A_LAW_)) acts |= CP_ACT_LIST;
        any_check |= (a & A_CHECK_) != 0;
        any_time |= (a & A_TIME_) != 0;
        any_me |= (a & A_ME) != 0;
        any_you |= (a & A_YOU) != 0;
    }
    if (any_time && (any_me || any_you))
        emit_s(&x, "act:plan_timed", 1, 0, 0);
    if (any_me && any_time)
        emit_s(&x, "act:clerk_timed", 1, 0, 0);

    /* overlap with the citizen's line */
    {
        static const size_t OV[] = { 0, 1, 2, 4 };
        snprintf(name, sizeof name, "ov:%zu", bucket(nshared, OV, 4));
        emit_s(&x, name, 1, 0, 0);
        if (cw && cw->ncontent > 0)
            emit_s(&x, "ovr", (float)nshared / (float)cw->ncontent, 0, 0);
        if (nshared >= 2 && any_check)
            emit_s(&x, "ov:check", 1, 0, 0);
        if (nshared >= 2 && (any_check || nshared >= 3))
            acts |= CP_ACT_PARAPHRASE;
        if (nshared >= 1 && any_check)
            emit_s(&x, "ov1:check", 1, 0, 0);
    }
    /* shape */
    {
        static const size_t LEN[] = { 6, 12, 25, 50, 100, 180 };
        snprintf(name, sizeof name, "len:%zu", bucket(ue - us, LEN, 6));
        emit_s(&x, name, 1, 0, 0);
        static const size_t NC[] = { 1, 2, 4, 8 };
        snprintf(name, sizeof name, "ncl:%zu", bucket(ncl, NC, 4));
        emit_s(&x, name, 1, 0, 0);
        if (nyou)
            emit_s(&x, "you", 1, 0, 0);
        if (nwords == 0)
            emit_s(&x, "empty", 1, 0, 0);
        /* the longest run without a pause, for elderly personas */
        size_t run = 0, best = 0;
        for (size_t k = us; k < ue; k++) {
            if (is_punct(w->n[k]) && w->n[k] != ' ')
                run = 0;
            else if (++run > best)
                best = run;
        }
        if (ctx && ctx->age >= 60) {
            emit_s(&x, "age60", 1, 0, 0);
            static const size_t RUN[] = { 12, 20, 28, 40 };
            snprintf(name, sizeof name, "age60run:%zu", bucket(best, RUN, 4));
            emit_s(&x, name, 1, 0, 0);
        }
        if (ctx && ctx->identity_required)
            emit_s(&x, "identity_node", 1, 0, 0);
    }
    /* where: the node and the scenario (their base rates) */
    if (ctx && ctx->scenario) {
        uint32_t h = fh_str(fh_str(FH_INIT, "scen:"), ctx->scenario);
        emit(&x, h, 1, 0, 0);
        if (ctx->node)
            emit(&x, fh_str(fh_str(h, "."), ctx->node), 1, 0, 0);
    }
    /* the rule layer: each criterion's verdict and each cue that fired, with its scope */
    for (size_t i = 0; rules && i < rules->n; i++) {
        snprintf(name, sizeof name, "r:%s:%d", rules->crit[i].id, rules->crit[i].met ? 1 : 0);
        const cp_crit_result *cr = &rules->crit[i];
        size_t s = cr->nev ? cr->ev[0].start : 0, e = cr->nev ? cr->ev[0].end : 0;
        (void)s;
        (void)e;
        emit_s(&x, name, 1, 0, 0);
    }
    for (size_t k = 0; k < w->nm; k++) {
        const sc_match *m = &w->m[k];
        const sc_pat *p = &sc->pat[m->pat];
        if (p->crit < 0 || m->s < us || m->s >= ue)
            continue;
        uint32_t h = fh_str(FH_INIT, m->valid ? "cue:" : "cueX:");
        h = fh_str(h, sc->crit[p->crit].id);
        h = fh_str(h, p->role == 0 ? "+" : p->role == 1 ? "-" : p->role == 2 ? "x" : p->role == 3 ? "1" : p->role == 4 ? "2" : "3");
        h = fh_str(h, p->text ? p->text : "");
        emit(&x, h, 1, m->s, m->e);
        if (!m->valid)
            continue;
        size_t ci = w->cl[m->s];
        uint16_t sent = w->c[ci].sent;
        uint8_t sf = (uint8_t)((sent < SC_MAX_CLAUSES ? sent_flags[sent] : 0) | cl_flags[ci] | pos_scope[m->s]);
        if (cw_find(cw, w->n + m->s, (size_t)(m->e - m->s)) >= 0)
            sf |= SCOPE_E;
        for (int b = 0; b < 6; b++)
            if (sf & (1 << b))
                emit(&x, fh_str(h, SP[b]), 1, m->s, m->e);
    }
    if (acts_out)
        *acts_out = acts;
    return x.n;
}
