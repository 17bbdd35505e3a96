-- complaint_intake.lua - a formal complaint from intake to follow-up visit: a woman whose pension
-- recalculation papers were lost and who was spoken to rudely. The session spans three weeks:
-- intake at the complaints desk, the callback with findings, the agreed resolution, and the
-- follow-up visit with the 好差评 rating. Trains: take the complaint without defending the
-- colleague, record it with a reference number and a time limit, investigate impartially, verify
-- identity on the phone, report facts and an agreed remedy with a deadline, no promise of a
-- particular punishment, and close the loop with a follow-up visit.
-- Sources: 003 04 投诉处理及纠纷解决机制（投诉渠道及受理标准、调查核实、沟通协调、解决方案、
-- 协商解决、改进措施）, 003 05 定期回访, 004 七(二) 投诉认真对待并反馈结果, 004 三(二) 受理编号,
-- 000 三(三) 电话中的信息安全, FACTS 好差评.
--
-- Graph (main path): intake -> record -> impartial -> callback -> agreement -> followup
-- Side node: flare (she feels brushed off or that the desk protects its own; one recovery).
-- Endings: resolved (5, clean run only), satisfied (4), partial (3), escalated (2),
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
  id = "complaint_intake",
  title = "一份投诉，从受理到回访",
  summary = "吴丽华交的养老金重算材料被弄丢了，窗口人员还态度生硬。她来投诉。练习投诉处理全流程："
         .. "受理登记、公正调查、电话反馈（先核实身份）、协商解决方案、事后回访。",
  sources = { "003 04 投诉处理及纠纷解决机制", "003 05 定期回访计划及执行", "004 七(二) 投诉处理并反馈结果",
              "004 三(二) 受理编号与办理时限", "000 三(三) 信息安全保护", "FACTS 好差评" },
  difficulty = 3,
  notes = "“5个工作日内答复”“本月25号前办结”“两周后回访”、受理编号的形式均为示例，"
       .. "以本单位投诉处理制度为准。对工作人员的处理按内部规定进行，对话中不承诺具体处分。",
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
        "请您先填一下投诉登记表。",
        "我们的同事一般不会这样，是不是有什么误会？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "flare" },
        { when = { met = { "empathy.acknowledge" }, anger_below = 65 }, go = "record",
          set = { listened = true } },
        { when = { visits_at_least = 2 }, go = "record", set = { rushed = true } },
        { go = "intake" },
      },
    },

    -- 2. Her account. Paraphrase, record it, give a reference number and a time limit.
    record = node {
      expression = "angry",
      say = vary(
        "上个月十号交的养老金重算申请，他说一个月出结果。现在一点消息没有，打电话问，"
          .. "说找不到我的材料！我问他怎么办，他说“那你再交一遍”，转身就走了。",
        "你记下来没有？别光听，到时候又说没这回事！"),
      criteria = { "lur.understand", "empathy.acknowledge", "lur.respond", "empathy.no_blame",
                   "complaint.record" },
      checks = {
        { id = "complaint.record", name = "登记并给编号和时限",
          all = { { "记录", "登记", "记下" }, { "编号", "回执" }, { "工作日" } },
          note = "把投诉登记下来，给她受理编号，说清几个工作日内答复。" },
      },
      reacts = { ["complaint.record"] = { met = { anger = -10, trust = 10 } } },
      hint = "复述两件事：材料丢了、被生硬打发。当面登记，给受理编号，说清几个工作日内答复。",
      model = "您是说，上月十号交的材料现在找不到了，问的时候还被一句“再交一遍”打发了，对吗？"
           .. "这事委屈您了。这两件事我都登记了，这是受理编号，5个工作日内给您答复。",
      choices = {
        "您是说，上月十号交的材料找不到了，还被一句“再交一遍”打发了，对吗？这事委屈您了。两件事都登记了，这是受理编号，5个工作日内答复您。",
        "好的，情况我知道了，我们会处理的。",
        "材料那么多，偶尔找不到也正常，你自己再交一遍不就行了？",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "complaint.record" } }, go = "impartial", set = { recorded = true } },
        { when = { visits_at_least = 2 }, go = "impartial" },
        { go = "record" },
      },
    },

    -- 3. "You'll protect your own." Impartial investigation; no promise of a punishment.
    impartial = node {
      expression = "suspicious",
      say = "你们查自己人，能查出个啥？最后还不是护着他。我要他给我当面道歉，还得处分他！",
      criteria = { "compliance.no_promise", "empathy.acknowledge", "empathy.courtesy", "empathy.no_blame",
                   "complaint.investigate" },
      checks = {
        { id = "complaint.investigate", name = "说明如何调查",
          all = { { "核实", "调查", "调取", "查清" }, { "材料", "记录", "监控", "交接" } },
          note = "说清你会怎么查：调取交接记录、核实经过，按事实处理。" },
      },
      reacts = { ["complaint.investigate"] = { met = { anger = -8, trust = 8 } } },
      hint = "理解她的担心。说清怎么查（调取材料交接记录、监控，核实经过），结果按事实处理；"
          .. "处分怎么定要按规定，不能当场答应。",
      model = "您担心我们护短，我理解。我会调取材料交接记录和当天监控，核实经过，按事实处理。"
           .. "怎么处理他要按规定来，我不能当场答应您，但结果一定如实告诉您。",
      choices = {
        "您担心我们护短，我理解。我会调取材料交接记录和当天监控，核实经过，按事实处理。怎么处理他要按规定，我不能当场答应。",
        "我们会按程序处理的。",
        "行，我保证让他给您道歉，再给他个处分。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.no_promise" } }, go = "callback", set = { promised = true } },
        { when = { met = { "complaint.investigate" } }, go = "callback", set = { investigated = true } },
        { when = { anger_at_least = 80 }, go = "escalated" },
        { go = "callback" },
      },
    },

    -- 4. Three days later, on the phone: verify identity, then report the facts and apologise.
    callback = node {
      expression = "suspicious",
      identity = true,
      say = function(state)
        if state.flags and state.flags.promised then
          return "（三天后，你打电话给她）喂？……是社保的？查得怎么样了？他处分了没有？"
        end
        return "（三天后，你打电话给她）喂？……是社保的啊。查得怎么样了？"
      end,
      criteria = { "compliance.privacy", "empathy.acknowledge", "lur.respond", "empathy.courtesy",
                   "complaint.findings" },
      checks = {
        { id = "complaint.findings", name = "反馈调查结果",
          all = { { "找到", "查清", "原因" }, { "工作日内", "号前", "之前" } },
          note = "如实说查到了什么（材料在哪、原因），给出办结时间。" },
      },
      reacts = { ["complaint.findings"] = { met = { anger = -12, trust = 10 } } },
      hint = "电话里先核实是不是本人，再说她的事。如实讲结果：材料找到了，原因是什么；道歉，"
          .. "说清什么时候办结、她不用再交材料。",
      model = "吴女士您好，先核实一下身份：请问您是吴丽华本人吗？……材料找到了，是交接时归错了档，"
           .. "是我们的失误，对不起。不用您再交，本月25号前办结。",
      choices = {
        "吴女士您好，先核实一下身份：请问您是吴丽华本人吗？材料找到了，是交接时归错了档，是我们的失误，对不起。不用再交，本月25号前办结。",
        "材料找到了，我们会尽快处理。",
        "材料找到了，就是放错地方了，没多大事，别闹了。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { missed = { "compliance.privacy" } }, go = "agreement", set = { privacy_slip = true } },
        { when = { met = { "complaint.findings" } }, go = "agreement", set = { reported = true } },
        { when = { anger_at_least = 75 }, go = "escalated" },
        { go = "agreement" },
      },
    },

    -- 5. Agreeing the resolution: what was done about the conduct, and does she accept?
    agreement = node {
      expression = "calm",
      say = function(state)
        if state.trust >= 50 then
          return "材料找到就好。那个小伙子的态度呢，就这么算了？"
        end
        return "就这样？材料找到了就完了？那个小伙子的态度呢？你们到底管不管？"
      end,
      criteria = { "compliance.no_promise", "compliance.channel", "lur.listen", "empathy.acknowledge",
                   "empathy.courtesy" },
      hint = "说清已做的事（核实属实、按规定处理、窗口整改），不承诺具体处分；问她对这个方案还有什么意见；"
          .. "告诉她不满意可以向上级部门或打12333反映。",
      model = "您在意他的态度，我理解。态度问题核实属实，已经按规定处理，窗口也在整改，他会当面向您道歉。"
           .. "您对这个方案还有什么意见？不满意的话，也可以向上级部门或打12333反映。",
      choices = {
        "您在意他的态度，我理解。核实属实，已按规定处理，窗口也在整改。您对这个方案还有什么意见？不满意也可以向上级部门或打12333反映。",
        "内部怎么处理不方便透露，材料给您办了就行。",
        "人都批评过了，你还想怎么样？有本事你去告。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame" } }, go = "flare" },
        { when = { met = { "compliance.channel" }, met_any = { "lur.listen" } }, go = "followup",
          set = { agreed = true } },
        { when = { anger_at_least = 70 }, go = "escalated" },
        { go = "followup" },
      },
    },

    -- 6. Two weeks later: the follow-up visit (回访) and the rating.
    followup = node {
      expression = "calm",
      say = "（两周后，你回访她）……嗯，重算的结果出来了，钱也到了。你们还打电话来干啥？",
      criteria = { "lur.listen", "empathy.acknowledge", "empathy.courtesy", "compliance.channel",
                   "complaint.followup" },
      checks = {
        { id = "complaint.followup", name = "回访征求意见",
          all = { { "满意", "评价", "好差评" }, { "意见", "建议", "还有什么" } },
          note = "回访：问她对处理结果是否满意、还有什么意见，请她在好差评上评价。" },
      },
      reacts = { ["complaint.followup"] = { met = { anger = -8, trust = 10 } } },
      hint = "说明是回访：问她对结果满不满意，还有什么意见建议；请她在“好差评”上评价；再次感谢她的监督。",
      model = "之前委屈您了，这是投诉的回访。想问问您对处理结果满不满意，还有什么意见或建议？"
           .. "也欢迎在好差评上评价。谢谢您的监督，让我们改进了工作。",
      choices = {
        "之前委屈您了，这是投诉的回访。想问问您对处理结果满不满意，还有什么意见或建议？也欢迎在好差评上评价。谢谢您的监督。",
        "就是通知您一下，事情办完了。",
        "没啥事，领导让打的，走个流程。",
      },
      next = {
        { when = { missed_any = { "empathy.no_blame", "empathy.courtesy" } }, go = "partial" },
        { when = { met = { "complaint.followup" }, trust_at_least = 70, anger_below = 30,
                   flags = { "listened", "recorded", "investigated", "reported", "agreed" },
                   not_flags = { "promised", "privacy_slip", "recovered" } }, go = "resolved" },
        { when = { met = { "complaint.followup" }, trust_at_least = 45 }, go = "satisfied" },
        { when = { trust_at_least = 40 }, go = "partial" },
        { go = "escalated" },
      },
    },

    -- Side node: she feels brushed off. One chance to recover.
    flare = node {
      expression = "furious",
      say = vary(
        "你看看，你看看！投诉到你这儿，你也这个态度！你们就是一伙的！",
        "行，跟你们说不通，我找你们上级部门！"),
      criteria = { "empathy.acknowledge", "lur.order", "lur.listen", "empathy.no_blame",
                   "empathy.courtesy" },
      reacts = {
        ["empathy.acknowledge"] = { met = { anger = -18, trust = 8 }, missed = { anger = 10 } },
      },
      hint = "道歉，收回不当的话；表明你不护短，这件事你负责跟到底；请她接着说。",
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
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "recorded" } },
          go = "record", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90, not_flags = { "reported" } },
          go = "impartial", set = { recovered = true } },
        { when = { met = { "empathy.acknowledge" }, anger_below = 90 }, go = "agreement",
          set = { recovered = true } },
        { go = "escalated" },
      },
    },
  },

  endings = {
    resolved = ending {
      outcome = "resolved", rating = 5, expression = "happy",
      say = "说实话，一开始没指望你们能办好。从登记到回访都有着落，我给个非常满意。",
    },
    satisfied = ending {
      outcome = "resolved", rating = 4, expression = "calm",
      say = "行，这事总算有个交代。好差评我给个满意吧。",
    },
    partial = ending {
      outcome = "partial", rating = 3, expression = "calm",
      say = "事是办了，就是过程太折腾。评价嘛，基本满意吧。",
    },
    escalated = ending {
      outcome = "escalated", rating = 2, expression = "angry",
      say = "你们自己查自己，我信不过。我去上级部门反映，看他们怎么说。",
    },
    complaint = ending {
      outcome = "complaint", rating = 1, expression = "furious",
      say = "投诉都投诉出气来了！我这就打12345，再把这事发到网上去！",
    },
  },
}
