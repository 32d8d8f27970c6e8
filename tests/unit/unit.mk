# Unit tests of libsrtpo: RFC known-answer vectors and the public API's behaviour.
# Included from tests/tests.mk. `make test-unit` builds and runs them all (about 10-20 s).
# Each program prints one line per section and a pass/fail count, and exits non-zero on failure.

UNIT_DIR   := tests/unit
UNIT_OUT   := $(BUILD)/tests/unit
UNIT_TESTS := test_vectors test_protect test_streams test_misc test_lookup test_async test_gcm
UNIT_BINS  := $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))
UNIT_DEPS  := $(UNIT_DIR)/testutil.h $(UNIT_DIR)/ref.h $(LIB_HDRS)
UNIT_FLAGS  = $(CPPFLAGS) -I$(UNIT_DIR) $(ALL_CFLAGS)

$(UNIT_OUT)/ref.o: $(UNIT_DIR)/ref.c $(UNIT_DEPS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_FLAGS) -c $< -o $@

$(UNIT_BINS): $(UNIT_OUT)/%: $(UNIT_DIR)/%.c $(UNIT_OUT)/ref.o $(UNIT_DEPS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_FLAGS) $< $(UNIT_OUT)/ref.o $(LIB_A) $(LIB_LDLIBS) -o $@

.PHONY: unit-tests test-unit
unit-tests: $(UNIT_BINS)

# Runs every program even after a failure, so one run reports all of them.
test-unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
		echo "== $$t"; start=$$(date +%s.%N); \
		$$t || { fail=1; echo "== $$t FAILED"; }; \
		awk -v s=$$start -v e=$$(date +%s.%N) -v t=$$(basename $$t) 'BEGIN { printf "== %s: %.2f s\n", t, e - s }'; \
	done; exit $$fail

TEST_TARGETS += test-unit

# The new suites and options on the simulated card (software fallback, stats): needs the model.
.PHONY: test-gcm-sim
test-gcm-sim: $(UNIT_OUT)/test_gcm $(BUILD)/libsrtpo_sim.so
	SRTPO_SIM_LIB=$(abspath $(BUILD)/libsrtpo_sim.so) $(UNIT_OUT)/test_gcm sim

TEST_TARGETS += test-gcm-sim
