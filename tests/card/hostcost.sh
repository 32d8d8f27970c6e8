#!/bin/sh
# hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR [HOSTCOST_NULL] - host instructions per packet on
# the card path (sim/card/README.md, "Host cost"), measured with callgrind:
#   sim   1000 streams  hostcost_card over the simulated card, 64 key slots: a key load for
#                       nearly every packet; every packet checked against its original
#   sim     32 streams  every key stays on the card
#   null 32, 1000, 50000 streams  hostcost_null (HOSTCOST_NULL) over the completion-only null
#                       card of tests/card/null_card.c: no model at all, as many key slots as the
#                       card backend takes; packets in ordinary memory (copy path, "null") and in
#                       the sessions' packet buffers ("null-zc", zero copy)
# Each line gives the library's instructions per packet op (protect or unprotect) with the
# transport excluded (the model, or the null card), split into the stream layer and the card
# backend + ring code. The target (at most HOSTCOST_TARGET = 150 per packet on the card
# path at 1,000 streams, goal 100) is printed met or NOT met on the null lines. Exits 1 only when
# the card backend + ring code goes over its regression budget (HOSTCOST_CARD_MAX_RELOAD when
# keys are reloaded, HOSTCOST_CARD_MAX_KEPT when they stay on the card), so that a regression on
# the card path fails `make bench-card`. About 2 minutes.
set -u

USAGE="usage: hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR [HOSTCOST_NULL]"
BIN=${1:?$USAGE}
SIM=${2:?$USAGE}
OUT=${3:?$USAGE}
NULL_BIN=${4:-}
DIR=$(dirname "$0")
BURSTS=64
# the model costs callgrind time, not precision: fewer bursts through it
SIM_BURSTS=16
TARGET=${HOSTCOST_TARGET:-150}
GOAL=${HOSTCOST_GOAL:-100}
MAX_RELOAD=${HOSTCOST_CARD_MAX_RELOAD:-700}
MAX_KEPT=${HOSTCOST_CARD_MAX_KEPT:-400}

command -v valgrind > /dev/null || { echo "hostcost: valgrind is not installed" >&2; exit 1; }
mkdir -p "$OUT" || exit 1
rc=0

# measure KIND STREAMS BURSTS BUDGET "PROGRAM [OPTIONS]" [hostcost.py options]
measure() {
	kind=$1 streams=$2 bursts=$3 max=$4 prog=$5
	shift 5
	prof=$OUT/callgrind.$kind.$streams.out
	# Collection only inside the two measured calls; the warm-up runs outside.
	# Instrumentation starts after the set-up (CALLGRIND_START_INSTRUMENTATION in the program).
	if ! SRTPO_SIM_LIB=$SIM valgrind -q --tool=callgrind --instr-atstart=no --collect-atstart=no \
		--toggle-collect=hc_protect --toggle-collect=hc_unprotect \
		--callgrind-out-file="$prof" $prog --streams "$streams" --bursts "$bursts" \
		> "$OUT/run.$kind.$streams.log" 2>&1; then
		echo "hostcost: $prog failed:" >&2
		tail -5 "$OUT/run.$kind.$streams.log" >&2
		exit 1
	fi
	printf 'host-cost %-7s %5d streams: ' "$kind" "$streams"
	python3 "$DIR/hostcost.py" "$prof" $((bursts * 32 * 2)) --max-card "$max" "$@" || rc=1
}

measure sim 1000 $SIM_BURSTS "$MAX_RELOAD" "$BIN"
measure sim 32 $SIM_BURSTS "$MAX_KEPT" "$BIN"
if [ -n "$NULL_BIN" ]; then
	# no key reloads: the card backend takes all 65,536 slots of the null card
	for streams in 32 1000 50000; do
		measure null "$streams" $BURSTS "$MAX_KEPT" "$NULL_BIN" --model-prefix null_card_ \
			--target "$TARGET" --goal "$GOAL"
		measure null-zc "$streams" $BURSTS "$MAX_KEPT" "$NULL_BIN --zc" \
			--model-prefix null_card_ --target "$TARGET" --goal "$GOAL"
	done
fi
exit $rc
