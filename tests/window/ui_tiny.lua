-- ui_tiny.lua - a two-turn scenario for the window tests (tests/window, tests/unit/test_ui*.c).
-- Short and stable on purpose: the tests count screens and look for feedback colours.
return scenario {
  id = "ui_tiny",
  title = "窗口测试：补交材料",
  summary = "测试用的小情景：两轮对话，一个结局。",
  difficulty = 1,
  brief = {
    who = "张秀兰，52岁，上午来办过一次，说材料不对，回家拿了又来",
    brought = { "身份证原件", "补交的材料" },
    system = { "上午的受理记录：材料不全" },
    rules = { "材料齐全当场受理，不能保证结果" },
    facts = {},
  },
  top = "先体谅她跑了两趟，不指责、不打包票，马上帮她看材料",
  criteria = { "empathy.courtesy", "empathy.acknowledge", "empathy.no_blame", "compliance.no_promise" },
  persona = {
    name = "张秀兰", age = 52, gender = "female", role = "来补交材料的市民",
    anger = 60, trust = 40,
    reacts = {
      ["empathy.acknowledge"] = { met = { anger = -20, trust = 10 }, missed = { anger = 10 } },
      ["empathy.no_blame"] = { missed = { anger = 20, trust = -10 } },
    },
  },
  start = "first",
  nodes = {
    first = node {
      expression = "angry",
      say = "我上午已经来过一次了，你们说材料不对，我又跑回家拿。今天到底能不能办？",
      hint = "先体谅她跑了两趟，再说能不能办。",
      model = "大姐，让您跑了两趟，辛苦您了。您把材料给我，我现在就帮您看。",
      choices = { "大姐，让您跑了两趟，辛苦您了。您把材料给我，我现在就帮您看。",
                  "材料不对当然办不了，你自己没看清楚。" },
      next = { { go = "second" } },
    },
    second = node {
      expression = "anxious",
      say = "那你快看看，这次齐了没有？",
      next = { { go = "done" } },
    },
  },
  endings = {
    done = ending { title = "材料收下了", outcome = "resolved", rating = 4, expression = "relieved", say = "好，那我就放心了。" },
  },
}
