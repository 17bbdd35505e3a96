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
-- blame or rudeness; one recovery; it returns to the turn where it happened).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), refused (walked_away, 2),
-- complaint (1).
--
-- The citizen listens: each `say` answers the reply just given (state.last) before its own
-- question, asks again only for what is still missing (at `evidence`: the items not yet named,
-- where to find the named ones, the deadline), and never quotes the trainee.
-- Every node is played at most twice, so a good clerk finishes in six to eight turns.
-- Weak replies on the main path set flags slip_<node>; the top rating allows at most one.
-- The node id `evidence` and its three notice items may be used by evaluation sets: keep them.
-- The labelled scorer corpus was written in the context of these node ids and their criteria,
-- identity, checks, basis and notice: changing any of them changes what `make train` builds
-- (tests/eval/test_model_reproducible.sh); retrain and commit the model with such a change.

local function has(text, words)
  if not text then return false end
  for _, w in ipairs(words) do
    if string.find(text, w, 1, true) then return true end
  end
  return false
end

local function said(state, words)
  return state.last ~= nil and has(state.last.text, words)
end

local function did(state, act)
  return state.last ~= nil and state.last.acts[act] == true
end

local function met(state, id)
  return state.last ~= nil and state.last.met[id] == true
end

local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

local ESCALATE_WORDS = { "请示", "上报", "向上级", "报给", "反映给", "报上去" }

-- True when the reply refuses because "there is no rule" without offering to escalate: the
-- flat refusal the material warns against.
local function flat_refusal(text)
  if not has(text, { "没有规定", "没规定", "没有依据", "无政策依据", "没有政策", "办不了", "无法办理",
                     "不能办", "没法办", "不予受理" }) then
    return false
  end
  return not has(text, ESCALATE_WORDS)
end

-- His first words after a flare, when the trainee apologised or offered to fetch a superior.
local function after_flare(state)
  if not (state.last and state.last.node == "flare") then return "" end
  if did(state, "escalate") then return "科长来了正好，让他也听听。" end
  if did(state, "apology") then return "行，你这句对不起我听见了。" end
  return ""
end

-- The three notice items at `evidence`: label (as in the notice), a short name he uses, and
-- the places that count as saying where to find it.
local ITEMS = {
  { label = "那几年的工资条或工资单", short = "工资条", where = { "家里", "原厂" } },
  { label = "人事档案", short = "档案", where = { "档案馆", "人才服务中心" } },
  { label = "改制的文件或证明", short = "改制文件", where = { "主管部门", "主管单位" } },
}

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
       .. "“10个工作日内答复”“15天内交证明”为示例时限；三样证明各去哪里找也因地而异。"
       .. "行政复议一般在知道决定之日起60日内提出（FACTS）。",
  brief = {
    who = "刘德顺，60岁，原纸箱厂工人，下个月到退休年龄，来办退休。前面两个窗口都对他说“没规定，办不了”。",
    brought = { "身份证", "户口簿" },
    system = {
      "缴费记录：1998年到2000年（纸箱厂改制那三年）是空白，原因查不到",
      "其他年份累计缴费二十多年，已满15年",
      "原纸箱厂已注销",
    },
    rules = {
      "没有明确规定的情况，不简单拒办：把情况写清楚向上级请示，10个工作日内答复",
      "临时办法：可先按已核实的缴费年限受理退休申领，那三年同时请示、事后处理",
      "依据：《社会保险法》第十六条，到退休年龄、累计缴费满15年的，按月领取养老金",
      "补那三年要找的证明：那几年的工资条或工资单（家里或原厂同事手里）；人事档案（档案馆或人才服务中心）；"
        .. "改制的文件或证明（原厂的主管部门）",
      "证明材料15天内交来",
      "对最后的认定不服：可申请复核，也可在知道决定之日起60日内申请行政复议",
    },
    facts = {
      "这三年能不能补记，窗口现在给不了结论，要等上级答复",
    },
  },
  top = "全程最多一处失误：先认可他的委屈再听经过，复述确认，不说“办不了”，向上级请示并给答复时限，"
     .. "按第十六条先把退休办上，一次说全三样证明、各去哪找、15天内交，讲清复核和行政复议，不打包票。",
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
        "刘师傅，您别急，我先查一下系统。",
        "没有缴费记录就是没交，这个没规定，办不了。",
      },
      next = {
        { when = function(reply) return flat_refusal(reply.text) end, go = "flat",
          set = { "s_opening", "refused" } },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { "s_opening" } },
        { when = { met = { "empathy.acknowledge" } }, go = "story", set = { "s_opening", "listened" } },
        -- Straight to business: he tells the story anyway, still wary.
        { go = "story", set = { "s_opening", "slip_opening" } },
      },
    },

    -- 2. The story of the restructuring. Paraphrase in short sentences.
    story = node {
      expression = "sad",
      say = function(state)
        local head = after_flare(state)
        if state.visits >= 2 then
          if met(state, "lur.listen") and not did(state, "open_question") then
            return head .. "还有啥好说的？就是那三年我天天上班，工资照发，社保却断了。厂子一散，谁也说不清。"
          elseif did(state, "open_question") then
            return head .. "你问的那些，我也说不全。我就知道：那三年我天天上班，工资照发，社保却断了。"
          end
          return head .. "我再说一遍：那三年我是上着班的，工资也照发，就是社保记录没了。你听明白了没有？"
        end
        if head == "" then
          if said(state, { "证明" }) then
            head = "证明？厂子都没了，上哪儿找去……"
          elseif met(state, "empathy.acknowledge") then
            head = "你肯听，我就说说。"
          end
        end
        return head .. "那几年厂子改制，说在办手续，工资照发。后来厂子没了，人都散了。"
            .. "我找过原来管人事的，他也说不清社保咋断的。"
      end,
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
        { when = function(reply) return flat_refusal(reply.text) end, go = "flat",
          set = { "s_story", "refused" } },
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" } }, go = "no_rule", set = { "s_story", "confirmed" } },
        { when = { visits_at_least = 2 }, go = "no_rule", set = { "s_story" } },
        { go = "story", set = { "slip_story" } },
      },
    },

    -- 3. "Is it 'no rule, can't be done' again?" Honesty, escalation and a reply date.
    no_rule = node {
      expression = "suspicious",
      say = function(state)
        local head = after_flare(state)
        if head == "" and met(state, "lur.understand") then
          head = "对，就是这么回事。"
        end
        if state.visits >= 2 then
          return head .. "那你给个实在话：这事往上报不报？多久给我回话？"
        end
        if said(state, ESCALATE_WORDS) or did(state, "escalate") then
          return head .. "你说要往上问，是真问，还是跟前面一样说说就完？多久给我回话？"
        end
        return head .. "那你说，这事到底有没有个说法？还是跟前面一样，一句“没规定”就把我打发了？"
      end,
      criteria = { "compliance.no_promise", "empathy.no_blame", "lur.respond", "clarity.plain_language",
                   "edge.escalate" },
      checks = {
        { id = "edge.escalate", name = "向上级请示并给时限",
          all = { { "请示", "上报", "向上级", "报给上级", "报上去" }, { "工作日", "天内", "周内" } },
          note = "没有明确规定的事，不能简单拒办：如实说明，向上级请示，并说清几天内答复（案情卡：10个工作日内）。" },
      },
      reacts = { ["edge.escalate"] = { met = { anger = -12, trust = 12 } } },
      hint = "如实说：这种情况窗口没有现成的规定。但不拒办（案情卡）：你把情况写清楚，向上级请示，"
          .. "10个工作日内答复他。结果不能打包票。",
      model = "不打发您。实话说，这种情况窗口没有现成的规定。我把您的情况写清楚，"
           .. "今天就向上级请示。10个工作日内给您答复。结果我不能打包票。",
      choices = {
        "不打发您。实话说，这种情况窗口没有现成的规定。我把情况写清楚，今天就向上级请示，10个工作日内给您答复。结果我不能打包票。",
        "这个情况比较特殊，我们研究研究。",
        "没有规定就是没有规定，我也没办法。",
      },
      next = {
        { when = function(reply) return flat_refusal(reply.text) end, go = "flat",
          set = { "s_no_rule", "refused" } },
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "interim",
          set = { "s_no_rule", "promised" } },
        { when = { met = { "edge.escalate" } }, go = "interim", set = { "s_no_rule", "escalated_up" } },
        { go = "interim", set = { "s_no_rule", "slip_no_rule" } },
      },
    },

    -- 3b. After a flat refusal: he is ready to give up. One chance to reverse it.
    flat = node {
      expression = "sad",
      say = function(state)
        if state.visits >= 2 then
          return "你们都一样。我不办了。"
        end
        return "又是这句话……三个窗口三个“办不了”。我干了一辈子，到头来三年就这么没了？算了。"
      end,
      criteria = { "empathy.acknowledge", "empathy.no_blame", "lur.respond", "compliance.no_promise",
                   "edge.escalate" },
      checks = {
        { id = "edge.escalate", name = "向上级请示并给时限",
          all = { { "请示", "上报", "向上级", "报给上级", "报上去" }, { "工作日", "天内", "周内" } },
          note = "收回“办不了”：向上级请示，说清几天内答复（案情卡：10个工作日内）。" },
      },
      reacts = { ["edge.escalate"] = { met = { anger = -12, trust = 12 } } },
      hint = "收回刚才的话并道歉：没有现成规定不等于办不了。告诉他你会向上级请示，10个工作日内答复。",
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
          set = { "s_story", "s_no_rule", "escalated_up", "recovered" } },
        { go = "refused" },
      },
    },

    -- 4. "I retire next month; must I just wait?" The interim solution.
    interim = node {
      expression = "anxious",
      say = function(state)
        local head = after_flare(state)
        if state.visits >= 2 then
          return head .. "那我退休到底先办不办？你给句明白话。"
        end
        local rest = "我下个月就到点了，总不能一直干等着吧？这三年不认，我退休还办不办？"
        if head ~= "" then
          return head .. rest
        end
        if said(state, ESCALATE_WORDS) and said(state, { "工作日", "天内", "周内", "号前", "之前" }) then
          return "往上请示，还给了日子，这个我信你一回。可" .. rest
        elseif said(state, ESCALATE_WORDS) then
          return "请示要等多久？" .. rest
        elseif said(state, { "研究" }) then
          return "研究要研究多久？" .. rest
        end
        return "这事要等多久才有说法？" .. rest
      end,
      criteria = { "lur.respond", "compliance.no_promise", "compliance.basis", "clarity.plain_language",
                   "edge.interim" },
      basis = { "社会保险法", "第十六条", "满15年", "满十五年", "15年" },
      checks = {
        { id = "edge.interim", name = "给出临时办法",
          all = { { "先" }, { "受理", "登记", "办上", "申请", "办起来" } },
          note = "给临时办法（案情卡）：先按已核实的年限把退休申领办上，这三年的事同时请示。" },
      },
      reacts = { ["edge.interim"] = { met = { anger = -10, trust = 10 } } },
      hint = "临时办法（案情卡）：他其他年份累计二十多年，早够15年，按《社会保险法》第十六条，到退休年龄就能领。"
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
        { when = { missed = { "compliance.no_promise" } }, go = "evidence",
          set = { "s_interim", "promised" } },
        { when = { met = { "edge.interim" } }, go = "evidence", set = { "s_interim", "interim_given" } },
        { when = { anger_at_least = 75 }, go = "refused" },
        { go = "evidence", set = { "s_interim", "slip_interim" } },
      },
    },

    -- 5. What evidence to gather: one-time complete notice.
    evidence = node {
      expression = "confused",
      say = function(state)
        local head = after_flare(state)
        if state.visits < 2 or head ~= "" then
          if head == "" and said(state, { "先" }) and said(state, { "办上", "受理", "办起来", "申请", "办退休", "退休手续" }) then
            head = "退休能先办上，我心里踏实点。"
          end
          return head .. "那三年，我得找点啥证明？上哪儿找？你一次说清楚，我这腿跑不动了。"
        end
        -- Second time: acknowledge what was named, ask only for what is missing.
        local named = (state.last and state.last.named) or {}
        local text = state.last and state.last.text or ""
        local got, nowhere = {}, {}
        for _, it in ipairs(ITEMS) do
          if named[it.label] then
            if has(text, it.where) then got[#got + 1] = it.short else nowhere[#nowhere + 1] = it.short end
          end
        end
        if #got + #nowhere == 0 then
          return "啥算证明？你说具体点：一样一样说，各上哪儿找，啥时候交。"
        end
        local parts = {}
        if #got > 0 then parts[#parts + 1] = table.concat(got, "、") .. "，我记下了。" end
        if #nowhere > 0 then parts[#parts + 1] = table.concat(nowhere, "、") .. "上哪儿找？" end
        if #got + #nowhere < #ITEMS then parts[#parts + 1] = "还有别的没有？" end
        if not (state.last and state.last.deadline) then parts[#parts + 1] = "啥时候交？" end
        if #parts == 1 and #got > 0 then
          parts[#parts + 1] = "就这些，对吧？"
        end
        return table.concat(parts)
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
      hint = "一次说全三样（案情卡）：工资条（家里找）；档案（档案馆或人才服务中心）；改制文件（原厂主管部门）。"
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
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { "s_evidence", "noticed" } },
        { when = { visits_at_least = 2, anger_at_least = 75 }, go = "refused" },
        { when = { visits_at_least = 2 }, go = "closing", set = { "s_evidence" } },
        { go = "evidence", set = { "slip_evidence" } },
      },
    },

    -- 6. "And if the answer is no?" Formal channels; who owns the case.
    closing = node {
      expression = "calm",
      say = function(state)
        local head = after_flare(state)
        if head == "" then
          local n = 0
          for _, it in ipairs(ITEMS) do
            if state.last and state.last.named[it.label] then n = n + 1 end
          end
          if n == #ITEMS and state.last.deadline then
            head = "三样东西、啥时候交，我都记下了。"
          else
            head = "东西我回去尽量找。"
          end
        end
        if state.trust >= 55 then
          return head .. "可要是上面最后说这三年不算呢？我就认了？"
        end
        return head .. "可要是最后说不算，我找谁去？"
      end,
      criteria = { "compliance.channel", "compliance.no_promise", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      basis = { "行政复议", "60日", "六十日", "60天" },
      hint = "不打包票。告诉他（案情卡）：结果不服，可以申请复核，也可以在知道决定60日内申请行政复议；"
          .. "这件事你负责跟，有进展给他打电话。",
      model = "结果我不打包票。要是您不服，可以申请复核。也可以在知道决定60日内，申请行政复议。"
           .. "这事我负责跟，有进展我给您打电话。",
      choices = {
        "结果我不打包票。您要是不服，可以申请复核，也可以在知道决定60日内申请行政复议。这事我负责跟，有进展我给您打电话。",
        "到时候看上级怎么答复吧。",
        "不算就不算，那我也没办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and reply.met["compliance.no_promise"]
               and state.trust >= 70 and state.anger < 30
               and f.listened and f.escalated_up and f.interim_given and f.noticed
               and not (f.promised or f.recovered or f.refused) and slips(state) <= 1
          end, go = "resolved" },
        { when = { met = { "compliance.channel" }, trust_at_least = 45, anger_below = 50,
                   not_flags = { "promised" } }, go = "satisfied" },
        { when = { anger_at_least = 75 }, go = "refused" },
        { go = "partial" },
      },
    },

    -- Side node: blame or rudeness. One chance to recover; back to the turn it came from.
    flare = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          return "不说了，我投诉你们！"
        end
        if said(state, { "你怎么", "你自己", "不早", "怪你", "早干" }) then
          return "我干了一辈子活，倒成我的错了？你们把我的三年弄没了，还怪我？叫你们领导来！"
        end
        return "你这是什么话？我跑了三个窗口，就换来这个？叫你们领导来！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "empathy.no_blame", "empathy.courtesy",
                   "clarity.plain_language" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，说清不怪他；表态这件事你负责；请他接着说。他要找领导，可以答应请科长来。",
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
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_story" } },
          go = "story", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_no_rule" } },
          go = "no_rule", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_interim" } },
          go = "interim", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_evidence" } },
          go = "evidence", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { "recovered" } },
        { go = "complaint" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      title = "总算有人管了",
      explain = "没有简单拒办：请示上级给了时限，先把退休办上，一次说全三样证明，讲清不服的渠道，没打包票；"
             .. "全程最多一处失误。他给了非常满意。",
      say = "跑了三个窗口，总算有人肯管了。东西我半个月内送来，等你电话。谢谢你。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "有了盼头",
      explain = "他有了盼头，但过程中不止一处没做到位（如没复述确认、请示没给时限、没给临时办法、"
             .. "证明没一次说全），或说过一次“办不了”、翻过一次脸。他给了满意。",
      say = "行，总算有个盼头。我回去找证明，有消息你告诉我。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      title = "心里没底",
      explain = "他拿到了一些办法，但不知道不服时找谁，或被打过包票，心里仍然没底。",
      say = "行吧，我回去找找看。能不能成，我心里也没底。",
    },
    refused = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      title = "他放弃了",
      explain = "他又听到一次“办不了”，或一直等不到能抓住的办法，灰心走了。没有规定不等于不能办。",
      say = function(state)
        if state.flags.refused then
          return "算了，三个窗口都这么说，我还折腾啥。那三年，就当白干了。"
        end
        return "算了，说来说去也没个准信儿。我不折腾了，那三年，就当白干了。"
      end,
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "投诉",
      explain = "他被指责或听到难听的话，道歉挽回的机会也没抓住。",
      say = "我干了一辈子，到头来被你们这么对待！我这就打12345投诉！",
    },
  },
}
