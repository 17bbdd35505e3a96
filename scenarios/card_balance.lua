-- card_balance.lua - a man finds money missing from his social-security card's bank account and
-- suspects theft or the agency. The record shows a bank withholding (代扣) error. Trains: calm a
-- suspicious person, verify identity before looking at the account, explain the cause in plain
-- words, own the follow-up with the bank instead of sending him there (首问负责制, cross-
-- department collaboration), a set time to call back, no promise of a refund, formal channels.
-- Sources: 001 五 冲突化解（事实还原、规则透明；案例：银行代扣误差，主动联系银行核查）,
-- 001 六 沟通后的跟进（回访）, 001 七 隐私保护, 004 四 不得推诿, FACTS 首问负责制.
--
-- Graph (main path): opening -> verify -> explain -> runaround -> refund -> closing
-- Side node: flare (he feels fobbed off; one recovery).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), escalated (2),
-- broken_promise (complaint two days later, 2), complaint (1).

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
  id = "card_balance",
  title = "社保卡上少了三百八",
  summary = "孙志强发现社保卡的银行账户里少了三百八十元，怀疑被盗刷，也怀疑是社保扣的。"
         .. "其实是银行代扣出了差错。练习：先稳住情绪，核实身份再查，讲清原因，主动联系银行，约好回复时间。",
  sources = { "001 五 冲突化解（案例：银行代扣误差）", "001 六 沟通后的跟进", "001 七 隐私保护",
              "004 四 服务规范（不得推诿）", "FACTS 首问负责制" },
  difficulty = 1,
  notes = "“三百八十元”“上个月二十号”为示例。本例假设窗口能看到社保卡金融账户的代扣记录并能"
       .. "联系合作银行；各地系统和分工不同。“两个工作日内回电话”为示例时限（材料中的案例为48小时内解决），"
       .. "以当地规定为准。退款与否、何时到账由银行核查决定。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy" },
  persona = {
    name = "孙志强", age = 55, gender = "male",
    role = "企业职工，发现社保卡银行账户里少了钱，怀疑被盗刷",
    anger = 60, trust = 25,
    -- Suspicious: facts and a named next step win him; "go ask the bank" is exactly what he
    -- fears, and a promise he later finds hollow costs more than no promise.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -5, trust = 4 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 4, trust = -3 } },
      ["lur.order"]               = { met = { anger = -5, trust = 2 }, missed = { anger = 6, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -10, trust = 4 }, missed = { anger = 5 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { trust = -12 } },
      ["compliance.channel"]      = { met = { trust = 5 } },
      ["compliance.privacy"]      = { met = { trust = 6 }, missed = { trust = -10 } },
      ["clarity.plain_language"]  = { met = { trust = 2 }, missed = { anger = 4, trust = -2 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He slaps the card down. Acknowledge the worry; let him say what he saw.
    opening = node {
      expression = "angry",
      say = "你们给看看！我社保卡里平白少了三百八！是被人盗刷了，还是你们社保给扣了？"
         .. "今天不说清楚我不走！",
      hint = "钱少了谁都急。先认可他的担心，再请他说说是哪天、怎么发现的。别一上来就说“我们没扣”。",
      model = "孙师傅，卡里钱对不上，换了谁都着急，让您担心了。咱们一起查。"
           .. "您说说，是哪天发现的？看到的是一笔什么样的扣款？",
      choices = {
        "孙师傅，卡里钱对不上，换了谁都着急。咱们一起查。您说说是哪天发现的？看到的是一笔什么样的扣款？",
        "社保不会扣您卡里的钱。请出示身份证，我查一下。",
        "我们又不会动你的钱，你自己没看清楚吧？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 55 }, go = "verify",
          set = { listened = true } },
        { when = { visits_at_least = 2 }, go = "verify", set = { rushed = true } },
        { go = "opening" },
      },
    },

    -- 2. He offers his PIN so she can "check faster". Identity first; never the password.
    verify = node {
      expression = "suspicious",
      identity = true,
      say = vary(
        "上个月二十号，短信说扣了三百八，我啥也没买。卡给你，密码我也告诉你，你赶紧查！",
        "你到底查不查？要啥你说！"),
      criteria = { "compliance.privacy", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "lur.understand" },
      hint = "密码千万别要。复述一下他说的时间和金额，请他出示身份证核实身份，再在系统里查。",
      model = "密码您收好，别告诉任何人，我们也不需要。请您先出示身份证，核实一下身份。"
           .. "您是说上个月二十号那笔三百八，您没消费过，对吗？核实完我马上查。",
      choices = {
        "密码您收好，我们不需要。请先出示身份证，核实一下身份。您是说上个月二十号那笔三百八，您没消费过，对吗？核实完我马上帮您查。",
        "行，您说一下密码，我登录看看。",
        "密码告诉我干嘛？你们这些人就是不长心。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "explain", set = { privacy_slip = true } },
        { when = { met = { "compliance.privacy" } }, go = "explain", set = { verified = true } },
        { go = "verify" },
      },
    },

    -- 3. The record shows a bank withholding error. Say so plainly.
    explain = node {
      expression = "suspicious",
      say = function(state)
        if state.trust >= 40 then
          return "查出来了？到底是谁扣的？你说明白点，别跟我绕。"
        end
        return "查了半天，到底是不是盗刷？你给句明白话。"
      end,
      criteria = { "clarity.plain_language", "empathy.no_blame", "empathy.courtesy", "card.cause" },
      checks = {
        { id = "card.cause", name = "讲清原因", all = { { "银行" }, { "代扣", "多扣", "扣错" } },
          note = "用大白话讲清：不是盗刷，也不是社保扣的，是银行代扣时扣错了。" },
      },
      reacts = { ["card.cause"] = { met = { anger = -10, trust = 10 }, missed = { anger = 5 } } },
      hint = "先给结论：不是盗刷。再说原因：银行代扣的时候扣错了一笔。一句一个意思，别用术语。",
      model = "查到了，您放心，不是盗刷，也不是社保扣的。是银行那天代扣别的费用时，"
           .. "多扣了您三百八。这笔是扣错了。",
      choices = {
        "查到了，您放心，不是盗刷，也不是社保扣的。是银行那天代扣别的费用时，多扣了您三百八。这笔是扣错了。",
        "系统显示这笔是银行渠道的交易，不属于社保业务。",
        "早说了不是我们扣的，是你自己没看清楚。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "card.cause" } }, go = "runaround", set = { explained = true } },
        { when = { visits_at_least = 2 }, go = "runaround" },
        { go = "explain" },
      },
    },

    -- 4. The buck-passing trap: "so now you'll send me to the bank?"
    runaround = node {
      expression = "angry",
      say = "银行扣错的？那你是不是又要让我去银行？我上回去银行，人家说是社保卡的事，让我找你们！",
      criteria = { "empathy.no_blame", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "card.own" },
      checks = {
        { id = "card.own", name = "主动联系银行",
          all = { { "我来联系", "我联系", "我们联系", "我去联系", "我跟银行", "我和银行",
                    "我们跟银行", "我们和银行", "我打电话给银行" } },
          note = "首问负责：由你去联系银行核查，不让他两头跑。" },
      },
      reacts = { ["card.own"] = { met = { anger = -12, trust = 10 } } },
      hint = "首问负责：认下他两头跑的委屈，告诉他不用再去银行，由你来联系银行核查。",
      model = "两头被推，确实窝火。您不用再跑了，这事我来联系银行核查，"
           .. "把查的结果告诉您。您留个电话就行。",
      choices = {
        "两头被推，确实窝火。您不用再跑了，这事我来联系银行核查，查清了告诉您，您留个电话就行。",
        "这个需要银行处理，您可以带着卡去银行柜台问一下。",
        "银行的事不归我们管，你去银行问吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "card.own" } }, go = "refund", set = { owned = true } },
        { when = { anger_at_least = 80 }, go = "escalated" },
        { go = "refund", set = { sent_to_bank = true } },
      },
    },

    -- 5. "When do I get it back? Guarantee it." No promise; a set time to call back.
    refund = node {
      expression = "anxious",
      say = function(state)
        if state.flags and state.flags.sent_to_bank then
          return "又让我去银行……行，那钱到底能不能退？啥时候退？你敢保证吗？"
        end
        return "那行。钱能退回来吧？啥时候？你给我保证一下。"
      end,
      criteria = { "compliance.no_promise", "lur.respond", "empathy.acknowledge", "empathy.courtesy",
                   "card.follow_up" },
      checks = {
        { id = "card.follow_up", name = "约定回复时间",
          all = { { "回电话", "给您回", "答复您", "通知您", "告诉您" },
                  { "两个工作日", "48小时", "两天", "三个工作日" } },
          note = "说清楚什么时候、用什么方式回复他。" },
      },
      reacts = { ["card.follow_up"] = { met = { anger = -8, trust = 10 } } },
      hint = "退不退、何时到账要等银行核查，不能打包票。能承诺的是你自己的行动：今天就联系银行，"
          .. "两个工作日内给他回电话。",
      model = "您想早点拿回钱，我理解。退不退、啥时候到账，要等银行核查，我不能打包票。"
           .. "我今天就把情况报给银行，两个工作日内给您回电话。",
      choices = {
        "您想早点拿回钱，我理解。退不退、啥时候到账要等银行核查，我不能打包票。我今天就报给银行，两个工作日内给您回电话。",
        "应该能退吧，您等着就行。",
        "放心，我保证三百八一分不少明天就到账。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        -- A promised date he will hold her to: the cost shows two days later.
        { when = { missed = { "compliance.no_promise" } }, go = "broken_promise" },
        { when = { met = { "card.follow_up" } }, go = "closing", set = { follow_up = true } },
        { when = { anger_at_least = 75 }, go = "escalated" },
        { go = "closing" },
      },
    },

    -- 6. "What if the bank drags its feet?" Formal channels; a reference number.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 55 then
          return "行，我等你电话。可万一银行拖着不办呢？我找谁？"
        end
        return "我还是不放心。银行要是拖着不办，我找谁去？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "给他受理编号，告诉他拖着不办可以打12333反映或投诉，也可以找值班长；最后谢谢他的耐心。",
      model = "我给您登记了受理编号，写在这张纸上。银行要是拖着，您打12333反映，"
           .. "也可以找我们值班长。今天让您着急了，谢谢您的耐心。",
      choices = {
        "我给您登记了受理编号，写在纸上了。银行要是拖着，您打12333反映，也可以找我们值班长。今天让您着急了，谢谢您的耐心。",
        "一般不会拖，您等消息就行。",
        "银行拖不拖我哪知道，那是银行的事。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = { met = { "compliance.channel" }, trust_at_least = 70, anger_below = 30,
                   flags = { "listened", "verified", "owned", "follow_up" },
                   not_flags = { "promised", "privacy_slip", "recovered" } }, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 45,
                   anger_below = 50 }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: he feels fobbed off. One chance to recover.
    flare = node {
      expression = "furious",
      say = vary(
        "你什么态度？钱丢了还成我的不是了？叫你们领导来！",
        "又推！我不跟你说了，我找领导，我还要投诉！"),
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -20, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，认可他着急；表态你来负责查到底，请他接着说。他坚持找领导也别拦。",
      model = "对不起，是我说话不妥。钱对不上，您着急是应该的。这事我负责查到底，"
           .. "您接着说。您要找值班长，我马上去请。",
      choices = {
        "对不起，是我说话不妥。钱对不上，您着急是应该的。这事我负责查到底，您接着说。您要找值班长，我马上去请。",
        "您别激动，有话好好说。",
        "找谁都没用，领导也是这么说。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "explained" } },
          go = "verify", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "owned" } },
          go = "runaround", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "refund",
          set = { recovered = true } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "行，没被盗刷我就放心了。编号我收着，等你电话。你这人办事靠谱。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "好吧，知道是咋回事了。我回去等消息，有事再来。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "suspicious",
      say = "行吧，我先回去。可这钱一天不回来，我这心一天放不下。",
    },
    broken_promise = ending {
      outcome = "complaint", rating = 2, expression = "angry",
      say = "（两天后，电话里）你不是保证第二天就到账吗？钱呢？银行说还在核查！你们说话算不算数？",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      say = "跟你说不明白。我找你们值班长去，今天非弄清楚不可！",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "钱丢了没人管，还给我脸色看！我这就打12345投诉你们！",
    },
  },
}
