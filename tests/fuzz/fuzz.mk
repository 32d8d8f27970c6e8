# tests/fuzz: libFuzzer targets for libsrtpo (clang, -fsanitize=fuzzer,address,undefined).
# Included from tests/tests.mk. See tests/fuzz/README.md. (fuzz_pcap.c has its rules in
# userspace/tools/tools.mk.)
#
#   make fuzz            build the targets
#   make test-fuzz       run each for FUZZ_TIME seconds (default 20) from a generated seed corpus
#   make fuzz-long       run each for FUZZ_LONG_TIME seconds (default 600), the pcap one too

FUZZ_CC        ?= $(shell command -v clang-14 2>/dev/null || echo clang)
FUZZ_TIME      ?= 20
FUZZ_LONG_TIME ?= 600
FUZZ_FLAGS     ?= -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1

FUZZ_DIR      := tests/fuzz
FUZZ_OUT      := $(BUILD)/fuzz
# The library again, instrumented, in a build tree of its own (same rules as lib.mk).
FUZZ_LIBBUILD := $(FUZZ_OUT)/lib
FUZZ_LIB_A    := $(FUZZ_LIBBUILD)/libsrtpo.a
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   := -O1 -g $(FUZZ_SAN)

FUZZ_NAMES    := unprotect unprotect-rtcp protect
FUZZ_BINS     := $(addprefix $(FUZZ_OUT)/fuzz-,$(FUZZ_NAMES))
FUZZ_GEN      := $(FUZZ_OUT)/gen-corpus
FUZZ_HDRS     := $(FUZZ_DIR)/fuzz_common.h userspace/include/srtpo.h

.PHONY: fuzz test-fuzz fuzz-long fuzz-lib
fuzz: $(FUZZ_BINS)

# A sub-make builds the instrumented library; it decides itself whether anything is stale.
fuzz-lib:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_LIBBUILD) CC=$(FUZZ_CC) \
	    CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" $(FUZZ_LIBBUILD)/libsrtpo.a

$(FUZZ_LIB_A): fuzz-lib

$(FUZZ_OUT)/fuzz-unprotect: $(FUZZ_DIR)/fuzz_unprotect.c $(FUZZ_HDRS) $(FUZZ_LIB_A)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_RTCP=0 -o $@ $< \
	    $(FUZZ_LIB_A) $(LIB_LDLIBS)

$(FUZZ_OUT)/fuzz-unprotect-rtcp: $(FUZZ_DIR)/fuzz_unprotect.c $(FUZZ_HDRS) $(FUZZ_LIB_A)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_RTCP=1 -o $@ $< \
	    $(FUZZ_LIB_A) $(LIB_LDLIBS)

$(FUZZ_OUT)/fuzz-protect: $(FUZZ_DIR)/fuzz_protect.c $(FUZZ_HDRS) $(FUZZ_LIB_A)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_A) $(LIB_LDLIBS)

# The seed generator is an ordinary program against the ordinary library.
$(FUZZ_GEN): $(FUZZ_DIR)/gen_corpus.c $(FUZZ_HDRS) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LIB_LDLIBS)

# $(call fuzz_run,NAME,SECONDS): seeds, then a bounded run; on a crash, the log tail and the
# reproducer's path.
define fuzz_run
	@mkdir -p $(FUZZ_OUT)/corpus-$(1) $(FUZZ_OUT)/seeds-$(1) $(FUZZ_OUT)/artifacts
	@$(FUZZ_GEN) $(1) $(FUZZ_OUT)/seeds-$(1) >/dev/null
	@echo "fuzz-$(1): $(2) s (log: $(FUZZ_OUT)/fuzz-$(1).log)"
	@$(FUZZ_OUT)/fuzz-$(1) $(FUZZ_FLAGS) -max_total_time=$(2) \
	    -artifact_prefix=$(FUZZ_OUT)/artifacts/$(1)- \
	    $(FUZZ_OUT)/corpus-$(1) $(FUZZ_OUT)/seeds-$(1) > $(FUZZ_OUT)/fuzz-$(1).log 2>&1 \
	    || { tail -n 40 $(FUZZ_OUT)/fuzz-$(1).log; \
	         echo "fuzz-$(1): FAILED; reproduce with $(FUZZ_OUT)/fuzz-$(1) <artifact> ($(FUZZ_OUT)/artifacts/)"; \
	         exit 1; }
	@grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' $(FUZZ_OUT)/fuzz-$(1).log || true
endef

test-fuzz: $(FUZZ_BINS) $(FUZZ_GEN)
	$(call fuzz_run,unprotect,$(FUZZ_TIME))
	$(call fuzz_run,unprotect-rtcp,$(FUZZ_TIME))
	$(call fuzz_run,protect,$(FUZZ_TIME))
	@echo "test-fuzz: ok"

fuzz-long: $(FUZZ_BINS) $(FUZZ_GEN)
	$(call fuzz_run,unprotect,$(FUZZ_LONG_TIME))
	$(call fuzz_run,unprotect-rtcp,$(FUZZ_LONG_TIME))
	$(call fuzz_run,protect,$(FUZZ_LONG_TIME))
	@if grep -q '^test-fuzz-pcap:' $(MAKEFILE_LIST) 2>/dev/null; then \
	    $(MAKE) --no-print-directory test-fuzz-pcap FUZZ_PCAP_TIME=$(FUZZ_LONG_TIME); fi
	@echo "fuzz-long: ok"

TEST_TARGETS += test-fuzz
