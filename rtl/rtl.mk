# rtl/rtl.mk - lint and synthesis of the RTL (included by the top-level Makefile).
#
#   make lint    verilator --lint-only -Wall over every module of rtl/ (waivers: rtl/lint/*.vlt)
#   make synth   Yosys synth_xilinx for UltraScale+ (xcup, -abc9) and 7-series (xc7): LUT/FF/BRAM/
#                DSP, a latch and loop check, and a logic-depth timing estimate (rtl/synth/).
#                About 9 minutes per family on one core; the two run in parallel with make -j2.

YOSYS      ?= yosys
VERILATOR  ?= verilator
RTL_SRCS   := $(wildcard rtl/crypto/*.sv rtl/srtp/*.sv)
RTL_TOPS   := srtpo_srtp_engine srtpo_aes_pipe srtpo_hmac_engine srtpo_sha1_core
RTL_VLT    := $(wildcard rtl/lint/*.vlt)
# Lint covers every module under rtl/: the card top (when present) pulls in dma/, top/, regs/.
LINT_SRCS  := $(wildcard rtl/*/*.sv)
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
	@echo "lint: clean"

synth: synth-xcup synth-xc7
	@cat $(SYNTH_OUT)/xcup/report.txt $(SYNTH_OUT)/xc7/report.txt

synth-xcup: $(SYNTH_OUT)/xcup/report.txt
synth-xc7: $(SYNTH_OUT)/xc7/report.txt

$(SYNTH_OUT)/%/report.txt: $(RTL_SRCS) rtl/synth/synth.ys.in rtl/synth/report.py
	@mkdir -p $(@D)
	sed -e 's|@FAMILY@|$*|g' -e 's|@TOP@|$(SYNTH_TOP)|g' -e 's|@SRCS@|$(RTL_SRCS)|g' -e 's|@INCS@||g' \
		-e 's|@ABC@|$(SYNTH_ABC_$*)|g' -e 's|@OUT@|$(@D)|g' rtl/synth/synth.ys.in > $(@D)/synth.ys
	$(YOSYS) -q -l $(@D)/yosys.log -s $(@D)/synth.ys > /dev/null
	python3 rtl/synth/report.py $* $(SYNTH_TOP) $(@D)/yosys.log "$(SYNTH_ABC_$*)" > $@.tmp && mv $@.tmp $@

# `make synth-core`: the whole card core (registers, DMA queues, engine) the same way; about 10-15
# minutes per family. Reports under $(BUILD)/synth-core/<family>/report.txt.
CORE_SRCS := $(wildcard rtl/crypto/*.sv rtl/srtp/*.sv rtl/dma/*.sv rtl/top/*.sv)
CORE_OUT  := $(BUILD)/synth-core

synth-core: $(CORE_OUT)/xcup/report.txt $(CORE_OUT)/xc7/report.txt
	@cat $^

$(CORE_OUT)/%/report.txt: $(CORE_SRCS) rtl/regs/srtpo_regs_pkg.svh rtl/synth/synth.ys.in rtl/synth/report.py
	@mkdir -p $(@D)
	sed -e 's|@FAMILY@|$*|g' -e 's|@TOP@|srtpo_core|g' -e 's|@SRCS@|$(CORE_SRCS)|g' \
		-e 's|@INCS@|-Irtl/regs|g' -e 's|@ABC@|$(SYNTH_ABC_$*)|g' -e 's|@OUT@|$(@D)|g' \
		rtl/synth/synth.ys.in > $(@D)/synth.ys
	$(YOSYS) -q -l $(@D)/yosys.log -s $(@D)/synth.ys > /dev/null
	python3 rtl/synth/report.py $* srtpo_core $(@D)/yosys.log "$(SYNTH_ABC_$*)" > $@.tmp && mv $@.tmp $@
