# tests/card/shadow.mk - the shadow doorbell record on the simulated card (included by the
# top-level Makefile after sim/card/card.mk, whose model and rules it uses).
#
#   make test-shadow   tests/card/test_shadow over seeds SHADOW_SEEDS: record-only doorbells while
#                      active, idle and wake-up through QU SQ_TAIL, no lost wake-up over random
#                      host timings, a record read error (see tests/card/README.md)

SHADOW_SEEDS ?= 1 2

.PHONY: test-shadow
test-shadow: $(CARD_OUT)/test_shadow
	@set -e; for s in $(SHADOW_SEEDS); do $(CARD_OUT)/test_shadow $$s; done

TEST_TARGETS += test-shadow

# the raw-ring helper of the shadow test and the card bench
$(CARD_OUT)/test_shadow $(CARD_OUT)/bench_card: tests/card/raw_queue.h
