-- identity_call.lua - a hotline call: a woman says her father is in hospital and asks for his
-- pension account balance and card number, then to change his payment card by phone, offering
-- his ID number and a verification code. Trains: empathy without disclosure, never taking a
-- verification code, explaining why without accusing her, moving the matter to official
-- platforms or offline (委托书 and both IDs; a home visit where the father cannot come), and
-- telling her how to check that the caller really is the agency (hang up, call 12333).
-- Sources: 000 三(三) 信息安全保护（电话沟通避免涉及敏感信息，引导官方平台查询）,
-- 001 七 隐私保护（敏感信息转入线下核对）, 004 五(四) 信息安全, 000 二(二)1 上门服务与电话指导,
-- FACTS 服务渠道.
--
-- Graph (main path): opening -> code -> rigid -> routes -> home -> closing
-- Side node: flare (she feels treated as a fraudster; one recovery).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), breach (complaint two weeks
-- later by the real account holder, 1), escalated (2).

-- True when the reply goes along with reading out a verification code (the scorer may count the
-- word 验证码 as an identity check, so this scenario detects the request itself).
local function accepts_code(reply)
  local t = reply.text or ""
  if not string.find(t, "验证码", 1, true) then return false end
  for _, w in ipairs({ "念吧", "念一下", "报一下", "报给我", "告诉我", "说一下", "发给我", "也报", "也念" }) do
    if string.find(t, w, 1, true) then return true end
  end
  return false
end

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
  id = "identity_call",
  title = "电话里要查父亲的账户",
  summary = "来电的郑女士说父亲住院急用钱，要查父亲养老金账户、要卡号，还想电话里改收款银行卡，"
         .. "并要念身份证号和验证码。练习：共情但不在电话里谈敏感信息，不收验证码，"
         .. "讲清原因不指责，把事转到官方平台或线下，并教她核实来电真伪。",
  sources = { "000 三(三) 信息安全保护", "001 七 隐私保护（敏感信息转入线下核对）", "004 五 信息管理与信息安全",
              "000 二(二)1 上门服务与电话指导", "FACTS 服务渠道" },
  difficulty = 2,
  notes = "委托代办所需材料（委托书、双方身份证）和上门服务的条件、预约方式因地而异，以当地规定为准。"
       .. "“三天内回电”为示例。本例来电人身份无法在电话中确认，剧情故意不交代她是否真是女儿。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy", "compliance.privacy" },
  persona = {
    name = "郑晓燕", age = 34, gender = "female",
    role = "来电人，自称老人的女儿，父亲住院，想电话里查账户、改银行卡",
    anger = 50, trust = 35,
    -- Anxious and pushy: feels insulted if treated as a suspect, calms when her worry is heard
    -- and she is given a workable route. Giving her what she asks for is the real failure.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -5, trust = 4 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 4, trust = -3 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -9, trust = 4 }, missed = { anger = 5 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 2 }, missed = { trust = -8 } },
      ["compliance.channel"]      = { met = { trust = 4 } },
      -- She wants the data: refusing costs a little patience; the real cost of a leak is an ending.
      ["compliance.privacy"]      = { met = { anger = 2 }, missed = { anger = -5, trust = 5 } },
      ["clarity.one_time_notice"] = { met = { anger = -8, trust = 8 }, missed = { anger = 6, trust = -6 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. The request. Acknowledge; do not look up or read out anything.
    opening = node {
      expression = "anxious",
      identity = true,
      say = "喂，社保吗？我爸住院了，急着用钱。你帮我查查他养老金账户里还有多少，"
         .. "卡号也告诉我一下，我好去取。",
      hint = "她很急，先共情。电话里不能查、不能报余额和卡号；先别急着拒绝，问问她最急的是什么。",
      model = "您父亲住院，您着急我理解。不过账户和卡号这些，电话里我不能查也不能报，"
           .. "这是为了保护您父亲。您说说，现在最急的是哪件事？我帮您想办法。",
      choices = {
        "您父亲住院，您着急我理解。账户和卡号电话里不能查也不能报，是为了保护您父亲。您说说，最急的是哪件事？我帮您想办法。",
        "对不起，电话里不能查询个人信息。",
        "好的，我看一下……他的账户余额是三万二，卡号是6217开头的那张。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "code", set = { leaked = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "code",
          set = { listened = true } },
        { go = "code", set = { rushed = true } },
      },
    },

    -- 2. She offers his ID number and the verification code just received. Stop her.
    code = node {
      expression = "anxious",
      identity = true,
      say = vary(
        "我还想把他收养老金的卡换成我这张，方便取钱。我把他身份证号念给你，"
          .. "他手机上刚收到个验证码，我也念给你，行吧？",
        "你到底要不要验证码？我念了啊！"),
      criteria = { "compliance.privacy", "empathy.courtesy", "empathy.no_blame", "id.no_code" },
      checks = {
        { id = "id.no_code", name = "不收验证码",
          all = { { "验证码" }, { "不要", "别", "不能", "千万", "不会" } },
          note = "马上制止：验证码谁要都不能给，我们也不会要。" },
      },
      reacts = { ["id.no_code"] = { met = { trust = 8 } } },
      hint = "马上打断：验证码谁要都别给，我们也不会要；身份证号也不用念。改收款卡这种事电话里办不了。",
      model = "您先停一下：验证码谁要都千万别给，我们也不会要。证件号码也不用报。"
           .. "改收款银行卡电话里办不了，要本人或委托的人当面办，我一会儿一次说清楚。",
      choices = {
        "您先停一下：验证码谁要都千万别给，我们也不会要。证件号码也不用报。改收款卡电话里办不了，我一会儿一次说清楚怎么办。",
        "改银行卡不能电话办理，请到窗口办理。",
        "行，您念吧，验证码也报一下，我帮您改。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        -- Taking the code over the phone hands the account to whoever is calling.
        { when = function(reply) return accepts_code(reply) end, go = "breach" },
        { when = { missed = { "compliance.privacy" } }, go = "rigid", set = { leaked = true } },
        { when = { met = { "id.no_code" } }, go = "rigid", set = { code_stopped = true } },
        { go = "rigid" },
      },
    },

    -- 3. "You think I'd cheat my own father?" Explain why, without accusing her.
    rigid = node {
      expression = "angry",
      say = "你们怎么这么死板？我是他亲闺女，还能骗我亲爹的钱不成？人都躺医院了！",
      criteria = { "empathy.acknowledge", "empathy.no_blame", "lur.order", "empathy.courtesy",
                   "id.why" },
      checks = {
        { id = "id.why", name = "讲清为什么",
          all = { { "冒用", "冒领", "被骗", "诈骗", "信息安全", "骗子" } },
          note = "讲清原因：电话里确认不了是谁，这样做是防止别人冒用老人的账户，不是怀疑她。" },
      },
      reacts = { ["id.why"] = { met = { anger = -8, trust = 8 } } },
      hint = "先认可她的委屈；说明不是怀疑她，是电话里谁都能说自己是家属，这样做是防别人冒用老人的账户。",
      model = "您的委屈我理解，我不是怀疑您。电话里我们确认不了是谁，要是谁说是家属就能改卡，"
           .. "骗子也能冒用您父亲的账户。这规矩也是在护着您父亲。",
      choices = {
        "您的委屈我理解，我不是怀疑您。电话里确认不了是谁，谁说是家属就能改卡，骗子也能冒用老人的账户。这规矩也是护着您父亲。",
        "按规定，这些不能在电话里办理，请您理解。",
        "现在骗子那么多，谁知道你是不是？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "id.why" } }, go = "routes", set = { explained = true } },
        { when = { anger_at_least = 80 }, go = "flare" },
        { go = "routes" },
      },
    },

    -- 4. The real routes, told in one go: official platform for the balance, offline to change the card.
    routes = node {
      expression = "confused",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你说全了没有？到底要带哪几样？"
        end
        return "那我到底怎么办？我爸躺着动不了，钱又急着用。"
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "empathy.acknowledge", "empathy.no_blame",
                   "compliance.privacy" },
      notice = {
        items = {
          { label = "委托书", match = { "委托书" }, where = { "签字", "签名", "下载", "窗口" } },
          { label = "父亲的身份证", match = { "父亲的身份证", "他的身份证", "老人的身份证", "父亲身份证" },
            where = {} },
          { label = "您本人的身份证", match = { "您的身份证", "您本人的身份证", "您自己的身份证" }, where = {} },
        },
        deadline = {},
      },
      hint = "一次说全：查余额，可以让父亲本人在电子社保卡或国家社会保险公共服务平台上查；改收款卡，"
          .. "带委托书（父亲签字）、父亲的身份证、您的身份证来窗口办。",
      model = "您着急我理解，两件事分开办。查余额，让您父亲在电子社保卡上自己查。改收款卡要来窗口，"
           .. "带三样：您父亲签字的委托书，父亲的身份证，您的身份证。委托书可以在网上下载。",
      choices = {
        "您着急我理解，两件事分开办。查余额，让父亲在电子社保卡上自己查。改卡来窗口，带三样：父亲签字的委托书、父亲的身份证、您的身份证。",
        "您带上相关材料到窗口办理就行。",
        "动不了就等他好了再说，不归我们管。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "clarity.one_time_notice" } }, go = "home", set = { routed = true } },
        { when = { visits_at_least = 2 }, go = "home" },
        { go = "routes" },
      },
    },

    -- 5. He cannot move: a home visit or appointment, and a callback; no promise.
    home = node {
      expression = "anxious",
      say = "委托书他签倒是能签。可要是手续卡住了呢？他在医院出不来，你们能上门吗？",
      criteria = { "lur.respond", "compliance.no_promise", "empathy.acknowledge", "empathy.courtesy",
                   "id.home" },
      checks = {
        { id = "id.home", name = "上门服务或预约",
          all = { { "上门" }, { "预约", "登记", "申请" } },
          note = "告诉她行动不便的可以申请上门服务，先登记预约。" },
      },
      reacts = { ["id.home"] = { met = { anger = -8, trust = 8 } } },
      hint = "行动不便的老人可以申请上门服务：先帮她登记预约，说清多久内回电话确认；能不能上门要按规定安排，别打包票。",
      model = "老人住院出不来，确实不容易。行动不便的，可以申请上门服务。我现在给您登记预约，三天内有同事回电话跟您约时间。"
           .. "具体能不能安排要按规定审核，我不打包票，但一定给您回话。",
      choices = {
        "老人出不来确实不容易，可以申请上门服务。我现在给您登记预约，三天内同事回电话约时间。能不能安排要按规定审核，我不打包票。",
        "这个要看情况，您先来窗口问问。",
        "上门？我们哪有那么多人，你自己想办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "closing", set = { promised = true } },
        { when = { met = { "id.home" } }, go = "closing", set = { home_booked = true } },
        { go = "closing" },
      },
    },

    -- 6. Her own doubt: how does she know this call is genuine?
    closing = node {
      expression = "suspicious",
      say = function(state)
        if state.trust >= 55 then
          return "行，我明白了。不过说实话，我怎么知道你是真社保，不是骗子？"
        end
        return "说了半天，我怎么知道你是不是真社保？现在骗子可多了。"
      end,
      criteria = { "compliance.channel", "empathy.courtesy", "empathy.no_blame", "id.check_us" },
      checks = {
        { id = "id.check_us", name = "教她核实来电",
          all = { { "12333" }, { "挂", "回拨", "打过来", "官方" } },
          note = "教她：挂了电话，自己拨打官方的12333核实；我们不会要密码和验证码。" },
      },
      reacts = { ["id.check_us"] = { met = { anger = -6, trust = 10 } } },
      hint = "夸她问得对。教她挂了电话自己拨12333核实；记住社保不会要密码和验证码；有意见也可以投诉。",
      model = "您问得对，提防是应该的。您可以挂了电话，自己拨12333核实。记住，社保不会在电话里"
           .. "要密码和验证码。对我的服务有意见，也可以打12333投诉。",
      choices = {
        "您问得对，提防是应该的。您挂了电话自己拨12333核实。记住，社保不会在电话里要密码和验证码。有意见也可以打12333投诉。",
        "我们是正规单位，您放心。",
        "不信你就别打来，爱信不信，随便你。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "escalated" },
        -- What was given away on the phone comes back to the real account holder.
        { when = { flags = { "leaked" } }, go = "breach" },
        { when = { met = { "id.check_us" }, trust_at_least = 65, anger_below = 30,
                   flags = { "listened", "code_stopped", "explained", "routed", "home_booked" },
                   not_flags = { "promised", "recovered" } }, go = "resolved" },
        { when = { met_any = { "id.check_us", "compliance.channel" }, trust_at_least = 45,
                   anger_below = 50 }, go = "satisfied" },
        { go = "partial" },
      },
    },

    -- Side node: she feels treated as a fraudster. One chance to recover.
    flare = node {
      expression = "furious",
      say = vary(
        "你什么意思？把我当骗子？我爸还在病床上躺着呢！你叫什么名字，我要投诉你！",
        "不跟你说了！我找你们领导！"),
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.privacy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，说明不是把她当骗子；认可她急；请她说说现在最需要解决什么。",
      model = "对不起，我刚才的话让您难受了，我没把您当骗子。父亲住院您着急，我理解。"
           .. "您说说，现在最需要解决的是什么？我帮您找能办的路子。",
      choices = {
        "对不起，我刚才的话让您难受了，我没把您当骗子。父亲住院您着急，我理解。您说说现在最需要解决什么？我帮您找路子。",
        "您别激动，我们也是按规定。",
        "要投诉你就投诉，我工号你自己记。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "explained" } },
          go = "rigid", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "routed" } },
          go = "routes", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { recovered = true } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "行，我挂了再打12333问问。委托书我让我爸签。你说得在理，谢谢你啊。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "好吧，我按你说的准备材料。麻烦你了。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "行吧，我再想想办法。你们这手续也真够麻烦的。",
    },
    breach = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "（两周后，郑德福老人来到窗口）我的养老金怎么转到别的卡上了？"
         .. "谁在电话里把我的信息给出去的？我要投诉！",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      say = "跟你说不通。我打12345，让你们领导给我个说法！",
    },
  },
}
