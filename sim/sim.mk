# sim/sim.mk - Verilator benches for the RTL (included by the top-level Makefile).
#
#   make sim-test  [SEED=n] [COUNT=m] [WAVES=1]   unit benches + RTL-vs-libsrtpo differential run
#   make test-rtl                                 the same, as part of `make test`
#   make sim-unit / sim-engine                    one half of it
#   make bench-rtl                                clocks per packet, bytes per clock, latency
#
# Every model is built with --assert: the SystemVerilog assertions in rtl/ (FIFO overflow and
# underflow, one-hot selects, handshake stability, window and slot bounds, completion order) run
# in every simulation and a firing stops it with an error. `sim-assert` shows that they do: a
# push into a full FIFO must end the run.
#
# Models build under $(BUILD)/sim (or $(BUILD)/sim-waves with WAVES=1, which also writes .fst
# waveforms into the current directory). The generated C++ is compiled at -O1 with -j2: the
# models are large and the machine is shared.

VERILATOR     ?= verilator
SEED          ?= 1
# Another fragment may have defined SEED empty ("random"): the benches want a number.
SIM_SEED      := $(if $(strip $(SEED)),$(SEED),1)
COUNT         ?= 20000
WAVES         ?= 0
SIM_OUT       := $(BUILD)/sim$(if $(filter 1,$(WAVES)),-waves)
SIM_RTL_CRYPTO := $(wildcard rtl/crypto/*.sv)
SIM_RTL_SRTP  := $(wildcard rtl/srtp/*.sv)
SIM_VFLAGS    := --cc --exe --build -j 2 -O3 --assert --x-assign fast --x-initial unique \
                 -Wno-fatal --Wno-lint --Wno-style -Irtl/crypto -Irtl/srtp \
                 -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1" \
                 $(if $(filter 1,$(WAVES)),--trace-fst)
SIM_CXXFLAGS  := -std=c++17 -O1 -I$(abspath sim/tb) -I$(abspath userspace/include) \
                 -I$(abspath userspace/lib) -Wno-deprecated-declarations

# $(call sim_model,name,top,rtl files,bench source,extra parameters,extra link flags,extra deps)
define sim_model
$(SIM_OUT)/$(1)/V$(2): $(3) sim/tb/$(4) sim/tb/tb_util.h $(7)
	@mkdir -p $$(@D)
	$$(VERILATOR) $$(SIM_VFLAGS) --top-module $(2) $(5) -Mdir $$(@D) $(3) $$(abspath sim/tb/$(4)) \
		-CFLAGS "$$(SIM_CXXFLAGS)" -LDFLAGS "$(6)" -o V$(2) > $$(@D)/build.log 2>&1 \
		|| { tail -40 $$(@D)/build.log; exit 1; }
endef

$(eval $(call sim_model,fifo,srtpo_fifo,rtl/srtp/srtpo_fifo.sv,tb_fifo.cpp,-GWidth=8 -GDepth=2,-lm,))
$(eval $(call sim_model,aes,srtpo_aes_pipe,$(SIM_RTL_CRYPTO),tb_aes.cpp,-GUserWidth=32,-lcrypto,))
$(eval $(call sim_model,sha1,srtpo_sha1_core,$(SIM_RTL_CRYPTO),tb_sha1.cpp,,-lcrypto,))
$(eval $(call sim_model,hmac,srtpo_hmac_engine,$(SIM_RTL_CRYPTO),tb_hmac.cpp,,-lcrypto,))
$(eval $(call sim_model,engine,srtpo_srtp_engine,$(SIM_RTL_CRYPTO) $(SIM_RTL_SRTP),tb_engine.cpp,,\
	$(abspath $(LIB_A)) $(LIB_LDLIBS) -lcrypto,$(LIB_A) $(LIB_HDRS)))

SIM_FIFO   := $(SIM_OUT)/fifo/Vsrtpo_fifo
SIM_AES    := $(SIM_OUT)/aes/Vsrtpo_aes_pipe
SIM_SHA1   := $(SIM_OUT)/sha1/Vsrtpo_sha1_core
SIM_HMAC   := $(SIM_OUT)/hmac/Vsrtpo_hmac_engine
SIM_ENGINE := $(SIM_OUT)/engine/Vsrtpo_srtp_engine

.PHONY: sim-models sim-unit sim-engine sim-test test-rtl bench-rtl sim-assert
sim-models: $(SIM_FIFO) $(SIM_AES) $(SIM_SHA1) $(SIM_HMAC) $(SIM_ENGINE)

# The FIFO bench passes within the contract; the same bench pushing into a full FIFO must fail
# with Verilator's "Assertion failed" (no core file).
sim-assert: $(SIM_FIFO)
	$(SIM_FIFO) +seed=$(SIM_SEED)
	@ulimit -c 0; if $(SIM_FIFO) +seed=$(SIM_SEED) +overflow > $(SIM_OUT)/fifo/overflow.log 2>&1; then \
		cat $(SIM_OUT)/fifo/overflow.log; echo "sim-assert: an assertion did not stop the run"; exit 1; fi
	@grep -q "Assertion failed" $(SIM_OUT)/fifo/overflow.log || \
		{ cat $(SIM_OUT)/fifo/overflow.log; echo "sim-assert: the run failed without an assertion"; exit 1; }
	@echo "sim-assert: a push into a full FIFO stopped the run: $$(grep -m1 'Assertion failed' $(SIM_OUT)/fifo/overflow.log)"

sim-unit: sim-assert $(SIM_AES) $(SIM_SHA1) $(SIM_HMAC)
	$(SIM_AES) +seed=$(SIM_SEED) +count=$(COUNT)
	$(SIM_SHA1) +seed=$(SIM_SEED)
	$(SIM_HMAC) +seed=$(SIM_SEED)

sim-engine: $(SIM_ENGINE)
	$(SIM_ENGINE) +seed=$(SIM_SEED) +count=$(COUNT)

sim-test: sim-unit sim-engine
test-rtl: sim-test

bench-rtl: $(SIM_ENGINE)
	$(SIM_ENGINE) +bench

TEST_TARGETS += test-rtl
BENCH_TARGETS += bench-rtl
