-- contribution_base.lua - a small manufacturer's accountant disputes the verified contribution
-- base (缴费基数核定过高). The firm has in fact left bonuses and allowances out of its payroll.
-- Trains: listen before correcting, explain the basis without accusing, own the question when
-- the tax bureau collects (首问负责, no buck-passing), the one-time notice for a base review,
-- privacy of an individual employee's record, and refusing a side deal while naming the
-- formal channels (复核 -> 行政复议 within 60 days).
-- Sources: 000 §二(一)3 and its case, 000 §一(三), 000 §三(二)(三); shared FACTS 缴费基数.
--
-- Graph (main path, 7 turns):
--   opening -> details -> tax_trap -> notice -> privacy -> pressure -> closing -> resolved
-- Side nodes: defensive (a flare-up; one recovery, back to the node where it happened),
-- runaround (she was told to go to the tax bureau), notice_gap (an incomplete notice: she asks
-- only for what is missing, once), privacy_doubt (after a privacy slip), favour (after a
-- verbal favour: she wants it in writing).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), refuses (walked_away, 2),
-- escalated (1), side_deal (complaint, 1).
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

-- Terms that count as citing the basis for the base and its verification.
local BASE_BASIS = { "社会保险费征缴暂行条例", "如实申报", "工资总额", "上年度月平均工资",
                     "社会保险法", "第十二条" }

-- The one-time notice for a base review (the 15 working days is an example, see notes).
local NOTICE = {
  items = {
    { label = "工资发放明细", match = { "工资表", "工资明细", "工资发放" }, where = { "财务" } },
    { label = "银行代发流水", match = { "流水", "银行代发" }, where = { "银行" } },
    { label = "个税扣缴申报记录", match = { "个税", "个人所得税" }, where = { "电子税务局", "税务" } },
  },
  deadline = { "15个工作日", "十五个工作日" },
}
-- How she names each item when she repeats it back.
local SHORT = { "工资明细", "银行流水", "个税记录" }
-- The deadline as a second try may put it (matched in the text: no notice there).
local DEADLINE_WORDS = { "15个工作日", "十五个工作日", "15个工作", "十五个工作" }

-- Whether reply r covers item i: named (the scorer's `named` at `notice`, the match words
-- elsewhere) and, when the item has places, one of them said.
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

-- Her answer to what the clerk did while calming her down (an apology, a supervisor offered).
local function after_flare(state)
  if offered(state) then
    return "负责人就不用叫了，您把话说明白就行。"
  elseif act(state, "apology") then
    return "行，这句道歉我收下。"
  end
  return "好，我先不跟您计较。"
end

-- A recovered flare-up goes back to the node where it happened.
local function back(flag, go)
  return { when = { met = { "empathy.acknowledge" }, anger_below = 85, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
end

return scenario {
  id = "contribution_base",
  title = "缴费基数“核高了”",
  summary = "小型机械厂的会计李敏来窗口质问：核定的缴费基数比单位申报的高出一截。"
         .. "其实单位申报时漏了奖金和补贴。练习：先听后讲、讲依据不指责、不踢皮球、"
         .. "一次告知复核材料、保护职工个人信息、拒绝私下通融并指明正式渠道。",
  sources = { "000 二(一)3 争议处理及案例", "000 一(三)", "000 三(二) 法律意识与合规",
              "000 三(三) 信息安全", "FACTS 缴费基数" },
  difficulty = 3,
  notes = "本例假设：社保费由税务部门征收，基数复核申请可在社保经办窗口提交，由窗口与税务对接；"
       .. "各地分工不同，以当地规定为准。“15个工作日内”交材料、复核结果书面答复、"
       .. "金额（基本工资四千出头、核定六千多、年终奖一万二）、厂名“华鑫机械”、老张均为示例。"
       .. "基数上下限为全省城镇职工平均工资的60%和300%，具体数额以当地公布为准。"
       .. "行政复议一般在知道决定之日起60日内提出。",
  brief = {
    who = "李敏，34岁，华鑫机械（小型机械加工厂）的会计，来窗口质疑单位的缴费基数核定得太高",
    brought = { "单位缴费基数核定结果", "单位去年申报的工资表（只报了基本工资）" },
    system = {
      "华鑫机械：车间职工申报的月工资是基本工资，四千出头",
      "核定的缴费基数：六千多，按上年度工资总额算，含年终奖（每人约一万二）和各项补贴",
      "李敏是单位登记的社保经办人；查单位明细要核实她的身份证和单位授权委托书",
    },
    rules = {
      "缴费基数：职工上年度月平均工资；工资总额按统计口径，包括奖金、补贴和加班费",
      "依据：《社会保险法》第十二条，单位按工资总额的比例缴费；《社会保险费征缴暂行条例》要求单位如实申报，经办机构可以核定",
      "基数上下限：全省城镇职工平均工资的60%和300%，低于下限按60%，高于上限按300%",
      "分工（本地）：社保费由税务部门征收；基数复核申请就在本窗口提交，由窗口和税务对接，首问负责，不让单位两头跑",
      "基数复核要交三样：①去年全年的工资发放明细（含奖金补贴，单位财务出）②银行代发工资流水（到代发银行打印盖章）③个税扣缴申报记录（从电子税务局导出）",
      "期限：提交复核申请后15个工作日内交齐材料到窗口",
      "个人信息：职工个人的缴费明细只能本人查（电子社保卡、国家社会保险公共服务平台）或凭本人书面授权；单位明细先核实经办人身份和授权",
      "基数不能私下通融或调低；少报的要补缴，逾期按日加收万分之五滞纳金（《社会保险法》第八十六条）",
      "对核定有异议：申请复核，结果书面答复并写明依据；对复核结果不服，可在知道决定之日起60日内申请行政复议；咨询投诉打12333",
    },
    facts = {},
  },
  top = "全程最多一处小失误、没有冲突：先认可她的压力、复述她的意思再讲依据，不说她“瞒报”；"
     .. "说清复核申请就在本窗口交；三样材料、各去哪拿、15个工作日内交，一次说全；"
     .. "查老张的明细前先核实身份和授权；不私下通融，讲清复核和60日内申请行政复议。",
  criteria = { "lur.listen", "lur.understand", "lur.respond", "lur.order",
               "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy",
               "compliance.no_promise", "compliance.basis", "compliance.channel",
               "compliance.privacy", "clarity.plain_language" },
  persona = {
    name = "李敏", age = 34, gender = "female",
    role = "小型机械加工厂的会计，来质疑单位缴费基数核定过高",
    anger = 55, trust = 35,
    -- A professional: she is calmed by being taken seriously and by a clear written basis;
    -- an accusation or being bounced between offices hardens her fast.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 5 }, missed = { anger = 5, trust = -4 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 6, trust = -4 } },
      ["empathy.acknowledge"]     = { met = { anger = -8, trust = 4 }, missed = { anger = 4 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 2 }, missed = { trust = -4 } },
      ["compliance.basis"]        = { met = { anger = -3, trust = 5 }, missed = { trust = -6 } },
      ["compliance.channel"]      = { met = { anger = -4, trust = 4 } },
      ["compliance.privacy"]      = { met = { trust = 2 }, missed = { trust = -8 } },
      ["clarity.plain_language"]  = { met = { trust = 2 } },
      ["clarity.one_time_notice"] = { met = { anger = -10, trust = 7 }, missed = { anger = 8, trust = -8 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. She arrives with the figures. Listen first; do not open with "the rule says".
    opening = node {
      expression = "angry",
      say = "我是华鑫机械的会计。你们核定的缴费基数比我们报的高出一大截，"
         .. "一个月要多交好几千！我们小厂利润就这么点，凭什么？",
      criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
                   "empathy.courtesy", "compliance.no_promise" },
      hint = "她是带着账来的，先别反驳。认可小厂的成本压力，再请她具体说说是哪些人、哪几个月对不上。",
      model = "李会计您好，一个月多出几千块，对小厂确实不是小数，您着急我理解。"
           .. "您具体说说，是哪几个月、哪些人的基数和你们申报的对不上？咱们一起核一下。",
      choices = {
        "李会计，一个月多出几千块，对小厂确实压力不小，我理解您着急。您具体说说，是哪几个月、哪些员工的基数和你们报的对不上？咱们一起核一下。",
        "核定基数是按工资总额算的。您把单位名称告诉我，我调出来看看。",
        "核定的数就是这样。是你们单位自己少报了工资，还有理了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_opening = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 55 }, go = "details",
          set = { listened = true } },
        { go = "details", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. Her argument: only basic pay was declared. Paraphrase, then the basis, without accusing.
    details = node {
      expression = "suspicious",
      say = function(state)
        if from(state, "defensive") or state.visits >= 2 then
          return after_flare(state) .. "我再说一遍：我们报的是基本工资，四千出头，你们核到六千多。"
              .. "奖金补贴年底才发，凭什么也算进去？"
        end
        local lead = ""
        if said(state, { "单位名称", "哪个单位", "哪家单位", "单位全称" }) then
          lead = "我刚才说了，华鑫机械。"
        elseif act(state, "open_question") or met(state, "lur.listen") then
          lead = "好，我具体说。"
        end
        if state.anger >= 70 then
          return lead .. "你先别跟我讲规定！我们报的是基本工资，四千出头，你们凭什么核到六千多？"
              .. "奖金补贴年底才发，又不是每月都有！"
        end
        return lead .. "就拿车间来说，我们报的是基本工资，四千出头，你们核出来六千多。"
            .. "奖金、补贴是年底另发的，又不是每个月都有，凭什么也算进去？"
      end,
      criteria = { "lur.understand", "lur.order", "compliance.basis", "clarity.plain_language",
                   "empathy.no_blame", "empathy.courtesy" },
      basis = BASE_BASIS,
      hint = "先复述她的意思并确认。再讲依据：基数按职工上年度月平均工资，工资总额包括奖金、"
          .. "补贴和加班费；单位要如实申报。用她厂里的数举个例子，别直接说她“少报”。",
      model = "您是说，你们只按基本工资报，年底的奖金和补贴没算进去，对吗？按规定，"
           .. "基数是职工上年度月平均工资，工资总额包括奖金、补贴和加班费。"
           .. "比如年底奖金一万二，摊到每月就是一千。《社会保险费征缴暂行条例》要求如实申报，"
           .. "也就是发多少就报多少。",
      choices = {
        "您是说只报了基本工资，奖金补贴没算，对吗？按规定，基数是职工上年度月平均工资，工资总额含奖金、补贴和加班费。比如年终奖一万二，摊到每月就是一千。《社会保险费征缴暂行条例》要求如实申报，发多少报多少。",
        "奖金和补贴按规定都算工资总额，所以核定的基数会高一些。",
        "说白了就是你们单位自己瞒报工资，这是违规，后果自负。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_details = true } },
        { when = { anger_at_least = 85 }, go = "defensive", set = { flare_details = true } },
        { when = { met = { "lur.understand", "compliance.basis" } }, go = "tax_trap",
          set = { explained = true } },
        { go = "tax_trap", set = { slip_details = true } },
      },
    },

    -- 3. "Who is in charge, you or the tax bureau?" The buck-passing trap (首问负责制).
    tax_trap = node {
      expression = "suspicious",
      say = function(state)
        local q = "可这事到底归谁管？钱是税务扣的，基数是你们核的。我去税务，他们让我找社保；"
               .. "到了你们这儿，是不是又让我回税务？"
        if from(state, "runaround") or state.visits >= 2 then
          return after_flare(state) .. "那您直说：复核申请到底在哪儿交？交了以后谁去跟税务说？"
        end
        if met(state, "lur.understand") and met(state, "compliance.basis") then
          return "对，就是这个意思。奖金补贴算工资总额，这个道理我听懂了。" .. q
        elseif met(state, "compliance.basis") then
          return "规定我回去再对一对。" .. q
        elseif act(state, "checkback") or met(state, "lur.understand") then
          return "对，我就是这个意思，可您还没说依据是什么。先不说这个，" .. q
        end
        return "您说的我回去再琢磨。" .. q
      end,
      criteria = { "empathy.no_blame", "empathy.acknowledge", "lur.respond", "lur.order",
                   "clarity.plain_language", "empathy.courtesy" },
      hint = "最容易踢皮球的一步。首问负责：先认下她两头跑的辛苦，用一句话讲清分工，"
          .. "再告诉她复核申请就在这里交，不用再跑。",
      model = "两头跑确实让人窝火，您问到我这儿，我就负责到底。简单说：钱由税务部门收，"
           .. "基数复核的申请您直接交到我这个窗口，由我来和税务对接，您不用再两边跑。",
      choices = {
        "两头跑确实让人窝火，您问到我这儿，我就负责到底。简单说，钱由税务部门收；基数复核的申请您直接交到我这个窗口，我来和税务对接，您不用再两边跑。",
        "分工是这样的：税务部门收钱，复核申请交到社保窗口，由我们转给税务。",
        "收钱是税务局的事，不归我们管，你去税务局问吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "runaround" },
        { when = { met = { "lur.respond" } }, go = "notice", set = { owned = true } },
        { go = "notice", set = { slip_tax = true } },
      },
    },

    -- 4. One-time notice of the base-review (基数复核) materials.
    notice = node {
      expression = "calm",
      say = function(state)
        local ask = "要交哪些材料？各去哪儿拿？多长时间内交齐？您一次说全，我们财务就两个人，跑不起。"
        if from(state, "defensive") or state.visits >= 2 then
          return after_flare(state) .. "复核材料您还没说呢。" .. ask
        elseif from(state, "runaround") then
          return after_flare(state) .. "那就在您这儿申请复核。" .. ask
        elseif said(state, { "工资表", "工资明细", "工资发放", "流水", "个税" }) then
          return "您刚才提了几样材料，我没记全。我申请复核。" .. ask
        elseif met(state, "lur.respond") then
          return "那好，就在您这儿办，我不再两头跑了。我申请复核。" .. ask
        elseif state.anger >= 60 then
          return "行，我就在您这儿申请复核，别的先不说了。" .. ask
        end
        return "行吧，那我就在您这儿申请复核。" .. ask
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "一次性告知：三样材料、每样去哪拿、多久内交（看案情卡）。她是会计，可以说得专业些，但一定要具体。",
      model = "财务人手紧，我明白，一次给您说全，一共三样。一、去年全年的工资发放明细，您财务账上就有，要含奖金补贴。"
           .. "二、银行代发工资流水，到代发银行打印盖章。三、个税扣缴申报记录，在电子税务局导出。"
           .. "请在15个工作日内交到窗口。",
      notice = NOTICE,
      choices = {
        "好的，财务人手紧，我一次说全，一共三样。一、去年全年的工资发放明细，财务账上就有，要含奖金补贴。二、银行代发工资流水，到代发银行打印盖章。三、个税扣缴申报记录，在电子税务局导出。请在15个工作日内交到窗口。",
        "工资表和银行流水准备一下就行，尽快交过来。",
        "要什么材料网上都写着，你自己去查。",
      },
      next = concat({
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_notice = true } },
        { when = function(reply) return full(reply) and reply.met["clarity.one_time_notice"] end,
          go = "privacy", set = { noticed = true } },
        -- Every part said, but the scorer found it thin: no follow-up, a slip.
        { when = function(reply) return full(reply) end, go = "privacy",
          set = { noticed = true, slip_notice = true } },
      }, remember_gap()),
    },

    -- 4b. An incomplete notice: she repeats what she has and asks only for the rest, once.
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
        if from(state, "defensive") or state.visits >= 2 then parts[#parts + 1] = after_flare(state) end
        if #have > 0 then
          parts[#parts + 1] = table.concat(have, "、") .. "，我记下了。"
        end
        if #wherefrom > 0 then
          parts[#parts + 1] = table.concat(wherefrom, "、") .. "去哪儿开？"
        end
        if #have + #wherefrom < #NOTICE.items then
          parts[#parts + 1] = #have + #wherefrom > 0 and "复核就这些吗？还缺什么？"
                                                      or "复核到底要交哪几样？"
        end
        if not f.had_deadline then
          if l.node == "notice" and act(state, "time") then
            parts[#parts + 1] = "期限您再说准一点：是多少天，按工作日算吗？我得跟老板交代清楚。"
          else
            parts[#parts + 1] = "最晚什么时候交齐？"
          end
        end
        if #parts == 0 or (#parts == 1 and #have > 0) then
          parts[#parts + 1] = "您再给我捋一遍，我怕漏了。"
        end
        return table.concat(parts)
      end,
      criteria = { "lur.respond", "empathy.courtesy", "empathy.no_blame", "compliance.no_promise" },
      hint = "上一句没说全。她只问还缺的部分：把缺的材料、去哪拿、期限（看案情卡）补上，说具体。",
      model = "对不起，刚才没说全。一共三样：去年全年的工资发放明细，财务出；银行代发工资流水，"
           .. "到代发银行打印盖章；个税扣缴申报记录，在电子税务局导出。15个工作日内交到窗口就行。",
      choices = {
        "对不起，刚才没说全。一共三样：去年全年的工资发放明细，财务出；银行代发工资流水，到代发银行打印盖章；个税扣缴申报记录，在电子税务局导出。请在15个工作日内交到窗口。",
        "差不多就这些，您先准备着，缺什么再说。",
        "我刚才不是说了吗？你自己记一下。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_gap = true } },
        { when = function(reply, state) return closed_gap(reply, state) end, go = "privacy",
          set = { noticed = true, notice_late = true } },
        { go = "privacy", set = { incomplete = true } },
      },
    },

    -- 5. She asks for a colleague's personal record: privacy and identity check.
    privacy = node {
      expression = "calm",
      say = function(state)
        local f = state.flags
        local q = "对了，车间的老张说他个人的基数也不对。您把他的缴费明细调出来给我看看？"
               .. "他身份证号我手机里有。"
        if from(state, "defensive") or state.visits >= 2 then
          return after_flare(state) .. "还是老张那件事：他个人的缴费明细，您能调出来给我看看吗？"
              .. "身份证号我手机里有。"
        elseif from(state, "notice") and f.noticed then
          return "三样材料和期限我都记下了，回去就准备。" .. q
        elseif from(state, "notice_gap") and f.notice_late then
          return "这回齐了，我记下了。" .. q
        elseif f.incomplete then
          return "行吧，我先按您说的准备，不清楚的再打电话问。" .. q
        end
        return q
      end,
      criteria = { "compliance.privacy", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      identity = true,
      hint = "先核实身份和单位授权，再给单位明细；职工个人明细要本人查或有书面授权。"
          .. "给出老张自己能查的正规渠道。",
      model = "老张的事我记下了。为了保护职工个人信息，请先出示您的身份证和单位的授权委托书，"
           .. "我核实身份后给您打印单位的明细。老张本人用电子社保卡就能查自己的记录。",
      choices = {
        "老张的事我记下了。为了保护职工个人信息，请先出示您的身份证和单位的授权委托书，我核实身份后给您打印单位的明细。老张本人可以用电子社保卡或国家社会保险公共服务平台查自己的记录。",
        "老张个人的记录需要他本人查询。",
        "行，你把他身份证号报给我，我把他的缴费明细念给你听。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_privacy = true } },
        -- Giving out a colleague's record: she realises her firm's data is no safer.
        { when = { missed = { "compliance.privacy" } }, go = "privacy_doubt", set = { privacy_slip = true } },
        { when = { met = { "lur.respond" } }, go = "pressure" },
        { go = "pressure", set = { slip_privacy = true } },
      },
    },

    -- 5b. After a privacy slip: "then anyone can get our payroll from you?"
    privacy_doubt = node {
      expression = "suspicious",
      say = function(state)
        if state.visits >= 2 then
          return "怎么又这样？老张的明细、我们厂的数据，到底要不要先核实身份和授权？"
        end
        if said(state, { "身份证号", "号码" }) and not act(state, "refusal") then
          return "等等，您让我直接报老张的身份证号？不用他本人来，也不用授权？"
              .. "那我们厂的工资数据，是不是谁来问您都给？"
        end
        return "等等，我还没出示身份证和授权书呢。老张的明细、我们厂的工资数据，"
            .. "是不是谁来问您都给？"
      end,
      criteria = { "compliance.privacy", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "empathy.no_blame" },
      identity = true,
      hint = "她说得对。道歉并改正：个人明细只能本人查或凭书面授权；单位明细也要先核实经办人身份和授权。",
      model = "您提醒得对，是我刚才说错了，对不起。个人的记录只能本人查，或者凭本人的书面授权。"
           .. "单位的数据也一样：请先出示您的身份证和单位的授权委托书，核实身份后我才能打印给您。",
      choices = {
        "您提醒得对，是我刚才说错了，对不起。个人的记录只能本人查，或者凭本人的书面授权。单位的数据也一样：请先出示您的身份证和单位的授权委托书，核实身份后我才能打印给您。",
        "我也就随口一说，您别当真。",
        "你是会计，给你看看怎么了？别大惊小怪。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { met = { "compliance.privacy", "empathy.acknowledge" } }, go = "pressure",
          set = { privacy_fixed = true } },
        { when = { anger_at_least = 80 }, go = "escalated" },
        { go = "pressure" },
      },
    },

    -- 6. The admission and the ask for a favour. No side deals; name the formal channel.
    pressure = node {
      expression = "anxious",
      say = function(state)
        local ask = "说实话，奖金该算我们也知道。可今年真的难，能不能通融一下，先按我们报的数交，"
                 .. "明年再调？你们内部总有办法吧。"
        if from(state, "defensive") or (state.visits >= 2 and not from(state, "pressure")) then
          return after_flare(state) .. "我就问一句：今年能不能通融，先按我们报的数交？"
        elseif from(state, "pressure") then
          if act(state, "refusal") or said(state, { "不能通融", "不能", "没法", "不行" }) then
            return "不能通融，我听明白了。可我们要是就是不认这个数呢？还有什么路可走？"
          end
          return "您还没回答我：到底能不能通融？不能的话，我们不认这个数又该怎么办？"
        elseif from(state, "privacy_doubt") then
          if met(state, "compliance.privacy") then
            return "您改过来就好，证件和授权书我带了。" .. ask
          end
          return "算了，这事回头再说。" .. ask
        end
        local lead = ""
        if said(state, { "身份证", "授权" }) then
          lead = "身份证和授权委托书我都带了，一会儿给您。"
        end
        if said(state, { "电子社保卡", "公共服务平台", "本人" }) then
          lead = lead .. "老张那边我让他自己查。"
        end
        return lead .. ask
      end,
      criteria = { "compliance.no_promise", "compliance.basis", "compliance.channel",
                   "empathy.acknowledge", "lur.order", "empathy.no_blame" },
      basis = BASE_BASIS,
      hint = "先谢谢她说实话、认可她的难处，再明确：基数不能私下通融。讲清少报要补、"
          .. "拖久了可能有滞纳金；有异议走复核，对复核结果不服可在60日内申请行政复议。",
      model = "谢谢您跟我说实话，今年难，我理解。但基数不能通融，这个我答应不了您。"
           .. "按规定要如实申报工资总额，该算的要补上，拖久了还可能产生滞纳金。"
           .. "您对核定有异议，就走复核；对复核结果不服，可以在60日内申请行政复议。",
      choices = {
        "谢谢您跟我说实话，今年难，我理解。但基数不能通融，这个我答应不了您。按规定要如实申报工资总额，该算的要补上，拖久了还可能有滞纳金。您有异议就走复核，对复核结果不服，可以在60日内申请行政复议。",
        "这个不能通融，基数按规定核定，得按核定的数交。",
        "行，我跟领导打个招呼，今年先按你们报的数算。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive",
          set = { flare_pressure = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "favour", set = { promised = true } },
        { when = { met = { "compliance.channel" } }, go = "closing", set = { channel_given = true } },
        -- No route named: she asks for it once, then the talk moves on.
        { when = { visits_at_least = 2 }, go = "closing", set = { slip_pressure = true } },
        { go = "pressure", set = { slip_pressure = true } },
      },
    },

    -- 6b. After a verbal favour: she wants it signed. Walk it back or it ends in a complaint.
    favour = node {
      expression = "suspicious",
      say = "那好，既然能通融，您给我写个条子签个字，就写今年按我们报的数算。免得到时候你们不认账。",
      criteria = { "compliance.no_promise", "empathy.acknowledge", "compliance.basis",
                   "compliance.channel", "empathy.courtesy", "empathy.no_blame" },
      basis = BASE_BASIS,
      hint = "刚才的话说过头了：当场收回，道歉，讲清基数只能按规定核定，有异议走复核。",
      model = "对不起，我刚才说错了，这个条子我不能写，基数也不能私下调。"
           .. "按规定要如实申报工资总额。您对核定有异议，我帮您走复核，结果会书面告诉您。",
      choices = {
        "对不起，我刚才说错了，这个条子我不能写，基数也不能私下调。按规定要如实申报工资总额。您对核定有异议，我帮您走复核，结果会书面告诉您。",
        "条子就不写了，您放心就行。",
        "行，我给你写，签我的名字，肯定没问题。",
      },
      next = {
        { when = { missed_any = { "compliance.no_promise", "empathy.no_blame" } }, go = "side_deal" },
        { when = { met = { "compliance.no_promise" } }, go = "closing", set = { walked_back = true } },
        { go = "side_deal" },
      },
    },

    -- 7. What next: after the route was named she asks how the result comes and whom to ask;
    -- otherwise, what if the review upholds the base.
    closing = node {
      expression = "calm",
      say = function(state)
        local f = state.flags
        local lead = ""
        if from(state, "favour") then
          lead = "行，条子不写就不写，按规矩来。"
        elseif from(state, "defensive") then
          lead = after_flare(state)
        end
        if f.channel_given then
          if state.trust >= 55 then
            return lead .. "您说的路子我记下了，材料我回去就整理。复核结果怎么告诉我们？"
                .. "准备材料时有拿不准的，我找谁？"
          end
          return lead .. "路子我记下了。复核结果怎么告诉我们？中间有问题找谁？"
        end
        if state.trust >= 55 then
          return lead .. "明白了，材料我回去整理。可要是复核下来还是这个数呢？"
        end
        return lead .. "行吧，我回去再算算。要是复核还是这个数，我们是不是只能认了？"
      end,
      criteria = { "compliance.channel", "lur.respond", "compliance.no_promise", "empathy.courtesy",
                   "empathy.acknowledge", "empathy.no_blame" },
      hint = "讲清复核之后的路：结果书面告诉她、写明依据；不服可以在60日内申请行政复议，也可以打12333咨询；"
          .. "材料有疑问随时找你。不要预言复核结果。",
      model = "您的顾虑我理解。复核结果会书面告诉您，里面写明依据。您要是还不认可，可以在知道结果之日起60日内"
           .. "申请行政复议，也可以先打12333咨询。材料有疑问随时来找我。谢谢您今天跑这一趟。",
      choices = {
        "您的顾虑我理解。复核结果会书面告诉您，写明依据。您要是还不认可，可以在知道结果之日起60日内申请行政复议，也可以先打12333咨询。材料有疑问随时来找我，谢谢您跑这一趟。",
        "结果出来会书面通知，不服的话可以申请行政复议。",
        "结果就这样了，你们认了吧，别闹了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "escalated" },
        -- 5 stars only for a clean run: at most one weak reply, the notice complete at once,
        -- no promise, no privacy slip, no recovered flare-up.
        { when = function(reply, state)
            local f = state.flags
            local route = reply.met["compliance.channel"]
                          or (f.channel_given and reply.met["lur.respond"])
            return route and state.trust >= 70 and state.anger < 30
               and not (f.promised or f.privacy_slip or f.incomplete or f.notice_late
                        or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50,
                   anger_below = 50, not_flags = { "promised", "incomplete" } }, go = "satisfied" },
        { when = { anger_at_least = 60, trust_below = 40 }, go = "refuses" },
        { go = "partial" },
      },
    },

    -- Side node: a flare-up (she feels accused of fraud, or brushed off). One chance to recover.
    defensive = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          if offered(state) then
            return "好啊，那你把负责人叫来！我倒要问问，你们就这么接待办事的单位？"
          elseif act(state, "apology") then
            return "光说对不起有什么用？我要的是一句实在话！"
          end
          return "我不跟你说了，叫你们负责人来！"
        end
        if said(state, { "瞒报", "少报", "漏报", "假账", "违规", "后果自负", "还有理" }) then
          return "你这是说我们做假账？有证据吗？我们每一笔账都经得起查！你们领导在哪儿？"
        end
        if (last(state).missed or {})["empathy.courtesy"] then
          return "您这是什么态度？我是来办事的，不是来挨训的！你们领导在哪儿？"
        end
        return "您这是在打发我吧？我是来办事的，问不清楚我回去怎么准备？你们领导在哪儿？"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.channel" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 6 }, missed = { anger = 10 } },
      },
      hint = "她觉得被指责了。先道歉，说明你不是在指责；请她接着说，告诉她有复核渠道；她要找领导，可以请值班长。",
      model = "对不起，我刚才的话不妥，不是说您做假账。您对核定有疑问，咱们一起把数对一遍；"
           .. "您不认可，也可以申请复核。您先说说，你们是怎么算的？",
      choices = {
        "对不起，我刚才的话不妥，不是说您做假账。您对核定有疑问，咱们一起把数对一遍；您不认可，也可以申请复核。您先说说，你们是怎么算的？",
        "您别激动，我就是按规定说的。",
        "查就查，查出问题后果自负。",
      },
      next = {
        -- A third blow-up ends it, however good the reply.
        { when = { visits_at_least = 3 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { visits_at_least = 2, anger_at_least = 75 }, go = "escalated" },
        back("flare_opening", "details"),
        back("flare_details", "details"),
        back("flare_notice", "notice"),
        back("flare_gap", "notice_gap"),
        back("flare_privacy", "privacy"),
        back("flare_pressure", "pressure"),
        { when = { anger_at_least = 95 }, go = "escalated" },
        { go = "defensive" },
      },
    },

    -- Side node: she was told to go back to the tax bureau.
    runaround = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          if offered(state) then
            return "叫负责人来也行，可您先给句准话：复核申请到底在哪儿交？"
          end
          return "您还是没说清楚到底谁管！再这样我就投诉了！"
        end
        return "又是这套！税务推社保，社保推税务。我今天哪儿也不去了，叫你们负责人出来！"
      end,
      criteria = { "empathy.acknowledge", "empathy.no_blame", "lur.respond", "lur.order",
                   "empathy.courtesy", "compliance.channel" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 6 }, missed = { anger = 10 } },
      },
      hint = "首问负责：道歉，把这件事接下来。告诉她复核申请就在这里交、由你对接税务；"
          .. "她要找负责人就请值班长，或告诉她12333。",
      model = "对不起，是我没说清楚，让您更窝火了。您不用再跑：复核申请就在我这儿交，"
           .. "我来和税务对接。您要找负责人，我这就请值班长过来，也可以打12333反映。",
      choices = {
        "对不起，是我没说清楚，让您更窝火了。您不用再跑：复核申请就在我这儿交，我来和税务对接。您要找负责人，我这就请值班长过来，也可以打12333反映。",
        "您别急，我去帮您问问分工。",
        "你嚷嚷也没用，这事就是不归我们管。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { met = { "empathy.acknowledge", "lur.respond" }, anger_below = 90 }, go = "notice",
          set = { owned = true, recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, visits_at_least = 2 },
          go = "notice", set = { recovered = true, slip_tax = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "tax_trap",
          set = { recovered = true } },
        { when = { visits_at_least = 2 }, go = "escalated" },
        { go = "runaround" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      title = "问题解决",
      explain = "先听后讲、依据讲清不指责，复核申请当场接下，三样材料和期限一次说全，"
             .. "核实身份护住了个人信息，拒绝通融又指明了复核和行政复议。",
      say = "行，依据讲清楚了，材料也一次列全了。我回去就整理，按时交过来。谢谢您。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "按规矩走复核",
      explain = "她接受按规矩走复核。但途中有不到位的地方（材料第二次才说全、有过一次冲突、"
             .. "信息保护或依据讲得不够等），所以是满意而不是非常满意。",
      say = "行，路子清楚了。材料我回去整理，复核结果出来再说。谢谢。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      title = "心里不服",
      explain = "她回去准备材料，但材料没说全、依据或后面的路没讲透，或者有过承诺又收回，心里还是不服。",
      say = function(state)
        if state.flags.incomplete then
          return "材料我先按您说的准备，不全的再打电话问吧。说实话，我心里还是不太服。"
        end
        return "材料我回去整理吧。说实话，我心里还是不太服，等复核结果出来再说。"
      end,
    },
    refuses = ending {
      outcome = "walked_away", rating = 2, expression = "suspicious",
      title = "拒绝补缴",
      explain = "依据和复核的路都没讲清，她只听到“要多交钱”，决定先不交，风险留给了单位和职工。",
      say = "说来说去还是要我们多交。我回去跟老板商量，这钱先不交了，你们看着办。",
    },
    escalated = ending {
      outcome = "escalated", rating = 1, expression = "furious",
      title = "找负责人投诉",
      explain = "指责、推诿或不耐烦的话让她觉得被当成了做假账的，不再信任窗口，要找负责人并投诉。",
      say = function(state)
        if offered(state) then
          return "（值班长过来了）您是负责人？正好，刚才这事我从头跟您说，这个投诉我要提。"
        end
        return "我不跟你谈了。我现在就去找你们负责人，回头再打12333投诉！"
      end,
    },
    side_deal = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "私下通融被投诉",
      explain = "窗口口头答应或写条子通融基数，这是违规承诺；稽核一查，单位要全部补缴还加滞纳金，她回来投诉。",
      say = "（三个月后）你当初说能通融的！现在稽核要我们全部补上，还加了滞纳金。这个投诉我一定要投！",
    },
  },
}
