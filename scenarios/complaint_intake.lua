-- complaint_intake.lua - a formal complaint from intake to follow-up visit: a woman whose pension
-- recalculation papers were lost and who was spoken to rudely. The session spans three weeks:
-- intake at the complaints desk, the phone call three days later (check who answers, then the
-- findings), the agreed resolution, and the follow-up visit with the 好差评 rating. Trains: take
-- the complaint without defending the colleague, record it with a reference number and a time
-- limit, investigate impartially, verify identity on the phone before any detail, report the
-- facts the investigation found and a completion date, no promise of a particular punishment,
-- and close the loop with a follow-up visit.
-- Sources: 003 04 投诉处理及纠纷解决机制（投诉渠道及受理标准、调查核实、沟通协调、解决方案、
-- 协商解决、改进措施）, 003 05 定期回访, 004 七(二) 投诉认真对待并反馈结果, 004 三(二) 受理编号,
-- 000 三(三) 电话中的信息安全, FACTS 好差评.
--
-- Graph (main path): intake -> record -> impartial -> callback -> agreement -> followup
-- Side node: flare (she feels brushed off or that the desk protects its own; one recovery; it
-- returns to the turn where it happened).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), escalated (2),
-- complaint (1).
--
-- The citizen listens: each `say` answers the reply just given (state.last) before its own
-- question, asks again only for what is still missing, and never quotes the trainee.
-- Weak replies on the main path set flags slip_<node>; the top rating allows at most one.
-- Flags s_<node> mark the turns already played, so flare returns to the right turn.
-- The labelled scorer corpus was written in the context of these node ids and their criteria,
-- identity, checks, basis and notice: changing any of them changes what `make train` builds
-- (tests/eval/test_model_reproducible.sh); retrain and commit the model with such a change.

-- True when text contains any of words (plain find).
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

-- Her first words back after a flare, when the trainee apologised or offered the section chief.
local function after_flare(state)
  if not (state.last and state.last.node == "flare") then return "" end
  if did(state, "escalate") then
    if state.flags.s_impartial then return "你们科长要来听，我没意见。" end
    return "科长来了正好，让他也听听。"
  end
  if did(state, "apology") then return "行，你这句对不起我听见了。" end
  return ""
end

-- Words of a promised punishment.
local PUNISH = { "处分", "开除", "辞退", "扣他", "处理他", "严肃处理", "调走" }

return scenario {
  id = "complaint_intake",
  title = "一份投诉，从受理到回访",
  summary = "吴丽华交的养老金重算材料被弄丢了，窗口人员还态度生硬。她来投诉。练习投诉处理全流程："
         .. "受理登记、公正调查、电话反馈（先核实身份）、协商解决方案、事后回访。",
  sources = { "003 04 投诉处理及纠纷解决机制", "003 05 定期回访计划及执行", "004 七(二) 投诉处理并反馈结果",
              "004 三(二) 受理编号与办理时限", "000 三(三) 信息安全保护", "FACTS 好差评" },
  difficulty = 3,
  notes = "以下均为示例，以本单位投诉处理制度为准：受理编号的形式（TS-0312）、“5个工作日内答复”、"
       .. "“本月25号前办结”、“两周后回访”、电话里请对方报受理编号或身份证后四位来核实身份（2046为虚构）、"
       .. "“3号窗口”、调查查明的情况（材料归错档、态度问题属实）。"
       .. "对工作人员的处理按内部规定进行，对话中不承诺具体处分。",
  brief = {
    who = "吴丽华，52岁，企业退休人员。上月10号在3号窗口交了养老金重算申请，材料被弄丢，"
       .. "问起时被窗口人员一句“那你再交一遍”打发。今天到投诉窗口来投诉，你负责受理和跟进。",
    brought = { "身份证", "上月交重算申请时的收件回执" },
    system = {
      "养老金重算申请：上月10号收件，至今未流转到复核岗",
      "投诉登记系统：当场登记，生成受理编号（如 TS-0312）",
    },
    rules = {
      "投诉当场登记，给受理编号，5个工作日内答复",
      "调查：调取材料交接记录和当天窗口监控，核实经过，按事实处理，不偏袒被投诉人",
      "对工作人员怎么处理按内部规定，受理人员不当场承诺处分",
      "电话反馈：先自报单位，把对方报的受理编号或身份证后四位跟登记的核对上，确认是本人后再谈案情",
      "对处理结果不满意：可向上级主管部门反映，或打12333",
      "办结后两周内回访：问是否满意、还有什么意见，请对方在“好差评”上评价",
    },
    facts = {
      "调查结果（受理后第三天查明）：材料在档案室找到了，是交接时归错了档，属单位失误；她不用再交材料",
      "重算已转复核岗，本月25号前办结，办好后电话通知她",
      "态度问题经监控核实属实：已按规定处理，窗口在整改，当事人愿意当面向她道歉",
    },
  },
  top = "全程最多一处失误：当场登记并给编号和答复时限，说清怎么查且不许诺处分，"
     .. "电话里先核实身份，如实讲调查结果和办结日期，讲清不满意的渠道，回访时征求意见。",
  criteria = { "lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
               "empathy.courtesy" },
  persona = {
    name = "吴丽华", age = 52, gender = "female",
    role = "企业退休人员，养老金重算材料被弄丢，来投诉窗口人员",
    anger = 70, trust = 20,
    -- Articulate and determined: she wants to be taken seriously, to see a record and a date,
    -- and not to be handled by someone protecting a colleague.
    reacts = {
      ["lur.listen"]              = { met = { anger = -4, trust = 3 } },
      ["lur.understand"]          = { met = { anger = -6, trust = 5 } },
      ["lur.respond"]             = { met = { trust = 6 }, missed = { anger = 4, trust = -3 } },
      ["lur.order"]               = { met = { anger = -4, trust = 2 }, missed = { anger = 5, trust = -3 } },
      ["empathy.acknowledge"]     = { met = { anger = -9, trust = 4 }, missed = { anger = 6 } },
      ["empathy.no_blame"]        = { missed = { anger = 25, trust = -20 } },
      ["empathy.courtesy"]        = { missed = { anger = 8, trust = -5 } },
      ["compliance.no_promise"]   = { met = { trust = 3 }, missed = { trust = -10 } },
      ["compliance.channel"]      = { met = { trust = 5 } },
      ["compliance.privacy"]      = { met = { trust = 5 }, missed = { trust = -10 } },
    },
  },
  start = "intake",

  nodes = {
    -- 1. Intake. No defending the colleague; acknowledge and invite the full account.
    intake = node {
      expression = "furious",
      say = "我要投诉！你们窗口那个小伙子，态度差得很，还把我的材料弄丢了！今天你们必须给我个说法！",
      hint = "先别替同事解释。道歉，认可她有理由生气，告诉她你来受理，请她把经过说完整。",
      model = "吴女士，材料丢了还受了气，您生气完全应该，我先代表单位向您道歉。"
           .. "您的投诉由我来受理。您慢慢说，是哪天、在哪个窗口、怎么回事？",
      choices = {
        "吴女士，材料丢了还受了气，您生气完全应该，我先向您道歉。这件投诉由我受理。您慢慢说，是哪天、哪个窗口、怎么回事？",
        "您好，投诉在这里登记，请您说一下情况。",
        "我们的同事一般不会这样，是不是有什么误会？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare",
          set = { "s_intake" } },
        { when = { met = { "empathy.acknowledge" } }, go = "record",
          set = { "s_intake", "listened" } },
        -- Straight to business: she tells her story anyway, still hot.
        { go = "record", set = { "s_intake", "slip_intake" } },
      },
    },

    -- 2. Her account. Paraphrase, record it, give a reference number and a time limit.
    record = node {
      expression = "angry",
      say = function(state)
        if state.visits >= 2 then
          -- Ask only for what the last reply left out.
          local rec = said(state, { "记录", "登记", "记下" })
          local num = said(state, { "编号", "回执", "单号", "号码", "流水号" })
          local days = said(state, { "工作日", "天内", "号前", "天之内", "周内", "几天" })
          local head = ""
          if state.last and state.last.node == "flare" then
            head = after_flare(state) .. "我再说一遍，你这回听仔细。"
          elseif met(state, "lur.understand") then
            head = "对，就是这么回事。"
          end
          if rec and num and not days then
            return head .. "登记了，编号也有了。那几天给我答复？你得说个准日子。"
          elseif rec and days and not num then
            return head .. "登记了就好，答复的日子我也记下了。编号呢？我拿什么来查？"
          elseif rec then
            return head .. "登记了就好。可编号呢？几天给我答复？没个凭据，到时候又说没这回事。"
          end
          return head .. "材料丢了，他一句“再交一遍”就走了。你给我登记上，给个编号，说个答复的日子。"
        end
        local head
        if did(state, "escalate") then
          head = "叫科长来也行，让他也听听。"
        elseif did(state, "apology") then
          head = "你先道个歉，还算讲理。"
        elseif said(state, { "表" }) then
          head = "表我待会儿填，你先听我把话说完。"
        elseif met(state, "empathy.acknowledge") then
          head = "你这么说，我还能往下讲。"
        else
          head = "连句软话都没有……行，我说。"
        end
        return head .. "上个月十号交的养老金重算申请，说一个月出结果。到现在没消息，打电话一问，"
            .. "说材料找不到了！我问怎么办，他一句“那你再交一遍”，转身就走。"
      end,
      criteria = { "lur.understand", "empathy.acknowledge", "lur.respond", "empathy.no_blame",
                   "complaint.record" },
      checks = {
        { id = "complaint.record", name = "登记并给编号和时限",
          all = { { "记录", "登记", "记下" }, { "编号", "回执" }, { "工作日" } },
          note = "把投诉登记下来，给她受理编号，说清几个工作日内答复（案情卡：5个工作日内）。" },
      },
      reacts = { ["complaint.record"] = { met = { anger = -10, trust = 10 } } },
      hint = "复述两件事：材料丢了、被一句“再交一遍”打发。当面登记，给受理编号，说清5个工作日内答复。",
      model = "您是说，上月十号交的材料现在找不到了，问的时候还被一句“再交一遍”打发了，对吗？"
           .. "这事让您受委屈了。两件事我都登记了，受理编号是TS-0312，5个工作日内给您答复。",
      choices = {
        "您是说，上月十号交的材料找不到了，还被一句“再交一遍”打发了，对吗？让您受委屈了。两件事我都登记了，受理编号TS-0312，5个工作日内答复您。",
        "好的，情况我知道了，我们会处理的。",
        "材料那么多，偶尔找不到也正常，你自己再交一遍不就行了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = function(reply)
            return reply.met["complaint.record"] and has(reply.text, { "编号", "回执", "单号" })
          end, go = "impartial", set = { "s_record", "recorded", "got_number" } },
        { when = { met = { "complaint.record" } }, go = "impartial", set = { "s_record", "recorded" } },
        { when = { visits_at_least = 2 }, go = "impartial", set = { "s_record" } },
        { go = "record", set = { "slip_record" } },
      },
    },

    -- 3. "You'll protect your own." Impartial investigation; no promise of a punishment.
    impartial = node {
      expression = "suspicious",
      say = function(state)
        if state.visits >= 2 then
          return after_flare(state) .. "你说不护着谁，那就拿出样子来。你们到底怎么查？他那个态度，要不要给我个交代？"
        end
        local head = ""
        if said(state, { "编号", "回执" }) then
          head = "编号我收着。"
        elseif said(state, { "登记", "记下", "记录" }) then
          head = "你说登记了，可连个编号都没有。"
        end
        if did(state, "escalate") then
          head = head .. "科长来了也是你们自己人。"
        end
        return head .. "可你们查自己人，能查出个啥？最后还不是护着他。我要他当面给我道歉，还得处分他！"
      end,
      criteria = { "compliance.no_promise", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame",
                   "complaint.investigate" },
      checks = {
        { id = "complaint.investigate", name = "说明如何调查",
          all = { { "核实", "调查", "调取", "查清" }, { "材料", "记录", "监控", "交接" } },
          note = "说清你会怎么查：调取材料交接记录和当天监控、核实经过，按事实处理。" },
      },
      reacts = { ["complaint.investigate"] = { met = { anger = -8, trust = 8 } } },
      hint = "理解她的担心。说清怎么查（调取材料交接记录和当天监控，核实经过），结果按事实处理；"
          .. "怎么处理他要按规定，不能当场答应。",
      model = "您担心我们护短，我理解。我会调取材料交接记录和当天监控，核实经过，按事实处理。"
           .. "怎么处理他要按规定来，我不能当场答应您，但查的结果一定如实告诉您。",
      choices = {
        "您担心我们护短，我理解。我会调取材料交接记录和当天监控，核实经过，按事实处理。怎么处理他要按规定，我不能当场答应，结果一定如实告诉您。",
        "我们会按程序处理的。",
        "处分不处分轮不到你说了算，你等通知就行。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = function(reply)
            return reply.missed["compliance.no_promise"] and has(reply.text, PUNISH)
          end, go = "callback", set = { "s_impartial", "promised", "promised_punish" } },
        { when = { missed = { "compliance.no_promise" } }, go = "callback",
          set = { "s_impartial", "promised" } },
        { when = { met = { "complaint.investigate" } }, go = "callback",
          set = { "s_impartial", "investigated" } },
        { when = { anger_at_least = 80 }, go = "escalated" },
        { go = "callback", set = { "s_impartial", "slip_impartial" } },
      },
    },

    -- 4. Three days later the clerk calls her. She answers with her name and a number; check it
    -- before any detail, then report the findings, the remedy and the completion date.
    callback = node {
      expression = "suspicious",
      identity = true,
      say = function(state)
        local tail = "三天了，查得怎么样了？"
        if state.flags.promised_punish then tail = "三天了，查得怎么样了？他处分了没有？" end
        if state.visits >= 2 then
          return after_flare(state) .. "我听着。材料到底怎么回事，哪天能办完？"
        end
        if state.flags.got_number then
          return "喂？……社保的？我是吴丽华，就是受理编号TS-0312那个投诉。" .. tail
        end
        return "喂？……社保的？我是吴丽华，身份证后四位2046，投诉材料那个事。" .. tail
      end,
      criteria = { "compliance.privacy", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "complaint.findings" },
      checks = {
        { id = "complaint.findings", name = "反馈调查结果",
          all = { { "找到", "查清", "原因" }, { "工作日内", "号前", "之前" } },
          note = "如实说查到了什么（案情卡：材料找到了，交接时归错了档），给出办结时间（本月25号前）。" },
      },
      reacts = { ["complaint.findings"] = { met = { anger = -12, trust = 10 } } },
      hint = "三天后，你打电话给她。电话里先自报单位，把她报的编号或身份证后四位跟登记的核对上，确认是本人，"
          .. "再说她的事。如实讲调查结果（看案情卡）：材料找到了，交接时归错档，是单位的失误，道歉；"
          .. "说清下一步：她不用再交材料，已转复核，本月25号前办结，办好通知她。",
      model = "吴女士您好，我是社保中心投诉窗口的小王。您报的信息跟登记的核对一致，确认是您本人。"
           .. "查清楚了：材料找到了，是交接时归错了档，是我们的失误，对不起。"
           .. "您不用再交材料，已经转到复核岗，本月25号前办结，办好我打电话通知您。",
      choices = {
        "吴女士您好，我是社保中心投诉窗口的小王。您报的信息跟登记的核对一致，确认是您本人。查清楚了：材料找到了，是交接时归错了档，是我们的失误，对不起。您不用再交，已转复核岗，本月25号前办结，办好我打电话通知您。",
        "材料找到了，我们会尽快处理。",
        "材料找到了，就是放错地方了，没多大事，别闹了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "agreement",
          set = { "s_callback", "privacy_slip" } },
        { when = { met = { "complaint.findings" } }, go = "agreement", set = { "s_callback", "reported" } },
        { when = { anger_at_least = 75 }, go = "escalated" },
        { go = "agreement", set = { "s_callback", "slip_callback" } },
      },
    },

    -- 6. Agreeing the resolution: what was done about the conduct, and does she accept?
    agreement = node {
      expression = "calm",
      say = function(state)
        if state.visits >= 2 then
          return after_flare(state) .. "你接着说。他那个态度，你们最后怎么处理的？我要是还不满意，找谁？"
        end
        local head
        local found = said(state, { "找到" })
        local dated = said(state, { "号前", "之前", "以前", "工作日", "日前" })
        if found and dated then
          head = "材料找到了，办完的日子我也记下了。"
        elseif found then
          head = "找到了是好事，可哪天办完你得给个准日子。"
        else
          head = "材料到底找没找到，你也没说明白。"
        end
        if state.flags.privacy_slip and state.last and state.last.node == "callback" then
          head = head .. "还有，下回打电话先核对是不是我本人，别张口就说。"
        end
        if said(state, { "态度" }) and said(state, { "处理", "整改", "道歉" }) then
          return head .. "态度的事你说处理了，怎么处理的？我要是还不满意，找谁？"
        end
        if state.trust >= 50 then
          return head .. "那个小伙子的态度呢，就这么算了？"
        end
        return head .. "那个小伙子的态度呢？你们到底管不管？"
      end,
      criteria = { "compliance.no_promise", "compliance.channel", "lur.listen", "empathy.acknowledge",
                   "empathy.courtesy" },
      hint = "按案情卡说清已做的事（态度问题核实属实、已按规定处理、窗口在整改、他愿当面道歉），"
          .. "不承诺具体处分；问她对这个方案还有什么意见；告诉她不满意可以向上级主管部门反映或打12333。",
      model = "您在意他的态度，我理解。监控核实了，态度问题属实，已经按规定处理，窗口也在整改，他愿意当面向您道歉。"
           .. "您对这个方案还有什么意见？不满意的话，也可以向上级主管部门反映，或者打12333。",
      choices = {
        "您在意他的态度，我理解。核实属实，已按规定处理，窗口也在整改，他愿意当面道歉。您对这个方案还有什么意见？不满意也可以向上级主管部门反映或打12333。",
        "内部怎么处理不方便透露，材料给您办了就行。",
        "人都批评过了，你还想怎么样？有本事你去告。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "compliance.channel" }, met_any = { "lur.listen" } }, go = "followup",
          set = { "s_agreement", "agreed" } },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "followup", set = { "s_agreement", "slip_agreement" } },
      },
    },

    -- 7. Two weeks later: the follow-up visit (回访) and the rating.
    followup = node {
      expression = "calm",
      say = function(state)
        if state.flags.promised_punish then
          return "又是你们啊。重算结果出来了，钱也到账了。可当初说要处分他，处分了吗？这回打电话来干啥？"
        elseif state.flags.promised then
          return "又是你们啊。重算结果出来了，钱也到账了。当初打的包票，我可都记着呢。这回打电话来干啥？"
        end
        if state.flags.agreed then
          return "哦，是你们。重算结果出来了，钱也到账了，那小伙子也当面道过歉了。这回打电话来干啥？"
        end
        return "哦，是你们。重算结果出来了，钱也到账了。还打电话来干啥？"
      end,
      criteria = { "lur.listen", "empathy.acknowledge", "empathy.courtesy", "compliance.channel",
                   "complaint.followup" },
      checks = {
        { id = "complaint.followup", name = "回访征求意见",
          all = { { "满意", "评价", "好差评" }, { "意见", "建议", "还有什么" } },
          note = "回访：问她对处理结果是否满意、还有什么意见，请她在好差评上评价。" },
      },
      reacts = { ["complaint.followup"] = { met = { anger = -8, trust = 10 } } },
      hint = "两周后，你打回访电话。说明是回访：问她对结果满不满意，还有什么意见建议；"
          .. "请她在“好差评”上评价；谢谢她的监督。",
      model = "之前让您受委屈了，这是投诉的回访。想问问您对处理结果满不满意，还有什么意见或建议？"
           .. "也欢迎在好差评上评价。谢谢您的监督，让我们改进了工作。",
      choices = {
        "之前让您受委屈了，这是投诉的回访。想问问您对处理结果满不满意，还有什么意见或建议？也欢迎在好差评上评价。谢谢您的监督。",
        "就是通知您一下，事情办完了。",
        "没啥事，领导让打的，走个流程。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "partial" },
        { when = function(reply, state)
            local f = state.flags
            return reply.met["complaint.followup"] and state.trust >= 70 and state.anger < 30
               and f.listened and not (f.promised or f.privacy_slip or f.recovered)
               and slips(state) <= 1
          end, go = "resolved" },
        { when = { met = { "complaint.followup" }, trust_at_least = 45 }, go = "satisfied" },
        { when = { trust_at_least = 40 }, go = "partial" },
        { go = "escalated" },
      },
    },

    -- Side node: she feels brushed off. One chance to recover; back to the turn it came from.
    flare = node {
      expression = "furious",
      say = function(state)
        local phone = state.flags.s_impartial
        if state.visits >= 2 then
          return "又来了！行，跟你们说不通，我找你们上级部门！"
        end
        if said(state, { "同事", "误会", "一般不会", "不会这样" }) then
          return "你还替他说话？投诉到你这儿，你也护着他！你们就是一伙的！"
        end
        if phone then
          return "你打电话来就为了说这个？我等了几天，就等来这个态度？"
        end
        return "你看看，你看看！投诉到你这儿，你也这个态度！你们就是一伙的！"
      end,
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，收回不当的话；表明你不护短，这件事你负责跟到底；请她接着说。"
          .. "她要找上级，可以告诉她能请科长来，或向上级主管部门反映。",
      model = "对不起，我刚才的话不妥，让您更难受了。我不护着谁，这件投诉我负责跟到底。"
           .. "您接着说，我都记下来。",
      choices = {
        "对不起，我刚才的话不妥，让您更难受了。我不护着谁，这件投诉我负责跟到底。您接着说，我都记下来。",
        "您别激动，我们会处理的。",
        "你要找上级随便你，我就这么处理。",
      },
      next = {
        { when = { visits_at_least = 2 }, go = "complaint" },
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "complaint" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_record" } },
          go = "record", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_impartial" } },
          go = "impartial", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "s_callback" } },
          go = "callback", set = { "recovered" } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "agreement",
          set = { "recovered" } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      title = "圆满解决",
      explain = "登记、调查、电话反馈、协商方案、回访都做到了，最多一处失误，没许诺处分，没在电话里泄露信息。"
             .. "她给了非常满意。",
      say = "说实话，一开始没指望你们能办好。从登记到回访都有着落，我给个非常满意。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      title = "有了交代",
      explain = "事情办成了，回访也征求了意见，但过程中不止一处没做到位（如编号或时限、怎么查、"
             .. "先核实身份、调查结果和日期、不满意的渠道），或许诺过处分、翻过一次脸。她给了满意。",
      say = "行，这事总算有个交代。好差评我给个满意吧。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      title = "事办了，心不顺",
      explain = "材料最终办好了，但她觉得过程折腾、回访敷衍或说话生硬，只给了基本满意。",
      say = "事是办了，就是过程太折腾。评价嘛，基本满意吧。",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      title = "她去上级部门反映",
      explain = "她始终没看到单位在认真查、如实讲，觉得自己查自己信不过，转去上级部门反映。",
      say = "你们自己查自己，我信不过。我去上级部门反映，看他们怎么说。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      title = "投诉升级",
      explain = "受理投诉的人自己又替同事辩解、推诿或说话难听，道歉挽回的机会也没抓住。",
      say = "投诉都投诉出气来了！我这就打12345，再把这事发到网上去！",
    },
  },
}
