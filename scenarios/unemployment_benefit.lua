-- unemployment_benefit.lua - a laid-off factory worker with little schooling asks whether he can
-- draw unemployment benefit. Trains the opposite of the material's anti-example (reading the
-- legal article aloud until the person walks out): simple questions first, the three conditions
-- in everyday words, no promise of the result, a one-time notice, and the review channel.
-- Sources: 001 三 语言表达（术语通俗化、分类指导；反面案例：逐条宣读法律条文）, 001 二 开放式提问,
-- 002 沟通技巧暖人心, FACTS 失业保险金条件.
--
-- Graph (main path): opening -> situation -> conditions -> doubt -> notice -> closing
-- Side nodes: lost (after legalese he is ashamed; one recovery), flare (after blame).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), walked_away (2),
-- complaint (1).

-- Picks a line by how often the current node has been visited (1st, 2nd, 3rd+).
local function vary(...)
  local lines = { ... }
  return function(state)
    local v = state.visits or 1
    if v < 1 then v = 1 end
    return lines[math.min(v, #lines)]
  end
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
       .. "和“60天内”的期限因地而异，以当地规定为准。能否领取、领多久以审核为准。",
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
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "lur.listen", "empathy.acknowledge" }, anger_below = 35 }, go = "situation",
          set = { listened = true } },
        { go = "conditions", set = { rushed = true } },
      },
    },

    -- 2. His story. Paraphrase simply; ask one simple question (was social insurance paid?).
    situation = node {
      expression = "sad",
      say = vary(
        "我在纸箱厂干了六年。上个月老板说撑不下去了，厂子关了，大伙都散了。"
          .. "我念书少，那些条条框框我看不明白。",
        "我说得乱，你听懂没？就是厂子没了，我没活干了。"),
      criteria = { "lur.understand", "lur.listen", "empathy.acknowledge", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "用一句话复述他的情况，再问一个简单的问题：厂里给他交社保了吗？别让他觉得念书少丢人。",
      model = "您是说，在厂里干了六年，厂子关了，您不是自己要走的，对吗？"
           .. "这事搁谁身上都不容易。不懂没关系，我一样一样跟您说。厂里给您交过社保吗？",
      choices = {
        "您是说，在厂里干了六年，厂子关了，不是您自己要走的，对吗？搁谁都不容易。我一样一样说。厂里给您交过社保吗？",
        "明白了，您属于单位关闭导致的失业。",
        "看不明白就多看几遍，你自己看，告示上写得很清楚。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" } }, go = "conditions", set = { confirmed = true } },
        { when = { visits_at_least = 2 }, go = "conditions" },
        { go = "situation" },
      },
    },

    -- 3. The three conditions in everyday words. The anti-example (reading the article) loses him.
    conditions = node {
      expression = "confused",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你再说一遍呗，说简单点。我到底够不够格？"
        end
        return "交了，厂里一直给交着呢。那我到底能不能领？要啥条件？你说简单点，我怕听不懂。"
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
        "要缴费满一年、非因本人意愿中断就业、办理失业登记并有求职要求，请您对照。",
        "根据相关法规之规定，失业人员须同时具备下列条件方可予以申领。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "clarity.plain_language" } }, go = "lost", set = { legalese = true } },
        { when = { met = { "unemp.conditions" }, trust_at_least = 40 }, go = "doubt",
          set = { explained = true } },
        { when = { visits_at_least = 2 }, go = "doubt" },
        { go = "conditions" },
      },
    },

    -- 3b. After legalese he shrinks. Apologise, say it again in plain words.
    lost = node {
      expression = "sad",
      say = vary(
        "……你说的这些，我一句都没听懂。算了，我文化低，不给你添麻烦了。",
        "我还是听不懂……要不我回去问问别人吧。"),
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
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "unemp.conditions", "clarity.plain_language" } }, go = "doubt",
          set = { recovered = true } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
        { go = "lost" },
      },
    },

    -- 4. "So I'll surely get it?" No promise; tell him honestly what decides it.
    doubt = node {
      expression = "anxious",
      say = "这么说，我三条都占了？那是不是肯定能领？一个月能领多少？家里就指着这个了。",
      criteria = { "compliance.no_promise", "empathy.acknowledge", "lur.respond",
                   "clarity.plain_language", "empathy.courtesy" },
      hint = "听着是符合的，但能不能领、领多少要审核定，不能打包票。认可他家里的难处，"
          .. "告诉他下一步怎么办。",
      model = "家里指着这笔钱，您着急我理解。听您说的，三条是对得上的。"
           .. "不过能不能领、领多少，要按规定审核，我不能打包票。我先帮您把手续办上。",
      choices = {
        "家里指着这笔钱，您着急我理解。听着三条是对得上的，不过能领多少要审核，我不能打包票。我先帮您把手续办上。",
        "符不符合要审核了才知道，审完会通知您。",
        "肯定能领，一分不少。别问那么多了，等着吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "notice", set = { promised = true } },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "notice" },
        { go = "notice", set = { vague = true } },
      },
    },

    -- 5. What to bring: one-time complete notice.
    notice = node {
      expression = "calm",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你慢点说，我拿笔记着。到底几样？上哪儿弄？啥时候前办？"
        end
        return "那我得带啥来？上哪儿弄？你一样一样说，我拿笔记着，别让我白跑。"
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
        "带身份证和相关证明材料来就行。",
        "材料清单门口贴着，你自己抄一下。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { noticed = true } },
        { when = { visits_at_least = 3 }, go = "closing" },
        { go = "notice" },
      },
    },

    -- 6. What if it is refused? The review channel, in plain words.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 60 then
          return "记下了。那万一……审下来说我不行，我咋办？还能找谁说理去？"
        end
        return "行吧。那要是审下来不给我，我找谁去？"
      end,
      criteria = { "compliance.channel", "lur.respond", "clarity.plain_language", "empathy.courtesy",
                   "empathy.no_blame" },
      hint = "告诉他：结果不满意可以申请复核，或打12333问；也可以在“好差评”上评价。说一句鼓励的话。",
      model = "要是结果您不认，可以申请复核，就是请我们再仔细查一遍。也可以打12333问。"
           .. "您有啥不明白的，随时来窗口找我。今天辛苦您了。",
      choices = {
        "要是结果您不认，可以申请复核，就是请我们再仔细查一遍。也可以打12333问。有啥不明白，随时来找我。今天辛苦您了。",
        "审核结果出来就按结果办。",
        "不行就是不行，找谁都没用。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = { met = { "compliance.channel" }, trust_at_least = 70, anger_below = 20,
                   flags = { "listened", "noticed" }, not_flags = { "promised", "legalese", "recovered" } },
          go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50 },
          go = "satisfied" },
        { go = "partial" },
      },
    },

    -- Side node: he feels looked down on. One chance; then a complaint.
    flare = node {
      expression = "angry",
      say = vary(
        "我是念书少，可你也不能这么说话啊！我又不是来要饭的！",
        "行，看不起人是吧？我去找你们领导！"),
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
        { when = { met = { "empathy.acknowledge" }, not_flags = { "explained" } }, go = "conditions",
          set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, not_flags = { "noticed" } }, go = "notice",
          set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" } }, go = "closing", set = { recovered = true } },
        { go = "complaint" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      say = "哎，你这么一说我全明白了。三样东西我回去就弄。谢谢你啊，没嫌我笨。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "relieved",
      say = "行，明白了。东西我回去准备，过两天就来。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "嗯……我大概记了点。回去让我闺女再帮我看看吧。",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      say = "算了算了，我听不懂，不领了。找个零活干干得了。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "angry",
      say = "我算看明白了，你们就是看不起我们这些干粗活的。我要投诉你！",
    },
  },
}
