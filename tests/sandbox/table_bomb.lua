-- Attack: millions of small tables. Stopped by the memory cap or the work budget, whichever
-- comes first (on a slow machine it can be either); memory stays under the cap.
local t = {}
for i = 1, 1e9 do t[i] = { i, i, i, i } end
