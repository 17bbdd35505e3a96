-- delivery_rider.lua - a young delivery rider refuses to enrol as a flexible worker because a
-- month's contribution looks like a lot of money. Trains: hear his budget before arguing, break
-- the cost down (pension / medical), mention subsidies he may qualify for, show the long-term
-- value (a monthly pension at retirement age after 15 years, medical reimbursement) without
-- promising an amount, and a one-time notice of what to bring.
-- Sources: 000 §二(二) 费用分解 / 风险提示 and the delivery-rider case, 000 §三(一) 三步法,
-- 000 §三(二) 不得口头承诺, FACTS 社会保险法第十六条.
--
-- Graph (main path): opening -> situation -> breakdown -> subsidy -> value -> enrol -> closing
--   Selling before listening skips his story: opening -> breakdown.
-- Side nodes: flare (he feels looked down on; one recovery, back where it happened), burned
-- (after a promised amount; walk it back).
-- Endings: enrolled (5, at most one slip), satisfied (4), partial (3), walked_away (2),
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
local function met(state, id) return (last(state).met or {})[id] == true end

-- Weak replies on the main path are remembered as flags slip_<node>; the top rating allows one.
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- The one-time notice at `enrol`: what a reply covers (each item named, with where to get it
-- when that matters, and the deadline). Remembered as flags had_1..had_3 and had_deadline, so
-- that a second try only has to add what is still missing.
local ITEMS = {
  { label = "身份证原件", short = "身份证" },
  { label = "社会保障卡", short = "社保卡", where = { "银行" } },
  { label = "就业困难人员认定证明", short = "认定证明", where = { "社区", "街道" } },
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

local function concat(a, b)
  local out = {}
  for _, x in ipairs(a) do out[#out + 1] = x end
  for _, x in ipairs(b) do out[#out + 1] = x end
  return out
end

-- The deadline as said: "月底" he can repeat back; other phrasings as "按你说的日子".
local function month_end(reply)
  return reply.deadline and has_any(reply.text or "", { "月底" })
end

local function when_phrase(state)
  return state.flags.month_end and "月底前" or "按你说的日子"
end

local function remember(node)
  local out = {}
  for m = 0, (1 << (#ITEMS + 1)) - 1 do
    local set = { "slip_" .. node }
    for i = 1, #ITEMS do
      if m & (1 << (i - 1)) ~= 0 then set[#set + 1] = "had_" .. i end
    end
    if m & (1 << #ITEMS) ~= 0 then set[#set + 1] = "had_deadline" end
    out[#out + 1] = { when = function(reply) return cover_mask(reply) == m and month_end(reply) end,
                      go = node, set = concat(set, { "had_month_end" }) }
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


-- Answers an offer made while calming him down (a supervisor, the complaint channel).
local function after_flare(state)
  if act(state, "escalate") or said(state, { "科长", "领导", "站长", "主任" }) then
    return "领导就不用找了，你好好说话就行。"
  end
  if act(state, "apology") then return "行，你这么说我就不计较了。" end
  return "行，我不跟你吵。"
end

local RECOVER = { "empathy.acknowledge" }

local function back(flag, go)
  return { when = { met = RECOVER, anger_below = 85, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
end

return scenario {
  id = "delivery_rider",
  title = "外卖小哥不想交社保",
  summary = "外卖骑手刘阳被站点劝来窗口，觉得灵活就业参保一个月一千多太贵，不想交。"
         .. "练习：先听他算账，再分项讲清钱交到哪儿、有没有补贴、长远有什么用，不打包票。",
  sources = { "000 二(二) 费用分解与风险提示（案例：外卖骑手）", "000 三(一) 三步法",
              "000 三(二) 不得口头承诺", "FACTS 社会保险法第十六条" },
  difficulty = 1,
  notes = "“一个月一千多”“五六千收入”等金额均为示例。灵活就业人员的缴费档次、社保补贴"
       .. "（常见为对就业困难人员的补贴）的对象、标准、认定证明的开具地点（社区或街道）因地而异，"
       .. "以当地规定为准。“本月底前”来办、社保卡在“合作银行”网点办理为示例。"
       .. "医保报销比例以当地规定为准，对话中不给具体比例。",
  brief = {
    who = "刘阳，26岁，外卖骑手，没跟站点签劳动合同。站长让他来问灵活就业参保，他觉得太贵",
    brought = { "什么都没带，只是来问问" },
    system = { "刘阳：没有参保记录，也没有办过社保卡" },
    rules = {
      "灵活就业人员可以按月交两项：基本养老保险和基本医疗保险；档次按当地规定选（一千多是他听说的数，示例）",
      "交的钱和年限都记在本人名下，可在电子社保卡或国家社会保险公共服务平台查",
      "依据：《社会保险法》第十六条，到法定退休年龄、累计缴费满15年，按月领基本养老金；领多少要看交多少、交多久，不能承诺金额",
      "医保：参保后看病住院按规定报销一部分（比例以当地规定为准）",
      "社保补贴（示例）：符合条件的就业困难人员灵活就业后可申请，要先到社区或街道开就业困难人员认定证明；能不能享受以审核为准",
      "缴费档次：可以按当地规定选低一些的档次",
      "参保登记带：身份证原件；社会保障卡（没有的先到合作银行网点办）；申请补贴另带就业困难人员认定证明（社区或街道开）",
      "办理期限（示例）：本月底前来办，当月就能参保",
      "查缴费记录：电子社保卡或国家社会保险公共服务平台；咨询、投诉打12333；对服务可在“好差评”上评价",
    },
    facts = {},
  },
  top = "全程最多一处不到位：先认可钱的压力、听他算账并复述确认；分项讲清养老和医保；说明补贴要看条件；"
     .. "按《社会保险法》第十六条讲长远用处，不保证金额；一次说全三样东西、去哪儿弄和月底期限；告诉他在哪查、找谁。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy" },
  persona = {
    name = "刘阳", age = 26, gender = "male",
    role = "外卖骑手，站点让他来问灵活就业参保，他觉得太贵不想交",
    anger = 45, trust = 30,
    -- Young and practical: numbers and concrete help win him; a lecture or a brush-off
    -- ("不交是你自己的事") loses him at once, and a promised amount makes him suspicious.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -5, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 5 }, missed = { anger = 3, trust = -2 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -8, trust = 4 }, missed = { anger = 4 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -4 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { anger = 5, trust = -15 } },
      ["compliance.basis"]        = { met = { trust = 5 } },
      ["compliance.channel"]      = { met = { trust = 4 } },
      ["clarity.plain_language"]  = { met = { trust = 3 }, missed = { anger = 5, trust = -3 } },
      ["clarity.one_time_notice"] = { met = { anger = -10, trust = 8 }, missed = { anger = 8, trust = -6 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He arrives defensive. Acknowledge the cost worry and ask about his situation.
    opening = node {
      expression = "suspicious",
      say = "站长非让我来问社保。我先说好啊，一个月交一千多，我可交不起。"
         .. "我就是个跑外卖的，能不能别交？",
      hint = "他还没开口细说就先拒绝了。别急着劝，先认可钱的压力，再请他说说自己的收入和开销。",
      model = "小刘，一个月一千多确实不是小数，您有顾虑我理解。您先说说，平时一个月大概挣多少、"
           .. "开销主要在哪儿？咱们一起算算。",
      choices = {
        "小刘，一个月一千多确实不是小数，您有顾虑我理解。您说说平时一个月挣多少、开销在哪儿？咱们一起算算。",
        "灵活就业人员可以自愿参保，建议您还是交上。请问您要办理吗？",
        "交不起那是你自己的事，以后老了没钱别来找我们。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_opening = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 45 }, go = "situation",
          set = { "listened" } },
        { when = { met = { "lur.listen" } }, go = "situation", set = { "slip_opening" } },
        -- Went straight to selling: he skips his story and asks where the money goes.
        { go = "breakdown", set = { "rushed", "slip_opening" } },
      },
    },

    -- 2. His budget and his real worry (his mother's medicine). Paraphrase before explaining.
    situation = node {
      expression = "sad",
      say = function(state)
        local l = last(state)
        if l.node == "flare" and state.visits >= 2 then
          return after_flare(state) .. "我再说一遍：一个月五六千，房租一千五，还得给我妈寄药钱。"
              .. "养老那是几十年后的事，你听明白没？"
        elseif l.node == "flare" then
          return after_flare(state) .. "跟你说实话，一个月跑五六千，房租一千五，还得给我妈寄药钱。"
              .. "养老那是几十年后的事，现在交了图啥？"
        end
        if state.visits >= 2 then
          if said(state, { "建议", "还是交", "最好交", "应该交" }) then
            return "你先别劝我交。我说的就两条：钱紧，养老又太远。你听明白没？"
          end
          return "我说得有点乱。简单说就两条：钱紧，养老又太远。你听明白没？"
        end
        local pre = ""
        if act(state, "open_question") then pre = "行，我给你算算。" end
        return pre .. "一个月跑下来五六千，房租一千五，还得往老家寄钱，我妈高血压天天吃药。"
            .. "再说我才二十六，养老是几十年后的事，现在交了图啥？"
      end,
      criteria = { "lur.understand", "lur.listen", "empathy.acknowledge", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "用自己的话复述：钱紧、要养家、觉得养老太远。末尾问一句“对吗？”。先别讲政策。",
      model = "您是说，每月要交房租、给家里寄钱，手头本来就紧，养老又觉得太远，对吗？"
           .. "您的顾虑我理解。那咱们先看看这笔钱到底交到哪儿去了。",
      choices = {
        "您是说，房租加上给家里寄钱，手头本来就紧，养老又觉得还远，对吗？您的顾虑我理解，咱们先看看这钱交到哪儿去了。",
        "灵活就业参保是自愿的，不过还是建议您交。",
        "年轻人别光顾着眼前，你不交以后吃亏的是你自己。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_situation = true } },
        { when = { met = { "lur.understand" } }, go = "breakdown", set = { "confirmed" } },
        { when = { visits_at_least = 2 }, go = "breakdown" },
        { go = "situation", set = { "slip_situation" } },
      },
    },

    -- 3. Where does the money go? Break the cost into pension and medical, in plain words.
    breakdown = node {
      expression = "suspicious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "那你接着说，这一千多到底交的是哪几样？"
        end
        if state.visits >= 2 then
          local pension = said(state, { "养老" })
          local medical = said(state, { "医保", "医疗", "看病", "住院" })
          if pension and not medical then
            return "养老那块我听懂了。那看病那块呢？每个月这钱是怎么分的？"
          elseif medical and not pension then
            return "看病能报我听懂了。那剩下的交哪儿了？每个月怎么分的？"
          elseif medical and pension then
            return "养老、医疗这些词我听过，可你说得太官方了。每个月交的钱，到底怎么用到我身上？"
          end
          return "你还是没说清楚。这一千多每个月交上去，到底是哪几样？"
        end
        local pre = ""
        if state.flags.confirmed then
          pre = "对，就是这么回事。"
        elseif said(state, { "建议", "还是交", "最好交", "应该交", "要办理吗", "办理吗" }) then
          pre = "先别急着劝我交。"
        end
        if state.anger >= 55 then
          return pre .. "你就直说，一千多块交上去，是不是就进了你们口袋？"
        end
        return pre .. "那你给我算算，这一千多都交到哪儿去了？我交了能落着啥？"
      end,
      criteria = { "clarity.plain_language", "empathy.no_blame", "empathy.courtesy",
                   "rider.breakdown" },
      checks = {
        { id = "rider.breakdown", name = "分项讲清费用",
          all = { { "养老" }, { "医保", "医疗" }, { "每月", "每个月", "一个月", "按月" } },
          note = "把费用拆开讲：每月交的钱里，一部分是养老保险，一部分是医疗保险。" },
      },
      reacts = { ["rider.breakdown"] = { met = { anger = -6, trust = 8 }, missed = { anger = 4 } } },
      hint = "把一千多拆开：每月交的是两项，养老保险，到退休后按月领；医保，看病住院能报销。"
          .. "用他听得懂的话，别堆术语。",
      model = "这钱分两块。每月大头交养老保险，交的钱和年头都记在您名下，退休后按月领钱。"
           .. "另一块交医保，以后看病住院能按规定报销一部分。随时能查。",
      choices = {
        "这钱分两块。每月大头交养老保险，钱和年头都记在您名下，退休后按月领钱。另一块交医保，看病住院能按规定报销。",
        "灵活就业人员缴纳基本养老保险和基本医疗保险，费率按规定执行。",
        "交到哪儿你管那么多干嘛，规定就是规定，交就是了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_breakdown = true } },
        { when = { met = { "rider.breakdown" } }, go = "subsidy", set = { "explained" } },
        { when = { visits_at_least = 2 }, go = "subsidy" },
        { go = "breakdown", set = { "slip_breakdown" } },
      },
    },

    -- 4. "Still too much." Subsidies and a lower tier, as local rules allow; no flat "交不起就别交".
    subsidy = node {
      expression = "anxious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "补贴的事你给我句实话：到底有没有？"
        end
        if state.visits >= 2 then
          if said(state, { "补贴" }) then
            return "你说到补贴，我就想弄明白：像我这样跑外卖的，够不够条件？"
          end
          return "钱怎么分的我大概懂了，可还是那句话：淡季三四千，一千多交不起。补贴到底有没有？"
        end
        local pre = "听着是有用。"
        if state.flags.explained then pre = "噢，养老一块、看病一块，这我明白了。" end
        if said(state, { "补贴" }) then
          return pre .. "可淡季一个月才挣三四千。你刚才说到补贴——真有？我够不够得上？"
        end
        return pre .. "可一千多还是一千多啊，旺季还行，淡季一个月才三四千。"
            .. "我听人说有补贴，真的假的？"
      end,
      criteria = { "empathy.acknowledge", "lur.respond", "compliance.no_promise", "empathy.no_blame",
                   "rider.subsidy" },
      checks = {
        { id = "rider.subsidy", name = "告知补贴政策",
          all = { { "补贴" }, { "条件", "符合", "认定" } },
          note = "告诉他符合条件可以申请社保补贴，说明要看条件，不要一口答应。" },
      },
      reacts = { ["rider.subsidy"] = { met = { anger = -8, trust = 6 } } },
      hint = "认可淡季收入少。告诉他：当地对符合条件的灵活就业人员有社保补贴，条件要核实；"
          .. "也可以按当地规定选低一档缴费。别说“肯定能拿到”。",
      model = "淡季收入少，压力确实大。补贴是有的：符合当地条件的灵活就业人员可以申请社保补贴，"
           .. "我帮您对一下条件。另外按当地规定，也可以先选低一档缴费。",
      choices = {
        "淡季收入少，压力确实大。补贴是有的，符合当地条件的可以申请，我帮您对一下条件。也可以按当地规定先选低一档交。",
        "有补贴，但要符合条件才行。",
        "补贴哪有那么好拿，你这种情况别想了，回去吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_subsidy = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { "promised" } },
        { when = { met = { "rider.subsidy" } }, go = "value", set = { "subsidy_told" } },
        { go = "value", set = { "slip_subsidy" } },
      },
    },

    -- 5. The long-term value, and the promise trap: "how much will I get? guarantee it".
    value = node {
      expression = "suspicious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" or l.node == "burned" then
          local pre = l.node == "flare" and after_flare(state) or "行，你说实话就好。"
          return pre .. "那我换个问法：交了到底值不值？以后每月能领多少，你说得准吗？"
        end
        if state.visits >= 2 then
          return "值不值这事咱们又绕回来了。我不要你拍胸脯，"
              .. "你就照规定说：交够多少年、到什么时候能领？"
        end
        local pre = ""
        if state.flags.subsidy_told and said(state, { "帮您对", "帮你对", "帮您查", "帮您看", "帮您问", "帮您核" }) then
          pre = "行，补贴的条件你帮我对对。"
        elseif state.flags.subsidy_told then
          pre = "补贴要看条件，这我记下了。"
        end
        if state.trust >= 50 then
          return pre .. "可我还是想知道，交了到底值不值？你能保证我以后每月领多少吗？"
        end
        return pre .. "说来说去，我交几十年，到时候能领多少？你敢不敢保证？万一白交了呢？"
      end,
      criteria = { "compliance.no_promise", "compliance.basis", "empathy.acknowledge",
                   "clarity.plain_language", "rider.long_term" },
      basis = { "社会保险法", "第十六条", "退休年龄", "满15年", "满十五年", "15年" },
      checks = {
        { id = "rider.long_term", name = "讲清长期价值",
          all = { { "养老金", "退休" }, { "报销", "看病", "住院" } },
          note = "讲清长期的用处：到退休年龄按月领养老金；医保让看病住院能报销。" },
      },
      reacts = { ["rider.long_term"] = { met = { anger = -5, trust = 8 } } },
      hint = "具体金额不能打包票，要看交多少、交多久。讲依据：《社会保险法》第十六条，到退休年龄、"
          .. "累计缴满15年，按月领养老金；医保现在生病住院就能用上。",
      model = "您怕白交，我理解。具体领多少我不能打包票，要看交了多少年、交多少。按《社会保险法》"
           .. "第十六条，到退休年龄、累计缴满15年，就按月领养老金。医保眼下就有用，看病住院能报销。",
      choices = {
        "您怕白交，我理解。领多少我不能打包票。按社会保险法第十六条，到退休年龄、缴满15年，就按月领养老金。医保眼下看病住院就能报销。",
        "领多少是按交费年限和交的钱算的，到时候按规定发。",
        "放心，我保证你以后每月至少能领三千，稳赚不赔。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_value = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { "promised", "value_done" } },
        { when = { met = { "rider.long_term", "compliance.basis" } }, go = "enrol",
          set = { "valued", "value_done" } },
        { go = "enrol", set = { "slip_value", "value_done" } },
      },
    },

    -- 5b. After a promise: he has heard such guarantees before. Walk it back.
    burned = node {
      expression = "suspicious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "可你刚才那个保证，到底算不算数？"
        end
        if state.visits >= 2 then
          return "你这话说得含含糊糊的。刚才那个保证，你到底认不认？"
        end
        if said(state, { "保证" }) then
          return "你保证？我一个老乡也听人保证过，后来说政策不是那样。你们说的话到底算不算数？"
        end
        return "这么肯定？我一个老乡也听人这么说过，后来说政策不是那样。你们说的话到底算不算数？"
      end,
      criteria = { "empathy.acknowledge", "compliance.no_promise", "compliance.basis",
                   "empathy.no_blame", "empathy.courtesy" },
      basis = { "社会保险法", "第十六条", "退休年龄", "15年", "按规定" },
      hint = "承认刚才说过头了，收回承诺。讲清楚哪些是规定写明的（到退休年龄、缴满15年按月领），"
          .. "哪些要看以后的情况。",
      model = "您说得对，刚才那话我说过头了，对不起。具体金额我不能保证。能确定的是规定："
           .. "按社会保险法第十六条，到退休年龄、缴满15年，按月领养老金。",
      choices = {
        "您说得对，刚才那话我说过头了，对不起。金额我不能保证。能确定的是：按社会保险法第十六条，到退休年龄、缴满15年，按月领养老金。",
        "按规定算，大概就是那个数。",
        "信不信由你，爱交不交。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_burned = true } },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" }, flags = { "value_done" } },
          go = "enrol", set = { "walked_back" } },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "value",
          set = { "walked_back" } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
        { go = "burned" },
      },
    },

    -- 6. How to enrol: one-time complete notice. He cannot afford extra trips (lost orders).
    enrol = node {
      expression = "calm",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "你就一次告诉我：带啥、上哪儿弄、啥时候前来？"
        end
        if state.visits >= 2 then
          local got, need = {}, {}
          for i, it in ipairs(ITEMS) do
            if state.flags["had_" .. i] then got[#got + 1] = it.short end
          end
          if not state.flags.had_deadline then need[#need + 1] = "啥时候之前来" end
          -- an item he heard named without where to get it: ask for that place
          for i, it in ipairs(ITEMS) do
            if not state.flags["had_" .. i] and (l.named or {})[it.label] and it.where then
              return (#got > 0 and table.concat(got, "、") .. "我记下了。" or "")
                  .. it.short .. "我没有啊，上哪儿弄？还差别的吗？" .. (need[1] and need[1] .. "？" or "")
            end
          end
          local ask = "还差啥？上哪儿弄？" .. (#need > 0 and "还有，" .. need[1] .. "？" or "")
          if #got == 0 then
            return "你说得太笼统了，我记不住。到底带啥、上哪儿弄、啥时候之前来？一样一样说。"
          end
          if #got == #ITEMS then
            return table.concat(got, "、") .. "我记下了。那" .. (need[1] or "还有别的吗") .. "？"
          end
          return table.concat(got, "、") .. "我记下了。" .. ask .. "我跑一趟就少接好几单。"
        end
        local pre = ""
        if state.flags.valued then
          pre = "按月领钱、看病能报，这我听明白了。"
        elseif state.flags.walked_back then
          pre = "行，不保证就不保证，说实话就好。"
        end
        return pre .. "那要办的话得带啥？上哪儿弄？我一天不跑单就少挣一天，可没空来回跑。"
      end,
      criteria = { "clarity.one_time_notice", "lur.respond", "empathy.acknowledge",
                   "empathy.no_blame", "clarity.plain_language" },
      notice = {
        items = {
          { label = "身份证原件", match = { "身份证" }, where = {} },
          { label = "社会保障卡", match = { "社保卡", "社会保障卡" }, where = { "银行" } },
          { label = "就业困难人员认定证明", match = { "认定证明", "认定" }, where = { "社区", "街道" } },
        },
        deadline = { "月底前", "本月底", "这个月底", "月底以前", "30天内", "三十天内" },
      },
      hint = "一次性告知：要带的每样东西、去哪儿弄、什么时候前来，一口气说全，省得他少跑单。",
      model = "耽误您跑单，不好意思，我一次说全。第一，身份证原件。第二，社保卡，没有的话去合作银行办。"
           .. "第三，想申请补贴，去社区开就业困难人员认定证明。本月底前带齐来，一次就能办完。",
      choices = {
        "耽误您跑单，不好意思，我一次说全。一，身份证原件。二，社保卡，没有就去合作银行办。三，申请补贴要去社区开认定证明。本月底前带齐，一次办完。",
        "带身份证和社保卡来办理就行。",
        "要带什么墙上都贴着，你自己看。",
      },
      next = (function()
        local t = {
          { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
            set = { back_enrol = true } },
          -- (month_end: the deadline he heard was the end of the month, so he can repeat it)
          { when = function(reply) return reply.met["clarity.one_time_notice"] and month_end(reply) end,
            go = "closing", set = { "noticed", "month_end" } },
          { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { "noticed" } },
          -- Second try: enough if, with what was said the first time, everything is covered.
          { when = function(reply, state)
              return state.visits >= 2 and all_covered(reply, state)
                 and (month_end(reply) or state.flags.had_month_end)
            end, go = "closing", set = { "noticed", "month_end" } },
          { when = function(reply, state) return state.visits >= 2 and all_covered(reply, state) end,
            go = "closing", set = { "noticed" } },
          { when = { visits_at_least = 2, anger_at_least = 60 }, go = "walked_away" },
          { when = { visits_at_least = 2 }, go = "closing" },
        }
        return concat(t, remember("enrol"))
      end)(),
    },

    -- 7. Where to check later, and where to turn if something goes wrong.
    closing = node {
      expression = "calm",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          return after_flare(state) .. "最后问一句：交了以后我上哪儿查？出了问题找谁？"
        end
        if state.flags.noticed and state.trust >= 60 then
          return "行，那我" .. when_phrase(state) .. "带齐了来办。以后交没交上、交了多少，我上哪儿查？有问题找谁？"
        end
        if state.flags.noticed then
          return "东西我记下了，再想想吧……那要是交了，以后交没交上我上哪儿查？出了问题找谁？"
        end
        local items = true
        for i = 1, #ITEMS do
          items = items and (state.flags["had_" .. i] or covered(last(state), i))
        end
        if items and not (state.flags.had_deadline or last(state).deadline) then
          return "东西我记下了，可啥时候之前来你也没说，回头再问吧……那要是交了，以后交没交上我上哪儿查？出了问题找谁？"
        end
        return "带啥我还是没记全，回头再说吧……那要是交了，以后交没交上我上哪儿查？出了问题找谁？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "告诉他在电子社保卡或国家社会保险公共服务平台上查缴费记录；有问题打12333，不满意可以投诉"
          .. "或在“好差评”上评价。最后谢谢他。",
      model = "交费记录在电子社保卡或国家社会保险公共服务平台上随时能查。有问题打12333咨询，"
           .. "对办理不满意也可以投诉，或在好差评上评价。谢谢您耐心听我说完。",
      choices = {
        "记录在电子社保卡或国家社会保险公共服务平台上随时能查。有问题打12333，不满意可以投诉，或在好差评上评价。谢谢您耐心听我说。",
        "在网上可以查缴费记录，有问题可以打12333。",
        "交没交上你自己不会看啊？别什么都来问我们。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        -- The top rating: no promise, no blow-up, at most one weak reply on the way.
        { when = function(reply, state)
            return reply.met["compliance.channel"] and state.trust >= 60 and state.anger < 30
               and state.flags.noticed and not state.flags.promised and not state.flags.recovered
               and slips(state) <= 1
          end, go = "enrolled" },
        { when = function(reply, state)
            return (reply.met["compliance.channel"] or reply.met["lur.respond"]) and state.trust >= 45
               and state.anger < 50 and state.flags.noticed and slips(state) <= 2
          end, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: he feels looked down on. One chance to recover; then a complaint.
    flare = node {
      expression = "angry",
      say = function(state)
        if state.visits >= 2 then
          return "又是这态度！我不办了，我要投诉你！"
        end
        if said(state, { "年轻人", "你这种", "跑外卖", "交不起", "别想" }) then
          return "嘿，你这什么话？跑外卖的就不配好好问问？我是来问事的，不是来挨训的！"
        end
        if said(state, { "自己看", "自己的事", "自己去", "自己想办法", "别来找" }) then
          return "嘿，你这什么话？让我自己看着办？我是来问事的，不是来挨训的！"
        end
        return "嘿，你这什么态度？我是来问事的，不是来挨训的！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "先道歉，承认刚才的话让他不舒服；再请他接着说。别辩解，也别说“随便你投诉”。",
      model = "对不起，我刚才那话说得不妥，您是来问事的，该好好给您讲。您接着说，"
           .. "您最担心的是哪一块？咱们一样一样算。",
      choices = {
        "对不起，我刚才那话说得不妥，您是来问事的，该好好给您讲。您接着说，最担心的是哪一块？咱们一样一样算。",
        "我也是为你好，你别激动。",
        "要投诉你就去投诉，随便你。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        back("back_opening", "situation"),
        back("back_situation", "situation"),
        back("back_breakdown", "breakdown"),
        back("back_subsidy", "subsidy"),
        back("back_value", "value"),
        back("back_burned", "burned"),
        back("back_enrol", "enrol"),
        { when = { met = RECOVER, anger_below = 85 }, go = "closing", set = { recovered = true } },
        { go = "complaint" },
      },
    },
  },

  endings = {
    enrolled = ending {
      title = "愿意参保", outcome = "resolved", rating = 5, expression = "happy",
      explain = "先听他算账，再把钱分项讲明白，补贴和长远用处都说实话、不打包票，"
             .. "要带的东西一次说全：他心服口服，月底前来办。",
      say = function(state)
        if state.flags.subsidy_told then
          return "行，算明白了。我" .. when_phrase(state) .. "带齐东西来办，补贴的事也顺便问。谢了啊，说得挺实在。"
        end
        return "行，算明白了。我" .. when_phrase(state) .. "带齐东西来办。谢了啊，说得挺实在。"
      end,
    },
    satisfied = ending {
      title = "答应来办", outcome = "resolved", rating = 4, expression = "calm",
      explain = "他被说动了，也知道要带什么；但有一两处没做到位（没听他算账、没讲清、要他再问一遍），"
             .. "或者说过头又收回、吵过一次，所以是“满意”，不是“非常满意”。",
      say = function(state)
        return "好吧，听着是比我想的划算。东西我记下了，" .. when_phrase(state) .. "过来办。"
      end,
    },
    partial = ending {
      title = "回去再想想", outcome = "partial", rating = 3, expression = "confused",
      explain = "道理讲了一些，但要带的东西没说全，或者一路上多处不到位，他心里还是没底，决定先不办。",
      say = "道理我大概懂了，可心里还是没底。我回去再琢磨琢磨，跟家里商量商量。",
    },
    walked_away = ending {
      title = "扭头走了", outcome = "walked_away", rating = 2, expression = "sad",
      explain = "说过头的话没有收回，或者要带的东西怎么问都说不清，他觉得白跑一趟，不办了。",
      say = function(state)
        if state.flags.promised then
          return "算了，你们的话我也不知道该信哪句。我还是接着跑单去，这事以后再说吧。"
        end
        return "算了，问半天也问不明白。我还是接着跑单去，这事以后再说吧。"
      end,
    },
    complaint = ending {
      title = "投诉", outcome = "complaint", rating = 1, expression = "furious",
      explain = "他觉得被看不起、被训，两次话不投机，直接投诉了。",
      say = function(state)
        if act(state, "escalate") or said(state, { "科长", "领导" }) then
          return "行，你叫你们领导来，我当面跟他说说你这服务态度！"
        end
        return "行，你们就这服务态度是吧？我这就打12345投诉你！"
      end,
    },
  },
}
