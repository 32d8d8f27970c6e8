# rtl/formal/formal.mk - formal proofs of the blocks that decide DMA addresses, key slots and
# order (included by the top-level Makefile; part of `make test`). Yosys reads the RTL with
# -formal (the assertions under `ifndef SYNTHESIS` become proof obligations), yosys-smtbmc with z3
# proves them. What each harness assumes and proves is written at its top.
#
#   make formal        all of the below (~3 minutes)
#
# | proof                 | block            | method                                    |
# |-----------------------|------------------|-------------------------------------------|
# | formal-desc-check     | srtpo_desc_check | 1 step: stateless, so every input at once |
# | formal-rd-burst       | srtpo_rd_burst   | BMC + k-induction (unbounded), DB 16/32/64|
# | formal-fifo           | srtpo_fifo       | BMC, FORMAL_FIFO_DEPTH steps, depth 4     |
#
# | formal-engine-array   | srtpo_engine_array | steering: BMC 7/5/5 steps, any descriptor,  |
# |                       |                    |   Engines 1 2 4; order: BMC 10 steps, cover |
# |                       |                    |   shows the first completion + words out,   |
# |                       |                    |   Engines 1 2                               |
#
#   make formal-engine-array-deep   (not in `make test`) order to two completions from two
#                                   engines: 12 / 11 steps for Engines 1 / 2 (about 3 and 17
#                                   minutes; Engines 4: not finished, see below)

YOSYS        ?= yosys
SMTBMC       ?= yosys-smtbmc
FORMAL_SOLVER ?= z3
FORMAL_OUT   := $(BUILD)/formal
FORMAL_K     ?= 4
FORMAL_FIFO_DEPTH ?= 8

.PHONY: formal formal-desc-check formal-desc-check-slots formal-rd-burst formal-fifo \
	formal-engine-array formal-engine-array-one formal-engine-array-live formal-engine-array-order \
	formal-engine-array-deep

# $(call formal_smt2,out,top,sources,extra yosys commands before prep)
define formal_smt2
	@mkdir -p $(dir $(1))
	$(YOSYS) -q -l $(1).log -p "read_verilog -formal -sv -Irtl/regs $(3); $(4) \
		hierarchy -top $(2); prep -top $(2); memory_nordff; async2sync; dffunmap; \
		write_smt2 -wires $(1)" > /dev/null
endef
# The same as one shell command, for use inside a recipe line of a loop.
formal_smt2_sh = mkdir -p $(dir $(1)) && $(YOSYS) -q -l $(1).log -p "read_verilog -formal -sv -Irtl/regs $(3); $(4) \
	hierarchy -top $(2); prep -top $(2); memory_nordff; async2sync; dffunmap; write_smt2 -wires $(1)" > /dev/null

# The card's 65,536 slots, and a count that is not a power of two (the BAD_SLOT edge).
FORMAL_DESC_SLOTS ?= 65536 40000

formal-desc-check: rtl/dma/srtpo_desc_check.sv rtl/dma/srtpo_desc_rsvd.sv rtl/formal/srtpo_desc_check_formal.sv rtl/regs/srtpo_regs_pkg.svh
	@set -e; for n in $(FORMAL_DESC_SLOTS); do \
		$(MAKE) -s --no-print-directory formal-desc-check-slots SLOTS=$$n; done

formal-desc-check-slots:
	$(call formal_smt2,$(FORMAL_OUT)/desc_check_$(SLOTS).smt2,srtpo_desc_check_formal,rtl/dma/srtpo_desc_check.sv rtl/dma/srtpo_desc_rsvd.sv rtl/formal/srtpo_desc_check_formal.sv,chparam -set NumSlots $(SLOTS) srtpo_desc_check_formal;)
	$(SMTBMC) -s $(FORMAL_SOLVER) -t 1 $(FORMAL_OUT)/desc_check_$(SLOTS).smt2 > $(FORMAL_OUT)/desc_check_$(SLOTS).txt \
		|| { cat $(FORMAL_OUT)/desc_check_$(SLOTS).txt; exit 1; }
	@echo "formal-desc-check: NumSlots=$(SLOTS) PASSED (window, slot range, ZERO_KEYS range, no DMA on a failed check; every input)"

formal-rd-burst: rtl/dma/srtpo_rd_burst.sv rtl/formal/srtpo_rd_burst_formal.sv
	@set -e; for db in 16 32 64; do \
		$(MAKE) -s --no-print-directory formal-rd-burst-db DB=$$db; done

formal-rd-burst-db:
	$(call formal_smt2,$(FORMAL_OUT)/rd_burst_$(DB).smt2,srtpo_rd_burst_formal,rtl/dma/srtpo_rd_burst.sv rtl/formal/srtpo_rd_burst_formal.sv,chparam -set DB $(DB) srtpo_rd_burst_formal;)
	$(SMTBMC) -s $(FORMAL_SOLVER) -t $(FORMAL_K) $(FORMAL_OUT)/rd_burst_$(DB).smt2 \
		> $(FORMAL_OUT)/rd_burst_$(DB).bmc.txt || { cat $(FORMAL_OUT)/rd_burst_$(DB).bmc.txt; exit 1; }
	$(SMTBMC) -s $(FORMAL_SOLVER) -i -t $(FORMAL_K) $(FORMAL_OUT)/rd_burst_$(DB).smt2 \
		> $(FORMAL_OUT)/rd_burst_$(DB).ind.txt || { cat $(FORMAL_OUT)/rd_burst_$(DB).ind.txt; exit 1; }
	@echo "formal-rd-burst: DB=$(DB) PASSED (bursts inside the request, 4 KiB; $(FORMAL_K)-induction: all time)"

formal-fifo: rtl/srtp/srtpo_fifo.sv rtl/formal/srtpo_fifo_formal.sv
	set -e; for r in 0 1; do \
	  $(call formal_smt2_sh,$(FORMAL_OUT)/fifo_$$r.smt2,srtpo_fifo_formal,$^,chparam -set OutReg $$r srtpo_fifo_formal;); \
	  $(SMTBMC) -s $(FORMAL_SOLVER) -t $(FORMAL_FIFO_DEPTH) $(FORMAL_OUT)/fifo_$$r.smt2 > $(FORMAL_OUT)/fifo_$$r.txt 2>&1 \
	    || { cat $(FORMAL_OUT)/fifo_$$r.txt; exit 1; }; \
	done
	@echo "formal-fifo: PASSED to depth $(FORMAL_FIFO_DEPTH), memory head and registered head (order kept, none lost or repeated)"

# srtpo_engine_array behind stub engines (defined in the harness; srtpo_engine_port.sv is not
# read), with tiny FIFOs (order 4, route 2, completions 2, beat counts 2, words 2) and 16-byte
# packets. The array passes the engines no index, so each stub's engine_index wire is tied to its
# generate index after flattening. Three runs per engine count:
#   steer  every assertion, ANY descriptor (any slot, span, op, lengths), BMC FORMAL_ARRAY_DEPTH_n
#          steps from reset: the steering of the first descriptors at the engines' doors;
#   order  every assertion, slots and spans below 8 (every engine mask), zero packet data
#          (FORMAL_ORDER): BMC steps FORMAL_ARRAY_ORDER_SKIP .. FORMAL_ARRAY_ORDER_n - 1 (the steps
#          before are covered by the steer run, which assumes less), so completion order, counts
#          and output words are checked where completions come out;
#   cover  yosys-smtbmc -c: within the order run's steps a completion with output words really
#          leaves (deep: two, from two engines when Engines > 1); fails if it cannot, so the
#          order checks are not vacuous.
# The order and cover runs are in `make formal` for FORMAL_ARRAY_ORDER_ENGINES (Engines 4 costs
# several times Engines 2 per step). Engines 4 is in neither by default: its cover reaches the
# first completion (10 steps, about 2 minutes), but its order run did not finish step 9 in the
# 10-minute cut (FORMAL_ARRAY_DEEP_ENGINES=4 FORMAL_ARRAY_TIMEOUT=... to try longer).
# formal-engine-array-deep (not in `make test`) does the same to the depth where two completions
# from two engines come out. Bounded liveness (FORMAL_LIVE: fair engines and DMA, every
# descriptor completes within FORMAL_ARRAY_LIVE_BOUND clocks) is formal-engine-array-live, not in
# `make formal`. Each solver run is cut at FORMAL_ARRAY_TIMEOUT seconds. --unroll: z3 4.8.12 does
# not finish parsing this model's transition function otherwise (smtbmc expands the functions
# itself); --noincr (a fresh z3 per step) is about twice as fast here as z3's incremental mode.
FORMAL_ARRAY_ENGINES    ?= 1 2 4
FORMAL_ARRAY_DEPTH_1    ?= 7
FORMAL_ARRAY_DEPTH_2    ?= 5
FORMAL_ARRAY_DEPTH_4    ?= 5
FORMAL_ARRAY_ORDER_ENGINES ?= 1 2
FORMAL_ARRAY_ORDER_SKIP ?= 5
FORMAL_ARRAY_ORDER_1    ?= 10
FORMAL_ARRAY_ORDER_2    ?= 10
FORMAL_ARRAY_DEEP_ENGINES ?= 1 2
FORMAL_ARRAY_DEEP_1     ?= 12
FORMAL_ARRAY_DEEP_2     ?= 11
FORMAL_ARRAY_DEEP_4     ?= 11
FORMAL_ARRAY_LIVE_BOUND ?= 40
FORMAL_ARRAY_TIMEOUT    ?= 600
FORMAL_ARRAY_DEEP_TIMEOUT ?= 2400
FORMAL_ARRAY_SRC := rtl/srtp/srtpo_fifo.sv rtl/top/srtpo_skid.sv rtl/top/srtpo_engine_array.sv rtl/formal/srtpo_engine_array_formal.sv

formal-engine-array: $(FORMAL_ARRAY_SRC)
	@set -e; $(foreach n,$(FORMAL_ARRAY_ENGINES), \
		$(MAKE) -s --no-print-directory formal-engine-array-one ENG=$(n) MODE=steer DEFS= \
			STEPS=$(FORMAL_ARRAY_DEPTH_$(n)) FLAGS=;) \
	$(foreach n,$(FORMAL_ARRAY_ORDER_ENGINES), \
		$(MAKE) -s --no-print-directory formal-engine-array-order ENG=$(n) \
			ORDER_DEPTH=$(FORMAL_ARRAY_ORDER_$(n)) CPLS=1;)

# two completions from two engines (one engine: two completions), order checked to there
formal-engine-array-deep: $(FORMAL_ARRAY_SRC)
	@set -e; $(foreach n,$(FORMAL_ARRAY_DEEP_ENGINES), \
		$(MAKE) -s --no-print-directory formal-engine-array-order ENG=$(n) \
			ORDER_DEPTH=$(FORMAL_ARRAY_DEEP_$(n)) CPLS=2 TAG=_deep \
			FORMAL_ARRAY_TIMEOUT=$(FORMAL_ARRAY_DEEP_TIMEOUT);)

formal-engine-array-order:
	$(MAKE) -s --no-print-directory formal-engine-array-one ENG=$(ENG) MODE=cover$(TAG) \
		DEFS="-DFORMAL_ORDER -DFORMAL_COVER_CPLS=$(CPLS)" STEPS=$(ORDER_DEPTH) FLAGS=-c
	$(MAKE) -s --no-print-directory formal-engine-array-one ENG=$(ENG) MODE=order$(TAG) \
		DEFS="-DFORMAL_ORDER -DFORMAL_COVER_CPLS=$(CPLS)" \
		STEPS=$(FORMAL_ARRAY_ORDER_SKIP):$(ORDER_DEPTH) FLAGS=--noincr

# bounded liveness: not in `make formal` (the depth it needs is far beyond what finishes)
formal-engine-array-live: $(FORMAL_ARRAY_SRC)
	@set -e; for n in $(FORMAL_ARRAY_ENGINES); do \
		$(MAKE) -s --no-print-directory formal-engine-array-one ENG=$$n MODE=live FLAGS=--noincr \
			STEPS=$(FORMAL_ARRAY_LIVE_BOUND) \
			DEFS="-DFORMAL_LIVE -DFORMAL_LIVE_BOUND=$(FORMAL_ARRAY_LIVE_BOUND)"; done

# one run: ENG engines, MODE (names the files), DEFS (harness defines), FLAGS (smtbmc), STEPS
formal-engine-array-one:
	@mkdir -p $(FORMAL_OUT)
	$(YOSYS) -q -l $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).log -p "read_verilog -formal -sv $(DEFS) \
		$(FORMAL_ARRAY_SRC); chparam -set Engines $(ENG) srtpo_engine_array_formal; \
		hierarchy -top srtpo_engine_array_formal; proc; flatten; cd srtpo_engine_array_formal; \
		$(foreach e,$(shell seq 0 $$(($(ENG) - 1))),connect -nounset -set dut.g_eng[$(e)].u_engine.engine_index 2'd$(e);) \
		cd; prep -top srtpo_engine_array_formal; memory_nordff; memory_map; opt -fast; async2sync; \
		dffunmap; write_smt2 -wires $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).smt2" > /dev/null
	timeout $(FORMAL_ARRAY_TIMEOUT) $(SMTBMC) -s $(FORMAL_SOLVER) --unroll --noprogress $(FLAGS) \
		-t $(STEPS) $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).smt2 \
		> $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).txt \
		|| { tail -n 30 $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).txt; exit 1; }
	@echo "formal-engine-array: Engines=$(ENG) $(MODE) PASSED, steps $(STEPS)" \
		"$$(grep -o 'Reached cover.* in step [0-9]*' $(FORMAL_OUT)/engine_array_$(ENG)_$(MODE).txt \
		| sed 's/.* in step/(cover reached in step/; s/$$/)/' || true)"

formal: formal-desc-check formal-rd-burst formal-fifo formal-engine-array

TEST_TARGETS += formal
