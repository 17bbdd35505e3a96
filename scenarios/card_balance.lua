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

-- The reply being answered, or an empty one at the start.
local NONE = { text = "", met = {}, missed = {}, acts = {}, named = {} }
local function last(state) return state.last or NONE end

-- Whether the reply being answered contains any of the words (plain find).
local function said(state, ...)
  local text = last(state).text
  for _, w in ipairs({ ... }) do
    if string.find(text, w, 1, true) then return true end
  end
  return false
end
local function did(state, name) return last(state).acts[name] == true end

-- His answer to an offer to fetch the 值班长 (made in the reply he is answering), or "".
local function about_boss(state)
  if did(state, "escalate") then return "值班长先不用叫，你把事办明白就行。" end
  return ""
end

-- Words that mean "I will contact the bank" (the card.own check).
local OWN = { "我来联系", "我联系", "我们联系", "我去联系", "我跟银行", "我和银行",
              "我们跟银行", "我们和银行", "我打电话给银行" }

return scenario {
  id = "card_balance",
  title = "社保卡上少了三百八",
  summary = "孙志强发现社保卡的银行账户里少了三百八十元，怀疑被盗刷，也怀疑是社保扣的。"
         .. "其实是银行代扣出了差错。练习：先稳住情绪，核实身份再查，讲清原因，主动联系银行，约好回复时间。",
  sources = { "001 五 冲突化解（案例：银行代扣误差）", "001 六 沟通后的跟进", "001 七 隐私保护",
              "004 四 服务规范（不得推诿）", "FACTS 首问负责制" },
  difficulty = 1,
  notes = "“三百八十元”“上个月二十号”“重复扣款”为示例。本例假设窗口能看到社保卡金融账户的代扣记录并能"
       .. "联系合作银行；各地系统和分工不同。“两个工作日内回电话”为示例时限（材料中的案例为48小时内解决），"
       .. "以当地规定为准。退款与否、何时到账由银行核查决定。受理编号、值班长为示例。",
  brief = {
    who = "孙志强，55岁，企业职工。发现社保卡银行账户里少了三百八十元，怀疑被盗刷或被社保扣了，很冲。",
    brought = { "社会保障卡", "身份证", "手机（有扣款短信）" },
    system = {
      "社保卡金融账户代扣记录：核实持卡人身份后可以查询",
    },
    rules = {
      "查账户前先核实身份（看身份证）；不要、不听群众的密码，提醒他别告诉任何人",
      "首问负责：银行代扣差错由窗口经办人联系合作银行核查（可以直接告诉他“我来联系银行”），不让群众自己两头跑",
      "核查后回复：两个工作日内给群众回电话，告诉他核查结果",
      "退不退、何时到账由银行核查决定，窗口不得承诺",
      "登记受理，给群众受理编号；银行拖延或不满意：可打12333反映、投诉，也可找值班长",
    },
    facts = {
      "（核实身份后查询结果）上月20日一笔380元：合作银行代扣时重复扣款，属银行代扣差错；不是盗刷，也不是社保扣费",
    },
  },
  top = "先认可他的着急、问清经过；不要密码、先看身份证；用大白话讲清是银行代扣扣错了；"
     .. "由你联系银行、说定两个工作日内回电话，不打包票；最后给受理编号和12333。全程不推诿、不惹他发火。",
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
      say = function(state)
        if state.visits >= 2 then
          if said(state, "身份证") then
            return "身份证给你！可你先告诉我，这三百八到底是被人偷刷了，还是你们扣的？"
          elseif last(state).met["empathy.acknowledge"] then
            return "光说着急有啥用？我要的是个说法：这三百八上哪儿去了？"
          end
          return "你倒是说句话呀！我的三百八到底上哪儿去了？"
        end
        return "你们给看看！我社保卡里平白少了三百八！是被人盗刷了，还是你们社保给扣了？"
          .. "今天不说清楚我不走！"
      end,
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
      say = function(state)
        if state.visits >= 2 then
          local pre = about_boss(state)
          return (pre ~= "" and pre or "行，我不跟你吵。") .. "卡、身份证都在这儿，密码要不要？你赶紧查！"
        end
        local pre = last(state).node == "flare" and about_boss(state) or ""
        return pre .. "上个月二十号，手机短信说扣了三百八，我啥也没买。卡给你，密码我也告诉你，你赶紧查！"
      end,
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
        { go = "explain" },
      },
    },

    -- 3. The record shows a bank withholding error (the brief's query result). Say so plainly.
    explain = node {
      expression = "suspicious",
      say = function(state)
        if state.visits >= 2 then
          if said(state, "银行") then
            return "银行？银行怎么就扣了我的钱？你说大白话，我听不懂那些词。"
          end
          return "你说的这些我听不明白。就一句话：这三百八是谁扣走的？"
        end
        local pre = ""
        if last(state).missed["compliance.privacy"] and said(state, "密码") then
          pre = "密码我可都告诉你了。"
        elseif did(state, "checkback") or did(state, "paraphrase") then
          pre = "对，就那一笔。"
        end
        if state.trust >= 40 then
          return pre .. "查出来了？到底是谁扣的？你说明白点，别跟我绕。"
        end
        return pre .. "查了半天，到底是不是盗刷？你给句明白话。"
      end,
      criteria = { "clarity.plain_language", "empathy.no_blame", "empathy.courtesy", "card.cause" },
      checks = {
        { id = "card.cause", name = "讲清原因", all = { { "银行" }, { "代扣", "多扣", "扣错", "重复扣" } },
          note = "用大白话讲清：不是盗刷，也不是社保扣的，是银行代扣时扣错了（见案情卡的查询结果）。" },
      },
      reacts = { ["card.cause"] = { met = { anger = -10, trust = 10 }, missed = { anger = 5 } } },
      hint = "先给结论：不是盗刷。再说原因（案情卡的查询结果）：银行代扣的时候重复扣了一笔。一句一个意思，别用术语。",
      model = "查到了，您放心，不是盗刷，也不是社保扣的。是银行那天代扣的时候，"
           .. "重复扣了您一笔三百八。这笔是扣错了。",
      choices = {
        "查到了，您放心，不是盗刷，也不是社保扣的。是银行那天代扣的时候，重复扣了您一笔三百八。这笔是扣错了。",
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
      say = function(state)
        local l = last(state)
        if l.node == "flare" or state.visits >= 2 then
          local ask = said(state, "负责") and "你说你负责，那我问你：" or "那我问你："
          return about_boss(state) .. ask .. "这事是不是还得我自己去银行？"
        elseif said(state, table.unpack(OWN)) then
          return "你来联系银行？那好。我上回去银行，人家说是社保卡的事，把我推到你们这儿。这回可别再推回去。"
        elseif said(state, "银行") then
          return "银行扣错的？那你是不是又要让我去银行？我上回去银行，人家说是社保卡的事，让我找你们！"
        end
        return "我上回去银行问，人家说是社保卡的事，让我找你们。你们又说不明白，是不是要把我推回银行？"
      end,
      criteria = { "empathy.no_blame", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "card.own" },
      checks = {
        { id = "card.own", name = "主动联系银行", all = { OWN },
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
        { go = "refund", set = { not_owned = true } },
      },
    },

    -- 5. "When do I get it back? Guarantee it." No promise; a set time to call back.
    refund = node {
      expression = "anxious",
      say = function(state)
        local l = last(state)
        local pre
        if l.node == "flare" or state.visits >= 2 then
          pre = about_boss(state)
          if pre == "" then pre = "好，我不跟你置气。" end
          return pre .. "我就想问一句实在的：这三百八能不能退回来？哪天能有个准信？"
        elseif said(state, "去银行", "银行柜台", "找银行", "问银行", "银行客服") and not l.met["card.own"] then
          pre = "让我自己找银行……行吧。"
        elseif l.met["card.own"] then
          pre = said(state, "电话") and "你来联系就好，电话我给你留下。" or "你来联系就好。"
        else
          pre = "行吧。"
        end
        return pre .. "那钱到底能不能退回来？啥时候？你给我保证一下。"
      end,
      criteria = { "compliance.no_promise", "lur.respond", "empathy.acknowledge", "empathy.courtesy",
                   "card.follow_up" },
      checks = {
        { id = "card.follow_up", name = "约定回复时间",
          all = { { "回电话", "给您回", "答复您", "通知您", "告诉您" },
                  { "两个工作日", "48小时", "两天", "三个工作日" } },
          note = "说清楚什么时候、用什么方式回复他（案情卡：两个工作日内电话回复）。" },
      },
      reacts = { ["card.follow_up"] = { met = { anger = -8, trust = 10 } } },
      hint = "退不退、何时到账要等银行核查，不能打包票。能承诺的是你自己的行动：今天就联系银行，"
          .. "两个工作日内给他回电话。",
      model = "您想早点拿回钱，我理解。退不退、啥时候到账，要等银行核查，我不能打包票。"
           .. "我今天就把情况报给银行，两个工作日内给您回电话。",
      choices = {
        "您想早点拿回钱，我理解。退不退、啥时候到账要等银行核查，我不能打包票。我今天就报给银行，两个工作日内给您回电话。",
        "这个得等银行核查完才知道，我不能保证能退。",
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
        local l = last(state)
        local pre = "行吧。"
        if l.met["card.follow_up"] then
          pre = "行，我等你电话。"
        elseif did(state, "callback") then
          pre = "你说回电话，可哪天回也没个准。"
        end
        if state.trust >= 55 then
          return pre .. "可万一银行拖着不办呢？我找谁？"
        end
        return pre .. "我还是不放心。银行要是拖着不办，我找谁去？"
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
                   not_flags = { "privacy_slip", "recovered" } }, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 45,
                   anger_below = 50 }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "partial" },
      },
    },

    -- Side node: he feels fobbed off. One chance to recover.
    flare = node {
      expression = "furious",
      say = function(state)
        local l = last(state)
        if state.visits >= 2 then
          return "我刚信了你一点，又来这一套！我不跟你说了，我找领导，我还要投诉！"
        end
        if l.missed["empathy.no_blame"] and said(state, "你自己", "没看清", "不长心", "怪") then
          return "你什么意思？钱丢了还成我的不是了？叫你们领导来！"
        elseif said(state, "不归", "去银行", "找银行") then
          return "又让我去银行？银行推给你们，你们推给银行，我这钱就没人管了？叫你们领导来！"
        end
        return "你这什么态度？我钱少了来问一句都不行？叫你们领导来！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -20, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，认可他着急；表态你来负责查到底，请他接着说。他坚持找领导也别拦，主动去请值班长。",
      model = "对不起，是我说话不妥。钱对不上，您着急是应该的。这事我负责查到底，"
           .. "您接着说。您要找值班长，我马上去请。",
      choices = {
        "对不起，是我说话不妥。钱对不上，您着急是应该的。这事我负责查到底，您接着说。您要找值班长，我马上去请。",
        "您别激动，有话好好说。",
        "找谁都没用，领导也是这么说。",
      },
      next = {
        -- A second blow-up ends the session; fetching the 值班长 he asks for at least spares
        -- a complaint.
        { when = function(reply, state)
            return state.visits >= 2 and reply.met["empathy.acknowledge"] and reply.acts.escalate
               and not reply.missed["empathy.no_blame"]
          end, go = "escalated" },
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
      title = "问题解决",
      explain = "你先稳住了他，核实身份后才查，用大白话讲清是银行代扣扣错了，"
             .. "由你联系银行并说定回电话的时间，没打包票，还给了受理编号和投诉渠道。",
      say = "行，没被盗刷我就放心了。编号我收着，等你电话。你这人办事靠谱。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "基本解决",
      explain = "原因讲清了，他也知道下一步。但途中有不到位的地方：没先安抚、没核实身份、"
             .. "让他自己去银行、没说定回电话的时间，或惹他发过火，所以是“满意”而不是“非常满意”。",
      say = "好吧，知道是咋回事了。我回去等消息，有事再来。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "suspicious",
      title = "勉强接受",
      explain = "他知道钱去哪了，但心里没底：没人说定什么时候、由谁给他答复，银行拖着他也不知道找谁。",
      say = "行吧，我先回去。可这钱一天不回来，我这心一天放不下。",
    },
    broken_promise = ending {
      outcome = "complaint", rating = 2, expression = "angry",
      title = "承诺落空",
      explain = "你替银行打了包票。两天后银行还在核查，钱没到账，他觉得被骗了，打电话来投诉。"
             .. "退不退、何时到账要等银行核查，只能承诺你自己做得到的事。",
      say = function(state)
        local q = "你当时不是打了包票吗？"
        if said(state, "明天", "第二天") then
          q = "你不是保证第二天就到账吗？"
        elseif said(state, "一分不少", "肯定", "保证", "放心") then
          q = "你不是保证钱肯定能退吗？"
        elseif said(state, "应该") then
          q = "你当时不是说应该能退吗？"
        end
        return "（两天后，孙志强打来电话）" .. q .. "钱呢？银行说还在核查！你们说话算不算数？"
      end,
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      title = "要找值班长",
      explain = "他的火一直没降下来：觉得被推来推去、没人管，要越过你找值班长。",
      say = function(state)
        if did(state, "escalate") then
          return "行，你把值班长叫来，我当面跟他说。今天非弄清楚不可！"
        end
        return "跟你说不明白。我找你们值班长去，今天非弄清楚不可！"
      end,
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "群众投诉",
      explain = "他本来就怀疑钱被盗，又听到指责、推诿或不客气的话，两次发火后要打12345投诉。",
      say = function(state)
        if did(state, "escalate") and not last(state).missed["empathy.no_blame"] then
          return "领导来了我也这么说！钱的事没人管，我这就打12345投诉你们！"
        end
        return "我来问个钱的事，落得这么个结果！我这就打12345投诉你们！"
      end,
    },
  },
}
