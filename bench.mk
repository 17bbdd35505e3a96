# bench.mk - the window benchmark (`make bench-window`), included by the Makefile.
# Cold start to the first dialogue frame, CPU per frame with a 2,000-character history (cache
# warm and flushed), peak memory; medians. Starts Xvfb through xvfb-run when there is no display.
.PHONY: bench-window
BENCH_WINDOW := $(O)/bench/bench_window

$(BENCH_WINDOW): tests/bench/bench_window.c $(SDL_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  BENCH $<")
	$(Q)$(CC) $(SDL_CFLAGS) -Iengine/window $(LDFLAGS) -o $@ $< $(SDL_LIB) $(CORE_LIB) $(SDL_LIBS) $(CORE_LIBS)

bench-window: $(BIN) $(BENCH_WINDOW)
	$(Q)if [ -n "$$DISPLAY" ]; then ./$(BENCH_WINDOW) ./$(BIN); \
	else xvfb-run -a -s "-screen 0 1280x800x24" ./$(BENCH_WINDOW) ./$(BIN); fi
