-- window_basics.lua - a sample assessment: the pension-claim visit where the citizen is on his
-- third trip. One reply limit of 90 seconds, no feedback during the run; the criteria an
-- assessor cares most about at a window (no promises, acknowledging feelings, the one-time
-- complete notice) weigh more. Pass mark 60% of the weighted score.
-- Criteria not listed weigh 1. Fields: id, title, scenarios, time_limit (seconds per reply,
-- 0 = untimed), weights, pass_mark (percent), feedback (true/false).
return exam {
  id = "window_basics",
  title = "窗口服务基础考核：退休申领",
  scenarios = { "missing_materials" },
  time_limit = 90,
  weights = {
    ["compliance.no_promise"] = 3,
    ["empathy.acknowledge"] = 2,
    ["clarity.one_time_notice"] = 3,
    ["empathy.no_blame"] = 2,
  },
  pass_mark = 60,
  feedback = false,
}
