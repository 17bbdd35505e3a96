-- firm_arrears.lua - a restaurant owner three months in arrears after a bad year.
-- Trains: hear the difficulty before any rule, tell the truth about deferral (not a general
-- right, 第六十条) and instalments (local practice: written plan, approval, late fee usually
-- still runs), explain the late fee with a worked example (第八十六条), make the urgency for
-- employees' medical cover plain, give the instalment materials in one go, and refuse to
-- promise approval or a waiver.
-- Sources: 000 §一(一) (listen first, then 分期/缓缴), 000 §一(二) (plain figures, 滞纳金),
-- 000 §三(二) (no verbal promises; conditions and approval); shared FACTS arrears section.
--
-- Graph (main path):
--   opening -> hardship -> late_fee -> employees -> notice -> promise_trap -> closing -> resolved
-- Side nodes: hostile (he threatens to complain; recoverable once), deferral_push (after a
-- promised deferral he wants it done today).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), escalated (1),
-- broken_promise (complaint, 1).
--
-- The node id `notice` and its three items are relied upon by an evaluation set: keep them.

-- Picks a line by how often the current node has been visited (1st, 2nd, 3rd+).
local function vary(...)
  local lines = { ... }
  return function(state)
    local v = state.visits or 1
    if v < 1 then v = 1 end
    return lines[math.min(v, #lines)]
  end
end

-- Weak replies on the main path are remembered as flags named slip_<node>; the top rating
-- allows at most one. (Flags are a set, so a count needs a `when` function.)
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
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
       .. "使用前请核对当期政策。“本月25日前”交材料、欠费“十万”等数额均为示例；"
       .. "员工医保在欠费多久后暂停待遇因地而异。",
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
        "欠费是要交的。请报一下单位名称，我查查欠了多少。",
        "困难谁都有，欠费就得交，不交后果自负。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "hostile" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 60 }, go = "hardship",
          set = { listened = true } },
        { when = { anger_at_least = 85 }, go = "hostile" },
        { go = "hardship", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. He asks for a one-year deferral. Paraphrase; tell the truth about deferral (第六十条).
    hardship = node {
      expression = "anxious",
      say = function(state)
        if state.anger >= 65 then
          return "别光查账了！我就一句话：能不能给我缓一年？听说有缓缴政策，你给我办了就完了。"
        end
        return "两家店还开着，流水比前年少了三成。四十多个员工，我一个都没舍得裁。"
            .. "听说有缓缴政策？您直接给我缓一年行不行？"
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
        "缓缴要审批的，我说了不算，您可以试试。",
        "行，没问题，缓缴一年包在我身上。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile" },
        { when = { missed = { "compliance.no_promise" } }, go = "deferral_push", set = { promised = true } },
        { when = { met = { "lur.understand", "compliance.no_promise" } }, go = "late_fee",
          set = { truthful = true } },
        { when = { anger_at_least = 85 }, go = "hostile" },
        { go = "late_fee", set = { slip_hardship = true } },
      },
    },

    -- 2b. After "deferral is no problem": he wants it done today. Walk it back now, or the
    -- session ends in the future complaint.
    deferral_push = node {
      expression = "happy",
      say = "真的？太好了！那你现在就给我办，今天就把缓缴手续弄好。这三个月的钱我先不交了，行吧？",
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
      say = vary(
        "那我要是再拖几个月，到底要多掏多少钱？你给我算笔明白账。",
        "你还是没说清楚：晚交一天到底多交多少？"),
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
          .. "用他听得懂的数算一笔账。",
      model = "您问得在点子上，我给您算笔账。按《社会保险法》第八十六条，从欠费那天起，每天加收万分之五的滞纳金。"
           .. "欠十万，一天就多五十，一个月一千五。限期后还不交，还可能罚欠款的一到三倍。"
           .. "所以越早定方案越省钱。",
      choices = {
        "好，我给您算笔明白账。按《社会保险法》第八十六条，从欠费那天起，每天加收万分之五的滞纳金。欠十万，一天就多五十，一个月一千五。限期后还不交，还可能罚欠款的一到三倍。所以越早定方案越省钱。",
        "晚交会有滞纳金，具体多少系统会算的。",
        "拖得越久罚得越多，活该，早干嘛去了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile" },
        { when = { met = { "arrears.late_fee" } }, go = "employees", set = { fee_explained = true } },
        { when = { visits_at_least = 2 }, go = "employees", set = { slip_late_fee = true } },
        { when = { trust_below = 30 }, go = "late_fee", set = { slip_late_fee = true } },
        { go = "employees", set = { slip_late_fee = true } },
      },
    },

    -- 4. The urgency: his employees' medical cover. Acknowledge, explain plainly, no guesses.
    employees = node {
      expression = "anxious",
      say = "还有个事我一直不敢问……欠着的这几个月，员工看病会不会受影响？"
         .. "我们有个厨师，他爱人正住院呢。",
      criteria = { "empathy.acknowledge", "clarity.plain_language", "lur.respond", "compliance.no_promise",
                   "empathy.courtesy", "empathy.no_blame" },
      hint = "他是真着急。先认可他惦记员工；再实话实说：很多地方欠费一段时间后员工医保报销会暂停，"
          .. "养老记录也会断，具体按本地规定；不要随口说“没事”。最后落到尽快定缴费方案。",
      model = "您的担心我理解，这时候还惦记员工，很难得。实话说，很多地方欠费超过一段时间，员工医保报销就会暂停，"
           .. "养老记录也会断。具体多久按本地规定，我马上帮您查。所以最要紧的是先把缴费方案定下来。",
      choices = {
        "您的担心我理解，这时候还惦记员工，很难得。实话说，很多地方欠费超过一段时间，员工医保报销就会暂停，养老记录也会断。具体多久按本地规定，我马上帮您查。所以最要紧的是先把缴费方案定下来。",
        "会有影响的，您尽快交吧。",
        "这就是你自己欠费的后果，员工看不了病，怪谁？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "notice",
          set = { urgency = true } },
        { go = "notice", set = { slip_employees = true } },
      },
    },

    -- 5. One-time notice of the instalment application materials.
    notice = node {
      expression = "calm",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你刚才没说全。到底几样？各去哪儿弄？哪天之前交？"
        elseif state.anger >= 60 then
          return "行了，你就直说：分期要交什么？一次说全，别让我来回跑。"
        end
        return "那行，我申请分期。要交什么材料？您一次给我说全，店里离不开人，我跑不起第二趟。"
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise", "clarity.plain_language" },
      hint = "一次性告知：三样材料、每样去哪弄、哪天前交，一口气说全。可以顺带说明要审批，不要说“肯定能批”。",
      model = "明白，您店里离不开人，我一次说全，一共三样。一、分期缴纳申请书，窗口领或官网下载。"
           .. "二、近半年的财务报表，找您店里财务出。三、分期缴纳计划，写清每月交多少，照窗口给的模板填。"
           .. "请本月25日前交到窗口，我们审核后报批。",
      notice = {
        items = {
          { label = "分期缴纳申请书", match = { "申请书", "书面申请" }, where = { "窗口", "官网" } },
          { label = "近期财务报表", match = { "财务报表", "报表" }, where = { "财务" } },
          { label = "分期缴纳计划", match = { "还款计划", "缴费计划", "分期计划", "分期缴纳计划" },
            where = { "模板", "窗口" } },
        },
        deadline = { "25日前", "25号前", "二十五日前", "二十五号前" },
      },
      choices = {
        "明白，您店里离不开人，我一次给您说全，一共三样。一、分期缴纳申请书，窗口领或官网下载。二、近半年的财务报表，找您店里财务出。三、分期缴纳计划，写清每月交多少，照窗口给的模板填。请本月25日前交到窗口，我们审核后报批。",
        "写个申请，再附上财务报表，交过来就行。",
        "材料清单官网上都有，你自己去下。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile" },
        { when = { met = { "clarity.one_time_notice" } }, go = "promise_trap", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 80 }, go = "escalated" },
        { when = { visits_at_least = 3 }, go = "promise_trap", set = { incomplete = true } },
        { go = "notice", set = { slip_notice = true } },
      },
    },

    -- 6. "Give me your word it will be approved, and waive the late fee." No verbal promises.
    promise_trap = node {
      expression = "suspicious",
      say = function(state)
        if state.flags and state.flags.promised then
          return "你刚才都说能缓了，那分期肯定也能批吧？滞纳金也给我免了，行不行？"
        end
        return "材料我一定交齐。你给我句准话：分期肯定能批吧？滞纳金能不能给我免了？"
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
        "我理解您想要个准信。但批不批、滞纳金怎么算，要按规定审批，我不能口头答应您。分期期间滞纳金一般照算，以本地规定为准。我能做的是把材料一次审齐，尽快报上去。结果会书面通知您，有异议可以申请复核或行政复议，也可以打12333。",
        "这个不好说，等通知吧。",
        "放心，我跟领导说一声，肯定批，滞纳金也给你免了。",
      },
      next = {
        { when = { missed = { "compliance.no_promise" } }, go = "broken_promise" },
        { when = { missed_any = { "empathy.no_blame" } }, go = "hostile" },
        { when = { flags = { "promised" } }, go = "closing", set = { walked_back = true } },
        { when = { met = { "compliance.channel" } }, go = "closing" },
        { go = "closing", set = { slip_promise = true } },
      },
    },

    -- 7. "What if it is refused?" Channels, and thanks.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.flags and state.flags.walked_back then
          return "你刚才还说能缓，现在又要审批……行吧。要是最后批不下来，我还能找谁？"
        elseif state.trust >= 55 then
          return "明白了，我心里有数了，回去就让财务准备。要是审批下来不同意，我还能怎么办？"
        end
        return "行吧……要是最后批不下来，我还能找谁？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.acknowledge", "empathy.courtesy",
                   "compliance.no_promise", "empathy.no_blame" },
      hint = "讲清不批之后的路：书面通知写明原因；有异议可申请复核或在60日内申请行政复议，"
          .. "也可以打12333。最后认可他撑着员工的不容易。",
      model = "您的担心我明白。要是不批，书面通知里会写明原因，咱们再一起看别的办法。您对决定有异议，"
           .. "可以申请复核，或在60日内申请行政复议，也可以打12333。您这么难还想着员工，谢谢您。",
      choices = {
        "您的担心我明白。要是不批，书面通知里会写明原因，咱们再一起看别的办法。您对决定有异议，可以申请复核，或在60日内申请行政复议，也可以打12333。您这么难还想着员工，谢谢您。",
        "到时候看通知吧。",
        "批不下来就老老实实全额交，找谁都没用。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "escalated" },
        -- 5 stars only for a clean run: at most one weak reply, no standing promise, no
        -- recovered blow-up. A promise taken back caps it at 4, one left standing at 3.
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 70 and state.anger < 30
               and not (f.promised or f.incomplete or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50,
                   anger_below = 50, not_flags = { "promised" } }, go = "satisfied" },
        -- A flat last answer only escalates when he had no trust left to lose.
        { when = { anger_at_least = 80, trust_below = 50 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: he threatens to complain. One chance to recover.
    hostile = node {
      expression = "furious",
      say = vary(
        "你们就知道要钱！我店都快倒了，四十多口人等着吃饭，你还跟我讲罚款？",
        "跟你说不通！叫你们领导来，不行我就打12345投诉！"),
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
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "listened" } },
          go = "hardship", set = { listened = true, recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "noticed" } },
          go = "notice", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85 }, go = "closing",
          set = { recovered = true } },
        { when = { anger_at_least = 95 }, go = "escalated" },
        { go = "hostile" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "行，账算明白了，路也清楚了。我回去就让财务弄，25号前送过来。谢谢你，没拿官腔压我。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "行，我回去准备。批不批按规定来，至少这回我知道该怎么走了。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      say = "行吧，我回去准备材料。批不批的，我心里还是没底。",
    },
    escalated = ending {
      outcome = "escalated", rating = 1, expression = "furious",
      say = "我跟你说不着！我这就去找你们领导，再打12345投诉你们！",
    },
    broken_promise = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = function(state)
        if state.flags.deferral_promise then
          return "（一个月后）你说缓缴包在你身上，结果根本不符合条件！欠费没交，滞纳金越滚越多，我要投诉你！"
        end
        return "（一个月后）你当时拍胸脯说肯定批、滞纳金也免！现在滞纳金一分没少，我要投诉你！"
      end,
    },
  },
}
