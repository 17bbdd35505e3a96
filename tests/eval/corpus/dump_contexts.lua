-- dump scenario contexts for corpus writers: no choices/model/cues
local json_escape = function(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' elseif c == '\n' then return '\\n' end
    return string.format('\\u%04x', c:byte()) end) .. '"'
end
function node(t) t.__node = true; return t end
function ending(t) return t end
function scenario(t) return t end
function rubric(t) return t end
function criterion(t) return t end
local f = arg[1]
local chunk = assert(loadfile(f, "t", setmetatable({scenario=scenario,node=node,ending=ending,string=string,math=math,table=table,pairs=pairs,ipairs=ipairs,tostring=tostring,type=type,next=next}, {__index=_G})))
local s = chunk()
local out = {}
local ids = {}
for id in pairs(s.nodes) do ids[#ids+1] = id end
table.sort(ids)
for _, id in ipairs(ids) do
  local n = s.nodes[id]
  local lines, seen = {}, {}
  local function add(x) if type(x) == "string" and not seen[x] then seen[x] = true; lines[#lines+1] = x end end
  if type(n.say) == "function" then
    for v = 1, 3 do for _, a in ipairs({ s.persona.anger or 50, 90, 30 }) do
      local ok, r = pcall(n.say, { visits = v, anger = a, trust = s.persona.trust or 50, flags = {}, vars = {} })
      if ok then add(r) end
    end end
  else add(n.say) end
  local crit = {}
  for _, c in ipairs(n.criteria or {}) do crit[#crit+1] = json_escape(c) end
  if n.notice then crit[#crit+1] = json_escape("clarity.one_time_notice") end
  local ls = {}
  for _, l in ipairs(lines) do ls[#ls+1] = json_escape(l) end
  local facts = {}
  if n.notice then
    for _, it in ipairs(n.notice.items or {}) do
      local w = {}
      for _, x in ipairs(it.where or {}) do w[#w+1] = x end
      facts[#facts+1] = json_escape("需告知材料：" .. it.label .. (#w > 0 and ("（去处：" .. table.concat(w, "/") .. "）") or ""))
    end
    if n.notice.deadline and n.notice.deadline[1] then facts[#facts+1] = json_escape("期限：" .. n.notice.deadline[1]) end
  end
  if n.basis then facts[#facts+1] = json_escape("可引用的依据：" .. table.concat(n.basis, "、")) end
  local checks = {}
  local allchecks = {}
  for _, c in ipairs(s.checks or {}) do allchecks[c.id] = c end
  for _, c in ipairs(n.checks or {}) do allchecks[c.id] = c end
  for id, c in pairs(allchecks) do
    checks[#checks+1] = string.format('{"id":%s,"name":%s,"note":%s}', json_escape(id), json_escape(c.name or ""), json_escape(c.note or ""))
    crit[#crit+1] = json_escape(id)
  end
  io.write(string.format('{"facts":[%s],"checks":[%s],', table.concat(facts, ","), table.concat(checks, ",")))
  io.write(string.format('"scenario":%s,"title":%s,"summary":%s,"persona":%s,"node":%s,"citizen_lines":[%s],"focus":[%s],"hint":%s,"identity":%s}\n',
    json_escape(s.id), json_escape(s.title), json_escape(s.summary or ""),
    json_escape((s.persona.name or "") .. "，" .. tostring(s.persona.age or "") .. "岁，" .. (s.persona.role or "")),
    json_escape(id), table.concat(ls, ","), table.concat(crit, ","), json_escape(n.hint or ""), tostring(n.identity == true)))
end
