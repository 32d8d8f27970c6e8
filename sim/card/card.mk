# sim/card/card.mk - the Verilated card (srtpo_core) as an in-process transport, and its tests
# (included by the top-level Makefile).
#
#   make test-card     card over the ring code == software engine, isolation, faults (~3 min)
#   make test-card-engines  the same on the 512-bit, four-engine card (the U50's; ~3 min)
#   make bench-card    packet bytes per clock end to end, 172 and 1200-byte packets, 256-bit bus,
#                      at 50-100, 250 and 500 clocks of host read latency; host ns per packet on
#                      the card path (null card) beside the software engine's; the library's host
#                      instructions per packet on the card path (callgrind; ~5 min in all);
#                      then bench-engines
#   make bench-engines 512-bit card with 1, 2 and 4 engines, 4 queues busy, bytes per clock at
#                      50-100, 250 and 500 clocks of latency (a model build per engine count)
#   make bench-host    host ns per packet only (tests/card/bench_host.c, BENCH_HOST_ARGS=...)
#   make test-null-card  the null card's counters add up; bench_host --sim: every packet right
#   make test-long     1,000,000 packets through the simulated card == software engine (~7 min;
#                      in LONG_TARGETS, not in `make test`; TEST_LONG_PACKETS=n, TEST_LONG_SEED=s)
#   make test-long-engines  the same through the 512-bit, four-engine card (in LONG_TARGETS)
#   make test-backend-sim  `srtpo --backend sim` == `--backend sw` on the sample call (~5 s)
#   make regs          regenerate the register-map outputs from rtl/regs/srtpo_regs.json
#   make regs-check    fail when a generated register-map file is out of date
#   make lint-card     verilator --lint-only -Wall over srtpo_core at 128/256/512-bit buses, 1 and 4
#                      engines
#
# CARD_DATAW picks the bus width of the model (default 256), CARD_ENGINES its SRTP engines (1, 2
# or 4; default 1). The model builds under $(BUILD)/card/w$(CARD_DATAW) (one engine) or
# $(BUILD)/card/w$(CARD_DATAW)e$(CARD_ENGINES); the build date and git hash are stamped into the
# firmware ID.

VERILATOR   ?= verilator
CARD_DATAW  ?= 256
CARD_ENGINES ?= 1
CARD_OUT    := $(BUILD)/card/w$(CARD_DATAW)$(if $(filter-out 1,$(CARD_ENGINES)),e$(CARD_ENGINES))
CARD_RTL    := $(wildcard rtl/top/*.sv rtl/dma/*.sv rtl/srtp/*.sv rtl/crypto/*.sv)
CARD_INC    := -Irtl/regs -Irtl/top -Irtl/dma -Irtl/srtp -Irtl/crypto
CARD_DATE   := $(shell date -u +%Y%m%d)
CARD_GIT    := $(shell git rev-parse --short=8 HEAD 2>/dev/null || echo 0)
CARD_STAMP  := -GBuildDate=32\'h$(CARD_DATE) -GGitHash=32\'h$(if $(filter 8,$(shell printf %s '$(CARD_GIT)' | wc -c)),$(CARD_GIT),0)
CARD_VFLAGS := --cc --build -j 2 -O3 --assert --x-assign fast --x-initial unique -Wno-fatal --Wno-lint \
               --Wno-style $(CARD_INC) -GDataW=$(CARD_DATAW) -GEngines=$(CARD_ENGINES) \
               -CFLAGS -fPIC -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1"
CARD_CXX    := -std=c++17 -O2 -g -fPIC -DCARD_DATAW=$(CARD_DATAW) -Iuserspace/include -Iuserspace/lib \
               -I$(CARD_OUT)/model -I$(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include \
               -I$(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include/vltstd -Wno-deprecated-declarations
CARD_MODEL  := $(CARD_OUT)/model/Vsrtpo_core__ALL.a
CARD_LIB    := $(CARD_OUT)/libsrtpo_card.a
CARD_TEST   := $(CARD_OUT)/test_card
CARD_BENCH  := $(CARD_OUT)/bench_card
CARD_LONG   := $(CARD_OUT)/test_long
CARD_HOST   := $(CARD_OUT)/hostcost_card

# The model: the date is not a prerequisite, so it is stamped when the RTL changes.
$(CARD_MODEL): $(CARD_RTL) rtl/regs/srtpo_regs_pkg.svh
	@mkdir -p $(@D)
	$(VERILATOR) $(CARD_VFLAGS) $(CARD_STAMP) --top-module srtpo_core -Mdir $(@D) $(CARD_RTL) \
		> $(@D)/build.log 2>&1 || { tail -40 $(@D)/build.log; exit 1; }

$(CARD_OUT)/card_model.o: sim/card/card_model.cpp userspace/lib/card.h userspace/include/srtpo_regs.h $(CARD_MODEL)
	$(CXX) $(CARD_CXX) -c $< -o $@

$(CARD_OUT)/verilated.o: $(CARD_MODEL)
	$(CXX) $(CARD_CXX) -c $(shell $(VERILATOR) --getenv VERILATOR_ROOT)/include/verilated.cpp -o $@

$(CARD_OUT)/verilated_threads.o: $(CARD_MODEL)
	$(CXX) $(CARD_CXX) -c $(shell $(VERILATOR) --getenv VERILATOR_ROOT)/include/verilated_threads.cpp -o $@

$(CARD_OUT)/%.o: userspace/lib/%.c userspace/lib/ring.h userspace/lib/card.h userspace/include/srtpo_regs.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

# ring + card backend + model: what a program needs to run libsrtpo ops on the simulated card
$(CARD_LIB): $(CARD_OUT)/ring.o $(CARD_OUT)/card_sim.o $(CARD_OUT)/card_model.o $(CARD_OUT)/verilated.o \
	     $(CARD_OUT)/verilated_threads.o
	rm -f $@
	ar rcs $@ $^
	cd $(CARD_OUT) && ar x model/Vsrtpo_core__ALL.a && ar rcs libsrtpo_card.a $$(ar t model/Vsrtpo_core__ALL.a) \
		&& rm -f $$(ar t model/Vsrtpo_core__ALL.a)

CARD_LDLIBS := $(CARD_LIB) $(abspath $(LIB_A)) $(LIB_LDLIBS) -lpthread

$(CARD_OUT)/%: tests/card/%.c $(CARD_LIB) $(LIB_A) tests/card/card_test.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DCARD_DATAW=$(CARD_DATAW) -Itests/card -c $< -o $@.o
	$(CXX) -o $@ $@.o $(CARD_LDLIBS)

# The model as a shared object: libsrtpo loads it for SRTPO_BACKEND_SIM (`srtpo --backend sim`),
# so nothing else that links libsrtpo needs Verilator or C++.
SIM_SO := $(BUILD)/libsrtpo_sim.so
$(SIM_SO): $(CARD_OUT)/card_model.o $(CARD_OUT)/verilated.o $(CARD_OUT)/verilated_threads.o $(CARD_MODEL)
	$(CXX) -shared -o $@ $(CARD_OUT)/card_model.o $(CARD_OUT)/verilated.o \
		$(CARD_OUT)/verilated_threads.o -Wl,--whole-archive $(CARD_MODEL) -Wl,--no-whole-archive \
		-Wl,-z,defs -lpthread

sim-lib: $(SIM_SO)

# Several engines: the 512-bit card with 1, 2 and 4 engines, 4 queues busy (bench_card --engines),
# at 50..100, 250 and 500 clocks of latency. Each engine count is its own model build.
BENCH_ENGINES ?= 1 2 4
bench-engines:
	@set -e; for e in $(BENCH_ENGINES); do \
		$(MAKE) --no-print-directory CARD_DATAW=512 CARD_ENGINES=$$e bench-engines-one; done
bench-engines-one: $(CARD_BENCH)
	$(CARD_BENCH) --engines $(CARD_ENGINES)

.PHONY: test-card test-card-engines test-card-run bench-card bench-engines bench-engines-one regs regs-check lint-card sim-lib
regs:
	python3 rtl/regs/gen_regs.py

regs-check:
	python3 rtl/regs/gen_regs.py --check

lint-card:
	@set -e; for w in 128 256 512; do for e in 1 4; do echo "lint srtpo_core DataW=$$w Engines=$$e"; \
		$(VERILATOR) --lint-only -Wall $(CARD_INC) -GDataW=$$w -GEngines=$$e $(CARD_RTL) \
		--top-module srtpo_core; done; done

CARD_SEEDS ?= 1 2 3 4 5

test-card: regs-check lint-card $(CARD_TEST)
	@set -e; for s in $(CARD_SEEDS); do $(CARD_TEST) $$s; done

# The U50's configuration, 512-bit bus and four engines: the same test (key slots shared out
# over the engines, order merged back, every fault), two seeds (its own model build, ~3 min).
CARD_ENGINES_SEEDS ?= 1 2
test-card-engines:
	@$(MAKE) --no-print-directory CARD_DATAW=512 CARD_ENGINES=4 test-card-run \
		CARD_SEEDS="$(CARD_ENGINES_SEEDS)"
test-card-run: $(CARD_TEST)
	@set -e; for s in $(CARD_SEEDS); do $(CARD_TEST) $$s; done

# The host-cost workload uses only the public API: libsrtpo loads the model from $(SIM_SO).
$(CARD_HOST): tests/card/hostcost_card.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LIB_LDLIBS)

# The host's side of the card path with no model: the completion-only null card (tests/card/
# null_card.c, a measuring device linked only into these programs) under libsrtpo.a.
NULL_OUT   := $(BUILD)/card/null
BENCH_HOST := $(NULL_OUT)/bench_host
NULL_HOST  := $(NULL_OUT)/hostcost_null

$(NULL_OUT)/null_card.o: tests/card/null_card.c tests/card/null_card.h userspace/lib/card.h \
			 userspace/include/srtpo_regs.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Itests/card -c $< -o $@

$(BENCH_HOST): tests/card/bench_host.c $(NULL_OUT)/null_card.o $(LIB_A)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Itests/card -o $@ $< $(NULL_OUT)/null_card.o $(LIB_A) $(LIB_LDLIBS)

$(NULL_HOST): tests/card/hostcost_card.c $(NULL_OUT)/null_card.o $(LIB_A)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DHOSTCOST_NULL_CARD -Itests/card -o $@ $< \
		$(NULL_OUT)/null_card.o $(LIB_A) $(LIB_LDLIBS)

.PHONY: test-null-card bench-host
# The null card under the library: every descriptor answered, every completion taken, every
# packet done by the card (counters checked); then the same program over the simulated card,
# where every packet must equal the software engine's (~10 s after the build, 35 s loaded).
test-null-card: $(BENCH_HOST) $(SIM_SO)
	$(BENCH_HOST) --check
	SRTPO_SIM_LIB=$(abspath $(SIM_SO)) $(BENCH_HOST) --sim

TEST_TARGETS += test-null-card

# Host ns per packet, card path (null card) beside the software engine (BENCH_HOST_ARGS=...).
bench-host: $(BENCH_HOST)
	$(BENCH_HOST) $(BENCH_HOST_ARGS)

bench-card: $(CARD_BENCH) $(CARD_HOST) $(NULL_HOST) $(BENCH_HOST) $(SIM_SO)
	$(CARD_BENCH)
	@$(MAKE) --no-print-directory bench-engines
	SRTPO_SIM_LIB=$(abspath $(SIM_SO)) $(BENCH_HOST) --sim
	$(BENCH_HOST) $(BENCH_HOST_ARGS)
	@sh tests/card/hostcost.sh $(CARD_HOST) $(abspath $(SIM_SO)) $(CARD_OUT)/hostcost $(NULL_HOST)

TEST_LONG_PACKETS ?= 1000000
TEST_LONG_SEED    ?= 1

.PHONY: test-long test-long-engines test-backend-sim test-async-sim
# srtpo_submit/srtpo_poll over the simulated card == the burst calls (tests/unit/test_async.c)
test-async-sim: $(BUILD)/tests/unit/test_async $(SIM_SO)
	SRTPO_SIM_LIB=$(abspath $(SIM_SO)) $(BUILD)/tests/unit/test_async sim

test-long: $(CARD_LONG)
	$(CARD_LONG) --packets $(TEST_LONG_PACKETS) --seed $(TEST_LONG_SEED)

# The same million packets through the 512-bit, four-engine card (the U50's configuration).
test-long-engines:
	@$(MAKE) --no-print-directory CARD_DATAW=512 CARD_ENGINES=4 test-long

test-backend-sim: $(SRTPO) $(SIM_SO)
	@sh tests/cli/test-backend-sim.sh $(SRTPO) $(BUILD)/tests/backend-sim

TEST_TARGETS += test-card test-card-engines test-backend-sim test-async-sim
BENCH_TARGETS += bench-card
LONG_TARGETS += test-long test-long-engines
