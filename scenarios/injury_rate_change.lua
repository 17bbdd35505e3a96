-- injury_rate_change.lua - a logistics firm's HR manager phones the collection desk after the
-- advance notice that the firm's work-injury insurance rate goes up next quarter. Trains: hear a
-- manager out, explain base rate (by industry) + floating rate (by the firm's own record) in
-- layers and plain words, refuse a side deal and name the formal channel for an objection,
-- equip him to relay the change to his boss and workers (layered explanation), and close the
-- loop with the feedback channel.
-- Sources: 000 二(三) 政策调整与信息传递（提前预告、分层解释、反馈机制；工伤保险费率调整案例）,
-- 000 二(一) 企业征缴沟通（问题导向：如何操作、何时完成）, 000 三(二) 合规（不得私下通融）,
-- FACTS 工伤保险费率.
--
-- Graph (main path, 6 turns): opening -> terms -> why_us -> deal -> relay -> closing
-- Side nodes: flare (he feels lectured or accused; one recovery, back to the node where it
-- happened).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), side_deal (complaint, 1,
-- a quarter later), escalated (2), complaint (1).
--
-- The citizen listens: every `say` answers the reply just given (state.last), never quotes
-- words the clerk did not say, and varies on a revisit.
-- Node ids, basis and checks feed `make train` (features of the labelled corpus): changing
-- them changes the shipped scorer.model.

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
-- allows at most one.
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- His answer to what the clerk did while calming him down (an apology, a supervisor offered).
local function after_flare(state)
  if offered(state) then
    return "领导就不用找了，你把事说明白就行。"
  elseif act(state, "apology") then
    return "行，这话我听进去了。"
  end
  return "算了，不说这个。"
end

-- A recovered flare-up goes back to the node where it happened.
local function back(flag, go)
  return { when = { met = { "empathy.acknowledge" }, anger_below = 90, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
end

-- The groups of the two scenario checks (the check is met when each group has a term). The
-- learned layer decides the check; when every group's term is in the reply but the check was
-- not met, the story still takes it as said (a slip), so he never asks for what he was told.
local TWO_PARTS = { { "行业" }, { "浮动" }, { "单位的情况", "公司的情况", "贵公司", "你们公司", "贵单位", "各单位", "本单位" } }
local RELAY = { { "解读", "问答", "答疑", "说明材料", "一页纸" },
                { "发给您", "给您发", "转给", "转发", "发到" } }

local function has_all(text, groups)
  for _, g in ipairs(groups) do
    if not has_any(text or "", g) then return false end
  end
  return true
end

-- Terms that count as citing the basis of the rate.
local RATE_BASIS = { "行业基准费率", "基准费率", "浮动费率", "通知", "费率", "工伤保险" }

return scenario {
  id = "injury_rate_change",
  title = "工伤保险费率要上调",
  summary = "物流公司人事经理陈国栋收到通知：下季度起单位的工伤保险费率上浮。他打来电话质问，"
         .. "还想“通融”。练习：先听，分层讲清基准费率和浮动费率，拒绝私下通融并指明异议渠道，"
         .. "帮他把变化讲给老板和工人，留好反馈渠道。",
  sources = { "000 二(三) 政策调整与信息传递（提前预告、分层解释、反馈机制）",
              "000 二(一) 企业征缴沟通（问题导向）", "000 三(二) 法律意识与合规操作",
              "FACTS 工伤保险费率" },
  difficulty = 3,
  notes = "本例的“顺达物流”“下季度起”“提前一个月通知”“下周三线上答疑”“去年两起事故”"
       .. "“一页纸政策解读和问答”“企业群”“本专线”均为示例。"
       .. "工伤保险实行行业差别基准费率和单位浮动费率；浮动的具体依据、档次和异议（复核）"
       .. "受理期限以当地通知和办法为准，对话中不给具体费率数字。",
  brief = {
    who = "陈国栋，45岁，顺达物流的人事经理，收到工伤保险费率上浮的书面通知后打来征缴专线",
    brought = { "（电话）他手上有费率调整通知：下季度起本单位工伤保险费率上浮" },
    system = {
      "顺达物流：按所在行业的基准费率缴纳工伤保险费",
      "去年发生两起工伤事故，都已认定、处理完",
      "本次上浮是单位浮动费率按本单位工伤发生情况上调；本单位的计算依据可以查到，核实后可发给单位核对",
    },
    rules = {
      "工伤保险费率分两层：行业基准费率，按行业的风险高低定；浮动费率，看本单位的工伤情况，在基准上往上或往下调",
      "调整提前通知单位（这次提前一个月）；浮动的具体依据和档次以通知和当地办法为准，电话里不报具体费率数字",
      "不能私下通融，不能先按原费率收，也不收请吃饭之类的人情",
      "单位对核定有异议：在通知规定的期限内申请复核，办法可以发给单位",
      "分层解释：有一页纸政策解读和常见问答，可以发给单位，由单位转给老板和职工；下周三有线上答疑",
      "反馈渠道：企业群、本专线、12333；以后的调整会提前在企业群和通知里发布",
    },
    facts = {},
  },
  top = "全程最多一处小失误、没有冲突：先认可成本压力、问清他最想弄明白什么；分两层讲清基准费率和浮动费率；"
     .. "讲上浮的原因不指责，主动发计算依据；不通融、讲清复核；把解读和问答发给他转给老板和工人；"
     .. "说清反馈渠道和提前通知。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy" },
  persona = {
    name = "陈国栋", age = 45, gender = "male",
    role = "物流公司人事经理，收到工伤保险费率上浮的通知后打电话来问",
    anger = 55, trust = 30,
    -- A busy manager: he wants "what, why, what do I do, by when". A clear basis and concrete
    -- help earn trust; jargon without explanation or a hint that his firm is careless angers him.
    reacts = {
      ["lur.listen"]              = { met = { anger = -3, trust = 2 } },
      ["lur.understand"]          = { met = { anger = -5, trust = 4 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 4, trust = -3 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -7, trust = 3 }, missed = { anger = 3 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { trust = -6 } },
      ["compliance.basis"]        = { met = { anger = -3, trust = 6 }, missed = { trust = -4 } },
      ["compliance.channel"]      = { met = { anger = -4, trust = 5 } },
      ["clarity.plain_language"]  = { met = { trust = 3 }, missed = { anger = 5, trust = -4 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He calls, irritated. Acknowledge the pressure; ask what exactly troubles him.
    opening = node {
      expression = "angry",
      say = function(state)
        if state.visits >= 2 then
          if said(state, { "通知", "写了", "看一下", "看看" }) then
            return "通知我看了，就是看不明白才打的电话！我就想知道：凭什么涨？"
          end
          return "你先别跟我打官腔。老板等着我回话：凭什么我们的费率要涨？"
        end
        return "我是顺达物流的人事陈国栋。你们发的通知我看了，下季度起我们工伤保险费率要上浮？"
            .. "成本本来就紧，老板让我问清楚，凭什么？"
      end,
      hint = "他带着老板的压力来的。先认可成本压力，再问清楚他最想弄明白的是哪一点。",
      model = "陈经理您好，成本本来就紧，又要多交，您着急我理解。您具体说说，"
           .. "是通知里哪一块最需要我讲清楚？",
      choices = {
        "陈经理您好，成本本来就紧又要多交，您着急我理解。您具体说说，通知里哪一块最需要我讲清楚？",
        "您好，这次调整是有依据的，您具体想了解哪部分？",
        "费率上浮说明你们单位自己安全没抓好，怪不了别人。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { flare_opening = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "terms",
          set = { listened = true } },
        { when = { visits_at_least = 2 }, go = "terms", set = { rushed = true, slip_opening = true } },
        { go = "opening", set = { slip_opening = true } },
      },
    },

    -- 2. The terms on the notice. Layer 1: what the two parts of the rate are, in plain words.
    terms = node {
      expression = "confused",
      say = function(state)
        local ask = "通知上写“行业基准费率”“浮动费率”，老板问我啥意思，我也说不清。你给我用人话讲讲。"
        if from(state, "terms") then
          local industry = said(state, { "行业" })
          local floating = said(state, { "浮动" })
          if industry and not floating then
            return "行业那一层我懂了。那“浮动”又是怎么回事，看什么浮？"
          elseif floating and not industry then
            return "浮动我大概懂了。那“基准”是按什么定的？"
          end
          return "你说的这些，我转述给老板他还是听不懂。基准是啥，浮动又是啥？一层一层说。"
        elseif from(state, "flare") or state.visits >= 2 then
          return after_flare(state) .. "你就给我讲讲：“行业基准费率”和“浮动费率”到底啥意思？"
        end
        if from(state, "opening") and state.visits == 1 and act(state, "open_question") then
          return "最想弄明白的是这两个词。" .. ask
        end
        return ask
      end,
      criteria = { "clarity.plain_language", "compliance.basis", "empathy.no_blame", "empathy.courtesy",
                   "rate.two_parts" },
      basis = RATE_BASIS,
      checks = {
        { id = "rate.two_parts", name = "讲清两部分费率",
          all = TWO_PARTS,
          note = "分两层讲：基准费率按行业风险定；浮动费率看单位自己的情况上下调。" },
      },
      reacts = { ["rate.two_parts"] = { met = { anger = -6, trust = 8 }, missed = { anger = 4 } } },
      hint = "分两层讲，每层一句话：基准费率按行业定，风险高的行业高一些；浮动费率是在这个基础上，"
          .. "看单位自己的情况往上或往下调。",
      model = "费率，说白了是交钱的比例，它分两层。第一层是行业基准费率，意思是按行业风险定，物流和办公室不一样。"
           .. "第二层是浮动费率，也就是看贵公司的情况，在基准上可能高一点，也可能低一点。",
      choices = {
        "费率，说白了是交钱的比例，分两层。一是行业基准费率，意思是按行业风险定。二是浮动费率，也就是看贵公司的情况，可能高一点也可能低一点。",
        "工伤保险费率由行业基准费率和浮动费率组成，具体以通知为准。",
        "这都看不懂？通知上写得清清楚楚，你自己再看看。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare", set = { flare_terms = true } },
        { when = { met = { "rate.two_parts" } }, go = "why_us", set = { explained = true } },
        { when = function(reply) return has_all(reply.text, TWO_PARTS) end, go = "why_us",
          set = { explained = true, slip_terms = true } },
        { when = { visits_at_least = 2 }, go = "why_us", set = { slip_terms = true } },
        { go = "terms", set = { slip_terms = true } },
      },
    },

    -- 3. Layer 2: why his firm floats up. Facts, not accusations.
    why_us = node {
      expression = "suspicious",
      say = function(state)
        if from(state, "flare") or state.visits >= 2 then
          return after_flare(state) .. "那你说，我们为啥往上浮？去年那两起小事故都处理好了啊。"
        end
        if said(state, { "事故", "工伤情况", "工伤发生" }) then
          return "你是说看我们自己的工伤情况。可去年那两起小事故都处理好了啊，这也要往上浮？"
              .. "怎么算出来的，能给我看看吗？"
        end
        if met(state, "rate.two_parts") or has_all(last(state).text, TWO_PARTS) then
          return "懂了，基准看行业，浮动看单位自己。那我们为啥往上浮？去年是出了两起小事故，可都处理好了啊。"
        end
        if state.trust >= 45 then
          return "大概懂了。那我们为啥往上浮？去年是出了两起小事故，可都处理好了啊。"
        end
        return "说到底，就是你们觉得我们单位不安全呗？去年那两起小事故，至于吗？"
      end,
      criteria = { "lur.understand", "empathy.no_blame", "compliance.basis", "lur.respond",
                   "clarity.plain_language" },
      basis = RATE_BASIS,
      hint = "复述他的疑问，别说“你们安全没抓好”。讲清浮动看的是单位的工伤情况，具体依据以通知为准；"
          .. "主动提出把你们单位的计算依据发给他核对。",
      model = "您是想知道，为什么偏偏你们往上浮，对吗？浮动看的是公司的工伤情况，"
           .. "具体以通知和当地办法为准。我帮您查一下贵公司的计算依据，今天发给您核对。",
      choices = {
        "您是想知道为什么偏偏你们往上浮，对吗？浮动看的是公司的工伤情况，以通知为准。我帮您查一下贵公司的计算依据，今天发给您核对。",
        "浮动费率是根据单位上一年的工伤情况算的，以通知为准。",
        "出了事故还问为什么？怪你们自己安全没抓好。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare", set = { flare_why = true } },
        { when = { met = { "lur.respond" }, anger_below = 60 }, go = "deal", set = { data_offered = true } },
        { go = "deal", set = { slip_why = true } },
      },
    },

    -- 4. The side-deal trap, and the formal route for an objection.
    deal = node {
      expression = "suspicious",
      say = function(state)
        local ask = "这样吧，你们内部通融一下，这季度先按原来的费率交，明年再说？我回头请你吃饭。"
        if from(state, "flare") or state.visits >= 2 then
          return after_flare(state) .. "我就直说了：这季度能不能先按原来的费率交？回头我请你吃饭。"
        end
        if act(state, "callback") then
          return "行，你查完给我回个电话。不过话说回来，" .. ask
        elseif said(state, { "发给您", "给您发", "发您", "核对" }) then
          return "依据你发过来，我核对一下。不过话说回来，" .. ask
        end
        if met(state, "lur.respond") then return "行，道理我听了。" .. ask end
        return "行吧。" .. ask
      end,
      criteria = { "compliance.no_promise", "compliance.channel", "empathy.acknowledge",
                   "empathy.courtesy", "empathy.no_blame" },
      hint = "不能通融，也不收人情。认可他想为公司省钱，告诉他正式的路：对核定有异议可以申请复核，"
          .. "在通知规定的期限内提出。",
      model = "您想为公司省点成本，我理解。但费率不能私下通融，饭也心领了。"
           .. "您要是对核定有异议，可以在通知规定的期限内申请复核，我把办法发给您。",
      choices = {
        "您想为公司省点成本，我理解。但费率不能私下通融，饭也心领了。您对核定有异议，可以在通知期限内申请复核，我把办法发给您。",
        "费率不能通融，这季度得按新费率交。",
        "行，那这季度我先给你们按原来的报，下不为例。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare", set = { flare_deal = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "side_deal" },
        { when = function(reply)
            return reply.met["compliance.channel"] and has_any(reply.text or "", { "复核" })
          end, go = "relay", set = { channel_given = true, told_review = true } },
        { when = { met = { "compliance.channel" } }, go = "relay", set = { channel_given = true } },
        { when = { anger_at_least = 75 }, go = "escalated" },
        { go = "relay", set = { slip_deal = true } },
      },
    },

    -- 5. Layered explanation: he must pass it on to his boss and to worried workers.
    relay = node {
      expression = "anxious",
      say = function(state)
        local ask = "可我回去怎么跟老板说？工人群里也七嘴八舌在问，传什么的都有。我一个个解释不过来啊。"
        if from(state, "relay") then
          if said(state, { "解读", "问答", "材料" }) then
            return "材料有就好。怎么给我？我能直接转给老板和工人群吗？"
          end
          return "你就说，有没有现成的东西，我能直接转给老板和工人？"
        elseif from(state, "flare") or state.visits >= 2 then
          return after_flare(state) .. "我现在头疼的是怎么跟老板和工人说，我一个个解释不过来。"
        end
        if said(state, { "解读", "问答", "答疑" }) then
          return "你说有解读材料，那正好。" .. ask
        elseif met(state, "compliance.channel") then
          return "不能通融就不能通融，复核的办法你发我。" .. ask
        end
        return "行吧，不通融就按规矩来。" .. ask
      end,
      criteria = { "empathy.acknowledge", "clarity.plain_language", "empathy.no_blame", "empathy.courtesy",
                   "rate.relay" },
      checks = {
        { id = "rate.relay", name = "帮他向下传达",
          all = RELAY,
          note = "分层解释：给他一份能直接转给老板和工人的解读或问答，告诉他答疑的时间。" },
      },
      reacts = { ["rate.relay"] = { met = { anger = -8, trust = 8 } } },
      hint = "分层解释：你先给他讲透，再给他一份能直接转发的解读或问答，告诉他线上答疑的时间（看案情卡），"
          .. "工人的具体问题也可以让他们来问。",
      model = "一个个解释确实辛苦。我帮您准备一份一页纸的政策解读和常见问答，今天发给您，您直接转给老板和工人群。"
           .. "下周三还有线上答疑，工人有具体问题也可以来问。",
      choices = {
        "一个个解释确实辛苦。我帮您准备一份一页纸的政策解读和问答，今天发给您，您直接转给老板和工人群。下周三还有线上答疑。",
        "理解，您可以先把通知原文给老板看，工人有疑问可以打12333问。",
        "那是你们公司内部的事，我们管不了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare", set = { flare_relay = true } },
        { when = { met = { "rate.relay" } }, go = "closing", set = { relayed = true } },
        { when = function(reply) return has_all(reply.text, RELAY) end, go = "closing",
          set = { relayed = true, slip_relay = true } },
        { when = { visits_at_least = 2 }, go = "closing", set = { slip_relay = true } },
        { go = "relay", set = { slip_relay = true } },
      },
    },

    -- 6. Feedback channel and advance notice next time.
    closing = node {
      expression = "calm",
      say = function(state)
        local f = state.flags
        if from(state, "flare") or state.visits >= 2 then
          return after_flare(state) .. "最后问一句：以后再调整能不能早点说？有意见往哪儿反映？"
        end
        local lead = ""
        if f.relayed then lead = "材料你发过来，我转到群里。" end
        if f.channel_given then
          return lead .. (f.told_review and "复核那条路我知道了。" or "不认可往哪儿走，我知道了。")
              .. "平时有意见、建议往哪儿反映？以后再调整，能不能早点告诉我们？"
        end
        if state.trust >= 60 then
          return lead .. "行，这回讲明白了。以后再有调整，能不能早点说？我们有意见往哪儿反映？"
        end
        return lead .. "就这样吧。以后再变，能不能早点告诉我们？有意见找谁？"
      end,
      criteria = { "compliance.channel", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "说清反馈渠道：企业群、这个专线、12333；调整会提前发通知。谢谢他帮忙向下传达。",
      model = "以后有调整，我们会提前在企业群和通知里发布。有意见可以打这个专线找我，"
           .. "也可以打12333反映。谢谢您帮我们把政策讲给大家。",
      choices = {
        "以后有调整，会提前在企业群和通知里发。有意见可以打这个专线找我，也可以打12333反映。谢谢您帮我们把政策讲给大家。",
        "有调整会提前通知，有意见可以打12333。",
        "该怎么调就怎么调，跟我说没用，你们也得交。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 70 and state.anger < 30
               and f.listened and f.explained and f.channel_given and f.relayed
               and not f.recovered and slips(state) <= 1
          end, go = "resolved" },
        { when = { met = { "compliance.channel" }, trust_at_least = 45, anger_below = 50 },
          go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: he feels accused or lectured. One chance to recover.
    flare = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          if offered(state) then
            return "找领导？行啊，让你们领导直接跟我们老板谈！"
          end
          return "算了，跟你说不通。我直接打12345反映你们！"
        end
        if said(state, { "安全", "事故", "怪" }) then
          return "你这什么意思？我们公司安全不安全轮不到你下结论！你们就会收钱！"
        elseif said(state, { "看不懂", "自己", "清清楚楚" }) then
          return "你这是嫌我看不懂？我打电话是来问明白的，不是来挨数落的！"
        end
        return "你这是什么态度？我好好问你，你就这么打发我？你们就会收钱！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，收回不当的话；说明你是来讲清楚政策的，请他接着问。",
      model = "对不起，陈经理，我刚才话说得不妥，不是说你们不重视安全。您接着说，"
           .. "哪一点还不清楚，我一条一条给您讲。",
      choices = {
        "对不起，陈经理，我刚才话说得不妥，不是说你们不重视安全。您接着说，哪一点还不清楚，我一条一条给您讲。",
        "您别激动，我就是照通知说的。",
        "要反映你就去反映，规定就是规定。",
      },
      next = {
        -- A second flare-up ends the call: escalated when the clerk apologised or offered a
        -- superior, a complaint otherwise.
        { when = { visits_at_least = 2, missed_any = { "empathy.no_blame", "empathy.courtesy" } },
          go = "complaint" },
        { when = { visits_at_least = 2 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        back("flare_opening", "terms"),
        back("flare_terms", "terms"),
        back("flare_why", "why_us"),
        back("flare_deal", "deal"),
        back("flare_relay", "relay"),
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { recovered = true } },
        { when = { anger_at_least = 90 }, go = "escalated" },
        { go = "flare" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      title = "问题解决",
      explain = "先听他的压力，两层费率讲得明白，上浮原因讲事实不指责，拒绝通融又给了复核的路，"
             .. "还给了他能直接转发的材料和反馈渠道。",
      say = function(state)
        if state.flags.told_review then
          return "行，材料发我，我转给老板和工人。有意见我们按你说的走复核。这回讲得清楚，谢了。"
        end
        return "行，材料发我，我转给老板和工人。有意见我们按你说的渠道反映。这回讲得清楚，谢了。"
      end,
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "基本讲清",
      explain = "他大体明白了，也知道有意见找谁。但途中有不到位的地方（开头没先认可他的压力、"
             .. "费率没一次讲清、没给复核的路或转发材料、有过一次冲突），所以是满意而不是非常满意。",
      say = "好，大概明白了。我回去跟老板汇报，有问题再打给你。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      title = "半懂不懂",
      explain = "费率的道理或反馈的渠道没讲清，他只能自己琢磨怎么跟老板和工人说。",
      say = function(state)
        if state.flags.relayed then
          return "行吧，材料我先转出去。以后有意见找谁，我还是没弄明白。"
        end
        return "行吧，我先这么跟老板说。工人那边还得我自己琢磨怎么讲。"
      end,
    },
    side_deal = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "私下通融被投诉",
      explain = "电话里答应先按原费率交，这是违规承诺；稽核一查要补缴，他回过头来要窗口负责。",
      say = "（一个季度后）稽核说我们少缴了，要补缴？当初不是你说先按原来的交吗？这事你得负责！",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      title = "转给领导",
      explain = "他没听到想要的解释，火气一直下不来，干脆让老板直接找领导谈。",
      say = function(state)
        if offered(state) then
          return "行，你让你们领导给我们老板回个电话，这事我说不清了。"
        end
        return "跟你说不明白，我让我们老板直接找你们领导谈。"
      end,
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "电话投诉",
      explain = "指责他们单位不重视安全，或者冷冰冰地打发，他挂了电话就去投诉。",
      say = "你们这是什么服务态度？我这就打12345投诉！",
    },
  },
}
