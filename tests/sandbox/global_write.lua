-- Mistake or attack: create a global (globals are locked).
helper = function() end
