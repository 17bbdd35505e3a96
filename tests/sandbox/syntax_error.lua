-- A syntax error must name the line.
local x = 
return scenario {
