# rtl/rtl.mk - lint and synthesis of the RTL (included by the top-level Makefile).
#
#   make lint    verilator --lint-only -Wall over every module of rtl/ (waivers: rtl/lint/*.vlt),
#                and Yosys reads the card core (the synthesis flows' parser is stricter)
#   make synth   Yosys synth_xilinx for UltraScale+ (xcup, -abc9) and 7-series (xc7): LUT/FF/BRAM/
#                DSP, a latch and loop check, and a logic-depth timing estimate (rtl/synth/).
#                About 9 minutes per family on one core; the two run in parallel with make -j2.

YOSYS      ?= yosys
VERILATOR  ?= verilator
RTL_SRCS   := $(wildcard rtl/crypto/*.sv rtl/srtp/*.sv)
RTL_TOPS   := srtpo_srtp_engine srtpo_aes_pipe srtpo_hmac_engine srtpo_sha1_core
RTL_VLT    := $(wildcard rtl/lint/*.vlt)
# Lint covers every module under rtl/: the card top (when present) pulls in dma/, top/, regs/.
# The engine-array harness is left out: it defines its own stub srtpo_engine_port on purpose
# (rtl/formal/README.md), so it cannot be read beside the real one.
LINT_SRCS  := $(filter-out rtl/formal/srtpo_engine_array_formal.sv,$(wildcard rtl/*/*.sv))
LINT_INCS  := $(addprefix -I,$(sort $(dir $(wildcard rtl/*/*.sv rtl/*/*.svh))))
LINT_TOPS  := $(RTL_TOPS) $(if $(wildcard rtl/top/srtpo_core.sv),srtpo_core)
SYNTH_OUT  := $(BUILD)/synth
SYNTH_TOP  ?= srtpo_srtp_engine
# Yosys 0.23's abc9 flow aborts on this design for -family xc7 (std::out_of_range in ABC9_OPS,
# after LUT-RAM mapping), so 7-series maps with the classic abc flow; UltraScale+ uses -abc9.
SYNTH_ABC_xcup := -abc9
SYNTH_ABC_xc7  :=

.PHONY: lint synth synth-xcup synth-xc7 synth-core

# Each top is linted on its own so that a module only used in a bench is covered too.
lint:
	@set -e; for top in $(LINT_TOPS); do \
		echo "lint $$top"; \
		$(VERILATOR) --lint-only -Wall $(LINT_INCS) $(RTL_VLT) $(LINT_SRCS) --top-module $$top; \
	done
	@# Yosys reads a smaller SystemVerilog than Verilator: what the synthesis runs read must parse
	@echo "lint: Yosys reads the card core"
	@$(YOSYS) -qq -p "read_verilog -sv $(LINT_INCS) $(filter-out rtl/formal/%,$(LINT_SRCS)); \
		hierarchy -check -top $(if $(wildcard rtl/top/srtpo_core.sv),srtpo_core,srtpo_srtp_engine)" > /dev/null
	@echo "lint: clean"

synth: synth-xcup synth-xc7
	@cat $(SYNTH_OUT)/xcup/report.txt $(SYNTH_OUT)/xc7/report.txt

synth-xcup: $(SYNTH_OUT)/xcup/report.txt
synth-xc7: $(SYNTH_OUT)/xc7/report.txt

$(SYNTH_OUT)/%/report.txt: $(RTL_SRCS) rtl/synth/synth.ys.in rtl/synth/report.py rtl/synth/boundary.py rtl/synth/cells.py
	@mkdir -p $(@D)
	sed -e 's|@FAMILY@|$*|g' -e 's|@TOP@|$(SYNTH_TOP)|g' -e 's|@SRCS@|$(RTL_SRCS)|g' -e 's|@INCS@||g' \
		-e 's|@ABC@|$(SYNTH_ABC_$*)|g' -e 's|@OUT@|$(@D)|g' -e 's|@PARAMS@||g' \
		-e 's|@KEEP@|setattr -mod -set keep_hierarchy 1 *srtpo_hmac_engine*|g' \
		rtl/synth/synth.ys.in > $(@D)/synth.ys
	$(YOSYS) -q -l $(@D)/yosys.log -s $(@D)/synth.ys > /dev/null
	python3 rtl/synth/boundary.py $(@D)/kept.json $* > $(@D)/boundary.txt
	python3 rtl/synth/report.py $* $(SYNTH_TOP) $(@D)/yosys.log "$(SYNTH_ABC_$*)" > $@.tmp && mv $@.tmp $@

# `make synth-core`: the whole card core (registers, DMA queues, engine port, engine) at the
# U50's 512-bit bus with 4 engines and at 256 bits (1 engine) on UltraScale+, and at 256 bits on
# 7-series. The engine port and the 32 HMAC engines inside it are each mapped once (kept
# modules) and the logic at their pins is added to the parent's paths (rtl/synth/boundary.py),
# so the figure is an upper bound of the flat design's;
# everything else is flattened. NumSlots stays at the core's default on UltraScale+: the key
# slots are a RAM, read into a register, so their depth changes the RAM's size, not the logic
# around it. 7-series has no UltraRAM for the default 65,536 slots (6 MiB), so its run keeps
# CORE_SLOTS_xc7 slots in block RAM.
# Reports under $(BUILD)/synth-core/w<bits>/<family>/report.txt; times in rtl/synth/README.md.
# `make synth-core-flat` flattens the HMAC engines too (32 copies mapped; hours on this machine).
#
# Logic-depth budget: the longest register-to-register stage, as rtl/synth/report.py charges it,
# must fit this many ns or `make synth-core` fails. UltraScale+: 4.00 ns = 250 MHz, the U50
# top's clock (the aim is 3.57 ns = 280 MHz, to leave room for routing). 7-series: report only
# (no 250 MHz board in that family is planned).
CORE_BUDGET_NS_xcup := 4.00
CORE_BUDGET_NS_xc7  :=
CORE_SLOTS_xc7      := 2048
CORE_SRCS := $(wildcard rtl/crypto/*.sv rtl/srtp/*.sv rtl/dma/*.sv rtl/top/*.sv)
CORE_OUT  := $(BUILD)/synth-core
# w<bits>e<engines>: DataW and Engines (no e: one engine). The U50's configuration, 512 bits and
# four engines, comes first so that make -j2 starts it first (it is the longest run).
CORE_REPORTS := $(CORE_OUT)/w512e4/xcup/report.txt $(CORE_OUT)/w256/xcup/report.txt \
                $(CORE_OUT)/w256/xc7/report.txt
CORE_KEEP := setattr -mod -set keep_hierarchy 1 *srtpo_hmac_engine* *srtpo_engine_port*
CORE_NICE ?= nice -n 5

.PHONY: synth-core-flat synth-core-mapped
synth-core: $(CORE_REPORTS)
	@cat $^
	@if grep -l "EXCEEDS the budget" $^; then echo "synth-core: a stage exceeds its logic-depth budget (above)"; exit 1; fi

# Named here so that make treats the netlists as files of their own, not intermediates: one
# deleted by hand is made again.
synth-core-mapped: $(CORE_REPORTS:report.txt=mapped.il)

synth-core-flat: $(CORE_OUT)/flat/w512/xcup/report.txt
	@cat $^

# $(CORE_OUT)/[flat/]w<bits>/<family>/report.txt. Synthesis (mapped.il, the hour-long step) is
# its own target, so a change to the scripts that read it re-runs only them.
$(CORE_OUT)/%/mapped.il: $(CORE_SRCS) rtl/regs/srtpo_regs_pkg.svh rtl/synth/synth.ys.in
	@mkdir -p $(@D)
	set -e; fam=$(notdir $*); cfg=$(notdir $(patsubst %/,%,$(dir $*))); \
	w=$$(echo $$cfg | sed 's/^w\([0-9]*\).*/\1/'); e=$$(echo $$cfg | sed -n 's/^w[0-9]*e\([0-9]*\)$$/\1/p'); e=$${e:-1}; \
	keep='$(CORE_KEEP)'; case "$*" in flat/*) keep='';; esac; \
	abc=$$( [ $$fam = xcup ] && echo -abc9 || true ); \
	slots=$$( [ $$fam = xc7 ] && echo "-chparam NumSlots $(CORE_SLOTS_xc7)" || true ); \
	sed -e "s|@FAMILY@|$$fam|g" -e 's|@TOP@|srtpo_core|g' -e 's|@SRCS@|$(CORE_SRCS)|g' \
		-e 's|@INCS@|-Irtl/regs|g' -e "s|@ABC@|$$abc|g" -e 's|@OUT@|$(@D)|g' \
		-e "s|@PARAMS@|-chparam DataW $$w -chparam Engines $$e $$slots|g" -e "s|@KEEP@|$$keep|g" rtl/synth/synth.ys.in > $(@D)/synth.ys; \
	start=$$(date +%s); \
	$(CORE_NICE) $(YOSYS) -q -l $(@D)/yosys.log -s $(@D)/synth.ys > /dev/null; \
	echo "$$(( $$(date +%s) - start ))" > $(@D)/seconds.txt; \
	touch -d @$$start $@   # a source edited during the run makes the next make run it again

$(CORE_OUT)/%/report.txt: $(CORE_OUT)/%/mapped.il rtl/synth/report.py rtl/synth/boundary.py \
		rtl/synth/pinshell.py rtl/synth/sta.py rtl/synth/cells.py rtl/synth/measure.sh
	set -e; fam=$(notdir $*); cfg=$(notdir $(patsubst %/,%,$(dir $*))); \
	w=$$(echo $$cfg | sed 's/^w\([0-9]*\).*/\1/'); e=$$(echo $$cfg | sed -n 's/^w[0-9]*e\([0-9]*\)$$/\1/p'); e=$${e:-1}; \
	abc=$$( [ $$fam = xcup ] && echo -abc9 || true ); \
	budget=$$( [ $$fam = xcup ] && echo "$(CORE_BUDGET_NS_xcup)" || echo "$(CORE_BUDGET_NS_xc7)" ); \
	YOSYS=$(YOSYS) sh rtl/synth/measure.sh $(@D) $$fam srtpo_core "$$abc" "$$budget" " (DataW=$$w, Engines=$$e)" > $@.tmp
	mv $@.tmp $@

# `make synth-units`: the core's units on their own, each in minutes rather than hours: the
# HMAC engine (UltraScale+ and 7-series), one AES round stage, the engine behind its port
# with the AES pipe boxed (rtl/synth/units/*.ys say why each cut is honest). Reports under
# $(BUILD)/synth-units/<unit>-<family>/report.txt, held to the same budget as synth-core.
# dma-xcup and array-xcup (units/dma.ys, units/array.ys) are left out of the default list: the DMA
# alone did not finish in 80 minutes here (the core run, which holds both, takes ~22), and the
# core report's stage list names their paths.
UNIT_REPORTS := $(foreach u,hmac-xcup hmac-xc7 aes-xcup engine-xcup,$(BUILD)/synth-units/$(u)/report.txt)
.PHONY: synth-units
synth-units: $(UNIT_REPORTS)
	@cat $^
	@if grep -l "EXCEEDS the budget" $^; then echo "synth-units: a stage exceeds its logic-depth budget (above)"; exit 1; fi

$(BUILD)/synth-units/%/report.txt: $(CORE_SRCS) rtl/synth/report.py rtl/synth/boundary.py \
		rtl/synth/sta.py rtl/synth/cells.py $(wildcard rtl/synth/units/*.ys)
	@mkdir -p $(@D)
	set -e; unit=$(firstword $(subst -, ,$*)); fam=$(lastword $(subst -, ,$*)); \
	abc=$$( [ $$fam = xcup ] && echo -abc9 || true ); \
	budget=$$( [ $$fam = xcup ] && echo "$(CORE_BUDGET_NS_xcup)" || echo "$(CORE_BUDGET_NS_xc7)" ); \
	sed -e "s|@FAMILY@|$$fam|g" -e "s|@ABC@|$$abc|g" -e 's|@OUT@|$(@D)|g' rtl/synth/units/$$unit.ys > $(@D)/synth.ys; \
	start=$$(date +%s); \
	$(CORE_NICE) $(YOSYS) -q -l $(@D)/yosys.log -s $(@D)/synth.ys > /dev/null; \
	echo "$$(( $$(date +%s) - start ))" > $(@D)/seconds.txt; \
	python3 rtl/synth/boundary.py $(@D)/kept.json $$fam > $(@D)/boundary.txt; \
	python3 rtl/synth/sta.py $$fam $(@D)/mapped.json > $(@D)/sta.txt; rm -f $(@D)/mapped.json; \
	python3 rtl/synth/report.py $$fam $$unit $(@D)/yosys.log "$$abc" "$$budget" " (unit)" > $@.tmp
	mv $@.tmp $@
