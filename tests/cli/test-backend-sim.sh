#!/bin/sh
# test-backend-sim.sh SRTPO WORKDIR - the `srtpo` command on the simulated card (--backend sim)
# against the software engine (--backend sw), for every suite:
#   - the sample call (srtpo gen-call) protected on both backends is byte-identical;
#   - unprotect on the sim backend gives back the original capture byte for byte, both from the
#     card's output and from the software engine's;
#   - a forged packet (one payload bit flipped) is dropped as an authentication failure on the
#     sim path (suites with authentication), and the rest of the call still comes back exactly;
#   - a replayed packet (a record written twice) is dropped as a replay on the sim path.
# libsrtpo_sim.so must sit beside SRTPO (make sim-lib). About 10 s.
set -u

SRTPO=${1:?usage: test-backend-sim.sh SRTPO WORKDIR}
WORK=${2:?usage: test-backend-sim.sh SRTPO WORKDIR}

KEY128=WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz     # RFC 4568 example: 30 bytes
KEY256=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLg==  # 46 bytes
SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80
AES_256_CM_HMAC_SHA1_32 AES_CM_128_NULL_AUTH AES_256_CM_NULL_AUTH NULL_CIPHER_HMAC_SHA1_80
NULL_CIPHER_HMAC_SHA1_32 NULL_CIPHER_NULL_AUTH"
REC=40          # an RTP record of the call (records 1..5 are SIP)

[ -x "$SRTPO" ] || { echo "test-backend-sim: build $SRTPO first" >&2; exit 1; }
[ -f "$(dirname "$SRTPO")/libsrtpo_sim.so" ] || [ -n "${SRTPO_SIM_LIB:-}" ] || {
	echo "test-backend-sim: no libsrtpo_sim.so beside $SRTPO (make sim-lib)" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1

pass=0
failed=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() {
	failed=$((failed + 1))
	printf 'FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '     %s\n' "$2"
	return 0
}
# run NAME CMD...: the command must succeed (its stdout goes to $WORK/out, stderr to $WORK/err).
run() {
	name=$1
	shift
	if "$@" > "$WORK/out" 2> "$WORK/err"; then return 0; fi
	bad "$name" "exit $?: $(head -c 400 "$WORK/err")"
	return 1
}
# same NAME A B: files A and B are byte-identical.
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else bad "$1" "$(cmp "$2" "$3" 2>&1 | head -1)"; fi
}
# count FIELD: sum of "FIELD":N over the --json summary in $WORK/out.
count() {
	grep -o "\"$1\":[0-9]*" "$WORK/out" | awk -F: '{s += $2} END {print s + 0}'
}
# backend_is NAME: the --json summary names the simulated card as the backend.
backend_is_sim() {
	if grep -q '"backend":"sim-card"' "$WORK/out"; then return 0; fi
	bad "$1: backend" "not the simulated card: $(grep -o '"backend":"[^"]*"' "$WORK/out")"
	return 1
}

CALL=$WORK/call.pcap
run "gen-call" "$SRTPO" gen-call -q -d 3 "$CALL" || exit 1
# the call minus record REC: what unprotect of a capture with REC forged must give
run "pcap-edit --drop" "$SRTPO" pcap-edit --drop $REC "$CALL" "$WORK/call-minus.pcap" || exit 1

for suite in $SUITES; do
	case $suite in
	AES_256*) key=$KEY256 ;;
	*) key=$KEY128 ;;
	esac
	s=$WORK/$suite
	if run "$suite: protect sw" "$SRTPO" protect -q --backend sw -s "$suite" -k "$key" \
		"$CALL" "$s.sw.pcap" &&
	   run "$suite: protect sim" "$SRTPO" protect --json -q --backend sim -s "$suite" -k "$key" \
		"$CALL" "$s.sim.pcap" && backend_is_sim "$suite: protect sim"; then
		if [ "$(count rtp_ok)" -gt 100 ] && [ "$(count dropped)" = 0 ]; then
			same "$suite: protect sim == protect sw" "$s.sim.pcap" "$s.sw.pcap"
		else
			bad "$suite: protect sim" "rtp_ok $(count rtp_ok), dropped $(count dropped)"
		fi
	fi
	if run "$suite: unprotect sim" "$SRTPO" unprotect --json -q --backend sim -s "$suite" \
		-k "$key" "$s.sim.pcap" "$s.back.pcap" && backend_is_sim "$suite: unprotect sim"; then
		same "$suite: unprotect sim gives back the call" "$s.back.pcap" "$CALL"
	fi
	if run "$suite: unprotect sim of the sw output" "$SRTPO" unprotect -q --backend sim \
		-s "$suite" -k "$key" "$s.sw.pcap" "$s.back-sw.pcap"; then
		same "$suite: unprotect sim of the sw output gives back the call" "$s.back-sw.pcap" "$CALL"
	fi

	# a replayed packet: dropped as a replay, everything else as before
	if run "$suite: pcap-edit --dup" "$SRTPO" pcap-edit --dup $REC "$s.sim.pcap" "$s.replay.pcap" &&
	   run "$suite: unprotect sim (replay)" "$SRTPO" unprotect --json -q --backend sim \
		-s "$suite" -k "$key" "$s.replay.pcap" "$s.replay-back.pcap"; then
		if [ "$(count replay)" = 1 ] && [ "$(count dropped)" = 1 ]; then
			same "$suite: replayed packet dropped on the sim path" "$s.replay-back.pcap" "$CALL"
		else
			bad "$suite: replayed packet dropped on the sim path" \
				"replay $(count replay), dropped $(count dropped) (want 1 and 1)"
		fi
	fi

	# a forged packet: dropped when the suite authenticates
	case $suite in
	*NULL_AUTH) continue ;;
	esac
	if run "$suite: pcap-edit --flip" "$SRTPO" pcap-edit --flip $REC "$s.sim.pcap" "$s.forged.pcap" &&
	   run "$suite: unprotect sim (forged)" "$SRTPO" unprotect --json -q --backend sim \
		-s "$suite" -k "$key" "$s.forged.pcap" "$s.forged-back.pcap"; then
		if [ "$(count auth_fail)" = 1 ] && [ "$(count dropped)" = 1 ]; then
			same "$suite: forged packet dropped on the sim path" "$s.forged-back.pcap" \
				"$WORK/call-minus.pcap"
		else
			bad "$suite: forged packet dropped on the sim path" \
				"auth_fail $(count auth_fail), dropped $(count dropped) (want 1 and 1)"
		fi
	fi
done

echo "test-backend-sim: $pass passed, $failed failed"
[ "$failed" = 0 ]
