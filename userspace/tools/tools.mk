# The srtpo command (userspace/tools/), its end-to-end tests (tests/cli/), the pcap fuzzer
# (tests/fuzz/fuzz_pcap.c) and `make run`. Included from the top-level Makefile.

SRTPO        := $(BUILD)/srtpo
TOOLS_SRCS   := $(wildcard userspace/tools/*.c)
TOOLS_OBJS   := $(patsubst userspace/tools/%.c,$(BUILD)/tools/%.o,$(TOOLS_SRCS))
TOOLS_HDRS   := userspace/include/srtpo.h $(wildcard userspace/tools/*.h)
TOOLS_GITREV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
TOOLS_CPPFLAGS := -Iuserspace/tools -Isim/flash -DSRTPO_GIT_REV='"$(TOOLS_GITREV)"'
# -lpci: `srtpo list`; -ldl: the simulated card is loaded at run time (`srtpo flash sim:FILE`)
TOOLS_LDLIBS := -lm -lpci -ldl
# The SPI NOR flash model (sim/flash/) sits behind the simulated card's flash pins.
TOOLS_OBJS   += $(BUILD)/tools/spi_flash.o
TOOLS_HDRS   += sim/flash/spi_flash.h
# bench.c is optional: `srtpo bench` exists when it is there. Extra libraries it needs go in
# SRTPO_BENCH_LDLIBS (settable from lib.mk or the command line).
ifneq ($(wildcard userspace/tools/bench.c),)
TOOLS_CPPFLAGS += -DSRTPO_HAVE_BENCH
TOOLS_LDLIBS += $(SRTPO_BENCH_LDLIBS)
endif

all: $(SRTPO)

$(BUILD)/tools/%.o: userspace/tools/%.c $(TOOLS_HDRS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TOOLS_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tools/spi_flash.o: sim/flash/spi_flash.c sim/flash/spi_flash.h | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TOOLS_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(SRTPO): $(TOOLS_OBJS) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $(TOOLS_OBJS) $(LIB_A) $(LIB_LDLIBS) $(TOOLS_LDLIBS)

.PHONY: srtpo
srtpo: $(SRTPO)

# `make run`: packages first (scripts/deps.sh), then the build, then the sample call end to end.
# The build is a separate make so that it never races the package install under -j.
run: deps
	@$(MAKE) --no-print-directory $(SRTPO) sim-lib
	@sh scripts/sample-call.sh $(SRTPO) $(BUILD)/run

# ---- tests/cli: the command end to end, with libsrtp2 as the independent reference ----------

CLI_REF        := $(BUILD)/tests/cli/srtp-ref
CLI_REF_LDLIBS := $(shell pkg-config --libs libsrtp2 2>/dev/null || echo -lsrtp2) -lpcap

$(CLI_REF): tests/cli/srtp_ref.c $(BUILD)/tools/pcap.o $(BUILD)/tools/net.o $(TOOLS_HDRS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TOOLS_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(BUILD)/tools/pcap.o \
	    $(BUILD)/tools/net.o $(LIB_A) $(CLI_REF_LDLIBS) $(LIB_LDLIBS)

# Three scripts: test-cli.sh (crypto against libsrtp2 and RFC vectors, link types, options),
# test-cli-files.sh (device nodes, links, FIFOs: nothing destroyed), test-cli-calls.sh (pcapng
# with tshark/editcap, --sdp-keys, --keys, ROC search, --json). About a minute and a half.
CLI_SCRIPTS = sh tests/cli/test-cli.sh $(1)/srtpo $(1)/tests/cli/srtp-ref $(1)/tests/cli/work$(2) && \
	      sh tests/cli/test-cli-files.sh $(1)/srtpo $(1)/tests/cli/work-files$(2) && \
	      sh tests/cli/test-cli-calls.sh $(1)/srtpo $(1)/tests/cli/work-calls$(2)

.PHONY: test-cli
test-cli: $(SRTPO) $(CLI_REF)
	@$(call CLI_SCRIPTS,$(BUILD),)

TEST_TARGETS += test-cli

# The same tests with every srtpo run under valgrind memcheck (slow: about an hour on a loaded
# 2-core machine).
.PHONY: test-cli-valgrind
test-cli-valgrind: $(SRTPO) $(CLI_REF)
	@VALGRIND=1; export VALGRIND; $(call CLI_SCRIPTS,$(BUILD),-valgrind)

# The same tests against a build of the library, the command and srtp-ref with AddressSanitizer
# and UndefinedBehaviorSanitizer (its own build directory, build/asan/: ~1 min to build, ~1.5 min
# to run). Any sanitizer report fails it, even from a run whose exit status a test expected: a
# report exits 99, which no check expects, and ASan's reports also go to files that must not be.
CLI_ASAN_BUILD  ?= build/asan
CLI_ASAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
.PHONY: test-cli-asan
test-cli-asan:
	@$(MAKE) --no-print-directory BUILD=$(CLI_ASAN_BUILD) CFLAGS='$(CLI_ASAN_CFLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' $(CLI_ASAN_BUILD)/srtpo $(CLI_ASAN_BUILD)/tests/cli/srtp-ref
	@rm -rf $(CLI_ASAN_BUILD)/tests/cli/san && mkdir -p $(CLI_ASAN_BUILD)/tests/cli/san
	@ASAN_OPTIONS=detect_leaks=1:exitcode=99:log_path=$(abspath $(CLI_ASAN_BUILD))/tests/cli/san/asan; \
	 UBSAN_OPTIONS=print_stacktrace=1:exitcode=99; export ASAN_OPTIONS UBSAN_OPTIONS; \
	 $(call CLI_SCRIPTS,$(CLI_ASAN_BUILD),)
	@if [ -n "$$(ls -A $(CLI_ASAN_BUILD)/tests/cli/san)" ]; then \
	    cat $(CLI_ASAN_BUILD)/tests/cli/san/* | head -n 80; \
	    echo "test-cli-asan: sanitizer reports in $(CLI_ASAN_BUILD)/tests/cli/san/"; exit 1; fi
	@echo "test-cli-asan: no sanitizer report"

LONG_TARGETS += test-cli-asan

# ---- tests/fuzz/fuzz_pcap.c: libFuzzer over the pcap reader, dissector and rewriter ----------

FUZZ_CC          ?= $(shell command -v clang-14 2>/dev/null || echo clang)
FUZZ_PCAP        := $(BUILD)/fuzz/fuzz-pcap
FUZZ_PCAP_CORPUS := $(BUILD)/fuzz/corpus-pcap
FUZZ_PCAP_TIME   ?= 20

$(FUZZ_PCAP): tests/fuzz/fuzz_pcap.c userspace/tools/pcap.c userspace/tools/net.c \
	      userspace/tools/pcap.h userspace/tools/net.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -Iuserspace/tools -D_GNU_SOURCE -o $@ tests/fuzz/fuzz_pcap.c userspace/tools/pcap.c \
	    userspace/tools/net.c

.PHONY: fuzz-pcap test-fuzz-pcap
fuzz-pcap: $(FUZZ_PCAP)

# Seeds: one short call per link type / IP version / byte order, so the fuzzer starts deep.
test-fuzz-pcap: $(FUZZ_PCAP) $(SRTPO)
	@mkdir -p $(FUZZ_PCAP_CORPUS) $(BUILD)/fuzz/artifacts
	@$(SRTPO) gen-call -q -d 1 $(FUZZ_PCAP_CORPUS)/seed-ether.pcap
	@$(SRTPO) gen-call -q -d 1 --vlan 100 --nsec $(FUZZ_PCAP_CORPUS)/seed-vlan.pcap
	@$(SRTPO) gen-call -q -d 1 -6 --link sll $(FUZZ_PCAP_CORPUS)/seed-sll6.pcap
	@$(SRTPO) gen-call -q -d 1 --link sll2 --big-endian $(FUZZ_PCAP_CORPUS)/seed-sll2.pcap
	@$(SRTPO) gen-call -q -d 1 -6 --link raw --rtcp-mux $(FUZZ_PCAP_CORPUS)/seed-raw6.pcap
	@$(SRTPO) protect -q --pcapng --sdp-keys $(FUZZ_PCAP_CORPUS)/seed-ether.pcap \
	    $(FUZZ_PCAP_CORPUS)/seed-ng.pcapng
	@$(SRTPO) protect -q --pcapng --sdp-keys $(FUZZ_PCAP_CORPUS)/seed-sll2.pcap \
	    $(FUZZ_PCAP_CORPUS)/seed-ng-be.pcapng
	@echo "fuzz-pcap: $(FUZZ_PCAP_TIME) s over $(FUZZ_PCAP_CORPUS) (log: $(BUILD)/fuzz/fuzz-pcap.log)"
	@$(FUZZ_PCAP) -max_total_time=$(FUZZ_PCAP_TIME) -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/pcap- $(FUZZ_PCAP_CORPUS) > $(BUILD)/fuzz/fuzz-pcap.log 2>&1 \
	    || { tail -n 60 $(BUILD)/fuzz/fuzz-pcap.log; \
	         echo "fuzz-pcap: FAILED; reproduce with $(FUZZ_PCAP) <artifact> ($(BUILD)/fuzz/artifacts/)"; \
	         exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(BUILD)/fuzz/fuzz-pcap.log || true
	@echo "fuzz-pcap: ok"

TEST_TARGETS += test-fuzz-pcap

# ---- tests/flash, tests/list: the flash model, `srtpo flash` on the simulated card, `srtpo list`
#   make test-flash-model  the SPI NOR flash model driven at the pins (< 1 s)
#   make test-flash        the model, then `srtpo flash` end to end on the simulated card (~30 s)
#   make test-list         `srtpo list` on a config-space dump through libpci (< 1 s)

FLASH_UNIT   := $(BUILD)/tests/flash/test_spi_flash
FLASH_MKBIT  := $(BUILD)/tests/flash/mkbit
# built by sim/card/card.mk (included after this fragment, hence the literal path)
FLASH_SIM_SO := $(BUILD)/libsrtpo_sim.so
FLASH_CONF   := $(wildcard constraints/u50/flash.conf)

$(FLASH_UNIT): tests/flash/test_spi_flash.c sim/flash/spi_flash.c sim/flash/spi_flash.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isim/flash $(ALL_CFLAGS) -o $@ tests/flash/test_spi_flash.c \
	    sim/flash/spi_flash.c

$(FLASH_MKBIT): tests/flash/mkbit.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $<

.PHONY: test-flash-model test-flash test-list
test-flash-model: $(FLASH_UNIT)
	@$(FLASH_UNIT) $(BUILD)/tests/flash/unit

test-flash: test-flash-model $(SRTPO) $(FLASH_SIM_SO) $(FLASH_MKBIT)
	@SRTPO_SIM_LIB=$(abspath $(FLASH_SIM_SO)) sh tests/flash/test-flash.sh $(abspath $(SRTPO)) \
	    $(abspath $(FLASH_MKBIT)) $(abspath $(BUILD)/tests/flash/work) \
	    $(if $(FLASH_CONF),$(abspath $(FLASH_CONF)) $(abspath userspace/tools/board.h))

test-list: $(SRTPO)
	@sh tests/list/test-list.sh $(abspath $(SRTPO)) $(abspath $(BUILD)/tests/list)

TEST_TARGETS += test-flash test-list
