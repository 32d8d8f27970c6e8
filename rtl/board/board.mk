# rtl/board/board.mk - board support: the FPGA card builds (included by the top-level Makefile).
#
#   make bitstream [BOARD=u50]   Vivado batch build of the board's bitstreams and flash images
#                                into $(BUILD)/board/<board>/ (constraints/README.md); needs Vivado
#                                on PATH and says what is missing when it is not
#   make board-lint              every board top: verilator --lint-only -Wall with the vendor port
#                                shells, Yosys read + hierarchy with them as black boxes, and the
#                                board's Tcl/XDC checked without Vivado (rtl/board/tcl_check.tcl)
#   make board-sim               Verilator bench of rtl/board/common (ICAP, interrupts, BAR0 bridge,
#                                flash pins) for several boot histories (BOARD_SEED=n)
#
# Boards: u50 (AMD Alveo U50, PCIe Gen3 x16, XCU50). rtl/board/README.md walks from a clone to a
# flashed card.

VIVADO       ?= vivado
TCLSH        ?= tclsh
BOARD        ?= u50
BOARDS       := $(patsubst constraints/%/build.tcl,%,$(wildcard constraints/*/build.tcl))
BOARD_JOBS   ?= 2
BOARD_SEED   ?= 1
BOARD_OUT    := $(BUILD)/board
BOARD_CORE   := $(wildcard rtl/crypto/*.sv rtl/srtp/*.sv rtl/dma/*.sv rtl/top/*.sv)
BOARD_COMMON := $(wildcard rtl/board/common/*.sv)
BOARD_STUBS  := $(wildcard rtl/board/common/stubs/*.v)
BOARD_VLT    := rtl/board/lint/board.vlt
# The shared blocks are also linted on their own, in each variant a board may pick.
BOARD_COMMON_TOPS := srtpo_icap:-GFamily='"ultrascale"' srtpo_icap:-GFamily='"7series"' \
                     srtpo_axi_to_lite:-GDataW=128 srtpo_axi_to_lite:-GDataW=256 \
                     srtpo_axi_to_lite:-GDataW=512 srtpo_irq_req: srtpo_flash_startup:
# BOOTSTS values the bench replays: JTAG load, update image, fallback, and one read off a card
# (fallback after a watchdog timeout of the update image).
BOARD_BOOTSTS := 0001 0005 0007 0d07

.PHONY: bitstream board-lint board-sim

bitstream:
	@if [ ! -f constraints/$(BOARD)/build.tcl ]; then \
		echo "make bitstream: no board '$(BOARD)'; boards: $(BOARDS)"; exit 2; fi
	@if ! command -v $(VIVADO) >/dev/null 2>&1; then \
		echo "make bitstream: '$(VIVADO)' is not on PATH, so the $(BOARD) bitstream cannot be built here."; \
		echo "It needs:"; \
		echo "  - AMD Vivado ML 2023.2 (the scripts use XDMA 4.1; 2022.2 to 2024.2 should work), with"; \
		echo "    UltraScale+ device support installed;"; \
		echo "  - a licence that covers $$(sed -n 's/^fpga_part *= *//p' constraints/$(BOARD)/flash.conf);"; \
		echo "  - Vivado on PATH: source <install>/Vivado/<version>/settings64.sh (or VIVADO=<path>)."; \
		echo "Then: make bitstream BOARD=$(BOARD). Without Vivado, 'make board-lint' and 'make board-sim'"; \
		echo "check the board RTL and scripts."; \
		exit 1; fi
	@mkdir -p $(BOARD_OUT)/$(BOARD)
	$(VIVADO) -mode batch -nojournal -log $(BOARD_OUT)/$(BOARD)/vivado.log \
		-source constraints/$(BOARD)/build.tcl -tclargs $(abspath $(BOARD_OUT)/$(BOARD)) $(BOARD_JOBS)

# One lint, one Yosys check and one script check per board; a board top is
# rtl/board/<board>/srtpo_<board>_top.sv with its IP shells in rtl/board/<board>/stubs/.
board-lint:
	@command -v $(TCLSH) > /dev/null || { echo "board-lint: $(TCLSH) not found (Debian package tcl)"; exit 1; }
	@mkdir -p $(BOARD_OUT)
	@set -e; for t in $(BOARD_COMMON_TOPS); do \
		echo "board-lint common: $${t%%:*} $${t#*:}"; \
		$(VERILATOR) --lint-only -Wall $(BOARD_VLT) $(BOARD_COMMON) $(BOARD_STUBS) \
			--top-module $${t%%:*} $${t#*:}; \
	done
	@set -e; for b in $(BOARDS); do \
		echo "board-lint $$b: verilator"; \
		$(VERILATOR) --lint-only -Wall -Irtl/regs $(BOARD_VLT) $(BOARD_CORE) $(BOARD_COMMON) \
			$(BOARD_STUBS) rtl/board/$$b/stubs/*.v rtl/board/$$b/*.sv --top-module srtpo_$${b}_top; \
		echo "board-lint $$b: yosys"; \
		$(YOSYS) -q -l $(BOARD_OUT)/lint-$$b-yosys.log -p "read_verilog -lib $(BOARD_STUBS) rtl/board/$$b/stubs/*.v; \
			read_verilog -sv -Irtl/regs $(BOARD_CORE) $(BOARD_COMMON) rtl/board/$$b/*.sv; \
			hierarchy -check -top srtpo_$${b}_top; \
			select -assert-count 1 */t:ICAPE3 */t:ICAPE2 %u; select -assert-count 1 */t:STARTUPE3; \
			select -assert-count 1 srtpo_$${b}_top/t:srtpo_$${b}_xdma" > /dev/null 2>&1 \
			|| { grep -i -B2 -A2 error $(BOARD_OUT)/lint-$$b-yosys.log; exit 1; }; \
		echo "board-lint $$b: scripts"; \
		$(TCLSH) rtl/board/tcl_check.tcl $$b $(BOARD_OUT)/tcl-check-$$b; \
	done
	@echo "board-lint: clean"

$(BOARD_OUT)/sim/Vtb_board_common: $(BOARD_COMMON) rtl/board/common/stubs/ICAPE3.v \
		rtl/board/common/stubs/STARTUPE3.v rtl/board/common/tb/tb_board_common.sv
	@mkdir -p $(@D)
	$(VERILATOR) --binary --timing -j 2 --timescale 1ns/1ps -Wno-fatal -Wno-lint -Wno-style \
		--top-module tb_board_common -Mdir $(@D) $(BOARD_COMMON) rtl/board/common/stubs/ICAPE3.v \
		rtl/board/common/stubs/STARTUPE3.v rtl/board/common/tb/tb_board_common.sv \
		> $(@D)/build.log 2>&1 || { tail -40 $(@D)/build.log; exit 1; }

board-sim: $(BOARD_OUT)/sim/Vtb_board_common
	@for b in $(BOARD_BOOTSTS); do \
		$< +bootsts=$$b +seed=$(BOARD_SEED) > $(BOARD_OUT)/sim/run-$$b.log 2>&1; rc=$$?; \
		grep -v '^- ' $(BOARD_OUT)/sim/run-$$b.log; \
		if [ $$rc -ne 0 ]; then echo "board-sim: failed for BOOTSTS $$b (exit $$rc)"; exit 1; fi; \
	done

TEST_TARGETS += board-lint board-sim
