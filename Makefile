# Counterpart - build, run, test.
#   make run    build and start the default scenario (window, or terminal without a display)
#   make test   every test, then again under AddressSanitizer + UndefinedBehaviorSanitizer
#               (both passes always run; builds use every core; ends "N passed, N failed, N skipped")
#   make bench  benchmarks (medians);  make eval  scorer agreement on the labelled set
#   make fuzz   libFuzzer on the scorer (FUZZ_SECONDS=600)
# Both `run` and `test` begin with `deps`, which installs missing Debian packages (deps/debian.txt).
# V=1 shows full commands. SAN=1 builds into build/san with the sanitizers.

SCENARIO ?= scenarios/missing_materials.lua
CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif

ifeq ($(SAN),1)
O := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1 -g
else
O := build
SANFLAGS :=
OPT := -O2 -g
endif

Q := $(if $(V),,@)
NPROC := $(shell nproc 2>/dev/null || echo 2)
PKG_CORE := lua5.4 libcjson opencc sqlite3 libpq libsodium xlsxwriter cairo pangocairo pangoft2 fontconfig zlib
PKG_SDL := sdl2 SDL2_ttf fontconfig x11
PKG_TEST := cmocka

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SANFLAGS) -MMD -MP -Iinclude -Iengine
CORE_CFLAGS := $(BASE_CFLAGS) $(shell pkg-config --cflags $(PKG_CORE) 2>/dev/null)
SDL_CFLAGS := $(CORE_CFLAGS) $(shell pkg-config --cflags $(PKG_SDL) 2>/dev/null)
TEST_CFLAGS := $(CORE_CFLAGS) $(shell pkg-config --cflags $(PKG_TEST) 2>/dev/null)
CORE_LIBS := $(shell pkg-config --libs $(PKG_CORE) 2>/dev/null) -lm
SDL_LIBS := $(shell pkg-config --libs $(PKG_SDL) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs $(PKG_TEST) 2>/dev/null)
LDFLAGS += $(SANFLAGS)

# The rooms of the engine (docs/architecture.md), lowest floor first. Everything but the window
# and the CLI goes into libcpcore.a; the window (the only place SDL appears) into libcpsdl.a.
CORE_ROOMS := base scoring scenario luahost records records/sqlite records/pg sheets ui
CORE_SRC := $(sort $(foreach r,$(CORE_ROOMS),$(wildcard engine/$(r)/*.c)))
SDL_SRC := $(sort $(wildcard engine/window/*.c))
CLI_SRC := $(sort $(wildcard engine/cli/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(O)/obj/%.o)
SDL_OBJ := $(SDL_SRC:%.c=$(O)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(O)/obj/%.o)
CORE_LIB := $(O)/libcpcore.a
SDL_LIB := $(O)/libcpsdl.a
BIN := $(O)/counterpart

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
SDLTEST_SRC := $(sort $(wildcard tests/unit/sdltest_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%) $(SDLTEST_SRC:tests/unit/%.c=$(O)/tests/%)

.PHONY: all deps run test test-once bench eval fuzz clean
all: $(BIN)

deps:
	$(Q)sh deps/install.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./$(BIN) play $(SCENARIO)

# Both passes always run (tests/run_passes.sh); the run fails at the end if either failed.
test: deps
	$(Q)MAKE="$(MAKE)" JOBS=$(NPROC) sh tests/run_passes.sh

test-once: $(BIN) $(UNIT_BIN)
	$(Q)sh tests/run_all.sh $(O)

$(O)/obj/engine/window/%.o: engine/window/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $<")
	$(Q)$(CC) $(SDL_CFLAGS) -c $< -o $@

$(O)/obj/engine/cli/%.o: engine/cli/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $<")
	$(Q)$(CC) $(SDL_CFLAGS) -c $< -o $@

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $<")
	$(Q)$(CC) $(CORE_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(SDL_LIB): $(SDL_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(SDL_LIB) $(CORE_LIB)
	$(if $(Q),@echo "  LD    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SDL_LIB) $(CORE_LIB) $(SDL_LIBS) $(CORE_LIBS)

$(O)/tests/test_%: tests/unit/test_%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST  $<")
	$(Q)$(CC) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(TEST_LIBS) $(CORE_LIBS)

$(O)/tests/sdltest_%: tests/unit/sdltest_%.c $(SDL_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST  $<")
	$(Q)$(CC) $(TEST_CFLAGS) $(SDL_CFLAGS) $(LDFLAGS) -o $@ $< $(SDL_LIB) $(CORE_LIB) $(TEST_LIBS) $(SDL_LIBS) $(CORE_LIBS)

clean:
	rm -rf build

-include $(CORE_OBJ:.o=.d) $(SDL_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)
-include $(wildcard bench.mk eval.mk)

# ---- Benchmarks (figures are medians; never timed in tests) ----
.PHONY: bench-runtime bench-export
bench: bench-runtime bench-window bench-export
bench-runtime: $(O)/bench/bench_runtime
	$(Q)./$(O)/bench/bench_runtime
# Score sheets (issue 6): recording cost and size per turn, export build/render/sign/verify.
# ... and a centre's year (issue 17): 2,000 + 200 trainees x 5 sessions recorded, every format
# exported by the binary with its time, peak memory and size (CP_BENCH_BIG/SMALL/SESSIONS).
bench-export: $(O)/bench/bench_export $(O)/bench/bench_centre $(BIN)
	$(Q)./$(O)/bench/bench_export
	$(Q)./$(O)/bench/bench_centre ./$(BIN)

$(O)/bench/%: tests/bench/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

# ---- A centre on PostgreSQL (issue 15): SEATS seats x 8 replies at once on a throwaway server
# (tests/pg/server.sh); then 10% of the seats killed mid-session and resumed; then a server
# restart mid-run. Every reply must be present exactly once; p50/p99 commit latency.
.PHONY: bench-centre
BENCH_SEATS ?= 50 100 200
bench-centre: $(O)/bench/bench_seats
	$(Q)sh tests/bench/bench_centre_pg.sh ./$(O)/bench/bench_seats "$(BENCH_SEATS)"
