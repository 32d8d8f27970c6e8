# Packet buffers the card reaches (zero copy) on the simulated card: tests/unit/test_zerocopy.c
# against the software engine, with faults (about 30 s). Included from tests/tests.mk.
ZC_BIN := $(UNIT_OUT)/test_zerocopy

$(ZC_BIN): $(UNIT_DIR)/test_zerocopy.c $(UNIT_DEPS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_FLAGS) $< $(LIB_A) $(LIB_LDLIBS) -o $@

.PHONY: test-zerocopy-sim
test-zerocopy-sim: $(ZC_BIN) $(BUILD)/libsrtpo_sim.so
	SRTPO_SIM_LIB=$(abspath $(BUILD)/libsrtpo_sim.so) $(ZC_BIN)

TEST_TARGETS += test-zerocopy-sim
