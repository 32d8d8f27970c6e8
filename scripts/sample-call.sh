#!/bin/sh
# sample-call.sh SRTPO DIR - what `make run` shows: a sample call generated, protected with SRTP,
# unprotected again and compared with the original; then one forged and one replayed packet,
# both dropped; then the call keyed per direction from its own SDP (--sdp-keys). Files stay in
# DIR. Exits non-zero if any step does not do what it should.
set -eu

SRTPO=${1:?usage: sample-call.sh SRTPO DIR}
DIR=${2:?usage: sample-call.sh SRTPO DIR}
SUITE=AES_CM_128_HMAC_SHA1_80
# The example key of RFC 4568 (base64 of a 16-byte master key and a 14-byte salt).
KEY=WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
FORGED=100      # an RTP packet of the caller, early in the call
REPLAYED=400    # an RTP packet sent a second time

[ -x "$SRTPO" ] || { echo "sample-call: $SRTPO is not built" >&2; exit 1; }
SRTPO=$(cd "$(dirname "$SRTPO")" && pwd)/$(basename "$SRTPO")
mkdir -p "$DIR"
cd "$DIR"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'sample-call: FAILED: %s\n' "$*" >&2; exit 1; }
# json KEY FILE: a number from the flat part of a JSON summary.
json() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$2"; }
# jsonc CLASS FIELD FILE: a number from pcap-diff's per-class object.
jsonc() { sed -n "s/.*\"$1\":{[^}]*\"$2\":\([0-9]*\).*/\1/p" "$3"; }

step "1. A sample call: SIP, G.711 RTP both ways (one stream wraps 65535 -> 0), RTCP"
"$SRTPO" gen-call --seed 1 --duration 10 --key "$KEY" call.pcap

step "2. Protect it: srtpo protect --suite $SUITE --key $KEY call.pcap call.srtp.pcap"
"$SRTPO" protect --suite "$SUITE" --key "$KEY" call.pcap call.srtp.pcap
rc=0
"$SRTPO" pcap-diff --quiet --json call.pcap call.srtp.pcap > diff-protected.json || rc=$?
[ "$rc" = 3 ] || fail "protected capture should differ from the clear one (pcap-diff exit $rc)"
rtp_enc=$(jsonc rtp differ diff-protected.json)
rtcp_enc=$(jsonc rtcp differ diff-protected.json)
rtp_same=$(jsonc rtp identical diff-protected.json)
other_same=$(jsonc other identical diff-protected.json)
[ "$rtp_same" = 0 ] || fail "$rtp_same RTP payloads were left in the clear"
echo "   -> $rtp_enc RTP and $rtcp_enc RTCP payloads now differ from the clear ones; $other_same SIP packets unchanged"

step "3. Unprotect it and compare with the original"
"$SRTPO" unprotect --suite "$SUITE" --key "$KEY" call.srtp.pcap call.rtp.pcap
"$SRTPO" pcap-diff call.pcap call.rtp.pcap || fail "unprotected capture differs from the original"
if cmp -s call.pcap call.rtp.pcap; then
	echo "   -> call.rtp.pcap is byte for byte call.pcap (headers, lengths and checksums too)"
fi

step "4. Forge record $FORGED (one bit flipped, checksums fixed) and replay record $REPLAYED"
"$SRTPO" pcap-edit --flip "$FORGED:20" --dup "$REPLAYED" call.srtp.pcap call.attacked.pcap
"$SRTPO" unprotect --json --suite "$SUITE" --key "$KEY" call.attacked.pcap call.attacked.rtp.pcap \
	> unprotect-attacked.json
auth=$(sed -n 's/.*"auth_fail":\([1-9][0-9]*\).*/\1/p' unprotect-attacked.json)
replay=$(sed -n 's/.*"replay":\([1-9][0-9]*\).*/\1/p' unprotect-attacked.json)
dropped=$(json dropped unprotect-attacked.json)
[ "$dropped" = 2 ] && [ "$auth" = 1 ] && [ "$replay" = 1 ] ||
	fail "expected 1 authentication failure and 1 replay dropped (dropped=$dropped)"
rc=0
"$SRTPO" pcap-diff call.pcap call.attacked.rtp.pcap || rc=$?
[ "$rc" = 3 ] || fail "the forged packet should be missing (pcap-diff exit $rc)"

step "5. Each direction with its own key, as SDES does: the keys of the SDP in the capture"
"$SRTPO" protect -q --sdp-keys call.pcap call.sdes.srtp.pcap
"$SRTPO" unprotect --sdp-keys call.sdes.srtp.pcap call.sdes.rtp.pcap
cmp -s call.pcap call.sdes.rtp.pcap || fail "--sdp-keys did not give back the clear call"
echo "   -> the offer's key protects the caller's media, the answer's the callee's; one run decrypts both"

SIM_LINE="   (no simulated card: build it with 'make sim-lib')"
if [ -f "$(dirname "$SRTPO")/libsrtpo_sim.so" ]; then
	step "6. The same call through the simulated card (Verilated srtpo_core: rings, DMA, engine)"
	"$SRTPO" protect --backend sim --suite "$SUITE" --key "$KEY" call.pcap call.card.srtp.pcap
	cmp call.srtp.pcap call.card.srtp.pcap ||
		fail "the simulated card's SRTP differs from the software engine's"
	"$SRTPO" unprotect --backend sim --suite "$SUITE" --key "$KEY" call.card.srtp.pcap call.card.rtp.pcap
	cmp call.pcap call.card.rtp.pcap || fail "the simulated card did not give back the clear call"
	echo "   -> the card's SRTP is byte for byte the software engine's, and it decrypts back to call.pcap"
	SIM_LINE="   call.card.srtp.pcap  the same call protected by the simulated card: identical to call.srtp.pcap"
fi

records=$(json records unprotect-attacked.json)
step "Summary"
cat <<EOF
   call.pcap            clear call: $((rtp_enc + rtcp_enc + other_same)) records
   call.srtp.pcap       $rtp_enc RTP + $rtcp_enc RTCP packets protected with $SUITE
   call.rtp.pcap        unprotected: identical to call.pcap
   call.attacked.pcap   $records records: record $FORGED forged, record $REPLAYED sent twice
                        -> unprotect dropped both (1 authentication failure, 1 replay)
   call.sdes.srtp.pcap  each direction protected with the key its SDP offers (--sdp-keys)
$SIM_LINE
   files in $DIR
EOF
