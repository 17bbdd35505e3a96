-- medical_filing.lua - a retired woman living with her daughter in another city was told at a
-- hospital there that she "had not filed" (异地就医备案) and paid out of pocket. She has since
-- come back to her home office four times, bounced between windows. Trains: listen and
-- paraphrase for an elderly, tired person; explain 备案 in plain words with short sentences;
-- own the question instead of sending her to yet another office (首问负责); move the filing to
-- the 国家医保服务平台 app or the 12393 hotline; refuse her password (privacy); no promise about
-- the bill she already paid; a one-time notice of what to keep for it.
-- Sources: 001 一 案例（异地就医备案误解，多次跑腿）, 001 二 倾听与提问, 001 三 术语通俗化、老年人短句,
-- 001 七 线上渠道与隐私, 002 沟通与协作（医保、税务等部门协作）, FACTS 服务渠道（国家医保服务平台、12393）.
--
-- Graph (main path): opening -> story -> dept -> phone -> bill -> closing
-- Side nodes: flare (she feels pushed around again; one recovery), burned (after a promise).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), walked_away (2),
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
  id = "medical_filing",
  title = "跑了四趟的异地就医备案",
  summary = "赵秀兰阿姨跟女儿在外地住，看病时医院说她没备案，钱全自己掏了。她回老家跑了四趟，"
         .. "被几个窗口推来推去。练习：先听、用大白话讲备案、不推诿、教她线上办、不要她的密码。",
  sources = { "001 一 案例（异地就医备案误解）", "001 二 倾听与提问", "001 三 术语通俗化（老年人短句）",
              "001 七 数字化沟通与隐私保护", "002 沟通与协作", "FACTS 服务渠道" },
  difficulty = 2,
  notes = "本例假设窗口是社保、医保合设的综合窗口，窗口人员可以现场指导医保线上备案；各地分工不同。"
       .. "“三千多”“第四趟”为示例。已自费费用能否报销、怎么报（补办备案后回参保地手工报销）"
       .. "以及所需材料和“三个月内”的期限均因地而异，以参保地医保规定为准。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy", "clarity.plain_language" },
  persona = {
    name = "赵秀兰", age = 63, gender = "female",
    role = "退休职工，随女儿在外地居住，看病时被告知没有办异地就医备案",
    anger = 65, trust = 25,
    -- Tired and worn down rather than aggressive: being heard and being helped on the spot
    -- calm her; being sent to another office, or long official sentences, make her give up.
    reacts = {
      ["lur.listen"]              = { met = { anger = -5, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -7, trust = 6 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 4, trust = -3 } },
      ["lur.order"]               = { met = { anger = -5, trust = 2 }, missed = { anger = 6, trust = -4 } },
      ["empathy.acknowledge"]     = { met = { anger = -10, trust = 5 }, missed = { anger = 6 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 2 }, missed = { anger = 8, trust = -12 } },
      ["compliance.channel"]      = { met = { trust = 4 } },
      ["compliance.privacy"]      = { met = { trust = 5 }, missed = { trust = -10 } },
      ["clarity.plain_language"]  = { met = { anger = -2, trust = 3 }, missed = { anger = 6, trust = -4 } },
      ["clarity.one_time_notice"] = { met = { anger = -10, trust = 8 }, missed = { anger = 8, trust = -8 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. She arrives exhausted and cross. Acknowledge the trips; invite her to tell it.
    opening = node {
      expression = "angry",
      say = "我这是第四趟了！坐了好几个钟头的车回来。上回这个窗口说不归你们管，"
         .. "医保那边又说手机上就能办。我一个老太太，到底该找谁？",
      criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
                   "empathy.courtesy", "compliance.no_promise" },
      hint = "她跑了四趟，累了也烦了。先认可她的辛苦，道个歉，再请她从头说说是怎么回事。",
      model = "阿姨，跑了四趟，还坐几个钟头的车，真是辛苦您了，对不起。您先坐下歇歇。"
           .. "您慢慢说，是在哪儿看病时出的事？",
      choices = {
        "阿姨，跑了四趟，还坐几个钟头的车，真是辛苦您了，对不起。您先坐下歇歇，慢慢说，是在哪儿看病时出的事？",
        "您好，请问您要办理什么业务？",
        "上回不是跟你说了吗，这事不归我们管，你去医保局。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 60 }, go = "story",
          set = { listened = true } },
        { when = { met = { "lur.listen" } }, go = "story" },
        { go = "dept", set = { rushed = true } },
      },
    },

    -- 2. Her account. Paraphrase it back in short sentences and check.
    story = node {
      expression = "sad",
      say = vary(
        "我跟闺女在外地住。上个月住院，出院时医院说我没备案，三千多全自己掏。"
          .. "我以为备案得回老家窗口办，每看一回病就得办一回……",
        "你听明白没有？我就是不知道这备案到底咋弄。"),
      criteria = { "lur.understand", "lur.listen", "empathy.acknowledge", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "用短句复述：在外地住院、没备案、自己掏了钱、以为每次都得回来办。问一句“对吗？”。",
      model = "您是说，您在外地住院，因为没备案，三千多都自己掏了。您以为每看一回病，"
           .. "都得回老家来办，对吗？这一趟趟跑，真不容易。",
      choices = {
        "您是说，在外地住院没备案，三千多都自己掏了。您以为每看一回病都得回来办，对吗？这一趟趟跑，真不容易。",
        "备案是医保的业务，异地就医需要先备案才能直接结算。",
        "备案的事你自己没弄清楚，才白花了钱。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" } }, go = "dept", set = { confirmed = true } },
        { when = { visits_at_least = 2 }, go = "dept" },
        { go = "story" },
      },
    },

    -- 3. "Will you send me to the medical-insurance office too?" Own it; explain 备案 plainly.
    dept = node {
      expression = "suspicious",
      say = function(state)
        if state.anger >= 60 then
          return "你就直说吧，是不是又要让我去医保局？我腿都跑细了！"
        end
        return "那这备案到底是个啥？是不是又得让我去医保局？我是真跑不动了。"
      end,
      criteria = { "empathy.no_blame", "lur.respond", "clarity.plain_language", "empathy.acknowledge",
                   "filing.online" },
      checks = {
        { id = "filing.online", name = "指明线上备案",
          all = { { "国家医保服务平台", "医保服务平台", "12393" }, { "手机", "电话", "不用跑", "不用再跑", "在家" } },
          note = "告诉她备案可以在国家医保服务平台App上办，或打12393，不用再来回跑。" },
      },
      reacts = { ["filing.online"] = { met = { anger = -10, trust = 8 } } },
      hint = "首问负责：不再让她去别处。用一句大白话讲备案（提前登记一下在哪儿看病），"
          .. "告诉她在手机上“国家医保服务平台”就能办，也能打12393。",
      model = "让您跑累了，对不起。您不用再跑了，这事我负责跟到底。备案，就是提前登记一下您在外地看病。"
           .. "在手机上的国家医保服务平台就能办，也可以打12393。一次办好，不用每回都办。",
      choices = {
        "让您跑累了。您不用再跑了，这事我负责到底。备案就是提前登记一下您在外地看病。手机上国家医保服务平台就能办，也能打12393。",
        "备案属于医保业务，您可以去医保经办机构咨询。",
        "这不归我们管，你去医保局问吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "filing.online" } }, go = "phone", set = { owned = true } },
        { when = { visits_at_least = 2 }, go = "phone" },
        { go = "dept" },
      },
    },

    -- 4. She hands over her phone and wants to tell her password: privacy and identity.
    phone = node {
      expression = "confused",
      say = "手机上我哪会弄啊。要不你帮我弄？我把身份证号、密码都念给你，你替我登上去。",
      criteria = { "compliance.privacy", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      identity = true,
      hint = "不要她念身份证号，更不能要密码。先请她出示身份证核实身份，再一步一步教她自己点，"
          .. "或者让女儿帮她在手机上办。",
      model = "阿姨，密码您自己留着，别告诉任何人，我也不能要。请把身份证给我，核实一下身份。"
           .. "然后我一步一步教您自己点。您女儿也能帮您在手机上办。",
      choices = {
        "阿姨，密码您自己留着，别告诉任何人，我也不能要。请把身份证给我核实一下身份，我一步一步教您自己点。",
        "行，您把密码说一下，我帮您登录。",
        "这么简单都不会？你自己的事，让你家里人弄去。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "bill", set = { privacy_slip = true } },
        { go = "bill" },
      },
    },

    -- 5. The bill she already paid: no promise; one-time notice of what to keep.
    bill = node {
      expression = "anxious",
      say = function(state)
        if (state.visits or 1) >= 2 then
          return "你还没说全呢！到底要留哪几样？找谁要？多久以前交？我记性不好。"
        end
        return "那上回自己掏的三千多，还能报回来不？你给我句准话。要报的话，我得准备啥？"
      end,
      criteria = { "compliance.no_promise", "clarity.one_time_notice", "lur.respond",
                   "empathy.no_blame", "clarity.plain_language" },
      notice = {
        items = {
          { label = "发票原件", match = { "发票" }, where = { "医院" } },
          { label = "费用明细清单", match = { "清单", "明细" }, where = { "医院", "收费处" } },
          { label = "病历或出院小结", match = { "病历", "出院小结", "出院记录" }, where = { "医院", "病案室" } },
        },
        deadline = { "三个月内", "3个月内", "90天内", "九十天内" },
      },
      hint = "能不能报、报多少要按参保地规定审核，不能打包票。一次说全要留的三样：发票、费用清单、"
          .. "病历，各找医院哪里要，多久内交。",
      model = "能不能报，要按参保地规定审核，我不能打包票。您先把三样留好：发票原件，"
           .. "费用清单找医院收费处要，病历找医院病案室复印。三个月内交来，我帮您报上去。",
      choices = {
        "能不能报要按规定审核，我不能打包票。您留好三样：发票原件；费用清单，找医院收费处要；病历，找医院病案室复印。三个月内交来，我帮您报。",
        "这个不好说，您先把单据留着吧。",
        "放心，肯定能给您报回来，一分不少。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { promised = true } },
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 60 }, go = "walked_away" },
        { when = { visits_at_least = 3 }, go = "closing" },
        { go = "bill" },
      },
    },

    -- 5b. After a promise she lights up; the trainee must walk it back and still give the list.
    burned = node {
      expression = "suspicious",
      say = vary(
        "真能全报？上回那个窗口也说“没问题”，结果让我白跑。你这话可得算数啊！",
        "你到底能不能说句实在话？"),
      criteria = { "compliance.no_promise", "empathy.acknowledge", "clarity.one_time_notice",
                   "empathy.no_blame", "clarity.plain_language" },
      notice = {
        items = {
          { label = "发票原件", match = { "发票" }, where = { "医院" } },
          { label = "费用明细清单", match = { "清单", "明细" }, where = { "医院", "收费处" } },
          { label = "病历或出院小结", match = { "病历", "出院小结", "出院记录" }, where = { "医院", "病案室" } },
        },
        deadline = { "三个月内", "3个月内", "90天内", "九十天内" },
      },
      hint = "承认刚才说过头了，收回承诺；然后把要留的三样和期限一次说全。",
      model = "对不起，我刚才说过头了。能报多少要按规定审核，我不能保证。您留好三样："
           .. "发票原件，医院收费处的费用清单，病案室复印的病历。三个月内交来。",
      choices = {
        "对不起，刚才说过头了。能报多少要按规定审核，我不能保证。您留好三样：发票原件；费用清单，找医院收费处要；病历，找病案室复印。三个月内交来。",
        "应该差不多能报吧，您先准备着。",
        "我说了算，能报就能报，你哪来那么多问题？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "compliance.no_promise", "clarity.one_time_notice" } }, go = "closing",
          set = { walked_back = true, noticed = true } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
        { go = "burned" },
      },
    },

    -- 6. Who to call next time; formal channels. Follow-up closes the loop.
    closing = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 55 then
          return "这回听明白了。以后再有弄不明白的，我是不是还得跑回来？找谁啊？"
        end
        return "行吧……可我心里还是没底。以后再有事，我找谁？又跑回来？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "告诉她不用跑：医保的事打12393，这里的电话也留给她；不满意可以在“好差评”上评价"
          .. "或投诉。说好你会回电话问备案办没办好。",
      model = "不用跑回来。医保的事您打12393。这是我们窗口电话，您找我就行。"
           .. "对办理不满意，可以在好差评上评价，也可以投诉。下周我给您回个电话，问问办好没有。",
      choices = {
        "不用跑回来。医保的事打12393，这是我们窗口电话，找我就行。不满意可以在好差评上评价或投诉。下周我给您回电话问问。",
        "有事您再来窗口问吧。",
        "我哪知道你以后有什么事，到时候再说。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = { met = { "compliance.channel" }, trust_at_least = 65, anger_below = 30,
                   flags = { "listened", "owned" },
                   not_flags = { "promised", "privacy_slip", "recovered" } }, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 45,
                   anger_below = 50 }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: pushed around once more. One chance to recover; then a complaint.
    flare = node {
      expression = "furious",
      say = vary(
        "你们就会推！这个说找那个，那个说找这个。我一个老太太，你们就这么对我？",
        "又推！我不跟你说了，我要投诉！"),
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -20, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "别辩解。先道歉，认可她被推来推去的委屈；表态这事你负责，请她接着说。",
      model = "对不起，阿姨，让您被推来推去，是我们不对。这事我负责，不让您再跑。"
           .. "您接着说，我听着。",
      choices = {
        "对不起，阿姨，让您被推来推去，是我们不对。这事我负责，不让您再跑。您接着说，我听着。",
        "阿姨您别激动，我们也是按分工办事。",
        "你嚷什么？不归我们管就是不归我们管。",
      },
      next = {
        { when = { visits_at_least = 3 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { visits_at_least = 2, anger_at_least = 75 }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "owned" } },
          go = "dept", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "noticed" } },
          go = "bill", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { recovered = true } },
        { when = { anger_at_least = 95 }, go = "complaint" },
        { go = "flare" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      say = "哎，早有人这么跟我说就好了。手机上我会点了，单据我也记下了。谢谢你啊，姑娘。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "行，总算弄明白了。回去让闺女帮我在手机上办，单据我留好。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      say = "我先回去吧。说了这么多，我也记不全，回头再让闺女打电话问问。",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      say = "算了，我跑不动了。钱不报了，认倒霉吧。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "踢了四趟皮球了！我这就打12345，我倒要问问到底归谁管！",
    },
  },
}
