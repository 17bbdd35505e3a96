-- Attack: stop the collector so memory use is invisible.
collectgarbage("stop")
