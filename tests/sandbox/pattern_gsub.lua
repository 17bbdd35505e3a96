-- Attack: the same through gsub.
return (string.rep("a", 40000)):gsub(".-.-.-.-.-b", "")
