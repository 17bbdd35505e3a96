-- contribution_base.lua - a small manufacturer's accountant disputes the verified contribution
-- base (缴费基数核定过高). The firm has in fact left bonuses and allowances out of its payroll.
-- Trains: listen before correcting, explain the basis without accusing, own the question when
-- the tax bureau collects (首问负责, no buck-passing), the one-time notice for a base review,
-- privacy of an individual employee's record, and refusing a side deal while naming the
-- formal channels (复核 -> 行政复议 within 60 days).
-- Sources: 000 §二(一)3 and its case, 000 §一(三), 000 §三(二)(三); shared FACTS 缴费基数.
--
-- Graph (main path):
--   opening -> details -> tax_trap -> notice -> privacy -> pressure -> closing -> resolved
-- Side nodes: defensive (she feels accused of fraud), runaround (she was told to go to the tax
-- bureau), privacy_doubt (after a privacy slip), favour (after a verbal favour: she wants it in
-- writing).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), refuses (walked_away, 2),
-- escalated (1), side_deal (complaint, 1).
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

-- Terms that count as citing the basis for the base and its verification.
local BASE_BASIS = { "社会保险费征缴暂行条例", "如实申报", "工资总额", "上年度月平均工资",
                     "社会保险法", "第十二条" }

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
       .. "各地分工不同，以当地规定为准。“15个工作日内”交材料、金额（基本工资四千出头、"
       .. "核定六千多、奖金一万二）均为示例。基数上下限为全省城镇职工平均工资的60%和300%，"
       .. "具体数额以当地公布为准。行政复议一般在知道决定之日起60日内提出。",
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
        "基数是按规定核定的。请您报一下单位名称，我查一下。",
        "核定的数就是这样。是你们单位自己少报了工资，还有理了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 55 }, go = "details",
          set = { listened = true } },
        { go = "details", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. Her argument: only basic pay was declared. Paraphrase, then the basis, without accusing.
    details = node {
      expression = "suspicious",
      say = function(state)
        if state.anger >= 60 then
          return "你先别跟我讲规定！我们报的是基本工资，四千出头，你们凭什么核到六千多？"
              .. "奖金补贴年底才发，又不是每月都有！"
        end
        return "就拿车间来说，我们报的是基本工资，四千出头，你们核出来六千多。"
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
        "您是说，你们只报了基本工资，奖金和补贴没算进去，对吗？按规定，基数是职工上年度月平均工资，工资总额包括奖金、补贴和加班费。比如年底奖金一万二，摊到每月就是一千。《社会保险费征缴暂行条例》要求如实申报，也就是发多少就报多少。",
        "奖金补贴也算工资，这是统计口径规定的，您回去看看文件吧。",
        "说白了就是你们单位自己瞒报工资，这是违规，后果自负。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive" },
        { when = { anger_at_least = 85 }, go = "defensive" },
        { when = { met = { "lur.understand", "compliance.basis" } }, go = "tax_trap",
          set = { explained = true } },
        { go = "tax_trap", set = { slip_details = true } },
      },
    },

    -- 3. "Who is in charge, you or the tax bureau?" The buck-passing trap (首问负责制).
    tax_trap = node {
      expression = "suspicious",
      say = function(state)
        if state.trust >= 50 then
          return "道理我听懂了。可这事到底归谁管？钱是税务扣的，基数是你们核的。"
              .. "我去税务，他们让我找社保；到了你们这儿，是不是又让我回税务？"
        end
        return "那这事到底归谁管？钱是税务扣的，基数是你们核的。我去税务，他们让我找社保；"
            .. "到了你们这儿，是不是又让我回税务？"
      end,
      criteria = { "empathy.no_blame", "empathy.acknowledge", "lur.respond", "lur.order",
                   "clarity.plain_language", "empathy.courtesy" },
      hint = "最容易踢皮球的一步。首问负责：先认下她两头跑的辛苦，用一句话讲清分工，"
          .. "再告诉她复核申请就在这里交，不用再跑。",
      model = "两头跑确实让人窝火，您问到我这儿，我就负责到底。简单说：钱由税务部门收，"
           .. "基数复核的申请您直接交到我这个窗口，由我来和税务对接，您不用再两边跑。",
      choices = {
        "两头跑确实让人窝火，您问到我这儿，我就负责到底。简单说，钱由税务部门收；基数复核的申请您直接交到我这个窗口，我来和税务对接，您不用再两边跑。",
        "这个要看情况，有的归税务，有的归我们，您可以两边都问问。",
        "收钱是税务局的事，不归我们管，你去税务局问吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "runaround" },
        { when = { met = { "lur.respond" } }, go = "notice", set = { owned = true } },
        { when = { anger_at_least = 75 }, go = "runaround" },
        { go = "notice", set = { slip_tax = true } },
      },
    },

    -- 4. One-time notice of the base-review (基数复核) materials.
    notice = node {
      expression = "calm",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "您刚才没说全。还有哪样？各去哪儿拿？多长时间内交？"
        elseif state.anger >= 60 then
          return "别光讲道理了。复核到底要交什么？一次说全，我们财务就两个人，跑不起。"
        end
        return "行，那我申请复核。要交哪些材料？您一次说全，我们财务就两个人，跑不起。"
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "一次性告知：三样材料、每样去哪拿、多久内交。她是会计，可以说得专业些，但一定要具体。",
      model = "财务人手紧，我明白，一次给您说全，一共三样。一、去年全年的工资发放明细，您财务账上就有，要含奖金补贴。"
           .. "二、银行代发工资流水，到代发银行打印盖章。三、个税扣缴申报记录，在电子税务局导出。"
           .. "请在15个工作日内交到窗口。",
      notice = {
        items = {
          { label = "工资发放明细", match = { "工资表", "工资明细", "工资发放" }, where = { "财务" } },
          { label = "银行代发流水", match = { "流水", "银行代发" }, where = { "银行" } },
          { label = "个税扣缴申报记录", match = { "个税", "个人所得税" }, where = { "电子税务局", "税务" } },
        },
        deadline = { "15个工作日", "十五个工作日" },
      },
      choices = {
        "好的，财务人手紧，我一次给您说全，一共三样。一、去年全年的工资发放明细，您财务账上就有，要含奖金补贴。二、银行代发工资流水，到代发银行打印盖章。三、个税扣缴申报记录，在电子税务局导出。请在15个工作日内交到窗口。",
        "工资表和银行流水准备一下就行，尽快交过来。",
        "要什么材料网上都写着，你自己去查。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive" },
        { when = { met = { "clarity.one_time_notice" } }, go = "privacy", set = { noticed = true } },
        -- Twice an incomplete list: with little trust left she gives up on the review.
        { when = { visits_at_least = 2, anger_at_least = 80 }, go = "refuses" },
        { when = { visits_at_least = 2, trust_below = 50 }, go = "refuses" },
        { when = { visits_at_least = 3 }, go = "privacy", set = { incomplete = true } },
        { go = "notice", set = { slip_notice = true } },
      },
    },

    -- 5. She asks for a colleague's personal record: privacy and identity check.
    privacy = node {
      expression = "calm",
      say = "对了，车间的老张说他个人的基数也不对。您把他的缴费明细调出来给我看看？"
         .. "他身份证号我手机里有。",
      criteria = { "compliance.privacy", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      identity = true,
      hint = "先核实身份和单位授权，再给单位明细；职工个人明细要本人查或有书面授权。"
          .. "给出老张自己能查的正规渠道。",
      model = "老张的事我记下了。为了保护职工个人信息，请先出示您的身份证和单位的授权委托书，"
           .. "我核实身份后给您打印单位的明细。老张本人用电子社保卡就能查自己的记录。",
      choices = {
        "老张的事我记下了。为了保护职工个人信息，请先出示您的身份证和单位的授权委托书，我核实身份后给您打印单位的明细。老张本人可以用电子社保卡或国家社会保险公共服务平台查自己的记录。",
        "个人的不太方便，让他自己来查吧。",
        "行，你把他身份证号报给我，我把他的缴费明细念给你听。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive" },
        -- Reading out a colleague's record: she realises her firm's data is no safer.
        { when = { missed = { "compliance.privacy" } }, go = "privacy_doubt", set = { privacy_slip = true } },
        { when = { met = { "lur.respond" } }, go = "pressure" },
        { go = "pressure", set = { slip_privacy = true } },
      },
    },

    -- 5b. After a privacy slip: "then anyone can get our payroll from you?"
    privacy_doubt = node {
      expression = "suspicious",
      say = "等等，您就这么把老张的明细念给我？那我们厂的工资数据，是不是谁来问您都给？",
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
      say = vary(
        "说实话，奖金该算我们也知道。可今年真的难，能不能通融一下，先按我们报的数交，"
          .. "明年再调？你们内部总有办法吧。",
        "您就说能不能通融吧，别的都好商量。"),
      criteria = { "compliance.no_promise", "compliance.basis", "compliance.channel",
                   "empathy.acknowledge", "lur.order", "empathy.no_blame" },
      basis = BASE_BASIS,
      hint = "先谢谢她说实话、认可她的难处，再明确：基数不能私下通融。讲清少报要补、"
          .. "拖久了可能有滞纳金；有异议走复核，对复核结果不服可在60日内申请行政复议。",
      model = "谢谢您跟我说实话，今年难，我理解。但基数不能通融，这个我答应不了您。"
           .. "按规定要如实申报工资总额，该算的要补上，拖久了还可能产生滞纳金。"
           .. "您对核定有异议，就走复核；对复核结果不服，可以在60日内申请行政复议。",
      choices = {
        "谢谢您跟我说实话，今年难，我理解。但基数不能通融，这个我答应不了您。按规定要如实申报工资总额，该算的要补上，拖久了还可能有滞纳金。您对核定有异议就走复核，对复核结果不服，可以在60日内申请行政复议。",
        "基数改不了，您还是按核定的数交吧。",
        "行，我跟领导打个招呼，今年先按你们报的数算。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "defensive" },
        { when = { missed = { "compliance.no_promise" } }, go = "favour", set = { promised = true } },
        { when = { met = { "compliance.channel" } }, go = "closing", set = { channel_given = true } },
        { when = { visits_at_least = 2 }, go = "closing", set = { slip_pressure = true } },
        { when = { anger_at_least = 50 }, go = "pressure", set = { slip_pressure = true } },
        { go = "closing", set = { slip_pressure = true } },
      },
    },

    -- 6b. After a verbal favour: she wants it signed. Walk it back or it ends in a complaint.
    favour = node {
      expression = "suspicious",
      say = "那好，您给我写个条子签个字，就说今年按我们报的数算。免得到时候你们不认账。",
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

    -- 7. What if the review upholds the base? The formal route, and thanks.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 55 then
          return "明白了。那我回去把三样材料整理好。要是复核下来还是这个数呢？"
        end
        return "行吧，我回去再算算。要是复核还是这个数，我们是不是只能认了？"
      end,
      criteria = { "compliance.channel", "lur.respond", "compliance.no_promise", "empathy.courtesy",
                   "empathy.acknowledge", "empathy.no_blame" },
      hint = "讲清复核之后的路：书面结果写明依据；不服可以在60日内申请行政复议，也可以打12333咨询。"
          .. "不要预言复核结果。",
      model = "您的顾虑我理解。复核结果会书面告诉您，里面写明依据。您要是还不认可，可以在知道结果之日起60日内"
           .. "申请行政复议，也可以先打12333咨询。材料有疑问随时来找我。谢谢您今天跑这一趟。",
      choices = {
        "您的顾虑我理解。复核结果会书面告诉您，写明依据。您要是还不认可，可以在知道结果之日起60日内申请行政复议，也可以先打12333咨询。材料有疑问随时来找我，谢谢您跑这一趟。",
        "结果会书面通知您，请注意查收。",
        "结果就这样了，你们认了吧，别闹了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "escalated" },
        -- 5 stars only for a clean run: at most one weak reply, no promise, no privacy slip,
        -- no recovered blow-up.
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 70 and state.anger < 30
               and not (f.promised or f.privacy_slip or f.incomplete or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50,
                   anger_below = 50, not_flags = { "promised" } }, go = "satisfied" },
        { when = { trust_at_least = 40 }, go = "partial" },
        { when = { anger_at_least = 60 }, go = "refuses" },
        { go = "partial" },
      },
    },

    -- Side node: she feels accused of fraud. One chance to recover.
    defensive = node {
      expression = "furious",
      say = vary(
        "你这是说我们做假账？有证据吗？我们每一笔账都经得起查！你们领导在哪儿？",
        "我不跟你说了，叫你们负责人来！"),
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.channel" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 6 }, missed = { anger = 10 } },
      },
      hint = "她觉得被扣了“做假账”的帽子。先道歉，说明你不是在指责；请她一起对数，并告诉她有复核渠道。",
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
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "explained" } },
          go = "details", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "noticed" } },
          go = "notice", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85 }, go = "closing",
          set = { recovered = true } },
        { when = { anger_at_least = 95 }, go = "escalated" },
        { go = "defensive" },
      },
    },

    -- Side node: she was told to go back to the tax bureau.
    runaround = node {
      expression = "furious",
      say = vary(
        "又是这套！税务推社保，社保推税务。我今天哪儿也不去了，叫你们负责人出来！",
        "你还是没说清楚到底谁管！我要投诉！"),
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
        -- A third blow-up ends it, however good the reply.
        { when = { visits_at_least = 3 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { met = { "empathy.acknowledge", "lur.respond" }, anger_below = 90 }, go = "notice",
          set = { owned = true, recovered = true } },
        { when = { visits_at_least = 2 }, go = "escalated" },
        { go = "runaround" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "行，依据讲清楚了，材料也一次列全了。我回去就整理，15个工作日内交过来。谢谢您。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "行，路子清楚了。材料我回去整理，复核结果出来再说。谢谢。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      say = "材料我回去整理吧。说实话，我心里还是不太服，等复核结果出来再说。",
    },
    refuses = ending {
      outcome = "walked_away", rating = 2, expression = "suspicious",
      say = "说来说去还是要我们多交。我回去跟老板商量，这钱先不交了，你们看着办。",
    },
    escalated = ending {
      outcome = "escalated", rating = 1, expression = "furious",
      say = "我不跟你谈了。我现在就去找你们负责人，回头再打12333投诉！",
    },
    side_deal = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "（三个月后）你当初说能通融的！现在稽核要我们全部补上，还加了滞纳金。这个投诉我一定要投！",
    },
  },
}
