-- firm_arrears.lua - a restaurant owner three months in arrears after a bad year.
-- Trains: hear the difficulty before any rule, tell the truth about deferral (not a general
-- right, 第六十条) and instalments (local practice: written plan, approval, late fee usually
-- still runs), explain the late fee with a worked example (第八十六条), make the urgency for
-- employees' medical cover plain, give the instalment materials in one go, and refuse to
-- promise approval or a waiver.
-- Sources: 000 §一(一) (listen first, then 分期/缓缴), 000 §一(二) (plain figures, 滞纳金),
-- 000 §三(二) (no verbal promises; conditions and approval); shared FACTS arrears section.
--
-- Graph (main path, 7 turns):
--   opening -> hardship -> late_fee -> employees -> notice -> promise_trap -> closing -> resolved
-- Side nodes: hostile (a flare-up; one recovery, back to the node where it happened),
-- deferral_push (after a promised deferral he wants it done today), notice_gap (an incomplete
-- notice: he asks only for what is missing, once).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), escalated (1),
-- broken_promise (complaint, 1).
--
-- The citizen listens: every `say` answers the reply just given (state.last), never quotes
-- words the clerk did not say, and varies on a revisit.
--
-- The node id `notice` and its three items are relied upon by an evaluation set: keep them.
-- Node ids, notice, basis, checks and identity also feed `make train` (features of the labelled
-- corpus): changing them changes the shipped scorer.model.

-- ---- Helpers (pure functions of their arguments) ----

local NONE = { text = "", node = "", met = {}, missed = {}, acts = {}, named = {}, deadline = false }

local function last(state) return state.last or NONE end

local function has_any(s, words)
  for _, w in ipairs(words) do
    if string.find(s, w, 1, true) then return true end
  end
  return false
end

local function said(state, words) return has_any(last(state).text or "", words) end
local function act(state, name) return (last(state).acts or {})[name] == true end
local function met(state, id) return (last(state).met or {})[id] == true end
local function from(state, node) return last(state).node == node end

-- A superior really offered (科长/值班长 fetched), not "go and find one yourself".
local SUPERIORS = { "科长", "值班长", "负责人", "领导", "主任", "组长" }
local function offered(state)
  local l = last(state)
  local named = act(state, "escalate")
                or (said(state, SUPERIORS) and said(state, { "请", "叫", "找", "喊" }))
  return named and not (l.missed or {})["empathy.no_blame"]
     and not (l.missed or {})["empathy.courtesy"]
end

-- Weak replies on the main path are remembered as flags named slip_<node>; the top rating
-- allows at most one. (Flags are a set, so a count needs a function.)
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

local function concat(a, b)
  local out = {}
  for _, x in ipairs(a) do out[#out + 1] = x end
  for _, x in ipairs(b) do out[#out + 1] = x end
  return out
end

-- The one-time notice for an instalment application (the 25th is an example, see notes).
local NOTICE = {
  items = {
    { label = "分期缴纳申请书", match = { "申请书", "书面申请" }, where = { "窗口", "官网" } },
    { label = "近期财务报表", match = { "财务报表", "报表" }, where = { "财务" } },
    { label = "分期缴纳计划", match = { "还款计划", "缴费计划", "分期计划", "分期缴纳计划" },
      where = { "模板", "窗口" } },
  },
  deadline = { "25日前", "25号前", "二十五日前", "二十五号前" },
}
-- The late-fee rate as a clerk may say it.
local RATE_WORDS = { "万分之五", "0.05%", "0.05％" }
-- Material words a clerk may say before being asked (then he asks for the whole list again).
local NAMED_EARLY = { "申请书", "财务报表", "报表", "缴费计划", "分期计划" }
-- How he names each item when he repeats it back.
local SHORT = { "申请书", "财务报表", "分期计划" }
-- The deadline as a second try may put it (matched in the text: no notice there).
local DEADLINE_WORDS = { "25日", "25号", "二十五日", "二十五号" }

-- Whether reply r covers item i: named (the scorer's `named` at `notice`, the match words
-- elsewhere) and one of its places said.
local function covered(r, i)
  local it = NOTICE.items[i]
  local t = r.text or ""
  if not ((r.named or {})[it.label] or has_any(t, it.match)) then return false end
  return has_any(t, it.where)
end

-- At `notice` the scorer says whether the deadline was stated (the same date, in any words);
-- a second try has no notice, so there the deadline words are looked for in the text.
local function full(r)
  for i = 1, #NOTICE.items do
    if not covered(r, i) then return false end
  end
  return r.deadline == true
end

-- Transitions from `notice` to `notice_gap` that remember what the first try covered
-- (flags had_1..had_3, had_deadline), so that the second try only has to add the rest.
local function remember_gap()
  local out = {}
  local n = #NOTICE.items
  for m = 0, (1 << (n + 1)) - 2 do           -- every mask but the complete one
    local set = { "slip_notice" }
    for i = 1, n do
      if m & (1 << (i - 1)) ~= 0 then set[#set + 1] = "had_" .. i end
    end
    if m & (1 << n) ~= 0 then set[#set + 1] = "had_deadline" end
    out[#out + 1] = {
      when = function(reply)
        local got = 0
        for i = 1, n do
          if covered(reply, i) then got = got + (1 << (i - 1)) end
        end
        if reply.deadline then got = got + (1 << n) end
        return got == m
      end,
      go = "notice_gap", set = set }
  end
  return out
end

-- Both tries together cover every item and the deadline.
local function closed_gap(reply, state)
  for i = 1, #NOTICE.items do
    if not (covered(reply, i) or state.flags["had_" .. i]) then return false end
  end
  return has_any(reply.text or "", DEADLINE_WORDS) or state.flags.had_deadline == true
end

-- His answer to what the clerk did while calming him down (an apology, a supervisor offered).
local function after_flare(state)
  if offered(state) then
    return "领导就不用叫了，你好好跟我说就行。"
  elseif act(state, "apology") then
    return "行，你这么说我就不计较了。"
  end
  return "行，我不跟你吵。"
end

-- A recovered flare-up goes back to the node where it happened.
local function back(flag, go)
  return { when = { met = { "empathy.acknowledge" }, anger_below = 85, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
end

return scenario {
  id = "firm_arrears",
  title = "欠费三个月的餐馆老板",
  summary = "连锁小餐馆老板陈国强收到催缴通知，单位已欠费三个月。他想“缓一年”、想免滞纳金。"
         .. "练习：先听困难，再讲实话；讲清缓缴条件、分期办法和滞纳金；一次告知分期材料；不口头承诺。",
  sources = { "000 一(一) 同理心与尊重", "000 一(二) 专业性与清晰性", "000 三(二) 法律意识与合规",
              "FACTS 欠费、缓缴、分期" },
  difficulty = 3,
  notes = "分期缴纳是地方做法：需书面申请、缴费计划和审批，分期期间滞纳金一般照算，"
       .. "以当地规定为准。缓缴只在国家或地方出台专门政策且符合条件时可办（如2022年阶段性缓缴），"
       .. "使用前请核对当期政策。“本月25日前”交材料、欠费约十万元、四十多名员工、"
       .. "申请书在窗口领或官网下载、分期计划用窗口模板等均为示例；"
       .. "员工医保在欠费多久后暂停待遇因地而异。行政复议一般在知道决定之日起60日内提出。",
  brief = {
    who = "陈国强，48岁，连锁小餐馆老板（三家店关了一家），收到催缴通知来窗口，单位欠缴社保费三个月",
    brought = { "催缴通知书" },
    system = {
      "单位参保职工四十多人，近三个月单位和个人部分都没缴，欠费合计约十万元",
      "滞纳金自逾期之日起按日计算，系统每天在累加",
      "本单位没有缓缴审批记录；现在有没有适用的缓缴政策，要按当期政策核对",
    },
    rules = {
      "《社会保险法》第六十条：单位要按时足额缴纳，除不可抗力等法定事由外不得缓缴、减免",
      "缓缴：只有国家或本地出台专门政策（如2022年阶段性缓缴）、单位符合条件并经审批才能办，窗口不能当场答应",
      "分期缴纳（本地做法）：书面申请、附缴费计划、经审批；分期期间滞纳金一般照算",
      "分期申请三样材料：①分期缴纳申请书（窗口领或官网下载）②近半年的财务报表（店里财务出）③分期缴纳计划（写清每月交多少，照窗口给的模板填）",
      "材料交齐期限：本月25日前交到窗口，审核后报批",
      "滞纳金：《社会保险法》第八十六条，从欠缴之日起按日加收万分之五；限期仍不缴，处欠缴数额一到三倍的罚款",
      "欠费的影响：欠费一段时间后，职工医保报销可能暂停，养老缴费记录会中断（多久按本地规定）",
      "审批结果书面通知；对决定有异议可申请复核，或在60日内申请行政复议；咨询投诉打12333",
    },
    facts = {},
  },
  top = "全程最多一处小失误、没有冲突：先谢他主动来、听他讲难处并复述确认；说实话——缓缴要有专门政策和审批，"
     .. "可以申请分期；用数字讲清滞纳金按日万分之五；讲明员工医保的影响；三样材料、各去哪弄、"
     .. "本月25日前，一次说全；不打包票，讲清书面通知、复核和行政复议。",
  criteria = { "lur.listen", "lur.understand", "lur.respond", "lur.order",
               "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy",
               "compliance.no_promise", "compliance.basis", "compliance.channel",
               "compliance.privacy", "clarity.plain_language" },
  persona = {
    name = "陈国强", age = 48, gender = "male",
    role = "连锁小餐馆老板，单位欠缴社保费三个月",
    anger = 60, trust = 30,
    -- Proud and worried: he hates being lectured with rules first, warms to anyone who sees
    -- he kept his staff on, and trusts plain numbers. A promise pleases him now and costs later.
    reacts = {
      ["lur.listen"]              = { met = { anger = -6, trust = 4 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 5 }, missed = { anger = 4, trust = -4 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 8, trust = -6 } },
      ["empathy.acknowledge"]     = { met = { anger = -10, trust = 5 }, missed = { anger = 5 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -4 } },
      ["compliance.no_promise"]   = { met = { trust = 1 }, missed = { anger = -4, trust = 4 } },
      ["compliance.basis"]        = { met = { trust = 3 } },
      ["compliance.channel"]      = { met = { trust = 3 } },
      ["clarity.plain_language"]  = { met = { trust = 2 }, missed = { anger = 3 } },
      ["clarity.one_time_notice"] = { met = { anger = -10, trust = 7 }, missed = { anger = 8, trust = -8 } },
      -- arrears.late_fee reacts live on the late_fee node: a check exists only where declared.
    },
  },
  start = "opening",

  nodes = {
    -- 1. He comes in with the collection notice. Listen to the difficulty first.
    opening = node {
      expression = "anxious",
      say = "催缴通知我收到了。我不是赖账！去年生意一落千丈，三家店关了一家，"
         .. "工资都是东拼西凑发的。你们就不能体谅体谅？",
      criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
                   "empathy.courtesy", "compliance.no_promise" },
      hint = "先别提罚款和规定。谢谢他主动来，认可这一年的难处，再用开放式问题请他讲讲现在的经营和资金情况。",
      model = "陈老板，您能主动过来说明情况，谢谢您。这一年餐饮确实难，您辛苦了。"
           .. "您具体说说，现在几家店的经营和资金是什么情况？",
      choices = {
        "陈老板，您能主动过来说明情况，谢谢您。这一年餐饮确实不容易，您辛苦了。您具体说说，现在几家店的经营和资金是什么情况？",
        "您好，我先查一下单位欠费的情况，请问单位名称是？",
        "困难谁都有，欠费就得交，不交后果自负。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "hostile",
          set = { flare_opening = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 60 }, go = "hardship",
          set = { listened = true } },
        { when = { anger_at_least = 85 }, go = "hostile", set = { flare_opening = true } },
        { go = "hardship", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. He asks for a one-year deferral. Paraphrase; tell the truth about deferral (第六十条).
    hardship = node {
      expression = "anxious",
      say = function(state)
        local story = "两家店还开着，流水比前年少了三成。四十多个员工，我一个都没舍得裁。"
        local ask = "听说有缓缴政策？您直接给我缓一年行不行？"
        if from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "我跟你说实话：" .. story .. ask
        end
        if said(state, { "单位名称", "哪个单位", "哪家单位", "欠了多少", "欠多少" }) then
          if state.anger >= 65 then
            return "单位叫国强餐饮，欠多少你们系统里有。我要说的是："
                .. "能不能给我缓一年？听说有缓缴政策，你给我办了就完了。"
          end
          return "单位叫国强餐饮，欠多少你们系统里有。" .. story .. ask
        end
        if state.anger >= 65 then
          return "别光说这些了！我就一句话：能不能给我缓一年？听说有缓缴政策，你给我办了就完了。"
        end
        if act(state, "open_question") or met(state, "lur.listen") then
          return "你愿意听，我就说说。" .. story .. ask
        end
        return story .. ask
      end,
      criteria = { "lur.understand", "lur.order", "compliance.no_promise", "compliance.basis",
                   "empathy.acknowledge", "clarity.plain_language" },
      basis = { "社会保险法", "第六十条", "不可抗力", "专门政策" },
      hint = "先复述确认他的困难。然后说实话：缓缴不是想缓就能缓，只有国家或地方出台专门政策、"
          .. "符合条件才行，不能当场答应。可以提分期缴纳这条路。",
      model = "您是说流水掉了三成，还一个员工没裁，想先缓一缓，对吗？您确实不容易。跟您说实话："
           .. "《社会保险法》第六十条规定单位要按时足额缴，缓缴只在有专门政策、符合条件时才能批。"
           .. "我先帮您查有没有适用的政策；另外还可以申请分期缴纳。",
      choices = {
        "您是说流水掉了三成，还一个员工没裁，想先缓一缓，对吗？您确实不容易。跟您说实话：《社会保险法》第六十条规定单位要按时足额缴，缓缴只在有专门政策、符合条件时才能批。我先帮您查有没有适用的政策，另外还可以申请分期缴纳。",
        "缓缴要有专门政策、符合条件才行，现在不能直接给您办。",
        "行，没问题，缓缴一年包在我身上。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_hardship = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "deferral_push", set = { promised = true } },
        { when = { met = { "lur.understand", "compliance.no_promise" } }, go = "late_fee",
          set = { truthful = true } },
        { when = { anger_at_least = 85 }, go = "hostile", set = { flare_hardship = true } },
        { go = "late_fee", set = { slip_hardship = true } },
      },
    },

    -- 2b. After "deferral is no problem": he wants it done today. Walk it back now, or the
    -- session ends in the future complaint.
    deferral_push = node {
      expression = "happy",
      say = function(state)
        if state.visits >= 2 then
          return "又说能缓了？那这回说定了，你现在就给我办，这三个月的钱我先不交了。"
        end
        return "真的？太好了！那你现在就给我办，今天就把缓缴手续弄好。这三个月的钱我先不交了，行吧？"
      end,
      criteria = { "compliance.no_promise", "empathy.acknowledge", "compliance.basis", "lur.respond",
                   "empathy.courtesy" },
      basis = { "社会保险法", "第六十条", "专门政策", "符合条件" },
      reacts = {
        -- Taking back good news hurts a little; the honest reason keeps his trust.
        ["compliance.no_promise"] = { met = { anger = 6, trust = 2 }, missed = { anger = -6 } },
      },
      hint = "刚才的话说过头了，现在就收回：道歉，说明缓缴要有适用政策、符合条件、经审批；"
          .. "欠费先别停，可以申请分期。",
      model = "对不起，我刚才说得太满了。缓缴要有适用的专门政策、符合条件，还要审批，我不能现在答应您。"
           .. "我马上帮您查有没有适用的政策；欠费先别停，还可以申请分期缴纳。",
      choices = {
        "对不起，我刚才说得太满了。缓缴要有适用的专门政策、符合条件，还要审批，我不能现在答应您。我马上帮您查有没有适用的政策；欠费先别停，还可以申请分期缴纳。",
        "这个嘛，手续上还得审一审，您先等等看。",
        "行，今天就给你办好，这三个月先不用交，包在我身上。",
      },
      next = {
        -- Doubling down on a deferral that may not exist: the session ends in the future complaint.
        { when = { missed = { "compliance.no_promise" } }, go = "broken_promise",
          set = { deferral_promise = true } },
        -- Taken back at once: the promise no longer stands, but 5 stars are out of reach.
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "late_fee",
          set = { walked_back = true, promised = false, recovered = true } },
        { go = "late_fee" },
      },
    },

    -- 3. "How much more if I wait?" The late fee with a worked example (第八十六条).
    late_fee = node {
      expression = "confused",
      say = function(state)
        local ask = "那我要是再拖几个月，到底要多掏多少钱？你给我算笔明白账。"
        if from(state, "late_fee") then
          if said(state, { "滞纳金" }) then
            return "滞纳金我知道，我问的是按多少算：晚交一天，到底多交多少？"
          end
          return "我问的是具体数：晚交一天，到底多交多少？"
        elseif from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "你就给我算笔账：再拖下去，一天多交多少？"
        elseif from(state, "deferral_push") then
          if met(state, "compliance.no_promise") then
            return "唉，白高兴一场。行，你先帮我查着。那我要是再拖几个月，到底要多掏多少钱？"
          end
          return "那我先等着。可要是再拖几个月，到底要多掏多少钱？你给我算笔明白账。"
        end
        if said(state, RATE_WORDS) then
          return "你说滞纳金按天算。那我欠这么多，再拖几个月，到底多掏多少？你给我算出数来。"
        end
        local lead = ""
        if met(state, "compliance.no_promise") and said(state, { "分期" }) then
          lead = "缓缴要有政策，还能分期，这我听明白了。"
        elseif met(state, "compliance.no_promise") then
          lead = "缓缴不是想缓就能缓，行吧。"
        end
        if act(state, "callback") then
          lead = lead .. "政策查到了给我打个电话。"
        elseif said(state, { "帮您查", "给您查", "我查", "查一下" }) then
          lead = lead .. "政策你先帮我查着。"
        end
        return lead .. ask
      end,
      criteria = { "lur.respond", "compliance.basis", "clarity.plain_language", "empathy.courtesy",
                   "empathy.no_blame" },
      basis = { "社会保险法", "第八十六条" },
      checks = {
        { id = "arrears.late_fee", name = "说明滞纳金",
          all = { { "滞纳金" }, { "万分之五", "0.05%", "0.05％" } },
          note = "要说明滞纳金从欠缴之日起按日加收万分之五。" },
      },
      reacts = {
        -- Plain numbers are what he trusts.
        ["arrears.late_fee"] = { met = { anger = -4, trust = 8 }, missed = { trust = -4 } },
      },
      hint = "讲清滞纳金：从欠缴那天起，按日加收万分之五；限期还不缴，还可能罚欠款的一到三倍。"
          .. "用他听得懂的数算一笔账（欠费数看案情卡）。",
      model = "您问得在点子上，我给您算笔账。按《社会保险法》第八十六条，从欠费那天起，每天加收万分之五的滞纳金。"
           .. "欠十万，一天就多五十，一个月一千五。限期后还不交，还可能罚欠款的一到三倍。"
           .. "所以越早定方案越省钱。",
      choices = {
        "好，我给您算笔明白账。按《社会保险法》第八十六条，从欠费那天起，每天加收万分之五的滞纳金。欠十万，一天就多五十，一个月一千五。限期后还不交，还可能罚欠款的一到三倍。所以越早定方案越省钱。",
        "晚交会按天加收滞纳金，具体数我得查一下。",
        "拖得越久罚得越多，活该，早干嘛去了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_late_fee = true } },
        { when = { met = { "arrears.late_fee" } }, go = "employees", set = { fee_explained = true } },
        -- The fee and its rate were both said, though the check was not met: he heard it.
        { when = function(reply)
            local t = reply.text or ""
            return has_any(t, { "滞纳金" }) and has_any(t, RATE_WORDS)
          end, go = "employees", set = { fee_explained = true, slip_late_fee = true } },
        -- He asks once for the missing figure, then the talk moves on.
        { when = { visits_at_least = 2 }, go = "employees", set = { slip_late_fee = true } },
        { go = "late_fee", set = { slip_late_fee = true } },
      },
    },

    -- 4. The urgency: his employees' medical cover. Acknowledge, explain plainly, no guesses.
    employees = node {
      expression = "anxious",
      say = function(state)
        local ask = "还有个事我一直不敢问……欠着的这几个月，员工看病会不会受影响？"
                 .. "我们有个厨师，他爱人正住院呢。"
        if from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "我就想问：欠着这几个月，员工看病会不会受影响？"
              .. "我们厨师的爱人还在住院。"
        end
        if met(state, "arrears.late_fee") or (said(state, { "滞纳金" }) and said(state, RATE_WORDS)) then
          if said(state, { "五十", "50" }) then
            return "一天五十，一个月一千五……这账算得我心里发紧。" .. ask
          end
          return "按天算万分之五，拖不起，我明白了。" .. ask
        end
        if from(state, "late_fee") and state.visits == 1 and state.flags.slip_late_fee then
          return "行吧，反正越拖越多。" .. ask
        end
        return ask
      end,
      criteria = { "empathy.acknowledge", "clarity.plain_language", "lur.respond", "compliance.no_promise",
                   "empathy.courtesy", "empathy.no_blame" },
      hint = "他是真着急。先认可他惦记员工；再实话实说：很多地方欠费一段时间后员工医保报销会暂停，"
          .. "养老记录也会断，具体按本地规定；不要随口说“没事”。最后落到尽快定缴费方案。",
      model = "您的担心我理解，这时候还惦记员工，很难得。实话说，很多地方欠费超过一段时间，员工医保报销就会暂停，"
           .. "养老记录也会断。具体多久按本地规定，我马上帮您查。所以最要紧的是先把缴费方案定下来。",
      choices = {
        "您的担心我理解，这时候还惦记员工，很难得。实话说，很多地方欠费超过一段时间，员工医保报销就会暂停，养老记录也会断。具体多久按本地规定，我马上帮您查。所以最要紧的是先把缴费方案定下来。",
        "欠费时间长了，员工医保报销可能会暂停，具体多久按本地规定。",
        "这就是你自己欠费的后果，员工看不了病，怪谁？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_employees = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "notice",
          set = { urgency = true } },
        { go = "notice", set = { slip_employees = true } },
      },
    },

    -- 5. One-time notice of the instalment application materials.
    notice = node {
      expression = "calm",
      say = function(state)
        local ask = "要交什么材料？各去哪儿弄？哪天之前交？您一次给我说全，店里离不开人，我跑不起第二趟。"
        if from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "分期的材料你还没说呢。" .. ask
        end
        if said(state, NAMED_EARLY) then
          return "你刚才提了几样材料，说得快，我没记全。我申请分期。" .. ask
        end
        if met(state, "empathy.acknowledge") and said(state, { "医保" }) then
          if act(state, "callback") then
            return "那得赶紧，不能让员工看不了病。本地的规定你查到了告诉我一声。我申请分期。" .. ask
          end
          return "那得赶紧，不能让员工看不了病。我申请分期。" .. ask
        elseif state.anger >= 60 then
          return "行了，你就直说：分期要交什么？各去哪儿弄？哪天之前交？一次说全，别让我来回跑。"
        end
        return "那我申请分期。" .. ask
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise", "clarity.plain_language" },
      hint = "一次性告知：三样材料、每样去哪弄、哪天前交（看案情卡），一口气说全。可以顺带说明要审批，不要说“肯定能批”。",
      model = "明白，您店里离不开人，我一次说全，一共三样。一、分期缴纳申请书，窗口领或官网下载。"
           .. "二、近半年的财务报表，找您店里财务出。三、分期缴纳计划，写清每月交多少，照窗口给的模板填。"
           .. "请本月25日前交到窗口，我们审核后报批。",
      notice = NOTICE,
      choices = {
        "明白，您店里离不开人，我一次说全，一共三样。一、分期缴纳申请书，窗口领或官网下载。二、近半年的财务报表，找您店里财务出。三、分期缴纳计划，写清每月交多少，照窗口给的模板填。请本月25日前交到窗口，我们审核后报批。",
        "写个申请，再附上财务报表，交过来就行。",
        "材料清单官网上都有，你自己去下。",
      },
      next = concat({
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_notice = true } },
        { when = function(reply) return full(reply) and reply.met["clarity.one_time_notice"] end,
          go = "promise_trap", set = { noticed = true } },
        -- Every part said, but the scorer found it thin: no follow-up, a slip.
        { when = function(reply) return full(reply) end, go = "promise_trap",
          set = { noticed = true, slip_notice = true } },
      }, remember_gap()),
    },

    -- 5b. An incomplete notice: he repeats what he has and asks only for the rest, once.
    notice_gap = node {
      expression = "confused",
      say = function(state)
        local f = state.flags
        local have, wherefrom = {}, {}
        local l = last(state)
        for i = 1, #NOTICE.items do
          if f["had_" .. i] then
            have[#have + 1] = SHORT[i]
          elseif l.node == "notice" and (l.named or {})[NOTICE.items[i].label] then
            wherefrom[#wherefrom + 1] = SHORT[i]
          end
        end
        local parts = {}
        if from(state, "hostile") or state.visits >= 2 then parts[#parts + 1] = after_flare(state) end
        if #have > 0 then
          parts[#parts + 1] = table.concat(have, "、") .. "，我记住了。"
        end
        if #wherefrom > 0 then
          parts[#parts + 1] = table.concat(wherefrom, "、") .. "上哪儿弄？"
        end
        if #have + #wherefrom < #NOTICE.items then
          parts[#parts + 1] = #have + #wherefrom > 0 and "就这些？还有别的吗？"
                                                      or "到底要交哪几样？"
        end
        if not f.had_deadline then
          if l.node == "notice" and act(state, "time") then
            parts[#parts + 1] = "你说个准日子，最晚几号交？我怕记岔了。"
          else
            parts[#parts + 1] = "最晚哪天之前交？"
          end
        end
        if #parts == 0 or (#parts == 1 and #have > 0) then
          parts[#parts + 1] = "你再给我捋一遍，我怕漏了。"
        end
        return table.concat(parts)
      end,
      criteria = { "lur.respond", "empathy.courtesy", "empathy.no_blame", "compliance.no_promise" },
      hint = "上一句没说全。他只问还缺的部分：把缺的材料、去哪弄、期限（看案情卡）补上，说具体。",
      model = "不好意思，刚才没说全。一共三样：分期缴纳申请书，窗口领或官网下载；近半年的财务报表，"
           .. "店里财务出；分期缴纳计划，照窗口的模板填。本月25日前交到窗口。",
      choices = {
        "不好意思，刚才没说全。一共三样：分期缴纳申请书，窗口领或官网下载；近半年的财务报表，店里财务出；分期缴纳计划，照窗口的模板填。请本月25日前交到窗口。",
        "大概就这些，您先准备着，缺了再补。",
        "刚才说过了，你自己记一下。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_gap = true } },
        { when = function(reply, state) return closed_gap(reply, state) end, go = "promise_trap",
          set = { noticed = true, notice_late = true } },
        { go = "promise_trap", set = { incomplete = true } },
      },
    },

    -- 6. "Give me your word it will be approved, and waive the late fee." No verbal promises.
    promise_trap = node {
      expression = "suspicious",
      say = function(state)
        local f = state.flags
        local ask = "你给我句准话：分期肯定能批吧？滞纳金能不能给我免了？"
        if from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "我还是那句话：" .. ask
        end
        if f.promised then
          return "你刚才都说能缓了，那分期肯定也能批吧？滞纳金也给我免了，行不行？"
        end
        local lead
        if f.notice_late then
          lead = "这回我记全了，回去就让财务弄。"
        elseif f.incomplete then
          lead = "行吧，我先按你说的准备。"
        else
          lead = "三样材料、哪天交，我都记下了。"
        end
        if said(state, { "审批", "报批", "审核" }) then
          return lead .. "你说还要审批，我懂。可你给我透个底：分期肯定能批吧？滞纳金能不能给我免了？"
        end
        return lead .. ask
      end,
      criteria = { "compliance.no_promise", "compliance.channel", "compliance.basis",
                   "empathy.acknowledge", "lur.respond", "empathy.courtesy" },
      basis = { "社会保险法", "第八十六条", "按规定", "审批" },
      reacts = {
        -- Hearing "no promise" disappoints him a little; the honest reason wins him back later.
        ["compliance.no_promise"] = { met = { anger = 2, trust = 4 }, missed = { anger = -8, trust = 6 } },
      },
      hint = "他要一句“准话”。批不批、滞纳金怎么算都要按规定审批，不能口头答应；"
          .. "说清你能做到的（审齐材料、尽快报批），结果书面通知，有异议可复核、行政复议或打12333。",
      model = "我理解您想要个准信。但批不批、滞纳金怎么算，要按规定审批，我不能口头答应您。"
           .. "分期期间滞纳金一般照算，以本地规定为准。我能做的是把材料一次审齐，尽快报上去。"
           .. "结果会书面通知您；有异议可以申请复核或行政复议，也可以打12333。",
      choices = {
        "我理解您想要个准信。但批不批、滞纳金怎么算，要按规定审批，我不能口头答应您。分期期间滞纳金一般照算。我能做的是把材料一次审齐，尽快报上去。结果会书面通知您，有异议可以申请复核或行政复议，也可以打12333。",
        "批不批要按规定审批，我不能打包票，结果会书面通知您。",
        "放心，我跟领导说一声，肯定批，滞纳金也给你免了。",
      },
      next = {
        { when = { missed = { "compliance.no_promise" } }, go = "broken_promise" },
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile",
          set = { flare_promise = true } },
        { when = { flags = { "promised" } }, go = "closing", set = { walked_back = true } },
        { when = { met = { "compliance.channel" } }, go = "closing", set = { channel_given = true } },
        { go = "closing", set = { slip_promise = true } },
      },
    },

    -- 7. What next: after the route was named he asks how he will hear and whom to ask;
    -- otherwise, what if it is refused.
    closing = node {
      expression = "calm",
      say = function(state)
        local f = state.flags
        if from(state, "hostile") or state.visits >= 2 then
          return after_flare(state) .. "最后问一句：要是批不下来，我还能找谁？"
        end
        if f.walked_back then
          return "你一开始说能缓，后来又收回了……行吧，按规矩来。要是最后批不下来，我还能找谁？"
        end
        if f.channel_given then
          if state.trust >= 55 then
            return "你说的那几条路我记下了，我心里有数了。批不批怎么通知我？要是真不批，我这店还有别的办法吗？"
          end
          return "路子我记下了。批不批怎么通知我？真不批怎么办？"
        end
        if state.trust >= 55 then
          return "明白了，我心里有数了，回去就让财务准备。要是审批下来不同意，我还能怎么办？"
        end
        return "行吧……要是最后批不下来，我还能找谁？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.acknowledge", "empathy.courtesy",
                   "compliance.no_promise", "empathy.no_blame" },
      hint = "讲清后面的路：结果书面通知、写明原因；不批再一起看别的办法；有异议可申请复核或在60日内申请行政复议，"
          .. "也可以打12333。最后认可他撑着员工的不容易。",
      model = "您的担心我明白。结果会书面通知您，要是不批，通知里会写明原因，咱们再一起看别的办法。您对决定有异议，"
           .. "可以申请复核，或在60日内申请行政复议，也可以打12333。您这么难还想着员工，谢谢您。",
      choices = {
        "您的担心我明白。结果会书面通知您，要是不批，通知里会写明原因，咱们再一起看别的办法。有异议可以申请复核，或在60日内申请行政复议，也可以打12333。您这么难还想着员工，谢谢您。",
        "结果会书面通知，有异议可以申请复核。",
        "批不下来就老老实实全额交，找谁都没用。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "escalated" },
        -- 5 stars only for a clean run: at most one weak reply, the notice complete at once,
        -- no promise (even one taken back), no recovered flare-up.
        { when = function(reply, state)
            local f = state.flags
            local route = reply.met["compliance.channel"]
                          or (f.channel_given and reply.met["lur.respond"])
            return route and state.trust >= 70 and state.anger < 30
               and not (f.promised or f.walked_back or f.incomplete or f.notice_late
                        or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50,
                   anger_below = 50, not_flags = { "promised", "incomplete" } }, go = "satisfied" },
        -- A flat last answer only escalates when he had no trust left to lose.
        { when = { anger_at_least = 80, trust_below = 30 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: a flare-up; he threatens to complain. One chance to recover.
    hostile = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          if offered(state) then
            return "叫就叫！我倒要问问你们领导，欠费的就不是人了？"
          elseif act(state, "apology") then
            return "光道歉顶什么用？我要的是能走得通的办法！"
          end
          return "跟你说不通！叫你们领导来，不行我就打12345投诉！"
        end
        if said(state, { "罚款", "罚", "后果自负" }) then
          return "你们就知道要钱！我店都快倒了，四十多口人等着吃饭，你还跟我讲罚款？"
        elseif said(state, { "滞纳金" }) then
          return "你们就知道要钱！我店都快倒了，四十多口人等着吃饭，你还一口一个滞纳金？"
        elseif said(state, { "活该", "怪谁", "早干嘛" }) then
          return "你这叫什么话？我店都快倒了，四十多口人等着吃饭，轮得到你来数落我？"
        elseif (last(state).missed or {})["empathy.no_blame"] or (last(state).missed or {})["empathy.courtesy"] then
          return "你这是什么态度？我店都快倒了，四十多口人等着吃饭，我是来想办法的，不是来听训的！"
        elseif act(state, "refusal") then
          return "张口就是不行！我店都快倒了，四十多口人等着吃饭，你们就不能帮着想想办法？"
        end
        return "你们就知道照章办事！我店都快倒了，四十多口人等着吃饭，谁替我想想？"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.channel" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 6 }, missed = { anger = 10 } },
      },
      hint = "先道歉，认可他撑着四十多个员工不容易；请他说说难处，说“咱们一起找能走得通的办法”。"
          .. "他要反映，就告诉他值班长和12333。",
      model = "对不起，是我说话太急了。您撑着四十多个员工，真不容易。您先说说难处，"
           .. "咱们一起找个能走得通的办法，比如分期。您要反映，也可以找值班长或打12333。",
      choices = {
        "对不起，是我说话太急了。您撑着四十多个员工，真不容易。您先说说难处，咱们一起找个能走得通的办法，比如分期。您要反映，也可以找值班长或打12333。",
        "您先冷静一下，嚷也解决不了问题。",
        "要投诉随便你，欠费就是欠费。",
      },
      next = {
        -- A third blow-up ends it, however good the reply.
        { when = { visits_at_least = 3 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { visits_at_least = 2, anger_at_least = 75 }, go = "escalated" },
        back("flare_opening", "hardship"),
        back("flare_hardship", "hardship"),
        back("flare_late_fee", "late_fee"),
        back("flare_employees", "employees"),
        back("flare_notice", "notice"),
        back("flare_gap", "notice_gap"),
        back("flare_promise", "promise_trap"),
        { when = { anger_at_least = 95 }, go = "escalated" },
        { go = "hostile" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      title = "问题解决",
      explain = "先听难处、说实话，账算得明白，员工的影响讲清了，三样材料和期限一次说全，"
             .. "没打包票，后面的路也指明了。",
      say = "行，账算明白了，路也清楚了。我回去就让财务弄，25号前送过来。谢谢你，没拿官腔压我。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "按规矩申请分期",
      explain = "他愿意按规矩申请分期。但途中有不到位的地方（材料第二次才说全、说过又收回的承诺、"
             .. "有过一次冲突或几处回答不够实），所以是满意而不是非常满意。",
      say = "行，我回去准备。批不批按规定来，至少这回我知道该怎么走了。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      title = "心里没底",
      explain = "他回去准备材料，但材料没说全、后面的路没讲清，或者听过一句做不到的承诺，心里没底。",
      say = function(state)
        if state.flags.incomplete then
          return "行吧，我先按你说的准备，缺什么再跑一趟。批不批的，我心里还是没底。"
        end
        return "行吧，我回去准备材料。批不批的，我心里还是没底。"
      end,
    },
    escalated = ending {
      outcome = "escalated", rating = 1, expression = "furious",
      title = "找领导投诉",
      explain = "指责、数落或打发的话让他觉得被当成赖账的，谈不下去了，要找领导并投诉。",
      say = function(state)
        if offered(state) then
          return "（值班长过来了）你是领导？那正好，刚才这位是怎么跟我说话的，我要投诉。"
        end
        return "我跟你说不着！我这就去找你们领导，再打12345投诉你们！"
      end,
    },
    broken_promise = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "承诺落空被投诉",
      explain = "窗口口头答应了缓缴、审批或免滞纳金，这超出了权限；一个月后落空，他回来投诉。",
      say = function(state)
        if state.flags.deferral_promise then
          return "（一个月后）你说缓缴包在你身上，结果根本不符合条件！欠费没交，滞纳金越滚越多，我要投诉你！"
        end
        return "（一个月后）你当时拍胸脯说肯定批、滞纳金也免！现在滞纳金一分没少，我要投诉你！"
      end,
    },
  },
}
