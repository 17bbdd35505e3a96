# eval.mk - the scorer's measurement targets (included by the Makefile).
#   make eval          per-criterion accuracy, precision, recall, Cohen's kappa on dev and held-out
#   make bench-scorer  median µs per 100-character reply in-process; grade --jsonl replies/s
#   make fuzz          libFuzzer on the scorer for FUZZ_SECONDS (default 600)

# dev.jsonl is training data now (its figures are the cross-validated ones above)
EVAL_SETS ?= tests/eval/heldout.jsonl corpus:tests/eval/corpus:heldout
CORPUS := tests/eval/corpus
MODEL := scenarios/rubrics/scorer.model
FUZZ_SECONDS ?= 600
FUZZ_DIR := build/fuzz
FUZZ_CC ?= clang

.PHONY: eval bench bench-scorer fuzz fuzz-build

# development figures are 5-fold cross-validated (the model is trained on that part); the
# held-out parts are scored by the shipped model, which never saw them (never by weights
# `counterpart learn` fitted in the data folder: learn prints its own held-out figures).
eval: $(BIN)
	$(Q)echo "== development (in-context corpus + dev.jsonl): 5-fold cross-validation"
	$(Q)./$(BIN) train --corpus $(CORPUS) --also tests/eval/dev.jsonl --folds 5 --out /dev/null | grep -v '^wrote'
	$(Q)COUNTERPART_MODEL=$(MODEL) python3 tests/eval/metrics.py --bin $(BIN) $(EVAL_SETS)
	$(Q)python3 tests/eval/agreement.py $(CORPUS)

# The learned layer's weights, rebuilt from the corpus (deterministic; under a minute here). The
# 5-fold cross-validation places each decision threshold (criteria with >= 200 labels).
.PHONY: train
train: $(BIN)
	$(Q)./$(BIN) train --corpus $(CORPUS) --also tests/eval/dev.jsonl --folds 5 --out $(MODEL)

bench: bench-scorer

$(O)/bench_scorer: tests/bench/bench_scorer.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $<")
	$(Q)$(CC) $(CORE_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

bench-scorer: $(O)/bench_scorer $(BIN)
	$(Q)./$(O)/bench_scorer --bin ./$(BIN)

# libFuzzer: the core is rebuilt with clang and the fuzzer's sanitizers.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude -Iengine $(shell pkg-config --cflags $(PKG_CORE) 2>/dev/null)

# only what the scorer needs, so the target builds while other parts of the core are in flux
FUZZ_SRC := engine/base/common.c engine/base/utf8.c $(sort $(wildcard engine/scoring/*.c)) \
	engine/luahost/sandbox.c engine/luahost/rubric_load.c

$(FUZZ_DIR)/fuzz_scorer: tests/fuzz/fuzz_scorer.c $(FUZZ_SRC) $(wildcard engine/*/*.h include/*.h)
	@mkdir -p $(FUZZ_DIR)
	$(if $(Q),@echo "  FUZZ  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_scorer.c $(FUZZ_SRC) $(CORE_LIBS)

fuzz-build: $(FUZZ_DIR)/fuzz_scorer

fuzz: $(FUZZ_DIR)/fuzz_scorer
	@mkdir -p $(FUZZ_DIR)/corpus
	$(Q)cp -n tests/fuzz/corpus/* $(FUZZ_DIR)/corpus/ 2>/dev/null || true
	$(Q)./$(FUZZ_DIR)/fuzz_scorer -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_DIR)/corpus
