# `make bench`: the software engine against libsrtp2 and raw intel-ipsec-mb, one core.
# BENCH_ARGS="--json" or "--seconds 1" pass through to `srtpo bench`.
BENCH_ARGS ?=
BENCH_TARGETS += bench-sw

.PHONY: bench-sw
bench-sw: $(BUILD)/srtpo
	$$(command -v taskset >/dev/null && echo taskset -c 1) $(BUILD)/srtpo bench $(BENCH_ARGS)
