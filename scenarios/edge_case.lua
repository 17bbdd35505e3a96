-- edge_case.lua - a man about to retire finds a three-year gap in his contribution record from
-- the years his factory was being restructured; nobody can explain it and no rule at the window
-- covers it. Two windows have already told him "no rule, can't be done". Trains the material's
-- way with "edge" questions: no flat refusal, honesty that there is no clear rule, escalation to
-- the superior department with a reply date, an interim solution so he is not left waiting,
-- a one-time notice of the evidence to gather, and the formal channels if the answer is no.
-- Sources: 002 政策理解与应变·灵活处理特殊情况（边缘问题：向上级请示，同时提供临时解决方案，
-- 避免因“无政策依据”简单拒办）, 002 问答2（刚性执行与柔性服务；容缺办理；反馈政策建议）,
-- 002 一次性告知, 000 三(二) 合规, FACTS 社会保险法第十六条、行政复议.
--
-- Graph (main path): opening -> story -> no_rule -> interim -> evidence -> closing
-- Side nodes: flat (after a flat refusal he is ready to give up; one recovery), flare (after
-- blame).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), refused (walked_away, 2),
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

-- True when the reply refuses because "there is no rule" without offering to escalate: the
-- flat refusal the material warns against.
local function flat_refusal(reply)
  local t = reply.text or ""
  local refuses = false
  for _, w in ipairs({ "没有规定", "没规定", "没有依据", "无政策依据", "没有政策", "办不了", "无法办理",
                       "不能办", "没法办", "不予受理" }) do
    if string.find(t, w, 1, true) then refuses = true end
  end
  if not refuses then return false end
  for _, w in ipairs({ "请示", "上报", "向上级", "报给", "反映给" }) do
    if string.find(t, w, 1, true) then return false end
  end
  return true
end

return scenario {
  id = "edge_case",
  title = "档案里说不清的三年",
  summary = "刘德顺下个月到退休年龄，系统里却少了厂子改制那三年的缴费记录，谁也说不清。前两个窗口都说"
         .. "“没规定，办不了”。练习：不简单拒办，如实说明，向上级请示并给回复时间，先给临时办法，"
         .. "一次说清要找的证明，讲清不服时的渠道。",
  sources = { "002 灵活处理特殊情况（边缘问题：请示上级＋临时解决方案）", "002 问答2 刚性执行与柔性服务",
              "002 一次性告知", "000 三(二) 法律意识与合规操作", "FACTS 社会保险法第十六条、行政复议" },
  difficulty = 3,
  notes = "“1998年到2000年”“纸箱厂改制”“累计二十多年”为示例情节。这三年能否补记、怎么认定，"
       .. "以及能否先按已核实的年限受理申领、事后再处理，均以当地规定和上级答复为准。"
       .. "“10个工作日内答复”“15天内交证明”为示例时限。行政复议一般在知道决定之日起60日内提出。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy", "clarity.plain_language" },
  persona = {
    name = "刘德顺", age = 60, gender = "male",
    role = "老工人，下个月到退休年龄，缴费记录里少了改制那三年",
    anger = 60, trust = 20,
    -- Worn down by two refusals: what he fears most is another "no rule, can't be done".
    -- Honesty, a named next step and something he can do now restore him; a flat refusal or a
    -- promise that later proves empty breaks him.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 5, trust = -3 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -10, trust = 4 }, missed = { anger = 5 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { trust = -12 } },
      ["compliance.basis"]        = { met = { trust = 4 } },
      ["compliance.channel"]      = { met = { trust = 5 } },
      ["clarity.plain_language"]  = { met = { trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["clarity.one_time_notice"] = { met = { anger = -8, trust = 8 }, missed = { anger = 6, trust = -6 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He arrives expecting another refusal. Acknowledge; invite the story.
    opening = node {
      expression = "angry",
      say = "我来办退休。你们系统说我九八到两千年这三年没交社保。那几年我天天上班啊！"
         .. "前面两个窗口都说没规定，办不了。你也这么说？",
      hint = "他已经被拒过两回。先认可他的委屈，别急着下结论；请他把那几年的情况说一说。",
      model = "刘师傅，天天上班却少了三年，还被拒了两回，换了谁都窝火。"
           .. "这事我先不下结论。您慢慢说，那几年厂里是什么情况？",
      choices = {
        "刘师傅，天天上班却少了三年，还被拒了两回，换了谁都窝火。我先不下结论。您慢慢说，那几年厂里是什么情况？",
        "系统显示没有记录，请问您有相关证明吗？",
        "没有缴费记录就是没交，这个没规定，办不了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = function(reply) return flat_refusal(reply) end, go = "flat", set = { refused = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 55 }, go = "story",
          set = { listened = true } },
        { when = { visits_at_least = 2 }, go = "story", set = { rushed = true } },
        { go = "opening" },
      },
    },

    -- 2. The story of the restructuring. Paraphrase in short sentences.
    story = node {
      expression = "sad",
      say = vary(
        "那几年厂子改制，说在办手续，工资照发。后来厂子没了，人都散了。"
          .. "我找过原来管人事的，他也说不清社保咋断的。",
        "你听明白没有？我那几年是上着班的！"),
      criteria = { "lur.understand", "empathy.acknowledge", "empathy.no_blame", "clarity.plain_language",
                   "lur.listen" },
      hint = "用短句复述：那几年在上班、厂子改制、记录断了、没人说得清。问一句“对吗？”。",
      model = "您是说，那三年您一直在上班。厂子在改制，记录却断了。现在也没人说得清，对吗？"
           .. "委屈您了，这事不怪您。",
      choices = {
        "您是说，那三年您一直在上班。厂子在改制，记录却断了。现在没人说得清，对吗？委屈您了，这事不怪您。",
        "改制期间断缴的情况比较复杂。",
        "改制的事你怎么不早去问？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" } }, go = "no_rule", set = { confirmed = true } },
        { when = { visits_at_least = 2 }, go = "no_rule" },
        { go = "story" },
      },
    },

    -- 3. "Is it 'no rule, can't be done' again?" Honesty, escalation and a reply date.
    no_rule = node {
      expression = "suspicious",
      say = "那你说，这事到底有没有个说法？还是跟前面一样，一句“没规定”就把我打发了？",
      criteria = { "compliance.no_promise", "empathy.no_blame", "lur.respond", "clarity.plain_language",
                   "edge.escalate" },
      checks = {
        { id = "edge.escalate", name = "向上级请示并给时限",
          all = { { "请示", "上报", "向上级", "报给上级", "报上去" }, { "工作日", "天内", "周内" } },
          note = "没有明确规定的事，不能简单拒办：如实说明，向上级请示，并说清几天内答复。" },
      },
      reacts = { ["edge.escalate"] = { met = { anger = -12, trust = 12 } } },
      hint = "如实说：这种情况窗口没有现成的规定。但不拒办：你把情况写清楚，向上级请示，几个工作日内答复他。"
          .. "结果不能打包票。",
      model = "不打发您。实话说，这种情况窗口没有现成的规定。我把您的情况写清楚，"
           .. "今天就向上级请示。10个工作日内给您答复。结果我不能打包票。",
      choices = {
        "不打发您。实话说，这种情况窗口没有现成的规定。我把情况写清楚，今天就向上级请示，10个工作日内给您答复。结果我不能打包票。",
        "这个情况比较特殊，我们研究研究。",
        "没有规定就是没有规定，我也没办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flat", set = { refused = true } },
        { when = function(reply) return flat_refusal(reply) end, go = "flat", set = { refused = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "interim", set = { promised = true } },
        { when = { met = { "edge.escalate" } }, go = "interim", set = { escalated_up = true } },
        { go = "interim", set = { vague = true } },
      },
    },

    -- 3b. After a flat refusal: he is ready to give up. One chance to reverse it.
    flat = node {
      expression = "sad",
      say = vary(
        "又是这句话……三个窗口三个“办不了”。我干了一辈子，到头来三年就这么没了？算了。",
        "你们都一样。我不办了。"),
      criteria = { "empathy.acknowledge", "empathy.no_blame", "lur.respond", "compliance.no_promise",
                   "edge.escalate" },
      checks = {
        { id = "edge.escalate", name = "向上级请示并给时限",
          all = { { "请示", "上报", "向上级", "报给上级", "报上去" }, { "工作日", "天内", "周内" } },
          note = "收回“办不了”：向上级请示，说清几天内答复。" },
      },
      reacts = { ["edge.escalate"] = { met = { anger = -12, trust = 12 } } },
      hint = "收回刚才的话并道歉：没有现成规定不等于办不了。告诉他你会向上级请示，几天内答复。",
      model = "对不起，我刚才话说死了。没有现成规定，不等于办不了。我今天就把您的情况向上级请示，"
           .. "10个工作日内给您答复。您先别走。",
      choices = {
        "对不起，我刚才话说死了。没有现成规定，不等于办不了。我今天就向上级请示，10个工作日内给您答复。您先别走。",
        "规定上确实没有，您可以去别的地方问问。",
        "办不了就是办不了，说多少遍都一样。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "refused" },
        { when = { missed_any = { "empathy.no_blame" } }, go = "refused" },
        { when = { met = { "edge.escalate", "empathy.acknowledge" } }, go = "interim",
          set = { escalated_up = true, recovered = true } },
        { go = "refused" },
      },
    },

    -- 4. "I retire next month; must I just wait?" The interim solution.
    interim = node {
      expression = "anxious",
      say = "请示要等多久？我下个月就到点了，总不能一直干等着吧？这三年不认，我退休还办不办？",
      criteria = { "lur.respond", "compliance.no_promise", "compliance.basis", "clarity.plain_language",
                   "edge.interim" },
      basis = { "社会保险法", "第十六条", "满15年", "满十五年", "15年" },
      checks = {
        { id = "edge.interim", name = "给出临时办法",
          all = { { "先" }, { "受理", "登记", "办上", "申请", "办起来" } },
          note = "给临时办法：先按已核实的年限把申领办上，这三年的事同时请示。" },
      },
      reacts = { ["edge.interim"] = { met = { anger = -10, trust = 10 } } },
      hint = "临时办法：他其他年份累计早够15年，按《社会保险法》第十六条，到退休年龄就能申领。"
          .. "先按已核实的年限把退休手续办上，三年的事同时请示。句子要短。",
      model = "不用干等。您别的年份加起来有二十多年。按社会保险法第十六条，满15年就能领。"
           .. "咱们先按已核实的年限，把退休手续办上。那三年，同时请示。",
      choices = {
        "不用干等。您别的年份加起来有二十多年。按社会保险法第十六条，满15年就能领。咱们先把退休手续办上。那三年同时请示。",
        "您可以先等请示结果出来再说。",
        "那三年的事没弄清，退休就先别办了，回去吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "evidence", set = { promised = true } },
        { when = { met = { "edge.interim" } }, go = "evidence", set = { interim_given = true } },
        { when = { anger_at_least = 75 }, go = "refused" },
        { go = "evidence" },
      },
    },

    -- 5. What evidence to gather: one-time complete notice.
    evidence = node {
      expression = "confused",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你慢点说，我记不住。到底要哪几样？上哪儿找？啥时候交？"
        end
        return "那三年，我得找点啥证明？上哪儿找？你一次说清楚，我这腿跑不动了。"
      end,
      criteria = { "clarity.one_time_notice", "lur.respond", "clarity.plain_language", "empathy.no_blame",
                   "empathy.courtesy" },
      notice = {
        items = {
          { label = "那几年的工资条或工资单", match = { "工资条", "工资单", "工资表" }, where = { "家里", "原厂" } },
          { label = "人事档案", match = { "档案" }, where = { "档案馆", "人才服务中心" } },
          { label = "改制的文件或证明", match = { "改制" }, where = { "主管部门", "主管单位" } },
        },
        deadline = { "15天内", "十五天内", "两周内", "半个月内" },
      },
      hint = "一次说全三样：工资条（家里找）；档案（档案馆或人才服务中心）；改制文件（原厂主管部门）。"
          .. "说清15天内交来。短句，一样一句。",
      model = "我一样一样说，也写给您。一，那几年的工资条，您在家里找找。二，人事档案，"
           .. "去档案馆或人才服务中心查。三，改制的文件，找原厂的主管部门。15天内交来就行。",
      choices = {
        "我一样一样说，也写给您。一，那几年的工资条，在家里找找。二，人事档案，去档案馆或人才服务中心查。三，改制文件，找原厂主管部门。15天内交来。",
        "能证明那三年的材料都可以带来。",
        "证明你自己想办法找，找不到也没用。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 70 }, go = "refused" },
        { when = { visits_at_least = 3 }, go = "closing" },
        { go = "evidence" },
      },
    },

    -- 6. "And if the answer is no?" Formal channels; who owns the case.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 55 then
          return "行，我回去找。可要是上面最后说这三年不算呢？我就认了？"
        end
        return "找是能找……可要是最后说不算，我找谁去？"
      end,
      criteria = { "compliance.channel", "compliance.no_promise", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      basis = { "行政复议", "60日", "六十日", "60天" },
      hint = "不打包票。告诉他：结果不服，可以申请复核，也可以在60日内申请行政复议；这件事你负责跟，"
          .. "有进展给他打电话。",
      model = "结果我不打包票。要是您不服，可以申请复核。也可以在知道决定60日内，申请行政复议。"
           .. "这事我负责跟，有进展我给您打电话。",
      choices = {
        "结果我不打包票。您要是不服，可以申请复核，也可以在知道决定60日内申请行政复议。这事我负责跟，有进展我给您打电话。",
        "到时候看上级怎么答复吧。",
        "不算就不算，那我也没办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = { met = { "compliance.channel", "compliance.no_promise" }, trust_at_least = 70,
                   anger_below = 30, flags = { "listened", "escalated_up", "interim_given", "noticed" },
                   not_flags = { "promised", "recovered", "refused" } }, go = "resolved" },
        { when = { met = { "compliance.channel" }, trust_at_least = 45, anger_below = 50,
                   not_flags = { "promised" } }, go = "satisfied" },
        { when = { anger_at_least = 75 }, go = "refused" },
        { go = "partial" },
      },
    },

    -- Side node: blame. One chance to recover.
    flare = node {
      expression = "furious",
      say = vary(
        "我干了一辈子活，倒成我的错了？你们把我的三年弄没了，还怪我？叫你们领导来！",
        "不说了，我投诉你们！"),
      criteria = { "empathy.acknowledge", "lur.order", "empathy.no_blame", "empathy.courtesy",
                   "clarity.plain_language" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，说清不怪他；表态这件事你负责；请他接着说。",
      model = "对不起，刘师傅，是我说话不妥，这事不怪您。您干了一辈子，心里有火应该。"
           .. "这件事我负责跟，您接着说。",
      choices = {
        "对不起，刘师傅，是我说话不妥，这事不怪您。您干了一辈子，心里有火应该。这件事我负责跟，您接着说。",
        "您别激动，我也是按规定说。",
        "要投诉随便你，规定就是规定。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "confirmed" } },
          go = "story", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "noticed" } },
          go = "evidence", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { recovered = true } },
        { go = "complaint" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "跑了三个窗口，总算有人肯管了。东西我半个月内送来，等你电话。谢谢你，姑娘。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "行，总算有个盼头。我回去找证明，有消息你告诉我。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "行吧，我回去找找看。能不能成，我心里也没底。",
    },
    refused = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      say = "算了，三个窗口都这么说，我还折腾啥。那三年，就当白干了。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "我干了一辈子，到头来被你们这么对待！我这就打12345投诉！",
    },
  },
}
