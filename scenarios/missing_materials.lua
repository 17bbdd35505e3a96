-- missing_materials.lua - a retired worker, on his third trip for a pension claim, still
-- missing materials. Trains the calming sequence (深呼吸—倾听—确认—解决), paraphrase, the
-- one-time complete notice (一次性告知), no verbal promises, and privacy when a relative
-- wants to follow the case by phone.
-- Sources: 002 FAQ Q1 and the four-step calming method, 001 §二 and case 1, 002 一次性告知.
--
-- Graph (main path): opening -> story -> notice -> doubt -> archive -> son -> wrapup -> resolved
-- Side nodes: flare (he demands a supervisor; recoverable once), burned (after a verbal promise),
-- son_worry (after a privacy slip he fears impostors).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), walked_away (2),
-- complaint (1).
--
-- The citizen listens: every `say` reads the reply it answers (state.last) and answers what
-- was said - items already named, an offer to fetch the 值班长, a check-back - and never
-- claims the trainee said something they did not.
--
-- The node id `notice` and its three items are relied upon by an evaluation set: keep them.

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
-- allows at most one. (Flags are a set, so a count needs a `when` function.)
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- The one-time notice: the three missing items (keep labels: an evaluation set uses them).
local ITEMS = {
  { label = "户口簿原件", match = { "户口簿", "户口本" }, where = { "家里", "在家", "家中", "派出所" } },
  { label = "人事档案", match = { "档案" }, where = { "原单位", "人才服务中心", "档案馆", "档案局" } },
  { label = "社会保障卡", match = { "社保卡", "社会保障卡" }, where = { "银行", "合作银行网点" } },
}
local DEADLINE = { "月底前", "本月底", "月底以前", "30天内", "三十天内", "30日内" }
-- How he says each item, and what he asks when it is missing.
local SHORT = { "户口本", "档案", "社保卡" }
local ASK_WHERE = { "找不着咋办？", "上哪儿调？", "上哪儿办？" }

-- Which parts of the notice a reply gave: bit i-1 for item i named with where to get it, bit
-- #ITEMS for the deadline. Remembered across revisits as flags told_1 .. told_3, told_deadline.
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
-- Transitions to `go` that remember what this reply told (one per combination, since `set`
-- is fixed), each also setting `also`.
local function remember(go, also)
  local out = {}
  for m = (1 << (#ITEMS + 1)) - 1, 1, -1 do
    local set = {}
    for k, v in pairs(also) do set[k] = v end
    for i = 1, #ITEMS + 1 do
      if m & (1 << (i - 1)) ~= 0 then set[told_flag(i)] = true end
    end
    out[#out + 1] = { when = function(reply) return mask_of(reply) == m end, go = go, set = set }
  end
  out[#out + 1] = { go = go, set = also }
  return out
end
local function join(a, b)
  local out = {}
  for _, t in ipairs(a) do out[#out + 1] = t end
  for _, t in ipairs(b) do out[#out + 1] = t end
  return out
end

-- His answer to an offer to fetch the 值班长 (made in the reply he is answering), or "".
local function about_boss(state)
  if did(state, "escalate") then return "领导先不用叫。" end
  return ""
end

return scenario {
  id = "missing_materials",
  title = "第三趟还没办成的退休申领",
  summary = "王建华师傅来办退休待遇申领，这是第三趟，材料还是不全。他一进门就发火。"
         .. "练习：先安抚、再确认、最后一次性告知全部缺件，不乱打包票。",
  sources = { "002 问答1", "002 四步法（深呼吸—倾听—确认—解决）", "002 一次性告知",
              "001 二 倾听与提问", "001 案例1" },
  difficulty = 2,
  notes = "“本月底前”交齐是示例期限；所需材料、办理地点和期限以当地经办规定为准，"
       .. "培训师可在案情卡和 notice 节点统一修改。档案去向（原单位、人才服务中心、原主管单位）也因地而异。"
       .. "“3号窗口”“值班长”“市第二机械厂”“2009年改制”“缴费28年”等均为示例。",
  brief = {
    who = "王建华，60岁，退休工人，来办退休待遇申领。这是第三趟：前两趟各被告知缺一样材料。",
    brought = { "身份证原件", "填好的退休待遇申领表" },
    system = {
      "企业职工基本养老保险累计缴费28年（已满15年），已到法定退休年龄",
      "原参保单位：市第二机械厂，2009年改制，单位已注销",
      "人事档案：未转入；社会保障卡：未办理",
    },
    rules = {
      "退休申领还缺三样：户口簿原件、人事档案、社会保障卡",
      "户口簿原件：在申请人家里；遗失的到户籍派出所补办",
      "人事档案：到原单位调取；原单位改制或注销的，到人才服务中心或原单位的主管单位查询",
      "社会保障卡：到合作银行网点办理",
      "材料交齐期限：本月底前",
      "依据：《社会保险法》第十六条：达到法定退休年龄、累计缴费满15年的，按月领取基本养老金",
      "审核结果按规定审核确定，窗口不得口头承诺",
      "家属电话查询：电话里不报身份证号、缴费明细；查进度可打12333，核实身份后查询；代办须带委托书和双方身份证",
      "首问负责：你是3号窗口，下次可直接来找你；不满意可打12333反映或在“好差评”上评价",
    },
    facts = {
      "参保记录里能查到原单位改制时的主管单位及其联系电话，可以抄给他",
    },
  },
  top = "先认可他的辛苦、听他说完并复述确认；一次说全三样材料、各去哪办和月底前的期限；"
     .. "不打包票；电话里不报他的信息；最后告诉他找谁、12333。全程最多一处答得不到位，不惹他发火。",
  criteria = { "lur.listen", "lur.understand", "lur.respond", "lur.order",
               "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy",
               "compliance.no_promise", "compliance.basis", "compliance.channel",
               "compliance.privacy", "clarity.plain_language" },
  persona = {
    name = "王建华", age = 60, gender = "male",
    role = "退休工人，来办理退休待遇申领，已经跑了三趟",
    anger = 75, trust = 25,
    -- He has been sent home twice: brush-offs and promises both cost a lot; being heard
    -- and getting the whole list in one go are what calm him.
    reacts = {
      ["lur.listen"]              = { met = { anger = -5, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 5 }, missed = { anger = 5, trust = -4 } },
      ["lur.order"]               = { met = { anger = -6, trust = 2 }, missed = { anger = 6, trust = -4 } },
      ["empathy.acknowledge"]     = { met = { anger = -12, trust = 5 }, missed = { anger = 6 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 10, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 2 }, missed = { anger = 10, trust = -15 } },
      ["compliance.basis"]        = { met = { trust = 3 } },
      ["compliance.channel"]      = { met = { trust = 3 } },
      ["compliance.privacy"]      = { met = { trust = 3 }, missed = { trust = -8 } },
      ["clarity.plain_language"]  = { met = { trust = 2 }, missed = { anger = 6, trust = -3 } },
      ["clarity.one_time_notice"] = { met = { anger = -15, trust = 9 }, missed = { anger = 10, trust = -10 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. He bursts in. Step one of the calming method: breathe, acknowledge, invite him to talk.
    opening = node {
      expression = "angry",
      say = "你们这儿到底怎么回事？我这是第三趟了！上回说缺这个，这回又说缺那个。"
         .. "我六十岁的人了，经得起这么来回折腾吗？",
      criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
                   "empathy.courtesy", "compliance.no_promise" },
      hint = "他跑了三趟，火正大。先别讲规定：认可他的辛苦、道个歉，再请他把经过说出来。",
      model = "王师傅，跑了三趟，换谁都着急。这事让您受累了，对不起。"
           .. "您先坐，慢慢说，前两次窗口是怎么跟您讲的？我仔细听。",
      choices = {
        "王师傅，跑了三趟，真是辛苦您了，给您添麻烦了，对不起。您先坐下慢慢说，前两次是怎么跟您讲的？",
        "您好，请把身份证和材料给我，我看看还缺什么。",
        "材料不全当然办不了，规定就是规定。你自己没带齐，下次带齐了再来。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { anger_at_least = 92 }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 70 }, go = "story",
          set = { listened = true } },
        -- Went straight to business: he skips the story and demands the list, still hot.
        { go = "notice", set = { rushed = true, slip_opening = true } },
      },
    },

    -- 2. He tells what happened. Step two/three: listen, then confirm by paraphrase.
    story = node {
      expression = "sad",
      say = function(state)
        if state.visits >= 2 then
          if did(state, "open_question") or did(state, "closed_question") then
            return "还问？我不是说了吗：头一趟说户口本，第二趟说档案，今天又说社保卡。三趟，每趟就告诉我一样！"
          end
          if said(state, "几趟", "一般", "正常") then
            return "跑几趟还成正常的了？我这都第三趟了，每趟就告诉我缺一样！"
          end
          return "我说了这么多，你听明白没有？三趟，每趟就告诉我缺一样，换你你不窝火？"
        end
        local pre = about_boss(state)
        if pre == "" then
          pre = did(state, "apology") and "你这么说，我这火消了点。" or "那我就从头说。"
        end
        return pre .. "第一趟说户口本要原件，我回家翻了半天。第二趟又说要档案。"
          .. "今天来，又说社保卡也得先办。每回就说一样！我坐公交来回两个钟头啊。"
      end,
      criteria = { "lur.understand", "lur.listen", "empathy.acknowledge", "empathy.no_blame",
                   "empathy.courtesy", "clarity.plain_language" },
      hint = "用自己的话复述他的经过，末尾问一句“对吗？”让他确认。别去解释前两次是谁的责任。",
      model = "您是说，前两次每回只告诉您缺一样，害您来回跑了三趟，对吗？"
           .. "这是我们没一次说清楚，对不起。今天我把缺的全部一次列给您。",
      choices = {
        "您是说，前两次每回只告诉您缺一样，让您来回跑了三趟，对吗？这是我们没说清楚，对不起。今天我一次给您列全。",
        "好的，情况我知道了。退休申领材料比较多，一般都要跑几趟。",
        "上次接待你的又不是我，他怎么说的我不清楚。你自己当时也没问清楚吧？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.understand" }, anger_below = 60 }, go = "notice", set = { confirmed = true } },
        { when = { visits_at_least = 2 }, go = "notice", set = { slip_story = true } },
        { when = { met_any = { "lur.understand", "empathy.acknowledge" } }, go = "notice",
          set = { slip_story = true } },
        { go = "story", set = { slip_story = true } },
      },
    },

    -- 3. The demand for the full list: one-time complete notice (一次性告知). On a revisit he
    -- repeats back what he has got and asks only for what is still missing.
    notice = node {
      expression = "anxious",
      say = function(state)
        if state.visits >= 2 then
          -- He knows the three items from his trips; he asks where for those named without a
          -- place, and names the ones not mentioned at all.
          local got, ask, unnamed = {}, {}, {}
          for i = 1, #ITEMS do
            if state.flags[told_flag(i)] then
              got[#got + 1] = SHORT[i]
            elseif last(state).named[ITEMS[i].label] then
              ask[#ask + 1] = SHORT[i] .. ASK_WHERE[i]
            else
              unnamed[#unnamed + 1] = i
            end
          end
          if #got + #ask == 0 then
            local names = {}
            for _, i in ipairs(unnamed) do names[#names + 1] = SHORT[i] end
            ask[1] = table.concat(names, "、") .. "，各上哪儿弄？"
          else
            for _, i in ipairs(unnamed) do
              ask[#ask + 1] = "还有" .. SHORT[i] .. "呢？" .. ASK_WHERE[i]
            end
          end
          if not state.flags[told_flag(#ITEMS + 1)] then ask[#ask + 1] = "最晚啥时候交？" end
          local line = last(state).node == "flare" and about_boss(state) or ""
          if line == "" and state.visits >= 3 then line = "还差着呢！" end
          if #got > 0 then line = line .. table.concat(got, "、") .. "，这些我记下了。" end
          if #ask == 0 then return line .. "你再慢点说一遍，我拿笔记下来。" end
          return line .. table.concat(ask) .. "我可不想跑第四趟。"
        end
        if last(state).node == "opening" then
          local pre = said(state, "身份证") and "身份证在这儿。" or ""
          return pre .. "别绕弯子！你一次给我说清楚：到底还缺啥？各上哪儿弄？啥时候交？"
        end
        local pre = about_boss(state)
        if pre == "" and (did(state, "checkback") or did(state, "paraphrase")) then
          pre = "对，就是这么回事。"
        end
        if state.anger >= 70 then
          return pre .. "行了，别绕弯子！你一次给我说清楚：到底还缺啥？上哪儿弄？啥时候交？"
        end
        return pre .. "那你一次给我说清楚，到底还缺哪几样？都上哪儿去弄？我记性不好，你说慢点。"
      end,
      criteria = { "lur.respond", "clarity.one_time_notice", "clarity.plain_language",
                   "empathy.courtesy", "empathy.no_blame", "compliance.no_promise" },
      hint = "一次性告知：三样材料，每样去哪里办，什么时候前交，一口气说全。句子短一点，最好写在纸上给他。",
      model = "让您多跑了，对不起。我一样一样说，也给您写在纸上。第一，户口簿原件，在您家里。"
           .. "找不到就去派出所补。第二，人事档案，去原单位或人才服务中心调。"
           .. "第三，社保卡，到合作银行网点办。这三样，本月底前交来就行。",
      notice = { items = ITEMS, deadline = DEADLINE },
      choices = {
        "让您多跑了，真对不起。我一样一样说，也写在纸上给您。第一，户口簿原件，在您家里。第二，人事档案，去原单位或人才服务中心调。第三，社保卡，到合作银行网点办。这三样本月底前交来就行。",
        "还缺户口本和档案，您回去准备一下吧。",
        "缺什么墙上清单都贴着呢，你自己去看。",
      },
      next = join({
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "clarity.one_time_notice" } }, go = "doubt", set = { noticed = true } },
        -- Not in one go, but by now everything has been said: he goes on (the slip stays).
        { when = function(reply, state) return state.visits >= 2 and told_all(reply, state) end,
          go = "doubt", set = { noticed = true } },
        { when = { visits_at_least = 2, anger_at_least = 85 }, go = "walked_away" },
        { when = { visits_at_least = 3 }, go = "walked_away" },
      }, remember("notice", { slip_notice = true })),
    },

    -- 4. He wants a guarantee. Trap: a verbal promise (he has heard "齐了" before).
    doubt = node {
      expression = "suspicious",
      say = function(state)
        local pre = ""
        if said(state, "纸", "写给您", "写下来", "写好") then pre = "你给写下来了，好。" end
        if state.visits >= 2 then
          return pre .. "三样东西我都记着呢。我就再问你一回：这回交齐了，到底能不能办下来？"
            .. "别跟上回那人似的，嘴上说齐了，回头又缺。"
        end
        return pre .. "户口本、档案、社保卡，就这些了？上回那个人也说“齐了齐了”，结果呢？"
          .. "你给我打个包票：这回交齐了，肯定能办下来？"
      end,
      criteria = { "compliance.no_promise", "compliance.basis", "empathy.acknowledge",
                   "lur.respond", "empathy.courtesy", "clarity.plain_language" },
      basis = { "社会保险法", "第十六条", "退休年龄", "满15年", "满十五年" },
      hint = "不能承诺审核结果。可以承诺你自己做得到的：清单签名负责、只认这几样。"
          .. "再用一句大白话讲办下来的条件（案情卡：到退休年龄、缴费满15年）。",
      model = "您怕再白跑，我理解。审核结果我不能打包票。但这张清单我签上名字，只认这三样。"
           .. "按《社会保险法》第十六条，到了退休年龄、缴费满15年，材料齐了就按规定给您办。",
      choices = {
        "您怕再白跑，我理解。结果我不能打包票，但这张清单我签上名字，只认这三样。按《社会保险法》第十六条，到了退休年龄、缴费满15年，材料齐了就按规定给您办。",
        "应该没什么问题吧，到时候再看。",
        "放心，包在我身上，交齐了保证给你办下来。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "burned", set = { promised = true } },
        { when = { met = { "compliance.no_promise" }, met_any = { "compliance.basis", "empathy.acknowledge" },
                   trust_at_least = 40 }, go = "archive" },
        { go = "archive", set = { slip_doubt = true } },
      },
    },

    -- 4b. After a promise: "that is what the last clerk said". The trainee must walk it back.
    burned = node {
      expression = "suspicious",
      say = function(state)
        if state.visits >= 2 then
          return "你又给我拍胸脯？上回那人拍过，你刚才也拍过，我跑了三趟还没办成。"
            .. "你就说实话：结果到底谁说了算？"
        end
        return "你这么一拍胸脯，我反倒心里发毛。上回那个人也是这么说的，结果我跑了第三趟！"
          .. "你们的话到底能不能信？"
      end,
      criteria = { "empathy.acknowledge", "compliance.no_promise", "compliance.basis",
                   "lur.respond", "empathy.no_blame", "empathy.courtesy" },
      basis = { "社会保险法", "第十六条", "按规定" },
      hint = "承认刚才的话说过头了，收回承诺；说清楚你能做到的和要按规定审核的。",
      model = "您说得对，我刚才的话说过头了，对不起。结果要按规定审核，我不能打包票。"
           .. "我能做到的是：清单签上我的名字，只认这三样，材料齐了马上给您报。",
      choices = {
        "您说得对，我刚才的话说过头了，对不起。结果要按规定审核，我不能打包票。我能做到的是：清单签上我的名字，只认这三样，材料齐了马上给您报。",
        "我说能办就能办，您别多想了。",
        "信不信随便你，这事我说了算。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "compliance.no_promise", "empathy.acknowledge" } }, go = "archive",
          set = { walked_back = true } },
        { when = { anger_at_least = 85 }, go = "walked_away" },
        { go = "archive" },
      },
    },

    -- 5. His real obstacle: the factory was restructured; where is his file? Trap: "not our job".
    archive = node {
      expression = "confused",
      say = function(state)
        if state.visits >= 2 then
          if said(state, "人才服务中心", "主管单位", "档案馆") then
            return "你说的地方我记下了。可要是那儿也没有呢？厂子都没了，我连个电话都没有。"
          end
          return "档案上哪儿找，你还没给我个准地方。厂子都没了，我找谁？"
        end
        local pre = ""
        if last(state).node == "burned" and did(state, "apology") then
          pre = "你肯认这个错，我就不跟你计较了。"
        elseif said(state, "签名", "签上", "签字") then
          pre = "你肯签名，我就信你这一回。"
        elseif last(state).met["compliance.basis"] then
          pre = "按规定办，我认。"
        end
        return pre .. "还有个事。我的档案在原来的机械厂，可厂子十几年前就改制了，人都散了。我上哪儿找去？"
      end,
      criteria = { "lur.understand", "lur.listen", "lur.respond", "empathy.acknowledge",
                   "empathy.no_blame", "clarity.plain_language" },
      hint = "这是他真正的难处。先确认他的情况，再给具体路子：人才服务中心、原厂的主管单位；"
          .. "说清你能帮他查什么（案情卡：参保记录里有主管单位的电话）。别说“那是你单位的事”。",
      model = "您是说厂子改制了，不知道档案去哪了，对吗？这事确实让人着急，咱们一起想办法。"
           .. "您可以先去人才服务中心查，也可以问原厂的主管单位。"
           .. "我现在帮您查一下参保记录里的单位信息，把电话写给您。",
      choices = {
        "您是说厂子改制了，不知道档案去哪了，对吗？这事确实让人着急，咱们一起想办法。您可以先去人才服务中心查，也可以问原厂的主管单位。我现在帮您查参保记录里的单位信息，把电话写给您。",
        "档案一般会转到人才服务中心，您查一下吧。",
        "档案是你单位的事，找不到我们也没办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "lur.respond" }, met_any = { "lur.understand", "empathy.acknowledge" } },
          go = "son", set = { archive_helped = true } },
        { when = { visits_at_least = 2 }, go = "son", set = { slip_archive = true } },
        { when = { anger_at_least = 60 }, go = "archive", set = { slip_archive = true } },
        { go = "son", set = { slip_archive = true } },
      },
    },

    -- 6. His son will follow up by phone: privacy. No ID number or records over the phone.
    son = node {
      expression = "calm",
      say = function(state)
        local pre = "行。"
        if said(state, "电话") and said(state, "写", "抄") then
          pre = "电话你给我写上，那就好办了。"
        elseif said(state, "人才服务中心") then
          pre = "行，我先去人才服务中心问问。"
        end
        if state.visits >= 2 then
          return pre .. "儿子那事我还没问完呢。往后他打电话来问进度，我的身份证号、"
            .. "缴费记录，你们能不能在电话里直接告诉他？"
        end
        return pre .. "我记性差，以后让我儿子打电话来问进度。到时候你把我的身份证号、缴费记录啥的，"
          .. "直接在电话里告诉他，省得我再跑。"
      end,
      criteria = { "compliance.privacy", "lur.respond", "empathy.courtesy", "compliance.channel",
                   "clarity.plain_language", "empathy.no_blame" },
      identity = true,
      hint = "可以让家人帮忙，但身份证号、缴费明细不在电话里说。给他正规的查询路子（12333），"
          .. "查询先核实身份；代办要带委托书和双方身份证。",
      model = "让您儿子帮忙挺好。不过身份证号、缴费记录这些，电话里我们不能说，怕被人冒用。"
           .. "查进度可以打12333，核实身份后查。要代办，请他带您的委托书和两个人的身份证来。",
      choices = {
        "让您儿子帮忙挺好。不过为了您的信息安全，身份证号、缴费记录电话里不能说。他可以打12333，核实身份后查进度。要代办，请带上您写的委托书和您俩的身份证。",
        "可以，让他打窗口电话问就行。",
        "行，到时候他打来，我就把你的身份证号和缴费明细都念给他听。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        -- Offering to read his details to any caller: he sees the risk himself.
        { when = { missed = { "compliance.privacy" } }, go = "son_worry", set = { privacy_slip = true } },
        { when = { met = { "lur.respond" } }, go = "wrapup" },
        { go = "wrapup", set = { slip_son = true } },
      },
    },

    -- 6b. After a privacy slip: he worries about impostors. The trainee must correct it.
    son_worry = node {
      expression = "suspicious",
      say = "等等……电话里谁都能说自己是我儿子啊。万一是骗子冒充的，你们怎么分得清？"
         .. "我的号码让人知道了可咋办？",
      criteria = { "compliance.privacy", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "empathy.no_blame", "clarity.plain_language" },
      identity = true,
      hint = "他提醒得对。承认刚才说错了，改口：电话里不报身份证号、缴费明细；查进度要先核实身份，代办要委托书。",
      model = "您提醒得对，是我刚才说错了，对不起。电话里我们不报身份证号和缴费记录。"
           .. "您儿子查进度，要先核实身份；要代办，请他带您的委托书和两个人的身份证来。",
      choices = {
        "您提醒得对，是我刚才说错了，对不起。电话里我们不报身份证号和缴费记录。您儿子查进度，要先核实身份；要代办，请他带您的委托书和您俩的身份证来。",
        "一般不会有人冒充的，您放心。",
        "哪有那么多骗子，你想多了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "walked_away", set = { privacy_worry = true } },
        { when = { met = { "compliance.privacy", "empathy.acknowledge" } }, go = "wrapup",
          set = { privacy_fixed = true } },
        { when = { anger_at_least = 80 }, go = "walked_away", set = { privacy_worry = true } },
        { go = "wrapup" },
      },
    },

    -- 7. Closing: who owns his case next time (首问负责), and the formal channels.
    wrapup = node {
      expression = "calm",
      say = function(state)
        local pre = ""
        if last(state).node == "flare" then
          pre = about_boss(state)
        elseif last(state).node == "son_worry" and did(state, "apology") then
          pre = "你改过来就好。"
        elseif said(state, "12333") then
          pre = "查进度打12333，我记下了。"
        elseif said(state, "委托书") then
          pre = "委托书我让儿子写。"
        end
        if state.trust >= 55 and slips(state) <= 1 then
          return pre .. "这回说得明明白白，我回去就办。可万一下回来窗口又卡住了，我找谁？"
        end
        return pre .. "说了这么多，我也记不太住……下回来要是又卡住了，我找谁去？"
      end,
      criteria = { "compliance.channel", "lur.respond", "empathy.acknowledge", "empathy.courtesy",
                   "empathy.no_blame", "compliance.no_promise" },
      hint = "告诉他下回直接找谁（首问负责：案情卡上的窗口），不满意时的正式渠道（12333、好差评），最后谢谢他的耐心。",
      model = "下回您直接来3号窗口找我，清单上有我的名字。有问题也可以打12333反映，"
           .. "或者在“好差评”上评价。今天让您跑了一趟又一趟，辛苦您了，谢谢您的耐心。",
      choices = {
        "下回您直接来3号窗口找我，清单上写了我的名字。有问题也可以打12333反映，或者在好差评上评价。今天辛苦您了，谢谢您的耐心。",
        "下回您来了先取号，窗口会给您看的。",
        "办不下来那就是你材料的问题，找谁都一样。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        -- 5 stars only for a clean run: heard first, at most one weak reply, no promise,
        -- no privacy slip, no blow-up.
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 70 and state.anger < 30
               and f.listened and not (f.promised or f.privacy_slip or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met_any = { "compliance.channel", "lur.respond" }, trust_at_least = 50,
                   anger_below = 50, not_flags = { "promised" } }, go = "satisfied" },
        { when = { anger_at_least = 85, trust_below = 50 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: he demands a supervisor. One chance to recover; otherwise a complaint.
    flare = node {
      expression = "furious",
      say = function(state)
        local l = last(state)
        if state.visits >= 3 then
          return "我最后问你一句：这事你到底管不管？不管我现在就去投诉！"
        elseif state.visits == 2 then
          if l.node == "flare" then
            return "你倒是给句痛快话！我跑了三趟，你们领导到底叫不叫？"
          end
          return "又来这一套！我刚消了点火，你又给我添堵。我今天非投诉你不可！"
        end
        if l.missed["empathy.no_blame"] and has(l.text, { "你自己", "怪", "没带齐", "没问清" }) then
          return "你这是什么话？！我跑了三趟，倒成我的错了？把你们领导叫来！"
        elseif l.missed["empathy.courtesy"] or l.missed["empathy.no_blame"] then
          return "你这是什么态度？！我跑了三趟，就换来这么一句？把你们领导叫来！"
        end
        return "我不跟你说了！三趟了还办不成，把你们领导叫来！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.channel" },
      reacts = {
        -- At this point an apology counts double; a second brush-off is the end.
        ["empathy.acknowledge"] = { met = { anger = -20, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "他要找领导。别辩解，别拦着。先道歉，认可他有火是应该的，再请他说完；"
          .. "他坚持要反映，就告诉他正式渠道（值班长、12333）。",
      model = "对不起，是我刚才说话不妥，让您更生气了。您跑了三趟，有火是应该的。"
           .. "您先跟我说说情况，我负责给您办到底。您要反映，我请值班长过来，也可以打12333。",
      choices = {
        "对不起，刚才是我说话不妥。您跑了三趟，有火是应该的。您先跟我说说情况，我负责给您办到底。您要反映，我请值班长过来，也可以打12333。",
        "您别嚷嚷，有话好好说。",
        "你去投诉好了，规定就是规定。",
      },
      next = {
        -- A third blow-up ends it, however good the reply.
        { when = { visits_at_least = 3 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { visits_at_least = 2, anger_at_least = 80 }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "listened" } },
          go = "story", set = { listened = true, recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "noticed" } },
          go = "notice", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "wrapup",
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
      explain = "你先听他把三趟的委屈说完并复述确认，一次说全了三样材料、各去哪办和期限，"
             .. "没打包票，也守住了他的信息。他知道下次找谁，放心地走了。",
      say = "行，这回心里有底了。三样东西我记下了，交齐了就来找你。谢谢你啊，小同志。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "基本解决",
      explain = "该说的都说到了，他知道怎么办、找谁。但途中有不止一处答得不到位，"
             .. "或者让他发过火、说过头话、在电话查询上说错过，所以是“满意”而不是“非常满意”。",
      say = "好，这回总算弄明白了。东西我回去找齐，下回直接来找你。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      title = "勉强接受",
      explain = "他拿到了要办的事，但心里没底：要么没听到下次找谁、有问题打哪儿，要么一路上没被好好安抚。",
      say = "行吧，我先回去弄。但愿这回别再出岔子，再跑一趟我这腿可受不了。",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      title = "群众离开",
      explain = "缺什么、去哪办、啥时候交，几次都没说全，或者他不放心自己的信息，事没办成他就走了，还得再跑一趟。",
      say = function(state)
        if state.flags.privacy_worry then
          return "算了，信息交给你们我不放心。今天不办了，回头我自己再跑一趟。"
        end
        return "算了算了，跟你说不清楚。今天不办了，我回去叫我儿子来问。"
      end,
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "群众投诉",
      explain = "他跑了三趟本就有火，又听到指责、推诿或不客气的话，火上浇油，要找领导并打12345投诉。",
      say = function(state)
        if did(state, "escalate") and not last(state).missed["empathy.no_blame"] then
          return "领导来了我也这么说！你们等着，回头我就打12345投诉！"
        end
        return "行，你们等着！我这就找你们领导，回头再打12345投诉你！"
      end,
    },
  },
}
