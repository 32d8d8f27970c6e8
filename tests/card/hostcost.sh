#!/bin/sh
# hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR - host instructions per packet on the card path
# (sim/card/README.md, "Host cost"), measured with callgrind over hostcost_card:
#   1000 streams (more than the card's 64 key slots: a key load for nearly every packet)
#   32 streams (every key stays on the card)
# Each line gives the library's instructions per packet op (protect or unprotect) with the
# model excluded, split into the stream layer and the card backend + ring code. Exits 1 when
# the card backend + ring code goes over its budget (HOSTCOST_CARD_MAX_1000, _32), so that a
# regression on the card path fails `make bench-card`. About 45 s.
set -u

BIN=${1:?usage: hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR}
SIM=${2:?usage: hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR}
OUT=${3:?usage: hostcost.sh HOSTCOST_CARD LIBSRTPO_SIM OUTDIR}
DIR=$(dirname "$0")
BURSTS=64
TARGET=${HOSTCOST_TARGET:-300}

command -v valgrind > /dev/null || { echo "hostcost: valgrind is not installed" >&2; exit 1; }
mkdir -p "$OUT" || exit 1
rc=0
for streams in 1000 32; do
	if [ "$streams" = 1000 ]; then max=${HOSTCOST_CARD_MAX_1000:-650}; else
		max=${HOSTCOST_CARD_MAX_32:-350}; fi
	prof=$OUT/callgrind.$streams.out
	# Collection only inside the two measured calls of hostcost_card; the warm-up runs outside.
	if ! SRTPO_SIM_LIB=$SIM valgrind -q --tool=callgrind --collect-atstart=no \
		--toggle-collect=hc_protect --toggle-collect=hc_unprotect \
		--callgrind-out-file="$prof" "$BIN" --streams $streams --bursts $BURSTS \
		> "$OUT/run.$streams.log" 2>&1; then
		echo "hostcost: hostcost_card failed:" >&2
		tail -5 "$OUT/run.$streams.log" >&2
		exit 1
	fi
	printf 'host-cost %4d streams: ' "$streams"
	python3 "$DIR/hostcost.py" "$prof" $((BURSTS * 32 * 2)) --target "$TARGET" --max-card "$max" ||
		rc=1
done
exit $rc
