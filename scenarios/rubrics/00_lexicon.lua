-- Rubric files: the scorer's data, editable by trainers (loaded once, sorted by file name; the
-- criteria appear in results in file order). Each file returns rubric { id = ..., criteria = {
-- criterion { ... }, ... } }. Every criterion cites the training material it comes from (source).
--
-- criterion fields:
--   id, name, source (seed section), desc (the definition), max (default 1)
--   kind     need    met when a cue (or a good exemplar) is present
--            avoid   met unless a violation (or a bad exemplar) is present
--            both    needs a cue and no violation (courtesy)
--            listen  need + open questions: `questions` (question words) in a clause without a
--                    `rhetorical` marker; a clause without ? or 吗/呢 must address the person
--            order   the first opening move (criteria in `opening`) comes before the first
--                    content move (criteria in `content`, plus this criterion's `cues`)
--            privacy avoid + full ID/card/mobile numbers; with a scenario's identity flag, an
--                    `identity` check before `personal` details given with a value
--            plain   avoid + `jargon` (and `jargon_elderly` for personas aged 60+) without an
--                    `explain` marker in the same or next sentence + clauses longer than
--                    `long_clause` characters for personas aged 60+
--   cues, violations, except   cue lists (except cancels an overlapping cue or violation)
--   good, bad                  exemplar replies, compared clause by clause by character pairs
--                              (teach the scorer by adding examples; `threshold` tunes it)
--   missing, violated, model   the note: what was missing / what went wrong, and a model phrase
--   sarcasm  "cancel" (sarcasm cancels the cues) or "violate" (sarcasm is a violation)
--
-- Shared lexicon for every criterion: negation and sarcasm.
-- Source: 001 §二 (倾听与提问: 非评判性倾听, 复述确认) and 002 Q1 (共情式语言): a cue only counts
-- when it is not negated (我不理解 is not 我理解, but 我不是不理解 is), and sarcasm is not empathy.
-- Cue syntax (all rubric files): plain text matches after normalisation (Traditional -> Simplified,
-- full-width -> half-width, case). '*' = a gap of up to 10 characters in the same clause,
-- '…' = a gap anywhere in the same sentence. Leading '!' = do not check negation,
-- '?' = only in a question, '~' = not in a question, '^' = only at the start of a clause,
-- '>' = the match reaches to the end of its clause (used in except: >不能保证 covers 不能保证一定能批).
return rubric {
  id = "lexicon",
  source = "001 §二; 002 Q1",
  threshold = 0.62,   -- exemplar similarity (Dice on character pairs) needed to count
  -- A negator negates a cue when only "pass" characters stand between them (see scorer.c).
  negators = { "不", "没", "别", "未", "无", "非", "甭", "莫", "勿", "否" },
  -- Characters negation reaches through (不是不理解, 不太能理解, 没法理解); any other character stops it.
  negation_passes = { "是", "太", "很", "能", "会", "可", "要", "用", "必", "大", "怎", "么", "够", "得",
    "再", "想", "敢", "肯", "愿", "意", "应", "该", "都", "也", "还", "就", "一", "定", "好", "算", "有",
    "法", "办", "让", "给", "我", "您", "你", "们", "并", "曾", "十", "分", "真", "那" },
  -- Words that merely contain a negator character.
  not_negators = {
    "非常", "不好意思", "对不起", "不过", "无论", "不管", "不少", "别的", "别人", "别处",
    "未来", "不仅", "不断", "不久", "不同", "不便", "不容易", "不难", "不错", "无数",
    "不得不", "没关系", "不客气", "差不多", "无误", "不然", "要不", "不如", "无偿",
    "了不起", "不满", "不愉快", "不舒服", "不方便", "不清楚", "不明白", "非得", "无需",
    "不必担心", "不用担心", "别担心", "别着急", "不着急", "别急", "不要着急", "不要急",
    "没事", "无奈", "不一样", "不懂", "不够", "不全", "不齐", "不对", "不好", "特别", "区别", "分别", "级别", "个别", "类别", "差别",
    "识别", "辨别", "鉴别", "性别", "告别", "无限", "非法", "无效", "未成年", "未满", "无关",
  },
  sarcasm = {
    "呵呵", "可真行", "你真行", "您真行", "真厉害啊", "服了你", "真是服了", "我服了",
    "你开心就好", "随便你", "真有你的", "好吧好吧", "行行行", "是是是", "对对对",
    "您可真会", "你可真会", "真是太好了呢", "厉害了",
  },
  notice = {
    name = "一次性告知",
    model = "您还需要补这几样：……（分别去哪里开），在……之前交来，一次就能办好。",
  },
}
