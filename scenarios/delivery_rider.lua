-- delivery_rider.lua - a young delivery rider refuses to enrol as a flexible worker because a
-- month's contribution looks like a lot of money. Trains: hear his budget before arguing, break
-- the cost down (pension / medical), mention subsidies he may qualify for, show the long-term
-- value (a monthly pension at retirement age after 15 years, medical reimbursement) without
-- promising an amount, and a one-time notice of what to bring.
-- Sources: 000 §二(二) 费用分解 / 风险提示 and the delivery-rider case, 000 §三(一) 三步法,
-- 000 §三(二) 不得口头承诺, FACTS 社会保险法第十六条.
--
-- Graph (main path): opening -> situation -> breakdown -> subsidy -> value -> enrol -> closing
-- Side nodes: flare (he feels looked down on; one recovery), burned (after a promised amount).
-- Endings: enrolled (5, clean run only), satisfied (4), partial (3), walked_away (2),
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
  id = "delivery_rider",
  title = "外卖小哥不想交社保",
  summary = "外卖骑手刘阳被站点劝来窗口，觉得灵活就业参保一个月一千多太贵，不想交。"
         .. "练习：先听他算账，再分项讲清钱交到哪儿、有没有补贴、长远有什么用，不打包票。",
  sources = { "000 二(二) 费用分解与风险提示（案例：外卖骑手）", "000 三(一) 三步法",
              "000 三(二) 不得口头承诺", "FACTS 社会保险法第十六条" },
  difficulty = 1,
  notes = "“一个月一千多”“五六千收入”等金额均为示例。灵活就业人员的缴费档次、社保补贴"
       .. "（常见为对就业困难人员的补贴）的对象、标准和申请地点因地而异，以当地规定为准。"
       .. "“本月底前”办理、社区开认定证明为示例。医保报销比例以当地规定为准，对话中不给具体比例。",
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
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 45 }, go = "situation",
          set = { listened = true } },
        { when = { met = { "lur.listen" } }, go = "situation" },
        -- Went straight to selling: he skips his story and asks where the money goes.
        { go = "breakdown", set = { rushed = true } },
      },
    },

    -- 2. His budget and his real worry (his mother's medicine). Paraphrase before explaining.
    situation = node {
      expression = "sad",
      say = vary(
        "一个月跑下来五六千，房租一千五，还得往老家寄钱，我妈高血压天天吃药。"
          .. "再说我才二十六，养老是几十年后的事，现在交了图啥？",
        "你听明白我的意思没？钱紧，养老又太远。"),
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
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" } }, go = "breakdown", set = { confirmed = true } },
        { when = { visits_at_least = 2 }, go = "breakdown" },
        { go = "situation" },
      },
    },

    -- 3. Where does the money go? Break the cost into pension and medical, in plain words.
    breakdown = node {
      expression = "suspicious",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你还是没说清楚。这一千多，多少是养老，多少是看病的？"
        elseif state.anger >= 55 then
          return "少来这套。你就直说，一千多块交上去，是不是就进了你们口袋？"
        end
        return "那你给我算算，这一千多都交到哪儿去了？我交了能落着啥？"
      end,
      criteria = { "clarity.plain_language", "empathy.no_blame", "empathy.courtesy",
                   "rider.breakdown" },
      checks = {
        { id = "rider.breakdown", name = "分项讲清费用",
          all = { { "养老" }, { "医保", "医疗" }, { "每月", "每个月", "一个月", "按月" } },
          note = "把费用拆开讲：每月交的钱里，一部分是养老保险，一部分是医疗保险。" },
      },
      reacts = { ["rider.breakdown"] = { met = { anger = -6, trust = 8 }, missed = { anger = 4 } } },
      hint = "把一千多拆开：每月大头是养老保险，存着退休后按月领；另一块是医保，看病住院能报销。"
          .. "用他听得懂的话，别堆术语。",
      model = "这钱分两块。每月大头交养老保险，一部分记进您自己的账户，退休后按月领钱。"
           .. "另一块交医保，以后看病住院能按规定报销一部分。钱都记在您名下，随时能查。",
      choices = {
        "这钱分两块。每月大头交养老保险，一部分记进您自己的账户，退休后按月领钱。另一块交医保，看病住院能按规定报销。",
        "灵活就业人员缴纳基本养老保险和基本医疗保险，费率按规定执行。",
        "交到哪儿你管那么多干嘛，规定就是规定，交就是了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "rider.breakdown" } }, go = "subsidy", set = { explained = true } },
        { when = { visits_at_least = 2 }, go = "subsidy" },
        { go = "breakdown" },
      },
    },

    -- 4. "Still too much." Subsidies and a lower tier, as local rules allow; no flat "交不起就别交".
    subsidy = node {
      expression = "anxious",
      say = "听着是有用。可一千多还是一千多啊，旺季还行，淡季一个月才三四千。"
         .. "我听人说有补贴，真的假的？",
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
        "有补贴，但要看条件，您自己去网上查一下吧。",
        "补贴哪有那么好拿，你这种情况别想了，回去吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { promised = true } },
        { when = { met = { "rider.subsidy" } }, go = "value", set = { subsidy_told = true } },
        { go = "value" },
      },
    },

    -- 5. The long-term value, and the promise trap: "how much will I get? guarantee it".
    value = node {
      expression = "suspicious",
      say = function(state)
        if state.trust >= 50 then
          return "行，这个我回去查查。可我还是想知道，交了到底值不值？你能保证我以后每月领多少吗？"
        end
        return "说来说去，我交几十年，到时候能领多少？你敢不敢保证？万一白交了呢？"
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
        "交得多领得多，具体多少说不好，您交了就知道了。",
        "放心，我保证你以后每月至少能领三千，稳赚不赔。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { promised = true } },
        { when = { met = { "rider.long_term", "compliance.basis" } }, go = "enrol",
          set = { valued = true } },
        { go = "enrol", set = { vague = true } },
      },
    },

    -- 5b. After a promise: he has heard such guarantees before. Walk it back.
    burned = node {
      expression = "suspicious",
      say = vary(
        "你保证？我一个老乡也听人保证过，后来说政策不是那样。你们说的话到底算不算数？",
        "你这话一会儿一个样，我到底该信哪句？"),
      criteria = { "empathy.acknowledge", "compliance.no_promise", "compliance.basis",
                   "empathy.no_blame", "empathy.courtesy" },
      basis = { "社会保险法", "第十六条", "退休年龄", "15年", "按规定" },
      hint = "承认刚才说过头了，收回承诺。讲清楚哪些是规定写明的（到退休年龄、缴满15年按月领），"
          .. "哪些要看以后的情况。",
      model = "您说得对，刚才那话我说过头了，对不起。具体金额我不能保证。能确定的是规定："
           .. "按社会保险法第十六条，到退休年龄、缴满15年，按月领养老金。",
      choices = {
        "您说得对，刚才那话我说过头了，对不起。金额我不能保证。能确定的是：按社会保险法第十六条，到退休年龄、缴满15年，按月领养老金。",
        "我说的差不多就是那样，您别想太多。",
        "信不信由你，爱交不交。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "enrol",
          set = { walked_back = true } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
        { go = "burned" },
      },
    },

    -- 6. How to enrol: one-time complete notice. He cannot afford extra trips (lost orders).
    enrol = node {
      expression = "calm",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你说全了没有？我跑一趟就少接好几单，别让我来第二回。到底带啥、上哪儿弄、啥时候？"
        end
        return "行吧，那要办的话得带啥？上哪儿弄？我一天不跑单就少挣一天，可没空来回跑。"
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
        "带身份证来就行，别的到时候再说。",
        "要带什么墙上都贴着，你自己看。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 60 }, go = "walked_away" },
        { when = { visits_at_least = 3 }, go = "walked_away" },
        { go = "enrol" },
      },
    },

    -- 7. Where to check later, and where to turn if something goes wrong.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 60 then
          return "行，那我月底前来办。以后交没交上、交了多少，我上哪儿查？有问题找谁？"
        end
        return "我再想想吧……那要是交了，以后交没交上我上哪儿查？出了问题找谁？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "告诉他在电子社保卡或国家社会保险公共服务平台上查缴费记录；有问题打12333，不满意可以投诉"
          .. "或在“好差评”上评价。最后谢谢他。",
      model = "交费记录在电子社保卡或国家社会保险公共服务平台上随时能查。有问题打12333咨询，"
           .. "对办理不满意也可以投诉，或在好差评上评价。谢谢您耐心听我说完。",
      choices = {
        "记录在电子社保卡或国家社会保险公共服务平台上随时能查。有问题打12333，不满意可以投诉，或在好差评上评价。谢谢您耐心听我说。",
        "到时候您再来窗口问就行。",
        "交没交上你自己不会看啊？别什么都来问我们。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        -- 5 stars only for a clean run: heard first, no promise, no blow-up.
        { when = { met = { "compliance.channel" }, trust_at_least = 65, anger_below = 30,
                   flags = { "listened", "noticed" }, not_flags = { "promised", "recovered" } },
          go = "enrolled" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 45,
                   anger_below = 50, flags = { "noticed" } }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: he feels looked down on. One chance to recover; then a complaint.
    flare = node {
      expression = "angry",
      say = vary(
        "嘿，你这什么话？跑外卖的就不配问问题？我是来问事的，不是来挨训的！",
        "又是这态度！我不办了，我要投诉你！"),
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
        { when = { visits_at_least = 3 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { visits_at_least = 2, anger_at_least = 70 }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "explained" } },
          go = "breakdown", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85, not_flags = { "noticed" } },
          go = "enrol", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 85 }, go = "closing",
          set = { recovered = true } },
        { when = { anger_at_least = 90 }, go = "complaint" },
        { go = "flare" },
      },
    },
  },

  endings = {
    enrolled = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      say = "行，算明白了。我月底前带齐东西来办，补贴的事也顺便问。谢了啊，说得挺实在。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "好吧，听着是比我想的划算。东西我记下了，月底前过来办。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "道理我大概懂了，可心里还是没底。我回去再琢磨琢磨，跟家里商量商量。",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      say = "算了，说半天也说不明白。我还是接着跑单去，这事以后再说吧。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "行，你们就这服务态度是吧？我这就打12345投诉你，让大家都看看！",
    },
  },
}
