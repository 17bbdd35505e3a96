-- unemployment_benefit.lua - a laid-off factory worker with little schooling asks whether he can
-- draw unemployment benefit. Trains the opposite of the material's anti-example (reading the
-- legal article aloud until the person walks out): simple questions first, the three conditions
-- in everyday words, no promise of the result, a one-time notice, and the review channel.
-- Sources: 001 三 语言表达（术语通俗化、分类指导；反面案例：逐条宣读法律条文）, 001 二 开放式提问,
-- 002 沟通技巧暖人心, FACTS 失业保险金条件.
--
-- Graph (main path): opening -> situation -> conditions -> doubt -> notice -> closing
--   Going straight to the rules skips his story: opening -> conditions.
-- Side nodes: lost (after legalese he is ashamed; one recovery), flare (after blame; one
-- recovery, back where it happened).
-- Endings: resolved (5, at most one slip), satisfied (4), partial (3), walked_away (2),
-- complaint (1).
--
-- The citizen listens: every `say` answers the reply just given (state.last), never quotes
-- words the clerk did not say, and varies on a revisit.

-- ---- Helpers (pure functions of their arguments) ----

local NONE = { text = "", met = {}, missed = {}, acts = {}, named = {} }

local function last(state) return state.last or NONE end

local function has_any(s, words)
  for _, w in ipairs(words) do
    if string.find(s, w, 1, true) then return true end
  end
  return false
end

local function said(state, words) return has_any(last(state).text or "", words) end
local function act(state, name) return (last(state).acts or {})[name] == true end

-- Weak replies on the main path are remembered as flags slip_<node>; the top rating allows one.
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- The three conditions, as the check hears them: the four groups of unemp.conditions.
local CONDITIONS = {
  { words = { "一年", "1年", "满一年" }, short = "交满一年" },
  { words = { "不是您自己", "不是自己", "非本人", "厂子关", "单位关", "被辞" }, short = "不是自己要走的" },
  { words = { "登记" }, short = "要登记" },
  { words = { "找工作", "找活", "求职" }, short = "还想找活干" },
}

-- Words he cannot follow; he asks about the first one the clerk actually used.
local JARGON = { "非因本人意愿", "中断就业", "求职要求", "相关法规", "之规定", "予以", "方可", "申领",
                 "失业保险金", "缴费" }

-- The one-time notice at `notice`: what a reply covers (each item named, with where to get it
-- when that matters, and the deadline). Remembered as flags had_1..had_3 and had_deadline, so
-- that a second try only has to add what is still missing.
local ITEMS = {
  { label = "身份证", short = "身份证" },
  { label = "解除或终止劳动合同的证明", short = "厂里开的证明", where = { "厂里", "原单位", "老板", "单位" } },
  { label = "失业登记", short = "失业登记", where = { "社区", "街道", "窗口", "这儿" }, also = { "登记" } },
}

local function covered(reply, i)
  local it = ITEMS[i]
  local t = reply.text or ""
  if not ((reply.named or {})[it.label] or (it.also and has_any(t, it.also))) then return false end
  return not it.where or has_any(t, it.where)
end

local function cover_mask(reply)
  local m = 0
  for i = 1, #ITEMS do
    if covered(reply, i) then m = m + (1 << (i - 1)) end
  end
  if reply.deadline then m = m + (1 << #ITEMS) end
  return m
end

local function remember(node)
  local out = {}
  for m = 0, (1 << (#ITEMS + 1)) - 1 do
    local set = { "slip_" .. node }
    for i = 1, #ITEMS do
      if m & (1 << (i - 1)) ~= 0 then set[#set + 1] = "had_" .. i end
    end
    if m & (1 << #ITEMS) ~= 0 then set[#set + 1] = "had_deadline" end
    out[#out + 1] = { when = function(reply) return cover_mask(reply) == m end, go = node, set = set }
  end
  return out
end

local function all_covered(reply, state)
  for i = 1, #ITEMS do
    if not (covered(reply, i) or state.flags["had_" .. i]) then return false end
  end
  return reply.deadline or state.flags.had_deadline
end

local function concat(a, b)
  local out = {}
  for _, x in ipairs(a) do out[#out + 1] = x end
  for _, x in ipairs(b) do out[#out + 1] = x end
  return out
end

-- Answers an offer made while calming him down (a supervisor), or the apology.
local function after_flare(state)
  if act(state, "escalate") or said(state, { "科长", "领导", "主任", "值班长" }) then
    return "领导就不用叫了，你好好跟我说就行。"
  end
  if act(state, "apology") then return "行，你这么说，我心里舒坦点了。" end
  return "那……行吧。"
end

local function back(flag, go)
  return { when = { met = { "empathy.acknowledge" }, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
end

return scenario {
  id = "unemployment_benefit",
  title = "厂子倒了，能领失业金吗",
  summary = "马大勇在纸箱厂干了六年，厂子关门了。他只念过小学，听说能领失业金，又怕听不懂。"
         .. "练习：先问简单的问题，用大白话讲三个条件，不念条文、不打包票，一次说清要带什么。",
  sources = { "001 三 术语通俗化与分类指导（反面案例：逐条宣读法律条文）", "001 二 开放式提问",
              "002 沟通技巧暖人心", "FACTS 失业保险金条件" },
  difficulty = 1,
  notes = "“六年”“纸箱厂”为示例。失业登记和申领的地点（社区、街道或经办窗口、网上）、所需材料"
       .. "和“60天内”的期限因地而异，以当地规定为准。能否领取、领多少、领多久以审核为准。",
  brief = {
    who = "马大勇，48岁，纸箱厂工人，小学文化。厂子上个月关门，他第一次来问失业金",
    brought = { "什么都没带，先来问问" },
    system = { "还没查：他没带身份证，缴费情况要等他带证件来再查" },
    rules = {
      "领失业保险金三个条件：失业前单位和本人交失业保险满一年；不是本人意愿中断就业（厂子关门、被辞退都算）；"
        .. "办了失业登记，并且还想找工作",
      "申领带：本人身份证；原单位开的解除或终止劳动合同的证明（找原来厂里或老板开）；失业登记（在社区、街道或本窗口办）",
      "期限（示例）：离厂之日起60天内来办",
      "能不能领、每月领多少、领多久，以审核结果为准，不能当场承诺",
      "对审核结果有意见：可以申请复核，或打12333问；对决定不服，60天内可以申请行政复议",
    },
    facts = { "他念书少，怕听不懂条文" },
  },
  top = "全程最多一处不到位：先让他放松、请他说说情况并复述确认；用大白话数清三个条件，不念条文；"
     .. "不打包票说能领、领多少；一次说全三样东西、去哪儿弄和60天期限；告诉他不服可以申请复核。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy", "clarity.plain_language" },
  persona = {
    name = "马大勇", age = 48, gender = "male",
    role = "纸箱厂下岗工人，小学文化，来问失业保险金",
    anger = 30, trust = 35,
    -- Shy, not angry: he is ashamed of not understanding. Legalese makes him shrink and leave;
    -- plain words and patience earn his trust quickly.
    reacts = {
      ["lur.listen"]              = { met = { anger = -3, trust = 4 } },
      ["lur.understand"]          = { met = { anger = -4, trust = 6 } },
      ["lur.respond"]             = { met = { trust = 5 }, missed = { trust = -3 } },
      ["lur.order"]               = { met = { trust = 2 }, missed = { anger = 3, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -5, trust = 5 }, missed = { anger = 2 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 6, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 2 }, missed = { trust = -10 } },
      ["compliance.channel"]      = { met = { trust = 4 } },
      ["clarity.plain_language"]  = { met = { trust = 4 }, missed = { anger = 8, trust = -12 } },
      ["clarity.one_time_notice"] = { met = { anger = -6, trust = 8 }, missed = { anger = 6, trust = -8 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He hesitates at the window. Put him at ease; invite him to talk.
    opening = node {
      expression = "confused",
      say = "那个……同志，我们厂子关门了。听人说能领啥失业金，我也不太懂，你能给说说不？",
      hint = "他有点不好意思开口。先让他放松，认可他的难处，再请他说说自己的情况。",
      model = "大哥您好，厂子关门，这段日子不好过吧，辛苦您了。您慢慢说："
           .. "您在厂里干了多久？是怎么不干的？",
      choices = {
        "大哥您好，厂子关门，这段日子不好过吧，辛苦您了。您慢慢说，在厂里干了多久？是怎么不干的？",
        "失业保险金需要符合条件才能领取，请问您有什么材料？",
        "不懂就先回去看看告示，都写着呢，你自己看。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_opening = true } },
        { when = { met = { "lur.listen", "empathy.acknowledge" }, anger_below = 35 }, go = "situation",
          set = { "listened" } },
        { when = { met = { "lur.listen" } }, go = "situation", set = { "slip_opening" } },
        -- Straight to the rules: he never tells his story.
        { go = "conditions", set = { "rushed", "slip_opening" } },
      },
    },

    -- 2. His story. Paraphrase simply; invite him to say more.
    situation = node {
      expression = "sad",
      say = function(state)
        local l = last(state)
        if l.node == "flare" and state.visits >= 2 then
          return after_flare(state) .. "我再说一遍：我在纸箱厂干了六年，厂子上个月关了，我没活干了。"
        elseif l.node == "flare" then
          return after_flare(state) .. "我在纸箱厂干了六年，上个月厂子关了，我没活干了。"
              .. "我念书少，那些条条框框看不明白。"
        end
        if state.visits >= 2 then
          local pre = ""
          if said(state, { "社保", "交过", "交了" }) then pre = "社保厂里一直给交着。" end
          return pre .. "我说得乱，你听懂没？就是厂子没了，我没活干了。"
        end
        return "我在纸箱厂干了六年。上个月老板说撑不下去了，厂子关了，大伙都散了。"
            .. "我念书少，那些条条框框我看不明白。"
      end,
      criteria = { "lur.understand", "lur.listen", "empathy.acknowledge", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "用一句话复述他的情况（干了六年、厂子关了、不是自己要走的），问“对吗？”；"
          .. "再请他接着说，比如厂里交社保的情况。别让他觉得念书少丢人。",
      model = "您是说，在厂里干了六年，厂子关了，您不是自己要走的，对吗？"
           .. "这事搁谁身上都不容易。不懂没关系，我一样一样跟您说。厂里给您交社保的情况，您再跟我说说？",
      choices = {
        "您是说，在厂里干了六年，厂子关了，不是您自己要走的，对吗？搁谁都不容易。厂里给您交社保的情况，您再跟我说说？",
        "明白了，您属于单位关闭导致的失业。",
        "看不明白就多看几遍，你自己看，告示上写得很清楚。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_situation = true } },
        { when = { met = { "lur.understand" } }, go = "conditions", set = { "confirmed" } },
        { when = { visits_at_least = 2 }, go = "conditions" },
        { go = "situation", set = { "slip_situation" } },
      },
    },

    -- 3. The three conditions in everyday words. The anti-example (reading the article) loses him.
    conditions = node {
      expression = "confused",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "那你就简单说说，领失业金要啥条件？"
        end
        if state.visits >= 2 then
          local got = {}
          for _, c in ipairs(CONDITIONS) do
            if said(state, c.words) then got[#got + 1] = c.short end
          end
          if #got > 0 then
            return table.concat(got, "、") .. "，这我听懂了。还有别的没？我到底够不够格？"
          end
          return "你再说一遍呗，说简单点。我到底够不够格？"
        end
        local pre = ""
        if said(state, { "社保", "交过", "交了" }) then
          pre = "交了，厂里一直给交着呢。"
        elseif said(state, { "材料" }) then
          pre = "材料？我啥也没带……"
        elseif state.flags.confirmed then
          pre = "对，就是这么回事。"
        end
        return pre .. "那我到底能不能领？要啥条件？你说简单点，我怕听不懂。"
      end,
      criteria = { "clarity.plain_language", "empathy.no_blame", "empathy.courtesy", "unemp.conditions" },
      checks = {
        { id = "unemp.conditions", name = "讲清三个条件",
          all = { { "一年", "1年", "满一年" },
                  { "不是您自己", "不是自己", "非本人", "厂子关", "单位关", "被辞" },
                  { "登记" }, { "找工作", "找活", "求职" } },
          note = "用大白话讲三个条件：交满一年；不是自己要走的；登记失业、愿意找工作。" },
      },
      reacts = { ["unemp.conditions"] = { met = { anger = -5, trust = 8 } } },
      hint = "别念条文。数着说三条：一，交满一年；二，不是自己要走的；三，来登记失业，还想找工作。"
          .. "每条一句话，说完问他哪条不明白。",
      model = "就三条，您听我数着说。第一，社保交满一年。第二，不是您自己要走的，厂子关了就算。"
           .. "第三，来登记失业，还想接着找工作。您哪条没听明白，我再说。",
      choices = {
        "就三条，您听我数着说。一，社保交满一年。二，不是您自己要走的，厂子关了就算。三，来登记失业，还想找工作。哪条不明白我再说。",
        "要交满一年、不是自己辞职、还要登记失业，符合就能申请。",
        "根据相关法规之规定，失业人员须同时具备下列条件方可予以申领。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_conditions = true } },
        { when = { missed = { "clarity.plain_language" } }, go = "lost", set = { "legalese" } },
        { when = { met = { "unemp.conditions" } }, go = "doubt", set = { "explained" } },
        { when = { visits_at_least = 2 }, go = "doubt" },
        { go = "conditions", set = { "slip_conditions" } },
      },
    },

    -- 3b. After legalese he shrinks. Apologise, say it again in plain words.
    lost = node {
      expression = "sad",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "可你刚才说的那些，我还是一句没懂。"
        end
        local word
        for _, w in ipairs(JARGON) do
          if said(state, { w }) then word = w; break end
        end
        if state.visits >= 2 then
          if word then
            return "“" .. word .. "”又是啥？我还是听不懂……要不我回去问问别人吧。"
          end
          return "我还是听不懂……要不我回去问问别人吧。"
        end
        if word then
          return "……“" .. word .. "”是啥意思？你说的这些，我一句都没听懂。算了，我文化低，不给你添麻烦了。"
        end
        return "……你说的这些，我一句都没听懂。算了，我文化低，不给你添麻烦了。"
      end,
      criteria = { "empathy.acknowledge", "clarity.plain_language", "empathy.no_blame",
                   "empathy.courtesy", "unemp.conditions" },
      checks = {
        { id = "unemp.conditions", name = "讲清三个条件",
          all = { { "一年", "1年", "满一年" },
                  { "不是您自己", "不是自己", "非本人", "厂子关", "单位关", "被辞" },
                  { "登记" }, { "找工作", "找活", "求职" } },
          note = "用大白话讲三个条件：交满一年；不是自己要走的；登记失业、愿意找工作。" },
      },
      hint = "是你没说明白，不是他的问题。道个歉，换成大白话，一条一句话重新说。",
      model = "不好意思，是我说得太绕了，不怪您。我换个说法：一，社保交满一年；二，不是您自己要走的；"
           .. "三，来登记失业，还想找工作。就这三条。",
      choices = {
        "不好意思，是我说得太绕了，不怪您。换个说法：一，社保交满一年；二，不是您自己要走的；三，来登记失业，还想找工作。",
        "条件就是刚才说的那些，您回去慢慢看。",
        "这都听不懂？那我也没办法了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_lost = true } },
        { when = { met = { "unemp.conditions", "clarity.plain_language" } }, go = "doubt",
          set = { "explained" } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
        { go = "lost" },
      },
    },

    -- 4. "So I'll surely get it?" No promise; tell him honestly what decides it.
    doubt = node {
      expression = "anxious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "我就想问一句：到底能不能领？家里就指着这个了。"
        end
        if state.visits >= 2 then
          return "你说的我都听着呢。我还是那句话：这钱到底能不能领到手？"
              .. "一个月大概多少？厂子一关，家里一分进项都没了。"
        end
        if state.flags.explained then
          return "厂里社保一直交着，我又不是自己要走的。这么说，我三条都占了？"
              .. "那是不是肯定能领？一个月能领多少？家里就指着这个了。"
        end
        return "你说了半天，我也不知道自己够不够。厂里社保一直交着……那到底能不能领？"
            .. "一个月能领多少？家里就指着这个了。"
      end,
      criteria = { "compliance.no_promise", "empathy.acknowledge", "lur.respond",
                   "clarity.plain_language", "empathy.courtesy" },
      hint = "听着是符合的，但能不能领、领多少要审核定，不能打包票。认可他家里的难处，"
          .. "告诉他下一步怎么办。",
      model = "家里指着这笔钱，您着急我理解。听您说的，三条是对得上的。"
           .. "不过能不能领、领多少，要按规定审核，我不能打包票。我先帮您把手续办上。",
      choices = {
        "家里指着这笔钱，您着急我理解。听着三条是对得上的，不过能领多少要审核，我不能打包票。我先帮您把手续办上。",
        "能不能领要按规定审核，我现在不能打包票。",
        "肯定能领，一分不少。别问那么多了，等着吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_doubt = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "notice", set = { "promised" } },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "notice" },
        { go = "notice", set = { "slip_doubt" } },
      },
    },

    -- 5. What to bring: one-time complete notice.
    notice = node {
      expression = "calm",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "那你一样一样说：带啥、上哪儿弄、啥时候之前来？我拿笔记着。"
        end
        if state.visits >= 2 then
          local got = {}
          for i, it in ipairs(ITEMS) do
            if state.flags["had_" .. i] then got[#got + 1] = it.short end
          end
          local when = state.flags.had_deadline and "" or "啥时候之前来？"
          -- an item he heard named without where to get it: ask for that place
          for i, it in ipairs(ITEMS) do
            if not state.flags["had_" .. i] and (l.named or {})[it.label] and it.where then
              local ask = i == 2 and "那个证明上哪儿开？" or "登记上哪儿办？"
              return (#got > 0 and table.concat(got, "、") .. "我记下了。" or "") .. ask
                  .. "还有别的没？" .. when
            end
          end
          if not state.flags.had_2 and said(state, { "证明" }) and not (l.named or {})[ITEMS[2].label] then
            return (#got > 0 and table.concat(got, "、") .. "我记下了。" or "")
                .. "厂里开的是啥证明？上哪儿开？还有别的没？" .. when
          end
          if #got == 0 then
            return "你慢点说，我没记住。到底几样？上哪儿弄？啥时候之前来？"
          end
          if #got == #ITEMS then
            return table.concat(got, "、") .. "我都记下了。" .. (when ~= "" and when or "还有别的没？")
          end
          return table.concat(got, "、") .. "我记下了。还有啥？上哪儿弄？" .. when
        end
        local pre = ""
        if state.flags.promised and said(state, { "肯定", "保证", "一定" }) then
          pre = "你说准能领，那我就放心了。"
        elseif act(state, "clerk_step") and said(state, { "帮您", "给您办", "替您", "我来办" }) then
          pre = "哎，那麻烦你了。"
        end
        return pre .. "那我得带啥来？上哪儿弄？你一样一样说，我拿笔记着，别让我白跑。"
      end,
      criteria = { "clarity.one_time_notice", "lur.respond", "clarity.plain_language",
                   "empathy.no_blame", "empathy.courtesy" },
      notice = {
        items = {
          { label = "身份证", match = { "身份证" }, where = {} },
          { label = "解除或终止劳动合同的证明", match = { "解除", "终止", "离职证明" },
            where = { "厂里", "原单位", "老板", "单位" } },
          { label = "失业登记", match = { "失业登记", "登记失业" }, where = { "社区", "街道", "窗口", "这儿" } },
        },
        deadline = { "60天内", "六十天内", "两个月内" },
      },
      hint = "一次性告知：身份证；厂里开的解除劳动合同证明（找原单位或老板开）；失业登记（在哪儿办）。"
          .. "再说期限。一样一句，让他记。",
      model = "您记一下，一共三样。一，您的身份证。二，厂里开的解除劳动合同证明，找原来的老板开。"
           .. "三，失业登记，就在我们窗口办。60天内来办，越早越好。",
      choices = {
        "您记一下，一共三样。一，身份证。二，解除劳动合同的证明，找原来厂里开。三，失业登记，就在我们窗口办。60天内来，越早越好。",
        "带身份证和厂里开的证明来就行。",
        "材料清单门口贴着，你自己抄一下。",
      },
      next = (function()
        local t = {
          { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
            set = { back_notice = true } },
          { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { "noticed" } },
          -- Second try: enough if, with what was said the first time, everything is covered.
          { when = function(reply, state) return state.visits >= 2 and all_covered(reply, state) end,
            go = "closing", set = { "noticed" } },
          { when = { visits_at_least = 2 }, go = "closing" },
        }
        return concat(t, remember("notice"))
      end)(),
    },

    -- 6. What if it is refused? The review channel, in plain words.
    closing = node {
      expression = "calm",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "最后问一句：要是审下来不给我，我找谁去？"
        end
        if state.flags.noticed and state.trust >= 60 then
          return "三样东西、啥时候之前来，我都记本子上了。那万一……审下来说我不行，我咋办？还能找谁说理去？"
        end
        if state.flags.noticed then
          return "行，记下了。那要是审下来不给我，我找谁去？"
        end
        return "我也没记全，回去再问问吧……那要是审下来不给我，我找谁去？"
      end,
      criteria = { "compliance.channel", "lur.respond", "clarity.plain_language", "empathy.courtesy",
                   "empathy.no_blame" },
      hint = "告诉他：结果不满意可以申请复核，或打12333问；也可以在“好差评”上评价。说一句鼓励的话。",
      model = "要是结果您不认，可以申请复核，就是请我们再仔细查一遍。也可以打12333问。"
           .. "您有啥不明白的，随时来窗口找我。今天辛苦您了。",
      choices = {
        "要是结果您不认，可以申请复核，就是请我们再仔细查一遍。也可以打12333问。有啥不明白，随时来找我。今天辛苦您了。",
        "结果出来会通知您，不满意可以申请复核。",
        "不行就是不行，找谁都没用。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        -- The top rating: no promise, no legalese, no blow-up, at most one weak reply on the way.
        { when = function(reply, state)
            return reply.met["compliance.channel"] and state.trust >= 65 and state.anger < 20
               and state.flags.noticed and not state.flags.promised and not state.flags.legalese
               and not state.flags.recovered and slips(state) <= 1
          end, go = "resolved" },
        { when = function(reply, state)
            return (reply.met["compliance.channel"] or reply.met["lur.respond"]) and state.trust >= 50
               and state.flags.noticed and slips(state) <= 2
          end, go = "satisfied" },
        { go = "partial" },
      },
    },

    -- Side node: he feels looked down on. One chance; then a complaint.
    flare = node {
      expression = "angry",
      say = function(state)
        if state.visits >= 2 then
          return "又这样！行，看不起人是吧？我去找你们领导！"
        end
        if said(state, { "看", "告示", "贴着", "写着" }) then
          return "我要是看得懂，还用来问你？你也不能这么说话啊！我又不是来要饭的！"
        end
        if state.flags.back_opening then
          return "我是不太懂，可你也不能这么说话啊！我又不是来要饭的！"
        end
        return "我是念书少，可你也不能这么说话啊！我又不是来要饭的！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "empathy.no_blame", "empathy.courtesy",
                   "clarity.plain_language" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -20, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "马上道歉，承认是你说话不妥；告诉他这是他应有的权利，接着给他讲。",
      model = "对不起，大哥，是我刚才说话不妥。领失业金是您的权利，不丢人。"
           .. "您别走，我一样一样给您讲明白。",
      choices = {
        "对不起，大哥，是我刚才说话不妥。领失业金是您的权利，不丢人。您别走，我一样一样给您讲明白。",
        "我不是那个意思，您别多想。",
        "你爱找谁找谁，我说的没错。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        back("back_opening", "situation"),
        back("back_situation", "situation"),
        back("back_conditions", "conditions"),
        back("back_lost", "lost"),
        back("back_doubt", "doubt"),
        back("back_notice", "notice"),
        { when = { met = { "empathy.acknowledge" } }, go = "closing", set = { recovered = true } },
        { go = "complaint" },
      },
    },
  },

  endings = {
    resolved = ending {
      title = "心里有底", outcome = "resolved", rating = 5, expression = "happy",
      explain = "你先听他说完，用大白话讲清三个条件，不打包票，一次说全要带的东西和期限，"
             .. "还告诉他不服可以复核：他听懂了，也没觉得丢人。",
      say = "哎，你这么一说我全明白了。三样东西我回去就弄。谢谢你啊，没嫌我笨。",
    },
    satisfied = ending {
      title = "明白了", outcome = "resolved", rating = 4, expression = "relieved",
      explain = "他弄明白了要怎么办；但有一两处不到位（没听他说完、要他再问一遍），或者讲过官话、"
             .. "打过包票、吵过一次，所以是“满意”，不是“非常满意”。",
      say = "行，明白了。东西我回去准备，过两天就来。",
    },
    partial = ending {
      title = "半懂不懂", outcome = "partial", rating = 3, expression = "confused",
      explain = "他只记下了一部分，或者一路上多处没讲到他心里，他还是没底，得回家找人再帮他看。",
      say = function(state)
        if state.flags.noticed then
          return "东西我是记下了，可心里还是没底。回去让我闺女再帮我看看吧。"
        end
        return "嗯……我大概记了点。回去让我闺女再帮我看看吧。"
      end,
    },
    walked_away = ending {
      title = "听不懂，走了", outcome = "walked_away", rating = 2, expression = "sad",
      explain = "条文念了两遍，他一句没听懂，觉得是自己笨，放弃了本该领的钱。",
      say = "算了算了，我听不懂，不领了。找个零活干干得了。",
    },
    complaint = ending {
      title = "投诉", outcome = "complaint", rating = 1, expression = "angry",
      explain = "他觉得被看不起，两次话不投机，去投诉了。",
      say = function(state)
        if act(state, "escalate") or said(state, { "科长", "领导" }) then
          return "行，你把领导叫来，我倒要问问：你们是不是看不起我们这些干粗活的？"
        end
        return "我算看明白了，你们就是看不起我们这些干粗活的。我要投诉你！"
      end,
    },
  },
}
