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
-- Graph (main path): opening -> terms -> why_us -> deal -> relay -> closing
-- Side nodes: flare (he feels lectured or accused; one recovery).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), side_deal (complaint, 1,
-- a quarter later), escalated (2), complaint (1).

-- Picks a line by how often the current node has been visited (1st, 2nd, 3rd+).
local function vary(...)
  local lines = { ... }
  return function(state)
    local v = state.visits or 1
    if v < 1 then v = 1 end
    return lines[math.min(v, #lines)]
  end
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
  notes = "本例的“下季度起”“提前一个月通知”“下周三线上答疑”“去年两起事故”均为示例。"
       .. "工伤保险实行行业差别基准费率和单位浮动费率；浮动的具体依据、档次和异议（复核）"
       .. "受理期限以当地通知和办法为准，对话中不给具体费率数字。",
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
      say = "我是顺达物流的人事陈国栋。你们发的通知我看了，下季度起我们工伤保险费率要上浮？"
         .. "成本本来就紧，老板让我问清楚，凭什么？",
      hint = "他带着老板的压力来的。先认可成本压力，再问清楚他最想弄明白的是哪一点。",
      model = "陈经理您好，成本本来就紧，又要多交，您着急我理解。您具体说说，"
           .. "是通知里哪一块最需要我讲清楚？",
      choices = {
        "陈经理您好，成本本来就紧又要多交，您着急我理解。您具体说说，通知里哪一块最需要我讲清楚？",
        "费率调整是按规定执行的，通知里都写了，您看一下。",
        "费率上浮说明你们单位自己安全没抓好，怪不了别人。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "terms",
          set = { listened = true } },
        { when = { visits_at_least = 2 }, go = "terms", set = { rushed = true } },
        { go = "opening" },
      },
    },

    -- 2. The terms on the notice. Layer 1: what the two parts of the rate are, in plain words.
    terms = node {
      expression = "confused",
      say = vary(
        "通知上写“行业基准费率”“浮动费率”，老板问我啥意思，我也说不清。你给我用人话讲讲。",
        "你还是没讲明白。基准是啥，浮动又是啥？"),
      criteria = { "clarity.plain_language", "compliance.basis", "empathy.no_blame", "empathy.courtesy",
                   "rate.two_parts" },
      basis = RATE_BASIS,
      checks = {
        { id = "rate.two_parts", name = "讲清两部分费率",
          all = { { "行业" }, { "浮动" }, { "单位的情况", "公司的情况", "贵公司", "你们公司", "贵单位", "各单位", "本单位" } },
          note = "分两层讲：基准费率按行业风险定；浮动费率看单位自己的情况上下调。" },
      },
      reacts = { ["rate.two_parts"] = { met = { anger = -6, trust = 8 }, missed = { anger = 4 } } },
      hint = "分两层讲，每层一句话：基准费率按行业定，风险高的行业高一些；浮动费率是在这个基础上，"
          .. "看单位自己的情况往上或往下调。",
      model = "费率，说白了是交钱的比例，它分两层。第一层是行业基准费率，意思是按行业风险定，物流和办公室不一样。"
           .. "第二层是浮动费率，也就是看贵公司的情况，在基准上可能高一点，也可能低一点。",
      choices = {
        "费率，说白了是交钱的比例，分两层。一是行业基准费率，意思是按行业风险定。二是浮动费率，也就是看贵公司的情况，可能高一点也可能低一点。",
        "基准费率和浮动费率按工伤保险相关规定确定。",
        "这都看不懂？通知上写得清清楚楚，你自己再看看。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "rate.two_parts" } }, go = "why_us", set = { explained = true } },
        { when = { visits_at_least = 2 }, go = "why_us" },
        { go = "terms" },
      },
    },

    -- 3. Layer 2: why his firm floats up. Facts, not accusations.
    why_us = node {
      expression = "suspicious",
      say = function(state)
        if state.trust >= 45 then
          return "懂了。那我们为啥往上浮？去年是出了两起小事故，可都处理好了啊。"
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
        "系统就是这么算出来的，我们也改不了。",
        "出了事故还问为什么？怪你们自己安全没抓好。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.respond" }, anger_below = 60 }, go = "deal", set = { data_offered = true } },
        { go = "deal" },
      },
    },

    -- 4. The side-deal trap, and the formal route for an objection.
    deal = node {
      expression = "suspicious",
      say = "这样吧，你们内部通融一下，这季度先按原来的费率交，明年再说？我回头请你吃饭。",
      criteria = { "compliance.no_promise", "compliance.channel", "empathy.acknowledge",
                   "empathy.courtesy", "empathy.no_blame" },
      hint = "不能通融，也不收人情。认可他想为公司省钱，告诉他正式的路：对核定有异议可以申请复核，"
          .. "在通知规定的期限内提出。",
      model = "您想为公司省点成本，我理解。但费率不能私下通融，饭也心领了。"
           .. "您要是对核定有异议，可以在通知规定的期限内申请复核，我把办法发给您。",
      choices = {
        "您想为公司省点成本，我理解。但费率不能私下通融，饭也心领了。您对核定有异议，可以在通知期限内申请复核，我把办法发给您。",
        "费率不能改，您还是按通知交吧。",
        "行，那这季度我先给你们按原来的报，下不为例。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "side_deal" },
        { when = { met = { "compliance.channel" } }, go = "relay", set = { channel_given = true } },
        { when = { anger_at_least = 75 }, go = "escalated" },
        { go = "relay" },
      },
    },

    -- 5. Layered explanation: he must pass it on to his boss and to worried workers.
    relay = node {
      expression = "anxious",
      say = "行吧。可我回去怎么跟老板说？群里工人也在问，是不是要从工资里多扣钱。"
         .. "我一个个解释不过来啊。",
      criteria = { "empathy.acknowledge", "clarity.plain_language", "empathy.no_blame", "empathy.courtesy",
                   "rate.relay" },
      checks = {
        { id = "rate.relay", name = "帮他向下传达",
          all = { { "解读", "问答", "答疑", "说明材料", "一页纸" },
                  { "发给您", "给您发", "转给", "转发", "发到" } },
          note = "分层解释：给他一份能直接转给老板和工人的解读或问答，告诉他答疑的时间。" },
      },
      reacts = { ["rate.relay"] = { met = { anger = -8, trust = 8 } } },
      hint = "分层解释：你先给他讲透，再给他一份能直接转发的解读或问答，告诉他线上答疑的时间，"
          .. "工人的具体问题也可以让他们来问。",
      model = "一个个解释确实辛苦。我帮您准备一份一页纸的政策解读和常见问答，您直接转给老板和工人群。"
           .. "下周三还有线上答疑，工人有具体问题也可以来问。",
      choices = {
        "一个个解释确实辛苦。我帮您准备一份一页纸的政策解读和问答，今天发给您，您直接转给老板和工人群。下周三还有线上答疑。",
        "您按通知内容跟他们说就行。",
        "那是你们公司内部的事，我们管不了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "rate.relay" } }, go = "closing", set = { relayed = true } },
        { when = { visits_at_least = 2 }, go = "closing" },
        { go = "relay" },
      },
    },

    -- 6. Feedback channel and advance notice next time.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 60 then
          return "行，这回讲明白了。以后再有调整，能不能早点说？我们有意见往哪儿反映？"
        end
        return "就这样吧。以后再变，能不能早点告诉我们？有意见找谁？"
      end,
      criteria = { "compliance.channel", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "说清反馈渠道：企业群、这个专线、12333；调整会提前发通知。谢谢他帮忙向下传达。",
      model = "以后有调整，我们会提前在企业群和通知里发布。有意见可以打这个专线找我，"
           .. "也可以打12333反映。谢谢您帮我们把政策讲给大家。",
      choices = {
        "以后有调整，会提前在企业群和通知里发。有意见可以打这个专线找我，也可以打12333反映。谢谢您帮我们把政策讲给大家。",
        "有调整会通知的，您等着就行。",
        "该怎么调就怎么调，跟我说没用，你们也得交。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = { met = { "compliance.channel" }, trust_at_least = 70, anger_below = 30,
                   flags = { "listened", "explained", "channel_given", "relayed" },
                   not_flags = { "recovered" } },
          go = "resolved" },
        { when = { met = { "compliance.channel" }, trust_at_least = 45, anger_below = 50 },
          go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: he feels accused or lectured. One chance to recover.
    flare = node {
      expression = "furious",
      say = vary(
        "你这什么意思？我们公司安全不安全轮不到你下结论！你们就会收钱！",
        "算了，跟你说不通。我直接打12345反映你们！"),
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
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "explained" } },
          go = "terms", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "channel_given" } },
          go = "deal", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "relay",
          set = { recovered = true } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      say = "行，材料发我，我转给老板和工人。有意见我们按你说的走复核。这回讲得清楚，谢了。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "好，大概明白了。我回去跟老板汇报，有问题再打给你。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "行吧，我先这么跟老板说。工人那边还得我自己琢磨怎么讲。",
    },
    side_deal = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "（一个季度后）稽核说我们少缴了，要补缴？当初不是你说先按原来的交吗？这事你得负责！",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      say = "跟你说不明白，我让我们老板直接找你们领导谈。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "你们这是什么服务态度？我这就打12345投诉！",
    },
  },
}
