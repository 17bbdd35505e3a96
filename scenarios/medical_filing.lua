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

-- The reply being answered, or an empty one at the start.
local NONE = { text = "", met = {}, missed = {}, acts = {}, named = {} }
local function last(state) return state.last or NONE end

-- Whether text contains any of the words (plain find).
local function has(text, words)
  for _, w in ipairs(words) do
    if string.find(text, w, 1, true) then return true end
  end
  return false
end
local function said(state, ...) return has(last(state).text, { ... }) end
local function did(state, name) return last(state).acts[name] == true end

-- Weak replies on the main path are remembered as flags named slip_<node>; the top rating
-- allows at most one.
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- Her answer to an offer to fetch the 值班长 (made in the reply she is answering), or "".
local function about_boss(state)
  if did(state, "escalate") then return "领导就不用叫了，你给我说明白就行。" end
  return ""
end

-- The one-time notice at `bill` (and again at `burned`): what to keep for the claim.
local ITEMS = {
  { label = "发票原件", match = { "发票" }, where = { "医院" } },
  { label = "费用明细清单", match = { "清单", "明细" }, where = { "医院", "收费处" } },
  { label = "病历或出院小结", match = { "病历", "出院小结", "出院记录" }, where = { "医院", "病案室" } },
}
local DEADLINE = { "三个月内", "3个月内", "90天内", "九十天内" }
-- How she says each item, and what she asks when it is missing.
local SHORT = { "发票", "费用清单", "病历" }
local ASK_WHERE = { "找谁开？", "找谁要？", "上哪儿复印？" }

-- Which parts of the notice a reply gave: bit i-1 for item i named with where to get it, bit
-- #ITEMS for the deadline. Remembered as flags told_1 .. told_3, told_deadline.
local function told_flag(i) return i <= #ITEMS and ("told_" .. i) or "told_deadline" end
local function mask_of(reply)
  local m = 0
  for i, it in ipairs(ITEMS) do
    if reply.named[it.label] and has(reply.text, it.where) then m = m | (1 << (i - 1)) end
  end
  if reply.deadline then m = m | (1 << #ITEMS) end
  return m
end
-- Everything has been said, over this reply and the earlier ones.
local function told_all(reply, state)
  local m = mask_of(reply)
  for i = 1, #ITEMS + 1 do
    if m & (1 << (i - 1)) == 0 and not state.flags[told_flag(i)] then return false end
  end
  return true
end
-- Transitions to `go`, taken when cond(reply) holds, that remember what this reply told (one
-- per combination, since `set` is fixed), each also setting `also`.
local function remember(go, also, cond)
  local out = {}
  for m = (1 << (#ITEMS + 1)) - 1, 1, -1 do
    local set = {}
    for k, v in pairs(also) do set[k] = v end
    for i = 1, #ITEMS + 1 do
      if m & (1 << (i - 1)) ~= 0 then set[told_flag(i)] = true end
    end
    out[#out + 1] = { when = function(reply) return cond(reply) and mask_of(reply) == m end,
                      go = go, set = set }
  end
  out[#out + 1] = { when = function(reply) return cond(reply) end, go = go, set = also }
  return out
end
local function always() return true end
local function promised(reply) return reply.missed["compliance.no_promise"] == true end
local function join(...)
  local out = {}
  for _, list in ipairs({ ... }) do
    for _, t in ipairs(list) do out[#out + 1] = t end
  end
  return out
end

-- What she has got of the notice so far, and her questions for the rest ("" when complete).
-- She does not know which papers a claim takes: she asks where for the ones she has heard
-- of, and "what else" for the rest.
local function notice_status(state)
  local got, ask, unknown = {}, {}, false
  for i = 1, #ITEMS do
    if state.flags[told_flag(i)] then
      got[#got + 1] = SHORT[i]
    elseif last(state).named[ITEMS[i].label] then
      ask[#ask + 1] = SHORT[i] .. ASK_WHERE[i]
    else
      unknown = true
    end
  end
  if unknown then ask[#ask + 1] = (#got + #ask > 0) and "还要准备啥？" or "到底要准备啥？" end
  if not state.flags[told_flag(#ITEMS + 1)] then ask[#ask + 1] = "多久以内交？" end
  local g = ""
  if #got == 1 then g = got[1] .. "我记下了。" elseif #got > 1 then g = table.concat(got, "、") .. "，我记下了。" end
  return g, table.concat(ask)
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
       .. "“三千多”“第四趟”“上个月住院”为示例。已自费费用能否报销、怎么报（补办备案后回参保地手工报销）、"
       .. "所需单据和“出院后三个月内”的期限、备案的有效期，均因地而异，以参保地医保规定为准。"
       .. "窗口电话、“下周回电话”为示例。",
  brief = {
    who = "赵秀兰，63岁，退休职工，参保在本市，随女儿在外地居住。上个月在外地住院，"
       .. "出院时医院说她没办异地就医备案，三千多元全部自费。这是她第四趟来。",
    brought = { "身份证", "智能手机（不会用手机办事）" },
    system = {
      "职工基本医疗保险（退休人员），参保地：本市",
      "异地就医备案记录：无",
    },
    rules = {
      "本窗口为社保医保综合窗口，可现场指导医保线上业务；首问负责，不让群众再去别的窗口",
      "异地就医备案：在外地看病前先登记一下；在手机上的“国家医保服务平台”App就能办，也可以打12393医保服务热线",
      "长期随子女在外地住的，办一次异地长期居住备案，有效期内看病不用每回都办",
      "查询、办理前先看身份证核实身份；不要、不听群众的密码；可以一步步教她自己操作，或让家人帮她在手机上办",
      "已自费的费用：补办备案后按参保地规定申请手工报销；能不能报、报多少经审核确定，窗口不得承诺",
      "手工报销要留好：发票原件（医院开）；费用明细清单（医院收费处打印）；病历或出院小结（医院病案室复印）",
      "报销材料期限：出院后三个月内交",
      "后续：医保问题可打12393；可留窗口电话给她；不满意可在“好差评”上评价或投诉；下周回电话问问办好没有",
    },
    facts = {},
  },
  top = "先认可她的辛苦、听她说完并复述确认；不推给别处，大白话讲清备案、在国家医保服务平台或12393办；"
     .. "不要密码、先核实身份；报销不打包票，一次说全三样单据、找谁要、三个月内交；最后告诉她找谁。全程最多一处答得不到位。",
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
        { when = { met = { "lur.listen" } }, go = "story", set = { slip_opening = true } },
        { go = "dept", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. Her account. Paraphrase it back in short sentences and check.
    story = node {
      expression = "sad",
      say = function(state)
        if state.visits >= 2 then
          if last(state).missed["clarity.plain_language"] then
            return "你说的这些词我听不太懂。我就想知道：这备案到底咋弄？还得跑几趟？"
          elseif said(state, "医保") then
            return "医保的事？那我该上哪儿？我就想知道这备案到底咋弄，还得跑几趟？"
          end
          return "我说了这半天，你听明白没有？我就是不知道这备案到底咋弄。"
        end
        local pre = did(state, "apology") and "唉，有你这句话，我心里好受点。" or ""
        return pre .. "我跟闺女在外地住。上个月住院，出院时医院说我没备案，三千多全自己掏。"
          .. "我以为备案得回老家窗口办，每看一回病就得办一回……"
      end,
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
        { when = { visits_at_least = 2 }, go = "dept", set = { slip_story = true } },
        { go = "story", set = { slip_story = true } },
      },
    },

    -- 3. "Will you send me to the medical-insurance office too?" Own it; explain 备案 plainly.
    dept = node {
      expression = "suspicious",
      say = function(state)
        local l = last(state)
        if l.node == "flare" then
          local ask = said(state, "负责") and "你说你负责，那我问你：" or "那我问你："
          return about_boss(state) .. ask .. "这备案到底上哪儿办？是不是还得让我去医保局？"
        end
        if state.visits >= 2 then
          if said(state, "医保局", "医保经办", "去医保", "找医保", "医保的事", "医保的业务") then
            return "又让我去医保那边！我腿都跑细了，就不能在这儿给我弄明白？"
          elseif said(state, "手机", "App", "APP", "平台") then
            return "手机上哪个地方办？叫个啥？你说清楚点，我一个老太太哪知道。"
          end
          return "你说的我还是没明白。这备案到底上哪儿办？"
        end
        if l.node == "opening" then
          return "办啥？办那个备案！我在外地住院，医院说我没备案，三千多全自己掏了。"
            .. "你就直说吧，是不是又要让我去医保局？"
        end
        local pre = ""
        if said(state, "医保服务平台", "12393") then
          return "手机上办？上回医保那边也这么说，可我哪会弄？这备案到底是个啥？还得让我去医保局不？"
        elseif did(state, "checkback") or did(state, "paraphrase") then
          pre = "对，就是这么回事。"
        end
        if state.anger >= 60 then
          return pre .. "你就直说吧，是不是又要让我去医保局？我腿都跑细了！"
        end
        return pre .. "那这备案到底是个啥？是不是又得让我去医保局？我是真跑不动了。"
      end,
      criteria = { "empathy.no_blame", "lur.respond", "clarity.plain_language", "empathy.acknowledge",
                   "filing.online" },
      checks = {
        { id = "filing.online", name = "指明线上备案",
          all = { { "国家医保服务平台", "医保服务平台", "12393" }, { "手机", "电话", "不用跑", "不用再跑", "在家" } },
          note = "告诉她备案可以在手机上的国家医保服务平台App办，或打12393，不用再来回跑（见案情卡）。" },
      },
      reacts = { ["filing.online"] = { met = { anger = -10, trust = 8 } } },
      hint = "首问负责：不再让她去别处。用一句大白话讲备案（提前登记一下在外地看病），"
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
        { go = "dept", set = { slip_dept = true } },
      },
    },

    -- 4. She hands over her phone and wants to tell her password: privacy and identity.
    phone = node {
      expression = "confused",
      say = function(state)
        local pre = ""
        if state.visits >= 2 then
          local boss = last(state).node == "flare" and about_boss(state) or ""
          return boss .. "手机这事还没弄完呢。我眼神不好，按不准那些小字。"
            .. "身份证号、密码我都念给你，你替我登上去得了？"
        elseif said(state, "教您", "教你") then
          return "你说教我，我怕学不会，眼神也不好。要不你直接替我弄？我把身份证号、密码都念给你，你替我登上去。"
        elseif said(state, "12393") then
          pre = "12393我记下了。"
        end
        return pre .. (pre ~= "" and "可" or "") .. "手机上我哪会弄啊。要不你帮我弄？我把身份证号、密码都念给你，你替我登上去。"
      end,
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

    -- 5. The bill she already paid: no promise; one-time notice of what to keep. On a revisit
    -- she repeats back what she has got and asks only for what is still missing.
    bill = node {
      expression = "anxious",
      say = function(state)
        if state.visits >= 2 then
          local got, ask = notice_status(state)
          local pre = last(state).node == "flare" and about_boss(state) or ""
          if pre == "" and state.visits >= 3 then pre = "还差着呢。" end
          if ask == "" then return pre .. got .. "你再慢点说一遍，我拿笔记下来。" end
          return pre .. got .. ask .. "我记性不好，你说全了。"
        end
        local l = last(state)
        local pre = ""
        if l.node == "flare" then
          pre = about_boss(state)
        elseif l.missed["compliance.privacy"] and said(state, "密码") then
          pre = "密码我念给你了，你帮我弄吧。"
        elseif said(state, "女儿", "闺女") then
          pre = "行，回头让闺女帮我弄。"
        elseif said(state, "教") then
          pre = "那你教我，我慢慢学。"
        end
        return pre .. (pre == "" and "那" or "") .. "上回自己掏的三千多，还能报回来不？你给我句准话。要报的话，我得准备啥？"
      end,
      criteria = { "compliance.no_promise", "clarity.one_time_notice", "lur.respond",
                   "empathy.no_blame", "clarity.plain_language" },
      notice = { items = ITEMS, deadline = DEADLINE },
      hint = "能不能报、报多少要按参保地规定审核，不能打包票。一次说全要留的三样（见案情卡）：发票、费用清单、"
          .. "病历，各找医院哪里要，多久内交。",
      model = "能不能报，要按参保地规定审核，我不能打包票。您先把三样留好：发票原件，"
           .. "费用清单找医院收费处要，病历找医院病案室复印。三个月内交来，我帮您报上去。",
      choices = {
        "能不能报要按规定审核，我不能打包票。您留好三样：发票原件；费用清单，找医院收费处要；病历，找医院病案室复印。三个月内交来，我帮您报。",
        "这个不好说，您先把单据留着吧。",
        "放心，肯定能给您报回来，一分不少。",
      },
      next = join({
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
      }, remember("burned", { promised = true }, promised), {
        { when = { met = { "clarity.one_time_notice" } }, go = "closing", set = { noticed = true } },
        -- Not in one go, but by now everything has been said: she goes on (the slip stays).
        { when = function(reply, state) return state.visits >= 2 and told_all(reply, state) end,
          go = "closing", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 60 }, go = "walked_away" },
        { when = { visits_at_least = 3 }, go = "closing" },
      }, remember("bill", { slip_bill = true }, always)),
    },

    -- 5b. After a promise she lights up; the trainee must walk it back and still give the list.
    burned = node {
      expression = "suspicious",
      say = function(state)
        local got, ask = notice_status(state)
        if state.visits >= 2 then
          if last(state).missed["compliance.no_promise"] then
            return "你到底能不能说句实在话？能报多少，你心里有数没有？" .. (ask ~= "" and ask or "")
          end
          return got .. (ask ~= "" and ask or "你再说一遍，我记下来。")
        end
        return got .. "真能报？上回那个窗口也说“没问题”，结果让我白跑。你这话可得算数啊！" .. ask
      end,
      criteria = { "compliance.no_promise", "empathy.acknowledge", "clarity.one_time_notice",
                   "empathy.no_blame", "clarity.plain_language" },
      notice = { items = ITEMS, deadline = DEADLINE },
      hint = "承认刚才说过头了，收回承诺；她问到的单据和期限，一次补全。",
      model = "对不起，我刚才说过头了。能报多少要按规定审核，我不能保证。您留好三样："
           .. "发票原件，医院收费处的费用清单，病案室复印的病历。三个月内交来。",
      choices = {
        "对不起，刚才说过头了。能报多少要按规定审核，我不能保证。您留好三样：发票原件；费用清单，找医院收费处要；病历，找病案室复印。三个月内交来。",
        "应该差不多能报吧，您先准备着。",
        "我说了算，能报就能报，你哪来那么多问题？",
      },
      next = join({
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = function(reply, state)
            return reply.met["compliance.no_promise"]
               and (reply.met["clarity.one_time_notice"] or told_all(reply, state))
          end, go = "closing", set = { walked_back = true, noticed = true } },
        { when = { visits_at_least = 2 }, go = "walked_away" },
      }, remember("burned", {}, always)),
    },

    -- 6. Who to call next time; formal channels. Follow-up closes the loop.
    closing = node {
      expression = "calm",
      say = function(state)
        local l = last(state)
        local pre = ""
        if l.node == "flare" then
          pre = about_boss(state)
        elseif state.flags.noticed and (l.node == "bill" or l.node == "burned") then
          pre = "单据我记下了，回去就找医院要。"
        elseif not state.flags.noticed then
          return "要留的单据我还是没弄全，回头再让闺女问吧。以后再有事，我找谁？又得跑回来？"
        end
        if state.trust >= 55 then
          return pre .. "这回听明白了。以后再有弄不明白的，我是不是还得跑回来？找谁啊？"
        end
        return pre .. "可我心里还是没底。以后再有事，我找谁？又跑回来？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.courtesy", "empathy.no_blame",
                   "clarity.plain_language" },
      hint = "告诉她不用跑：医保的事打12393，这里的电话也留给她；不满意可以在“好差评”上评价"
          .. "或投诉。说好你会回电话问备案办没办好。",
      model = "不用跑回来。医保的事您打12393。这是我们窗口电话，您找我就行。"
           .. "对办理不满意，可以在好差评上评价，也可以投诉。下周我给您回个电话，问问办好没有。",
      choices = {
        "不用跑回来。医保的事打12393，这是我们窗口电话，找我就行。不满意可以在好差评上评价或投诉。下周我给您回电话问问。",
        "以后有事您可以打电话问，也可以来窗口。",
        "我哪知道你以后有什么事，到时候再说。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 65 and state.anger < 30
               and f.listened and f.owned and f.noticed
               and not (f.promised or f.privacy_slip or f.recovered) and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 45,
                   anger_below = 50, flags = { "noticed" } }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: pushed around once more. One chance to recover; then a complaint.
    flare = node {
      expression = "furious",
      say = function(state)
        local l = last(state)
        if state.visits >= 3 then
          return "我最后问一句：这事你们到底管不管？不管我就去投诉！"
        elseif state.visits == 2 then
          if l.node == "flare" then
            return "你倒是说句实在话！我一个老太太，还要在这儿站多久？"
          end
          return "刚说得好好的，又来了！我不跟你说了，我要投诉！"
        end
        if said(state, "不归", "医保局", "找医保", "去医保", "医保的事", "医保的业务", "别的窗口") then
          return "又让我找别人！这个说找那个，那个说找这个。我一个老太太，你们就这么对我？"
        elseif l.missed["empathy.no_blame"] and said(state, "你自己", "怪", "不会", "没弄清") then
          return "倒成我的不是了？我一个老太太跑了四趟，你就这么说话？"
        end
        return "你这是什么态度？我一个老太太跑了四趟，就换来这么一句？"
      end,
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
      title = "问题解决",
      explain = "你先听她说完并复述确认，不再推她去别处，用大白话讲清备案、教她在手机上办，"
             .. "没要她的密码，报销不打包票、要留的单据一次说全，还告诉了她以后找谁。",
      say = "哎，早有人这么跟我说就好了。手机上我会点了，单据我也记下了。谢谢你啊，孩子。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "基本解决",
      explain = "她弄明白了怎么办、找谁。但途中有不止一处答得不到位，或者惹她发过火、说过头话、"
             .. "要过她的密码，所以是“满意”而不是“非常满意”。",
      say = "行，总算弄明白了。回去让闺女帮我在手机上办，单据我留好。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "confused",
      title = "勉强接受",
      explain = "她大概知道要做什么，但没记全，也不知道以后找谁，心里没底，还得让女儿再打电话问。",
      say = "我先回去吧。说了这么多，我也记不全，回头再让闺女打电话问问。",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      title = "群众离开",
      explain = "要留什么单据、多久交，几次都没说全，或者说了过头话又收不回来。她累了，不想再跑，钱也不报了。",
      say = "算了，我跑不动了。钱不报了，认倒霉吧。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "群众投诉",
      explain = "她跑了四趟、被推来推去，又听到推诿、指责或不客气的话，再次发火后要打12345投诉。",
      say = function(state)
        if did(state, "escalate") and not last(state).missed["empathy.no_blame"] then
          return "领导来了我也是这句话！踢了四趟皮球了，我这就打12345问问到底归谁管！"
        end
        return "踢了四趟皮球了！我这就打12345，我倒要问问到底归谁管！"
      end,
    },
  },
}
