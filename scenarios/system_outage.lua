-- system_outage.lua - the business system goes down just as a working mother, who took half a
-- day off, reaches the window for a contribution certificate she needs by tomorrow morning.
-- Trains: an honest apology without pretending the system will be back "in a minute", listening
-- for the real deadline behind the request, the online alternative (电子社保卡 / 国家社会保险公共
-- 服务平台), the manual ledger and a callback, no promise of the result, and formal channels.
-- Sources: 002 技能提升·应急处理（系统崩溃时先用手工登记台账安抚群众，同时联系技术部门；
-- 指导通过电子社保卡查询、补打证明）, 004 八 应急处理（系统故障时采取手工办理等临时措施）,
-- 004 三 业务受理（告知办理时限）, FACTS 服务渠道.
--
-- Graph (main path): opening -> need -> online -> ledger -> guarantee -> closing
-- Side node: flare (she feels fobbed off; one recovery; it returns to the turn where it
-- happened).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), false_hope (complaint
-- later, 2: the trainee claimed the system would be back at once), walked_away (2),
-- complaint (1).
--
-- The citizen listens: each `say` answers the reply just given (state.last) before its own
-- question, asks again only for what is still missing, and never quotes the trainee.
-- Weak replies on the main path set flags slip_<node>; the top rating allows at most one.
-- Flags s_<node> mark the turns already played, so flare returns to the right turn.
-- The labelled scorer corpus was written in the context of these node ids and their criteria,
-- identity, checks, basis and notice: changing any of them changes what `make train` builds
-- (tests/eval/test_model_reproducible.sh); retrain and commit the model with such a change.

local function has(text, words)
  if not text then return false end
  for _, w in ipairs(words) do
    if string.find(text, w, 1, true) then return true end
  end
  return false
end

local function said(state, words)
  return state.last ~= nil and has(state.last.text, words)
end

local function did(state, act)
  return state.last ~= nil and state.last.acts[act] == true
end

local function met(state, id)
  return state.last ~= nil and state.last.met[id] == true
end

local function slips(state)
  local n = 0
  for name in pairs(state.flags) do
    if string.find(name, "slip_", 1, true) == 1 then n = n + 1 end
  end
  return n
end

-- True when the reply pretends the outage will be over at once (what the material warns against:
-- reassure with facts and a ledger, not with a guess).
local PRETEND = { "马上就好", "马上就能好", "一会儿就好", "一会就好", "几分钟就好", "很快就好",
                  "很快就能好", "马上恢复", "马上就恢复", "很快恢复", "五分钟", "立刻就好" }
local function pretends(text)
  return has(text, PRETEND)
end

-- Words that give a time of day for the callback.
local CLOCK = { "点前", "点之前", "点以前", "今天下午", "今天之内", "下班前", "今天内", "小时内" }

-- Words of a call or message back to her.
local CALL = { "电话", "回电", "通知", "联系您", "告诉您", "答复您", "短信" }

-- Her first words after a flare, when the trainee apologised or offered the duty manager.
local function after_flare(state)
  if not (state.last and state.last.node == "flare") then return "" end
  if did(state, "escalate") then return "值班长来了也好，可我要的是把事办成。" end
  if did(state, "apology") then return "行，这句对不起我听见了。" end
  return ""
end

return scenario {
  id = "system_outage",
  title = "排到窗口，系统坏了",
  summary = "周美玲请了半天假来开参保缴费证明，明天上午孩子入学要交。刚排到，系统故障了。"
         .. "练习：如实说明、真诚致歉，问清她的急处，指导线上办理，手工登记并约好回电，不乱打包票。",
  sources = { "002 技能提升·应急处理（系统崩溃：手工登记台账、安抚群众）", "004 八 应急处理",
              "004 三 业务受理（告知办理时限）", "FACTS 服务渠道（电子社保卡、国家社会保险公共服务平台）" },
  difficulty = 2,
  notes = "以下为示例做法，以本单位应急预案为准：“今天下午四点前回电话”、系统故障“情况说明”、"
       .. "手工登记台账的内容、值班长。入学要交参保证明为示例情节，"
       .. "学校是否接受电子证明由学校决定，对话中不替学校表态。",
  brief = {
    who = "周美玲，38岁，公司职员。请了半天假、排了一个多钟头来开参保缴费证明；刚排到她，业务系统故障了。",
    brought = { "身份证", "手机" },
    system = {
      "业务系统故障：技术人员正在抢修，什么时候恢复暂时说不准",
      "窗口能做的：手工登记台账",
    },
    rules = {
      "参保缴费证明也能自助开：电子社保卡或国家社会保险公共服务平台，登录后下载、打印",
      "自助登录要刷脸验证；失败多是光线或角度问题，换个光线好的地方再试",
      "工作人员不得替群众登录，不得索要、记录群众的密码或验证码",
      "系统故障时：手工登记台账（事项、姓名、电话），恢复后按登记顺序优先办理",
      "约定回电：今天下午四点前，不管修没修好都给对方回电话",
      "需要时可开一张当天系统故障的情况说明",
      "有意见：可打12333反映，或在“好差评”上评价、写意见簿",
    },
    facts = {
      "学校收不收电子证明、能不能宽限，由学校决定，窗口不替学校表态",
    },
  },
  top = "全程最多一处失误：如实说故障、不说“马上就好”，复述她明天上午要交的急处，教她在电子社保卡或"
     .. "国家社会保险公共服务平台自助下载，不碰密码，手工登记并说清几点前回电话，不打包票，讲清反映渠道。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy" },
  persona = {
    name = "周美玲", age = 38, gender = "female",
    role = "公司职员，请了半天假来开参保缴费证明，孩子入学明天要交",
    anger = 55, trust = 35,
    -- Anxious about a deadline: honesty and a concrete plan calm her; vague "please wait" and
    -- false hope make it worse.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { anger = -3, trust = 6 }, missed = { anger = 5, trust = -3 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -10, trust = 4 }, missed = { anger = 5 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { trust = -10 } },
      ["compliance.channel"]      = { met = { trust = 5 } },
      ["compliance.privacy"]      = { met = { trust = 3 }, missed = { trust = -8 } },
      ["clarity.plain_language"]  = { met = { trust = 2 } },
    },
  },
  start = "opening",

  nodes = {
    -- 1. The outage. Say what happened, apologise, no guessing when it will be back.
    opening = node {
      expression = "angry",
      say = "排了一个多钟头，好不容易到我了，你说系统坏了？我请了半天假的！到底什么时候能好？",
      criteria = { "empathy.acknowledge", "lur.order", "empathy.no_blame", "empathy.courtesy",
                   "compliance.no_promise" },
      hint = "如实说：系统出了故障，技术人员在修，什么时候好现在说不准。先道歉，认可她排队请假的辛苦，"
          .. "再问她今天要办什么。别说“马上就好”。",
      model = "让您排了这么久，还请了假，真对不起。系统刚出了故障，技术人员正在修，什么时候好"
           .. "我现在不敢乱说。您今天主要想办什么？咱们看看有没有别的办法。",
      choices = {
        "让您排这么久还请了假，真对不起。系统出了故障，正在修，什么时候好我不敢乱说。您今天想办什么？咱们看看别的办法。",
        "系统故障，请您稍等。",
        "系统坏了我也没办法，你等着吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { "s_opening" } },
        { when = function(reply) return pretends(reply.text) end, go = "need",
          set = { "s_opening", "pretended" } },
        { when = { met = { "empathy.acknowledge" } }, go = "need", set = { "s_opening", "listened" } },
        { go = "need", set = { "s_opening", "slip_opening" } },
      },
    },

    -- 2. Her real deadline. Paraphrase it; point to the online certificate.
    need = node {
      expression = "anxious",
      say = function(state)
        local head = after_flare(state)
        if state.visits >= 2 and head == "" then
          if said(state, { "改天", "明天再来", "过两天" }) then
            return "改天？明天上午就要交了！系统修不好，今天还有没有别的法子？"
          elseif met(state, "lur.understand") or did(state, "checkback") then
            return "对，就是明天上午要交。系统一时修不好，今天还有没有别的法子？"
          elseif did(state, "closed_question") then
            return "对，参保缴费证明，明天上午就要交！系统修不好，今天还有没有别的法子？"
          end
          return "明天上午就要交！系统修不好，今天还有没有别的法子能开出来？"
        end
        if head == "" then
          if pretends(state.last and state.last.text) then
            head = "很快能好就行，那我再等等。跟你说一声，"
          elseif did(state, "escalate") then
            head = "找领导也修不好系统吧。"
          elseif met(state, "empathy.acknowledge") then
            head = "行，你跟我说实话，我还好受点。"
          elseif did(state, "apology") then
            head = "光道歉也不顶用啊。"
          end
        end
        return head .. "我来开参保缴费证明，孩子入学明天上午就要交。今天开不出来，我怎么办啊？"
      end,
      criteria = { "lur.understand", "lur.respond", "empathy.acknowledge", "empathy.no_blame",
                   "outage.online" },
      checks = {
        { id = "outage.online", name = "指导线上办理",
          all = { { "电子社保卡", "国家社会保险公共服务平台", "社会保险公共服务平台" },
                  { "下载", "打印", "开具", "开证明", "查询" } },
          note = "告诉她参保证明可以在电子社保卡或国家社会保险公共服务平台上自助下载打印（见案情卡）。" },
      },
      reacts = { ["outage.online"] = { met = { anger = -8, trust = 8 } } },
      hint = "复述她的急处：明天上午要交证明。再给一个马上能试的办法（案情卡）：电子社保卡或国家社会保险公共"
          .. "服务平台可以自助下载参保证明。",
      model = "您是说，明天上午孩子入学要交参保证明，今天必须拿到，对吗？您着急我理解。"
           .. "这个证明可以在电子社保卡或国家社会保险公共服务平台上自助下载，我现在教您试一下。",
      choices = {
        "您是说明天上午孩子入学要交参保证明，对吗？您着急我理解。这个证明可以在电子社保卡或国家社会保险公共服务平台上自助下载，我教您试。",
        "系统恢复了才能开，您可以改天再来。",
        "谁让你拖到最后一天才来开？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "outage.online" } }, go = "online", set = { "s_need", "online_told" } },
        { when = { visits_at_least = 2 }, go = "ledger", set = { "s_need", "s_online" } },
        { go = "need", set = { "slip_need" } },
      },
    },

    -- 3. The app will not log her in. Stay with her; do not take her password.
    online = node {
      expression = "confused",
      identity = true,
      say = function(state)
        if state.visits >= 2 then
          return after_flare(state) .. "那你说这手机到底怎么弄？验证老过不去，要不密码还是给你？"
        end
        local head = ""
        if said(state, { "教您", "我教", "一步", "带您", "陪您", "一起弄", "一起试", "手机带" }) then
          head = "好，我照你说的打开了。"
        end
        return head .. "可登不上，老说人脸验证失败。要不你拿我手机帮我弄？密码我告诉你。"
      end,
      criteria = { "compliance.privacy", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame" },
      hint = "别接手机和密码（案情卡：不得替群众登录、索要密码）。请她自己操作，你在旁边一步步说；"
          .. "人脸验证失败可以换个光线好的地方再试。还不行就手工登记，系统好了给她办。",
      model = "验证老失败，确实着急。密码您自己留着，别告诉任何人，我也不能替您登录。人脸验证失败常常是光线问题，"
           .. "您到窗边再试一次，我在旁边一步一步说。还不行也别急，我给您手工登记，系统一好就办。",
      choices = {
        "验证老失败，确实着急。密码您自己留着，别告诉任何人。您到窗边光线好的地方再试一次，我在旁边一步步说。还不行我给您手工登记。",
        "那您就只能等系统好了。",
        "你自己的手机自己弄，我又不是修手机的。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "ledger",
          set = { "s_online", "privacy_slip" } },
        { go = "ledger", set = { "s_online" } },
      },
    },

    -- 4. The manual ledger and a callback time.
    ledger = node {
      expression = "anxious",
      say = function(state)
        local head = after_flare(state)
        if head == "" then
          if state.flags.privacy_slip then
            head = "手机你拿去弄了半天，也没登上。"
          elseif said(state, { "再试", "光线", "窗边" }) then
            head = "我到窗边又试了两回，还是过不去。"
          elseif state.flags.online_told then
            head = "手机上弄不成。"
          end
        end
        if state.visits >= 2 then
          return head .. "登记的事你接着说，我几点能等到信儿？"
        end
        if said(state, { "登记" }) then
          return head .. "你说手工登记——登了以后呢？我今天几点能等到个信儿？明天上午就要交啊！"
        end
        return head .. "那我今天就白跑了？明天上午就要交啊！"
      end,
      criteria = { "lur.respond", "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy",
                   "outage.ledger" },
      checks = {
        { id = "outage.ledger", name = "手工登记并约定回复",
          all = { { "登记" }, { "回电话", "给您打电话", "打电话通知", "通知您", "联系您" },
                  { "点前", "点之前", "今天下午", "今天之内", "下班前" } },
          note = "手工登记她的事项和电话，说清几点前给她回电话（案情卡：今天下午四点前）。" },
      },
      reacts = { ["outage.ledger"] = { met = { anger = -12, trust = 10 } } },
      hint = "不让她白跑（案情卡）：手工登记她的事项和电话，系统一恢复按登记顺序先办；说清今天下午四点前回电话。",
      model = "让您着急了，不会让您白跑。我先手工登记您的事项和电话，系统一恢复就第一个给您办。"
           .. "今天下午四点前，不管修没修好，我都给您回电话。",
      choices = {
        "不会让您白跑，让您着急了。我先手工登记您的事项和电话，系统一恢复第一个给您办。今天下午四点前，我都给您回电话。",
        "您留个电话吧，好了再说。",
        "白跑也不是我造成的，不归我管，你找技术部门去。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "outage.ledger" } }, go = "guarantee", set = { "s_ledger", "logged" } },
        { when = { anger_at_least = 80 }, go = "walked_away" },
        { go = "guarantee", set = { "s_ledger", "slip_ledger" } },
      },
    },

    -- 5. "Guarantee I'll have it by tomorrow." No promise; say what you can do.
    guarantee = node {
      expression = "suspicious",
      say = function(state)
        local head = after_flare(state)
        if state.visits >= 2 then
          return head .. "我就问一句：明天上午前，我到底拿不拿得到？"
        end
        if head == "" then
          local called = did(state, "callback") or said(state, CALL)
          if called and said(state, CLOCK) then
            head = "回电话的时间我记下了。"
          elseif called and not state.flags.logged then
            head = "你说会告诉我，可几点能等到信儿？"
          elseif not (called or state.flags.logged) then
            head = "什么时候给我回话，你也没说。"
          end
        end
        if said(state, { "登记" }) then
          return head .. "可登记了就能保证我明天上午前拿到吗？你给句准话，拿不到孩子的事就耽误了。"
        end
        return head .. "那你能保证我明天上午前拿到吗？你给句准话，拿不到孩子的事就耽误了。"
      end,
      criteria = { "compliance.no_promise", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "empathy.no_blame" },
      hint = "什么时候修好你做不了主，不能打包票。说清你能做到的：修好第一个办、通知她来取或在手机上下载；"
          .. "需要的话开一张今天系统故障的情况说明（案情卡）。",
      model = "孩子的事着急，我明白。系统几点修好我不能打包票。我能做到的是：系统修好后我马上给您办，"
           .. "第一时间通知您。需要的话，我再给您开一张今天系统故障的情况说明。",
      choices = {
        "孩子的事着急，我明白。几点修好我不能打包票。我能做到的是：系统修好后我马上给您办，第一时间通知您。需要的话再开一张情况说明。",
        "这个不好说，要看系统什么时候修好。",
        "这我哪知道，修好了你再来吧。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "closing",
          set = { "s_guarantee", "promised" } },
        { when = { met = { "compliance.no_promise", "lur.respond" } }, go = "closing",
          set = { "s_guarantee", "honest" } },
        { when = { anger_at_least = 75 }, go = "walked_away" },
        { go = "closing", set = { "s_guarantee", "slip_guarantee" } },
      },
    },

    -- 6. Channels; the cost of false hope shows here.
    closing = node {
      expression = "calm",
      say = function(state)
        local head = after_flare(state)
        if head == "" then
          if state.flags.promised then
            head = "你说能保证，那我就信你这一回。"
          elseif said(state, { "情况说明" }) then
            head = "有张情况说明也好，学校那边我自己去问。"
          end
        end
        if state.trust >= 55 then
          return head .. "行，我等你电话。不过你们系统老出问题，我这口气得有地方说，找谁反映？"
        end
        return head .. "我先回去。你们这系统老出问题，我找谁反映去？"
      end,
      criteria = { "compliance.channel", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame",
                   "compliance.no_promise" },
      hint = "认可她有意见是应该的；告诉她可以打12333反映，或在“好差评”上评价、写意见簿。谢谢她的理解。",
      model = "您有意见是应该的，今天确实耽误您了，对不起。您可以打12333反映，也可以在好差评上评价，"
           .. "或者写在意见簿上，我们都会看。谢谢您的耐心。",
      choices = {
        "您有意见是应该的，今天耽误您了，对不起。可以打12333反映，也可以在好差评上评价，或写在意见簿上。谢谢您的耐心。",
        "系统的事我们也反映过了。",
        "反映也没用，系统又不是我们窗口管的。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "complaint" },
        -- Pretending it would be back "in a minute" is found out later.
        { when = { flags = { "pretended" } }, go = "false_hope" },
        { when = function(reply, state)
            local f = state.flags
            return reply.met["compliance.channel"] and state.trust >= 70 and state.anger < 30
               and f.listened and f.logged and f.honest
               and not (f.privacy_slip or f.recovered) and slips(state) <= 1
          end, go = "resolved" },
        { when = { met = { "compliance.channel" }, trust_at_least = 45, anger_below = 50,
                   not_flags = { "promised" } }, go = "satisfied" },
        { when = { anger_at_least = 70 }, go = "walked_away" },
        { go = "partial" },
      },
    },

    -- Side node: she feels fobbed off. One chance to recover; back to the turn it came from.
    flare = node {
      expression = "furious",
      say = function(state)
        if state.visits >= 2 then
          return "又是这样！算了，我要投诉你！"
        end
        if said(state, { "等着", "没办法", "没辙" }) then
          return "我请假排了一个钟头，就换来一句让我干等？你这什么态度？"
        end
        if said(state, { "拖", "最后一天", "早干嘛", "早点" }) then
          return "我拖？通知上周才下来！你不帮忙还数落人，这什么态度？"
        end
        return "你这什么态度？我请假排队排了一个钟头，就换来这个？"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "empathy.no_blame", "empathy.courtesy",
                   "compliance.no_promise" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，承认刚才的话不妥；说明你会帮她想办法，请她说说急在哪儿。",
      model = "对不起，我刚才说话不妥。您请假排了一个钟头，换谁都着急。"
           .. "您跟我说说今天最急的是什么，我帮您想办法。",
      choices = {
        "对不起，我刚才说话不妥。您请假排了一个钟头，换了谁都着急。您说说今天最急的是什么，我帮您想办法。",
        "您别激动，系统故障谁也不想。",
        "要投诉随便你，系统坏了又不是我弄的。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_need" } },
          go = "need", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_online" } },
          go = "online", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_ledger" } },
          go = "ledger", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_guarantee" } },
          go = "guarantee", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "closing",
          set = { "recovered" } },
        { go = "walked_away" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "relieved",
      title = "心里有底",
      explain = "如实说了故障、没打包票，给了线上办法、手工登记和回电时间，也讲了反映渠道；全程最多一处失误。"
             .. "她给了非常满意。",
      say = "行，话说得实在，我心里有底了。我等你的电话。辛苦你们了。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "只能这样",
      explain = "她接受了安排，但过程中不止一处没做到位（如没复述她的急处、没教线上办法、"
             .. "没说几点回电、没讲清能做什么），或翻过一次脸。她给了满意。",
      say = "好吧，也只能这样了。我回去等电话，有消息赶紧告诉我。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "sad",
      title = "悬着心回去",
      explain = "她没拿到能放心的安排（回电时间、反映渠道不清，或被打了包票），只能悬着心回去。",
      say = "行吧，我先回去。明天要是交不上，我也不知道怎么跟学校说。",
    },
    false_hope = ending {
      outcome = "complaint", rating = 2, expression = "angry",
      title = "空等一场",
      explain = "一开始说系统很快能好，她信了，在大厅多等了一个钟头。猜测的“马上就好”比如实说“说不准”代价大。",
      say = "一个钟头了！你当时说系统很快能好，我就在这儿干等着。早说修不好，我就先走了！",
    },
    walked_away = ending {
      outcome = "walked_away", rating = 2, expression = "sad",
      title = "她走了",
      explain = "她始终没得到一个能抓住的办法，也没人约好给她回话，只好自己另想办法。",
      say = "算了，不跟你说了。我明天再请一次假，去别的地方想办法。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "差评投诉",
      explain = "她排队请假来办事，又听到推脱或难听的话，道歉挽回的机会也没抓住。",
      say = "排了一个钟头换来这态度！我这就在好差评上给你们打差评，再打12345投诉！",
    },
  },
}
