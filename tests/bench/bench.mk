# `make bench`: the software engine against libsrtp2 and raw intel-ipsec-mb, one core, then the
# scaling across threads (a session per thread, not pinned: the threads need the cores).
# BENCH_ARGS="--json" or "--seconds 1" pass through to `srtpo bench`; BENCH_THREADS (default 2)
# is the thread count of the scaling run.
BENCH_ARGS ?=
BENCH_THREADS ?= 2
BENCH_TARGETS += bench-sw

.PHONY: bench-sw
bench-sw: $(BUILD)/srtpo
	$$(command -v taskset >/dev/null && echo taskset -c 1) $(BUILD)/srtpo bench $(BENCH_ARGS)
	$(BUILD)/srtpo bench --threads $(BENCH_THREADS) $(BENCH_ARGS)
