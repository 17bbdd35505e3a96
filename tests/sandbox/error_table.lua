-- An error value that is not a string.
error({ code = 1 })
