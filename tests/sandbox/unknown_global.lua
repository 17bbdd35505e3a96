-- Mistake: a typo in a global name.
return nodde { say = "x" }
