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
--   A flat refusal at the opening provokes her first: opening -> rigid -> code -> routes.
-- Side node: flare (she feels brushed off or treated as a fraudster; one recovery, back to the
-- node where it happened).
-- Endings: resolved (5, at most one slip), satisfied (4), partial (3), breach (1: two weeks later
-- she calls back, her father's pension has gone to a stranger's card), escalated (2).
--
-- The citizen listens: every `say` answers the reply just given (state.last), never quotes
-- words the clerk did not say, and varies on a revisit.

-- ---- Helpers (pure functions of their arguments) ----

local NONE = { text = "", met = {}, missed = {}, acts = {}, named = {} }

local function last(state) return state.last or NONE end

-- True when the last reply contains any of the words.
local function said(state, words)
  local t = last(state).text or ""
  for _, w in ipairs(words) do
    if string.find(t, w, 1, true) then return true end
  end
  return false
end

local function act(state, name) return (last(state).acts or {})[name] == true end
local function met(state, id) return (last(state).met or {})[id] == true end
local function missed(state, id) return (last(state).missed or {})[id] == true end

-- Splits a reply into clauses at Chinese and ASCII punctuation.
local STOPS = { ["，"] = true, ["。"] = true, ["！"] = true, ["？"] = true, ["；"] = true, ["："] = true,
                [","] = true, ["."] = true, ["!"] = true, ["?"] = true, [";"] = true, [":"] = true,
                ["…"] = true, ["\n"] = true }

local function clauses(text)
  local out, cur = {}, {}
  for _, c in utf8.codes(text) do
    local ch = utf8.char(c)
    if STOPS[ch] then
      if #cur > 0 then out[#out + 1] = table.concat(cur) end
      cur = {}
    else
      cur[#cur + 1] = ch
    end
  end
  if #cur > 0 then out[#out + 1] = table.concat(cur) end
  return out
end

local function has_any(s, words)
  for _, w in ipairs(words) do
    if string.find(s, w, 1, true) then return true end
  end
  return false
end

-- True when the reply goes along with reading out a verification code: a clause that invites
-- her to read or send something, not negated, in a reply that mentions the code and does not
-- refuse it (the scorer may count the word 验证码 as an identity check, so this scenario detects
-- the request itself).
local ACCEPT = { "念吧", "念一下", "报一下", "报给我", "告诉我", "说一下", "发给我", "也报", "也念",
                 "念给我", "读给我", "您念", "你念", "报吧", "发过来" }
local NEG = { "不", "别", "没", "勿", "莫" }

local function accepts_code(reply)
  local t = reply.text or ""
  if not string.find(t, "验证码", 1, true) then return false end
  local invited, refused = false, false
  for _, c in ipairs(clauses(t)) do
    local neg = has_any(c, NEG)
    if has_any(c, ACCEPT) and not neg then
      if string.find(c, "验证码", 1, true) then return true end
      invited = true
    end
    if neg and string.find(c, "验证码", 1, true) then refused = true end
  end
  return invited and not refused
end

-- Weak replies on the main path are remembered as flags slip_<node>; the top rating allows one.
local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- The one-time notice at `routes`: which items a reply covers (named, and for the 委托书 also
-- where it comes from or who signs it). Remembered as flags had_1..had_3 so that a second try
-- only has to add what is still missing.
local ITEMS = {
  { label = "委托书", short = "委托书", where = { "签字", "签名", "下载", "窗口", "领" } },
  { label = "父亲的身份证", short = "您爸的身份证", also = { "两个人的身份证", "双方的身份证", "双方身份证",
    "你们俩的身份证", "和您父亲的身份证", "和父亲的身份证", "您爸的身份证", "你爸的身份证" } },
  { label = "您本人的身份证", short = "我的身份证", also = { "两个人的身份证", "双方的身份证", "双方身份证",
    "你们俩的身份证", "您和您父亲的身份证", "您和父亲的身份证", "你的身份证" } },
}

local function covered(reply, i)
  local it = ITEMS[i]
  local t = reply.text or ""
  if not ((reply.named or {})[it.label] or (it.also and has_any(t, it.also))) then return false end
  return not it.where or has_any(t, it.where)
end

local function cover_mask(reply)
  local m = 0
  for i = 1, #ITEMS do
    if covered(reply, i) then m = m + (1 << (i - 1)) end
  end
  return m
end

-- First try at `routes` without the full notice: remember what was covered, ask again.
local function remember_routes()
  local out = {}
  for m = 0, (1 << #ITEMS) - 1 do
    local set = { "slip_routes" }
    for i = 1, #ITEMS do
      if m & (1 << (i - 1)) ~= 0 then set[#set + 1] = "had_" .. i end
    end
    out[#out + 1] = { when = function(reply) return cover_mask(reply) == m end, go = "routes", set = set }
  end
  return out
end

local function all_covered(reply, state)
  for i = 1, #ITEMS do
    if not (covered(reply, i) or state.flags["had_" .. i]) then return false end
  end
  return true
end

local function join(list)
  return table.concat(list, "、")
end

local function concat(a, b)
  local out = {}
  for _, x in ipairs(a) do out[#out + 1] = x end
  for _, x in ipairs(b) do out[#out + 1] = x end
  return out
end

-- An offer to bring in a supervisor: the scorer's act, or a clause naming one, not negated.
local BOSS = { "科长", "值班长", "主任", "负责人", "领导", "组长", "班长" }
local BOSS_NEG = { "不用", "不必", "不需要", "别", "没", "不找", "不叫", "不请" }

local function offers_boss(state)
  if act(state, "escalate") then return true end
  for _, c in ipairs(clauses(last(state).text or "")) do
    if has_any(c, BOSS) and not has_any(c, BOSS_NEG) then return true end
  end
  return false
end

-- When she calms down after a flare, she answers an offer to bring in a supervisor.
local function after_flare(state)
  if offers_boss(state) then return "领导就先不用叫了，你好好说就行。" end
  if act(state, "apology") then return "行，你道歉我就不计较了。" end
  return "行，我不跟你吵。"
end

local RECOVER = { met = { "empathy.acknowledge" }, anger_below = 90 }

local function back(flag, go)
  return { when = { met = RECOVER.met, anger_below = RECOVER.anger_below, flags = { flag } },
           go = go, set = { [flag] = false, recovered = true } }
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
  notes = "委托代办所需材料（委托书、双方身份证）、委托书的取得方式（窗口领取或网上下载）、"
       .. "上门服务的条件和预约方式因地而异，以当地规定为准。“三个工作日内回电约时间”为示例。"
       .. "本例来电人身份无法在电话中确认；结局“breach”里她两周后来电，说明电话里随便给办、随便给报，"
       .. "冒充的人也能办。",
  brief = {
    who = "热线来电：自称郑晓燕，34岁，说是退休职工郑德福的女儿。父亲住院，她急着用钱",
    brought = { "只有这通电话，没有可以核对的证件",
                "来电号码不是郑德福登记的手机号" },
    system = { "郑德福：退休人员，按月领养老金，打到他登记的银行卡上",
               "电话里核实不了来电人是谁" },
    rules = {
      "电话里不查询、不告诉账户余额、卡号、身份证号等个人信息；不要、不收验证码和密码",
      "为什么：电话里确认不了对方是谁，防止别人冒用参保人的账户、冒领养老金",
      "查养老金和账户：参保人本人用电子社保卡或国家社会保险公共服务平台查",
      "改养老金收款银行卡：到窗口办，本人来，或委托家属代办",
      "委托代办带三样（参保人签字的委托书、参保人和受托人的身份证），可以这样告诉她："
        .. "委托书（父亲签字；窗口领或网上下载）、父亲的身份证、您本人的身份证",
      "参保人住院、行动不便：可申请上门服务，电话里先登记预约，三个工作日内回电约时间（示例）；"
        .. "能否安排按规定审核",
      "核实来电真假：挂断后自己拨打12333；社保不会在电话里要密码和验证码",
      "对服务有意见：打12333投诉",
    },
    facts = {},
  },
  top = "全程最多一处不到位：先共情再说电话里不能查、不能报；当场拦下验证码；讲清是防别人冒用、"
     .. "不是怀疑她；一次说全委托书和两人的身份证；帮她登记上门服务，不打包票；教她挂断后自拨12333核实。",
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
        "按规定，电话里不能查询和告知个人信息，请您理解。",
        "好的，我看一下……他的账户余额是三万二，卡号是6217开头的那张。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_opening = true } },
        { when = { missed = { "compliance.privacy" } }, go = "code", set = { "leaked" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 50 }, go = "code",
          set = { "listened" } },
        -- A flat refusal: she takes it as red tape before anything else.
        { go = "rigid", set = { "slip_opening" } },
      },
    },

    -- 2. She offers his ID number and the verification code just received. Stop her.
    code = node {
      expression = "anxious",
      identity = true,
      say = function(state)
        local ask = "他收养老金的卡，能不能换成我这张？他身份证号我念给你，"
                 .. "他手机上刚收到个验证码，我也念给你，行吧？"
        local l = last(state)
        if state.visits >= 2 then
          return after_flare(state) .. "那换卡的事到底怎么说？验证码我还念不念？"
        end
        if l.node == "flare" then
          return after_flare(state) .. "那这样，" .. ask
        end
        if l.node == "rigid" then
          if met(state, "id.why") then
            return "好，你们是怕有人冒充。那我证明我就是我：他身份证号我念给你，他手机上刚收到个验证码，"
                .. "也念给你。核对完把他收养老金的卡换成我这张，行吧？"
          end
          return "规矩多我认了。那这样，" .. ask
        end
        if missed(state, "compliance.privacy") then
          return "好，我记下了。还有，" .. ask
        end
        if act(state, "open_question") then
          return "最急的是住院押金，明天就得交。" .. ask
        end
        if act(state, "refusal") then
          return "查不了是吧……那这样，" .. ask
        end
        return "那这样，" .. ask
      end,
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
        "改银行卡不能电话办理，需要到窗口办理。",
        "行，您念吧，验证码也报一下，我帮您改。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_code = true } },
        -- Taking the code over the phone hands the account to whoever is calling.
        { when = function(reply) return accepts_code(reply) end, go = "breach", set = { "code_taken" } },
        -- After the flat-refusal detour she has already had her say about red tape: on to routes.
        { when = { flags = { "rigid_done" }, missed = { "compliance.privacy" } }, go = "routes",
          set = { "leaked", "code_done" } },
        { when = { flags = { "rigid_done" }, met = { "id.no_code" } }, go = "routes",
          set = { "code_stopped", "code_done" } },
        { when = { flags = { "rigid_done" } }, go = "routes", set = { "slip_code", "code_done" } },
        { when = { missed = { "compliance.privacy" } }, go = "rigid", set = { "leaked", "code_done" } },
        { when = { met = { "id.no_code" } }, go = "rigid", set = { "code_stopped", "code_done" } },
        { go = "rigid", set = { "slip_code", "code_done" } },
      },
    },

    -- 3. "You think I'd cheat my own father?" Explain why, without accusing her.
    rigid = node {
      expression = "angry",
      say = function(state)
        local core = "我是他亲闺女，还能骗我亲爹的钱不成？人都躺医院了！"
        if state.visits >= 2 then
          return after_flare(state) .. "可你得说清楚：凭什么亲闺女打个电话都不行？"
        end
        local l = last(state)
        if l.node == "code" then
          if said(state, { "验证码" }) then
            return "验证码都不让念？你们怎么这么死板？" .. core
          end
          return "电话里换张卡都不行？你们怎么这么死板？" .. core
        end
        if act(state, "refusal") then
          return "就这么一口回绝了？你们怎么这么死板？" .. core
        end
        return "你们怎么这么死板？" .. core
      end,
      criteria = { "empathy.acknowledge", "empathy.no_blame", "lur.order", "empathy.courtesy",
                   "id.why" },
      checks = {
        { id = "id.why", name = "讲清为什么",
          all = { { "冒用", "冒领", "冒充", "被骗", "诈骗", "信息安全", "骗子" } },
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
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_rigid = true } },
        { when = { met = { "id.why" }, flags = { "code_done" } }, go = "routes",
          set = { "explained", "rigid_done" } },
        { when = { met = { "id.why" } }, go = "code", set = { "explained", "rigid_done" } },
        { when = { flags = { "code_done" } }, go = "routes", set = { "slip_rigid", "rigid_done" } },
        { go = "code", set = { "slip_rigid", "rigid_done" } },
      },
    },

    -- 4. The real routes, told in one go: official platform for the balance, offline to change the card.
    routes = node {
      expression = "confused",
      say = function(state)
        if state.visits >= 2 then
          local l = last(state)
          if l.node == "flare" then
            return after_flare(state) .. "你就告诉我，换卡到底要带哪几样，上哪儿弄？"
          end
          local got, miss = {}, {}
          for i, it in ipairs(ITEMS) do
            if state.flags["had_" .. i] then got[#got + 1] = it.short else miss[#miss + 1] = it end
          end
          if #got == 0 and said(state, { "身份证" }) then
            return "身份证是要我爸的，还是我的？还有别的没有？你一样一样说全，每样上哪儿弄。"
          end
          if #got == 0 then
            return "你说得太笼统了。换卡到底要带哪几样？每样上哪儿弄？你一样一样说。"
          end
          if #miss == 2 and said(state, { "身份证" }) and not state.flags.had_2 and not state.flags.had_3 then
            return join(got) .. "我记下了。身份证是要我爸的，还是我的？还差别的吗？"
          end
          if #miss == 1 and miss[1].where then
            return join(got) .. "我记下了。那委托书上哪儿弄？要谁签字？"
          end
          return join(got) .. "我记下了。还差什么？你一次说全，别让我跑两趟。"
        end
        local pre = ""
        if met(state, "id.why") then
          pre = "行，你是怕有人冒充，这我明白了。"
        elseif act(state, "refusal") then
          pre = "光说不能可不行。"
        end
        if said(state, { "委托" }) then
          return pre .. "你刚才提到委托，那到底要带哪几样？我爸躺着动不了，钱又急着用。"
        end
        return pre .. "那我到底怎么办？我爸躺着动不了，钱又急着用。"
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
        "改卡需要到窗口办理，要带委托书和身份证。",
        "动不了就等他好了再说，不归我们管。",
      },
      next = (function()
        local t = {
          { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
            set = { back_routes = true } },
          { when = { missed = { "compliance.privacy" } }, go = "home", set = { "leaked", "slip_routes" } },
          { when = { met = { "clarity.one_time_notice" } }, go = "home", set = { "routed" } },
          -- Second try: enough if, with what was said the first time, every item is covered.
          { when = function(reply, state) return state.visits >= 2 and all_covered(reply, state) end,
            go = "home", set = { "routed", "slip_routes" } },
          { when = { visits_at_least = 2 }, go = "home", set = { "slip_routes" } },
        }
        return concat(t, remember_routes())
      end)(),
    },

    -- 5. He cannot move: a home visit or appointment, and a callback; no promise.
    home = node {
      expression = "anxious",
      say = function(state)
        if state.visits >= 2 then
          return after_flare(state) .. "我就想问一句：他出不了医院，你们到底能不能上门？"
        end
        local pre = "行吧。"
        if state.flags.routed then pre = "委托书我让他签，这能办到。" end
        if said(state, { "上门" }) then
          return pre .. "你刚才说能上门？那怎么约？要等多久？"
        end
        return pre .. "可他在医院出不来，万一手续卡住了呢？你们能上门吗？"
      end,
      criteria = { "lur.respond", "compliance.no_promise", "empathy.acknowledge", "empathy.courtesy",
                   "id.home" },
      checks = {
        { id = "id.home", name = "上门服务或预约",
          all = { { "上门" }, { "预约", "登记", "申请" } },
          note = "告诉她行动不便的可以申请上门服务，先登记预约。" },
      },
      reacts = { ["id.home"] = { met = { anger = -8, trust = 8 } } },
      hint = "行动不便的老人可以申请上门服务：先帮她登记预约，说清三个工作日内回电话约时间；"
          .. "能不能上门要按规定审核，别打包票。",
      model = "老人住院出不来，确实不容易。行动不便的，可以申请上门服务。我现在给您登记预约，"
           .. "三个工作日内有同事回电话跟您约时间。能不能安排要按规定审核，我不打包票，但一定给您回话。",
      choices = {
        "老人出不来确实不容易，可以申请上门服务。我现在给您登记预约，三个工作日内同事回电话约时间。能不能安排要按规定审核，我不打包票。",
        "可以申请上门服务，具体要审核。",
        "上门？我们哪有那么多人，你自己想办法。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { back_home = true } },
        { when = { missed = { "compliance.no_promise" } }, go = "closing",
          set = { "promised", "home_done" } },
        { when = { met = { "id.home" } }, go = "closing", set = { "home_booked", "home_done" } },
        { go = "closing", set = { "slip_home", "home_done" } },
      },
    },

    -- 6. Her own doubt: how does she know this call is genuine?
    closing = node {
      expression = "suspicious",
      say = function(state)
        if state.visits >= 2 or last(state).node == "flare" then
          return after_flare(state) .. "那你最后告诉我，我怎么确认你们真是社保？"
        end
        local pre = ""
        if state.flags.promised then
          pre = "你这话我可记住了，到时候别不认。"
        elseif state.flags.home_booked and act(state, "callback") then
          pre = "行，我等电话。"
        end
        if act(state, "callback") then
          return pre .. "不过到时候打来的，我怎么知道是真社保，不是骗子？"
        end
        if state.trust >= 55 then
          return pre .. "我明白了。不过说实话，我怎么知道你是真社保，不是骗子？"
        end
        return pre .. "说了半天，我怎么知道你是不是真社保？现在骗子可多了。"
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
        "我们是正规单位，有问题可以打12333。",
        "不信你就别打来，爱信不信，随便你。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        -- What was given away on the phone comes back to the real account holder.
        { when = { flags = { "leaked" } }, go = "breach" },
        { when = function(reply, state)
            return reply.met["id.check_us"] and state.trust >= 60 and state.anger < 35
               and not state.flags.promised and not state.flags.recovered and slips(state) <= 1
          end, go = "resolved" },
        { when = function(reply, state)
            return (reply.met["id.check_us"] or reply.met["compliance.channel"]) and state.trust >= 45
               and state.anger < 50 and slips(state) <= 2
          end, go = "satisfied" },
        { go = "partial" },
      },
    },

    -- Side node: she feels brushed off or treated as a fraudster. One chance to recover.
    flare = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          return "又是这样！我不跟你说了，我找你们领导！"
        end
        if said(state, { "骗" }) then
          return "你什么意思？把我当骗子？我爸还在病床上躺着呢！你工号多少？我要投诉你！"
        end
        if missed(state, "empathy.courtesy") then
          return "你这是什么口气？我爸还在病床上躺着，打个电话问问都不行？你工号多少？我要投诉！"
        end
        return "你这话什么意思？我爸还在病床上躺着，你就这么打发我？你工号多少？我要投诉你！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy", "compliance.privacy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "先道歉，说明刚才的话不妥；认可她急；请她说说现在最需要解决什么。她要投诉，可以告诉她渠道，"
          .. "也可以请科长来接，但先把歉道了。",
      model = "对不起，我刚才的话让您难受了，是我说得不妥。父亲住院您着急，我理解。"
           .. "您说说，现在最需要解决的是什么？我帮您找能办的路子。",
      choices = {
        "对不起，我刚才的话让您难受了，是我说得不妥。父亲住院您着急，我理解。您说说现在最需要解决什么？我帮您找路子。",
        "您别激动，我们也是按规定。",
        "要投诉你就投诉，我工号你自己记。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "escalated" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "escalated" },
        back("back_opening", "code"),
        back("back_code", "code"),
        back("back_rigid", "rigid"),
        back("back_routes", "routes"),
        back("back_home", "home"),
        { when = RECOVER, go = "closing", set = { recovered = true } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      title = "放心挂电话", outcome = "resolved", rating = 5, expression = "relieved",
      explain = "她的急被听见了，信息一点没漏，验证码没收；委托书和两人身份证一次说全，上门也登记了，"
             .. "还学会了挂断后拨12333核实。",
      say = function(state)
        if act(state, "thanks") then
          return "不客气不客气，是我该谢你。我挂了就打12333再问一遍，委托书让我爸签好，等你们电话。"
        end
        return "行，我挂了就打12333再问一遍。委托书让我爸签好，等你们电话。谢谢你啊。"
      end,
    },
    satisfied = ending {
      title = "基本办妥", outcome = "resolved", rating = 4, expression = "calm",
      explain = "她知道该怎么办了，信息也没漏；但有一两处没做到位（没讲清为什么、没一次说全、没登记上门），"
             .. "或者吵过一次、说过头，所以是“满意”，不是“非常满意”。",
      say = function(state)
        if state.flags.routed then
          return "好吧，我按你说的准备委托书和身份证。麻烦你了。"
        end
        return "好吧，我先按你说的去弄。麻烦你了。"
      end,
    },
    partial = ending {
      title = "半信半疑", outcome = "partial", rating = 3, expression = "confused",
      explain = "信息守住了，但她没学会怎么确认你是真社保，或者一路上多处不到位，挂电话时心里还是没底。",
      say = "行吧，我自己再想想办法。你们这手续也真够麻烦的。",
    },
    breach = ending {
      title = "信息泄露", outcome = "complaint", rating = 1, expression = "furious",
      explain = "电话里核实不了对方是谁。报了信息、收了验证码，冒充的人用同样的办法也能得手，"
             .. "最后吃亏的是老人。",
      say = function(state)
        if state.flags.code_taken then
          return "（两周后，郑晓燕又打来电话）我爸的养老金怎么进了一张陌生的卡？你们说是有人电话里报了"
              .. "身份证号和验证码改的——那天你就是这么给我办的！谁打电话都能改？我要投诉！"
        end
        return "（两周后，郑晓燕又打来电话）有人冒充社保给我爸打电话，连他的卡号、卡里多少钱都说得"
            .. "一清二楚，差点把他骗了！那天你电话里张口就报——谁打来你都报？我要投诉！"
      end,
    },
    escalated = ending {
      title = "投诉升级", outcome = "escalated", rating = 2, expression = "angry",
      explain = "她觉得被打发、被怀疑，连着两次话不投机，事情没办成，转成了投诉。",
      say = function(state)
        if offers_boss(state) then
          return "行，你让你们领导来接电话，我倒要问问，你们就是这么对病人家属的？"
        end
        return "跟你说不通。我打12345，让你们领导给我个说法！"
      end,
    },
  },
}
