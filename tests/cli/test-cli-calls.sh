#!/bin/sh
# test-cli-calls.sh SRTPO WORKDIR - what a VoIP engineer asks of `srtpo` on a real capture:
# pcapng in and out (checked with Wireshark's tshark, editcap, mergecap, capinfos), a call whose
# two directions have different keys decrypted from its own SDP (--sdp-keys), --keys files,
# --key-file and $SRTPO_KEY, a capture joined mid-call decrypted by ROC search or per-stream ROC,
# --keep-failed, loss and gaps in --json, `srtpo help COMMAND`, and the one-line messages.
set -u

SRTPO=${1:?usage: test-cli-calls.sh SRTPO WORKDIR}
WORK=${2:?usage: test-cli-calls.sh SRTPO WORKDIR}

. "$(dirname "$0")/common.sh"

[ -x "$SRTPO" ] || { echo "test-cli-calls: build $SRTPO first" >&2; exit 1; }
for tool in tshark editcap mergecap capinfos; do
	command -v $tool > /dev/null || { echo "test-cli-calls: $tool missing (scripts/deps.sh installs tshark)" >&2; exit 1; }
done
SRTPO=$(abs "$SRTPO")
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
WORK=$(abs "$WORK")
wrap_valgrind
cd "$WORK" || exit 1
S=$SRTPO
KEY=WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
KEY2=ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CB
SSRC_A=0x11223344
SSRC_B=0x55667788
# tshark as root warns on stderr; everything else it says there counts
ts() { tshark "$@" 2> ts.err; }
ts_clean() { ! grep -v '^Running as user' ts.err | grep -q .; }
records() { "$S" pcap-diff -q --json "$1" "$1" | sed -n 's/.*"records_a":\([0-9]*\).*/\1/p'; }

"$S" gen-call -q --ssrc-a $SSRC_A --ssrc-b $SSRC_B --key "$KEY" --key-b "$KEY2" call.pcap ||
	bad "gen-call with a key per direction"
eq "gen-call: the offer and the answer carry different keys" \
	"$(ts -r call.pcap -Y sdp -T fields -e sdp.media_attr | grep -o 'crypto:1 [^,]*' | sort -u | wc -l)" 2

# ---- --sdp-keys: each direction with the key its sender's SDP offers ------------------------------
check "protect --sdp-keys" "$S" protect -q --json --sdp-keys call.pcap sdp.srtp.pcap
cp last.out sdp.json
"$S" protect -q --json --key "$KEY" call.pcap /dev/null > all.json
rtp_total=$(jnum rtp all.json)
eq "--sdp-keys: both directions protected" "$(jnum rtp sdp.json)/$(jnum no_key sdp.json)" "$rtp_total/0"
# independently: one pass per SSRC with the key given by hand
"$S" protect -q --ssrc $SSRC_A --key "$KEY" call.pcap a-only.pcap &&
	"$S" protect -q --ssrc $SSRC_B --key "$KEY2" a-only.pcap by-hand.pcap
"$S" pcap-diff -q --frames sdp.srtp.pcap by-hand.pcap &&
	ok "--sdp-keys: byte-identical to protecting each SSRC with its own key" ||
	bad "--sdp-keys: byte-identical to protecting each SSRC with its own key"
check "unprotect --sdp-keys: the whole call in one run" "$S" unprotect -q --json --sdp-keys sdp.srtp.pcap sdp.rtp.pcap
cmp -s sdp.rtp.pcap call.pcap && ok "--sdp-keys: byte for byte the original call" ||
	bad "--sdp-keys: byte for byte the original call"
"$S" unprotect -q --json --key "$KEY" sdp.srtp.pcap one-key.pcap > one-key.json
eq "one key only: the callee's direction fails, the caller's decrypts" \
	"$(jstream $SSRC_B rtp_ok one-key.json)/$(jstream $SSRC_A rtp_ok one-key.json)" \
	"0/$(jstream $SSRC_A rtp_packets one-key.json)"
grep -q '"key":"SDP in record 1 (a=crypto:1)"' last.out && ok "--json names the SDP each stream's key came from" ||
	bad "--json names the SDP each stream's key came from" "$(head -c 400 last.out)"
# several a=crypto lines with tags (the answer picks tag 2), MKIs, IPv6, rtcp-mux
KA_MKI="inline:$KEY|2^20|1:4"
KB_MKI="inline:$KEY2|2^20|2:4"
"$S" gen-call -q -6 --rtcp-mux --two-crypto --ssrc-a $SSRC_A --ssrc-b $SSRC_B --key "$KA_MKI" \
	--key-b "$KB_MKI" call6.pcap || bad "gen-call --two-crypto"
check "--sdp-keys: tags, MKIs, IPv6, rtcp-mux: protect" "$S" protect -q --sdp-keys call6.pcap call6.srtp.pcap
"$S" protect -q --ssrc $SSRC_A --key "$KA_MKI" call6.pcap a6.pcap &&
	"$S" protect -q --ssrc $SSRC_B --key "$KB_MKI" a6.pcap hand6.pcap
"$S" pcap-diff -q --frames call6.srtp.pcap hand6.pcap &&
	ok "--sdp-keys: the answered tag's key and MKI were used" ||
	bad "--sdp-keys: the answered tag's key and MKI were used"
check "--sdp-keys: tags, MKIs, IPv6, rtcp-mux: unprotect" "$S" unprotect -q --sdp-keys call6.srtp.pcap call6.rtp.pcap
cmp -s call6.rtp.pcap call6.pcap && ok "... round trip byte for byte" || bad "... round trip byte for byte"
# GCM (12-byte salt) named in the SDP, with cryptex
"$S" gen-call -q --suite AEAD_AES_128_GCM --ssrc-a $SSRC_A --ssrc-b $SSRC_B gcm.pcap || bad "gen-call GCM"
check "--sdp-keys with AEAD_AES_128_GCM and --cryptex: protect" "$S" protect -q --cryptex --sdp-keys gcm.pcap gcm.srtp.pcap
check "... unprotect" "$S" unprotect -q --sdp-keys gcm.srtp.pcap gcm.rtp.pcap
cmp -s gcm.rtp.pcap gcm.pcap && ok "... round trip byte for byte" || bad "... round trip byte for byte"
"$S" gen-call -q --seed 9 nokeys.pcap
"$S" pcap-edit --drop 1 --drop 4 nokeys.pcap nosdp.pcap   # no INVITE, no 200 OK: no SDP
expect_exit "--sdp-keys without SDP: warns, passes the media" 0 "found no SDP with a=crypto" \
	"$S" unprotect --sdp-keys nosdp.pcap x.pcap

# ---- --keys files, --key-file, $SRTPO_KEY ------------------------------------------------------------
cat > keys.txt <<EOF
# the call's two directions
ssrc $SSRC_A $KEY
ssrc $SSRC_B inline:$KEY2
EOF
check "--keys by SSRC" "$S" unprotect -q --keys keys.txt sdp.srtp.pcap keys.rtp.pcap
cmp -s keys.rtp.pcap call.pcap && ok "--keys by SSRC: the call back" || bad "--keys by SSRC: the call back"
cat > keys-addr.txt <<EOF
src 192.0.2.10:40000 $KEY   # the caller sends from its RTP port (RTCP: 40001)
dst 192.0.2.10:40000 $KEY2  # what the callee sends to it
EOF
check "--keys by address and port" "$S" unprotect -q --keys keys-addr.txt sdp.srtp.pcap addr.rtp.pcap
cmp -s addr.rtp.pcap call.pcap && ok "--keys by address: the call back" || bad "--keys by address: the call back"
printf 'ssrc %s %s\n' $SSRC_B "$KEY2" > keys-b.txt
check "--keys (SSRC) over --key (any)" "$S" unprotect -q --key "$KEY" --keys keys-b.txt sdp.srtp.pcap mixed.pcap
cmp -s mixed.pcap call.pcap && ok "... the call back" || bad "... the call back"
printf 'ssrc 0x1234 %s roc x\n' "$KEY" > bad-keys.txt
expect_exit "--keys: a bad line names file and line" 2 "bad-keys.txt:1: bad roc 'x'" \
	"$S" unprotect --keys bad-keys.txt sdp.srtp.pcap x.pcap
printf '\n# nothing\nssrc 1 %s\n' "WVNfX19zZW1jdGwgKCkgewkyMjA7" > short-keys.txt
expect_exit "--keys: a short key names file and line" 2 "short-keys.txt:3 decodes to 21 bytes" \
	"$S" unprotect --keys short-keys.txt sdp.srtp.pcap x.pcap
printf '%s\n' "$KEY" > key.txt
check "--key-file" "$S" protect -q --ssrc $SSRC_A --key-file key.txt call.pcap kf.pcap
"$S" pcap-diff -q --frames kf.pcap a-only.pcap && ok "--key-file: same as --key" || bad "--key-file: same as --key"
check "--key-file - (stdin)" sh -c '"$0" protect -q --ssrc '$SSRC_A' --key-file - call.pcap kf2.pcap < key.txt' "$S"
cmp -s kf.pcap kf2.pcap && ok "--key-file -: same" || bad "--key-file -: same"
check "\$SRTPO_KEY" env SRTPO_KEY="$KEY" "$S" protect -q --ssrc $SSRC_A call.pcap env.pcap
cmp -s kf.pcap env.pcap && ok "\$SRTPO_KEY: same" || bad "\$SRTPO_KEY: same"
expect_exit "--key-file missing" 2 "nosuch.txt: No such file or directory" \
	"$S" protect --key-file nosuch.txt call.pcap x.pcap

# ---- a capture joined mid-call: ROC search, per-stream ROC ---------------------------------------------
# The caller's sequence number wraps about half a second in: after it, its ROC is 1.
drops=""
i=1
while [ $i -le 60 ]; do drops="$drops --drop $i"; i=$((i + 1)); done
# shellcheck disable=SC2086
"$S" pcap-edit $drops call.pcap mid.pcap && "$S" pcap-edit $drops sdp.srtp.pcap mid.srtp.pcap ||
	bad "pcap-edit: a capture joined mid-call"
"$S" unprotect -q --json --roc-search 0 --keys keys.txt mid.srtp.pcap mid-noroc.pcap > mid-noroc.json
caller_rtp=$(jstream $SSRC_A rtp_packets mid-noroc.json)
eq "mid-call, ROC 0 for all: the caller's stream (ROC 1) fails" "$(jstream $SSRC_A auth_fail mid-noroc.json)" "$caller_rtp"
check "mid-call: ROC search" "$S" unprotect -q --json --keys keys.txt mid.srtp.pcap mid.rtp.pcap
cp last.out mid.json
eq "ROC search: nothing dropped" "$(jnum dropped mid.json)" 0
eq "ROC search: the caller's ROC found is 1" "$(jstream $SSRC_A roc_found mid.json)" 1
eq "ROC search: the callee needed none" "$(jstream $SSRC_B roc_found mid.json)" ""
cmp -s mid.rtp.pcap mid.pcap && ok "ROC search: the mid-call capture decrypted byte for byte" ||
	bad "ROC search: the mid-call capture decrypted byte for byte"
check "mid-call: --roc SSRC=1, no search" "$S" unprotect -q --json --roc-search 0 --roc $SSRC_A=1 \
	--keys keys.txt mid.srtp.pcap mid-roc.pcap
eq "--roc SSRC=N: nothing dropped" "$(jnum dropped last.out)" 0
printf 'ssrc %s %s roc 1\nssrc %s %s\n' $SSRC_A "$KEY" $SSRC_B "$KEY2" > keys-roc.txt
check "mid-call: 'roc 1' in --keys" "$S" unprotect -q --json --roc-search 0 --keys keys-roc.txt mid.srtp.pcap mid-roc2.pcap
eq "--keys roc: nothing dropped" "$(jnum dropped last.out)" 0

# ---- --keep-failed, loss and gaps in --json, --json-file ------------------------------------------------
"$S" pcap-edit --flip 100:20 sdp.srtp.pcap forged.pcap
"$S" unprotect -q --json --keep-failed --keys keys.txt forged.pcap kept.pcap > kept.json
eq "--keep-failed: nothing dropped, one kept" "$(jnum dropped kept.json)/$(jnum kept kept.json)" 0/1
eq "--keep-failed: every record written" "$(records kept.pcap)" "$(records forged.pcap)"
"$S" pcap-diff -q --json call.pcap kept.pcap > kept.diff.json
eq "--keep-failed: only the forged record differs" "$(sed -n 's/.*"rtp":{[^}]*"differ":\([0-9]*\).*/\1/p' kept.diff.json)" 1
"$S" pcap-edit --drop 200 --drop 300 --drop 301 call.pcap lossy.pcap
caller_lost=0 callee_lost=0
for r in 200 300 301; do
	case $(ts -r call.pcap -Y "frame.number == $r" -T fields -e udp.srcport) in
	40000) caller_lost=$((caller_lost + 1)) ;;
	50000) callee_lost=$((callee_lost + 1)) ;;
	esac
done
"$S" protect -q --json --key "$KEY" lossy.pcap /dev/null > lossy.json
eq "--json: lost per stream" "$(jstream $SSRC_A lost lossy.json)/$(jstream $SSRC_B lost lossy.json)" \
	"$caller_lost/$callee_lost"
gaps=$(( $(jstream $SSRC_A gaps lossy.json) + $(jstream $SSRC_B gaps lossy.json) ))
[ "$gaps" -ge 2 ] && [ "$gaps" -le 3 ] && ok "--json: gaps counted ($gaps)" || bad "--json: gaps counted" "$gaps"
eq "--json: no loss in the full call" "$(jstream $SSRC_A lost sdp.json)$(jstream $SSRC_B lost sdp.json)" 00
"$S" unprotect -q --json-file pipe.json --sdp-keys - - < sdp.srtp.pcap > pipe.pcap
eq "--json-file with OUT on stdout" "$(jnum rtp pipe.json)" "$rtp_total"
cmp -s pipe.pcap call.pcap && ok "... and OUT on stdout is the call" || bad "... and OUT on stdout is the call"
expect_exit "--json with OUT '-' points at --json-file" 2 "use --json-file" \
	"$S" unprotect --json --key "$KEY" sdp.srtp.pcap -

# ---- pcapng in and out ---------------------------------------------------------------------------------
editcap -F pcapng -a 10:"a comment on record 10" --capture-comment "captured for the test" \
	sdp.srtp.pcap ng.srtp.pcapng 2> /dev/null
check "unprotect pcapng (from editcap)" "$S" unprotect -q --sdp-keys ng.srtp.pcapng ng.rtp.pcapng
ts_type=$(capinfos -t ng.rtp.pcapng 2> /dev/null | sed -n 's/^File type: *//p')
case $ts_type in *pcapng*) ok "pcapng in: pcapng out" ;; *) bad "pcapng in: pcapng out" "$ts_type" ;; esac
"$S" pcap-diff -q --frames ng.rtp.pcapng call.pcap && ok "pcapng: the call decrypted" ||
	bad "pcapng: the call decrypted"
ts -r ng.rtp.pcapng -T fields -e frame.time_epoch > ng.times && ts_clean &&
	ok "tshark reads the output" || bad "tshark reads the output" "$(head -c 300 ts.err)"
ts -r call.pcap -T fields -e frame.time_epoch > pcap.times
cmp -s ng.times pcap.times && ok "pcapng: every timestamp kept" || bad "pcapng: every timestamp kept"
eq "pcapng: the packet comment kept" "$(ts -r ng.rtp.pcapng -Y 'frame.number == 10' -T fields -e frame.comment)" \
	"a comment on record 10"
capinfos ng.rtp.pcapng 2> /dev/null | grep -q "captured for the test" && ok "pcapng: the capture comment kept" ||
	bad "pcapng: the capture comment kept"
check "--pcap: pcapng in, classic pcap out" "$S" unprotect -q --pcap --sdp-keys ng.srtp.pcapng ng.rtp.pcap
cmp -s ng.rtp.pcap call.pcap && ok "--pcap: byte for byte the original" || bad "--pcap: byte for byte the original"
check "--pcapng: classic pcap in, pcapng out" "$S" protect -q --pcapng --sdp-keys call.pcap forced.pcapng
editcap -F pcap forced.pcapng forced-back.pcap 2> /dev/null
"$S" pcap-diff -q --frames forced-back.pcap sdp.srtp.pcap && ok "--pcapng: editcap converts it back to the same packets" ||
	bad "--pcapng: editcap converts it back to the same packets"
# several interfaces with their own link types and resolutions, both byte orders
"$S" gen-call -q -d 2 --seed 3 --ssrc-a 0xa1 --ssrc-b 0xb1 e.pcap
"$S" gen-call -q -d 2 --seed 4 --ssrc-a 0xa2 --ssrc-b 0xb2 -6 --link sll2 --nsec --big-endian s.pcap
mergecap -F pcapng -w merged.pcapng e.pcap s.pcap 2> /dev/null
eq "mergecap: two interfaces" "$(capinfos -I merged.pcapng 2> /dev/null | grep -c 'Interface #')" 2
check "protect a pcapng with two link types" "$S" protect -q --key "$KEY" merged.pcapng merged.srtp.pcapng
eq "... the output keeps both interfaces" "$(capinfos -I merged.srtp.pcapng 2> /dev/null | grep -c 'Interface #')" 2
ts -r merged.srtp.pcapng -T fields -e frame.interface_id -e frame.time_epoch > m.out && ts_clean &&
	ok "... tshark reads it" || bad "... tshark reads it" "$(head -c 300 ts.err)"
ts -r merged.pcapng -T fields -e frame.interface_id -e frame.time_epoch > m.in
cmp -s m.in m.out && ok "... every packet on its interface with its timestamp (us and ns)" ||
	bad "... every packet on its interface with its timestamp (us and ns)"
check "unprotect it" "$S" unprotect -q --key "$KEY" merged.srtp.pcapng merged.rtp.pcapng
"$S" pcap-diff -q --frames merged.rtp.pcapng merged.pcapng && ok "... back to the merged calls" ||
	bad "... back to the merged calls"
expect_exit "--pcap with two link types: one line naming the cause" 1 "a pcap file holds one link type" \
	"$S" protect --pcap --key "$KEY" merged.pcapng merged.pcap
[ ! -e merged.pcap ] && ok "... and no output left" || bad "... and no output left"
check "big-endian pcapng out (from a big-endian pcap)" "$S" protect -q --pcapng --key "$KEY" s.pcap s.srtp.pcapng
eq "... its byte-order magic is big-endian" "$(od -An -tx1 -j 8 -N 4 s.srtp.pcapng | tr -d ' ')" 1a2b3c4d
ts -r s.srtp.pcapng -T fields -e frame.time_epoch > sbe.out && ts_clean && ok "... tshark reads it" ||
	bad "... tshark reads it" "$(head -c 300 ts.err)"
ts -r s.pcap -T fields -e frame.time_epoch > sbe.in
cmp -s sbe.in sbe.out && ok "... nanosecond timestamps kept" || bad "... nanosecond timestamps kept"
check "big-endian pcapng in" "$S" unprotect -q --key "$KEY" s.srtp.pcapng s.rtp.pcapng
"$S" pcap-diff -q --frames s.rtp.pcapng s.pcap && ok "... round trip" || bad "... round trip"
# a hand-made big-endian pcapng: millisecond if_tsresol, an EPB and a Simple Packet Block
bytes() { for b in "$@"; do printf "\\$(printf '%03o' "$b")"; done; }
be32() { bytes $(( ($1 >> 24) & 255 )) $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }
rec_end() {
	off=24 i=0
	while [ $i -lt "$1" ]; do
		len=$(od -An -tu4 -j $((off + 8)) -N4 "$2" | tr -d ' ')
		off=$((off + 16 + len))
		i=$((i + 1))
	done
	echo $off
}
frame() { # frame N FILE > out: the bytes of record N of a little-endian classic pcap
	start=$(rec_end $(($1 - 1)) "$2")
	len=$(od -An -tu4 -j $((start + 8)) -N4 "$2" | tr -d ' ')
	tail -c +$((start + 17)) "$2" | head -c "$len"
}
mkng() { # mkng SRC.pcap OUT.pcapng: records 20 (EPB at t = 1700000000.123) and 21 (SPB)
	frame 20 "$1" > f20; frame 21 "$1" > f21
	l20=$(wc -c < f20) l21=$(wc -c < f21)
	p20=$(( (4 - l20 % 4) % 4 )) p21=$(( (4 - l21 % 4) % 4 ))
	ts=1700000000123
	{
		be32 0x0a0d0d0a; be32 28; be32 0x1a2b3c4d; bytes 0 1 0 0 255 255 255 255 255 255 255 255; be32 28
		be32 1; be32 32; bytes 0 1 0 0; be32 0; bytes 0 9 0 1 3 0 0 0; be32 0; be32 32
		be32 6; be32 $((32 + l20 + p20)); be32 0; be32 $((ts >> 32)); be32 $((ts & 0xffffffff))
		be32 "$l20"; be32 "$l20"; cat f20; head -c $p20 /dev/zero; be32 $((32 + l20 + p20))
		be32 3; be32 $((16 + l21 + p21)); be32 "$l21"; cat f21; head -c $p21 /dev/zero
		be32 $((16 + l21 + p21))
	} > "$2"
}
mkng sdp.srtp.pcap hand.srtp.pcapng
mkng call.pcap hand.pcapng
ts -r hand.srtp.pcapng -T fields -e frame.time_epoch > hand.in && ts_clean &&
	ok "the hand-made pcapng is one tshark reads" || bad "the hand-made pcapng is one tshark reads" "$(cat ts.err)"
check "unprotect a big-endian pcapng with ms resolution and an SPB" \
	"$S" unprotect -q --sdp-keys hand.srtp.pcapng hand.rtp.pcapng
"$S" protect -q --keys keys.txt hand.pcapng /dev/null > /dev/null 2>&1
"$S" unprotect -q --keys keys.txt hand.srtp.pcapng hand.rtp.pcapng
"$S" pcap-diff -q --frames hand.rtp.pcapng hand.pcapng && ok "... both packets decrypted" ||
	bad "... both packets decrypted"
eq "... the millisecond timestamp kept" "$(ts -r hand.rtp.pcapng -T fields -e frame.time_epoch | head -n 1)" \
	"1700000000.123000000"
# a capture cut short in pcapng
head -c 5000 ng.srtp.pcapng > cut.pcapng
expect_exit "pcapng cut short: exit 4, the complete records written" 4 "cut short" \
	"$S" unprotect -q --sdp-keys cut.pcapng cut.rtp.pcapng
[ "$(records cut.rtp.pcapng)" -ge 5 ] && ok "... records before the cut are there" ||
	bad "... records before the cut are there" "$(records cut.rtp.pcapng)"

# ---- help, messages, gen-call's key check ----------------------------------------------------------------
for sub in protect unprotect gen-call pcap-diff pcap-edit flash; do
	"$S" help $sub > help.out 2>&1 && grep -q "^Usage: srtpo $sub" help.out && ok "srtpo help $sub" ||
		bad "srtpo help $sub" "$(head -n 2 help.out)"
done
expect_exit "srtpo help nosuch" 2 "unknown command 'nosuch'" "$S" help nosuch
expect_exit "SRTPO_ENGINE=bogus: names the variable, not memory" 1 "SRTPO_ENGINE=bogus: no such software engine" \
	env SRTPO_ENGINE=bogus "$S" protect --key "$KEY" call.pcap x.pcap
[ "$(wc -l < last.err)" = 1 ] && ok "... on one line" || bad "... on one line" "$(cat last.err)"
expect_exit "--backend card without a card: names the device and errno" 1 \
	"cannot use /nonexistent/srtpo9: No such file or directory" \
	env SRTPO_DEVICE=/nonexistent/srtpo9 "$S" protect --backend card --key "$KEY" call.pcap x.pcap
expect_exit "--backend sim without the simulated card: names the library" 1 \
	"cannot load the simulated card /nonexistent/libsrtpo_sim.so" \
	env SRTPO_SIM_LIB=/nonexistent/libsrtpo_sim.so "$S" protect --backend sim --key "$KEY" call.pcap x.pcap
# --key is blanked in argv once read: a slow run (a FIFO nobody writes yet) shows no key in ps
rm -f slow.fifo; mkfifo slow.fifo
"$SRTPO_REAL" unprotect -q --key "$KEY" slow.fifo slow.pcap &
slow=$!
sleep 1
if tr '\0' ' ' < /proc/$slow/cmdline | grep -q "$KEY"; then bad "--key no longer visible in /proc/PID/cmdline" "$(tr '\0' ' ' < /proc/$slow/cmdline)"
else ok "--key no longer visible in /proc/PID/cmdline"; fi
cat sdp.srtp.pcap > slow.fifo
wait $slow
expect_exit "gen-call --key checked like protect's" 2 "--key is not valid base64" \
	"$S" gen-call --key 'WVNfX19zZW1jdGwgKCkgewky#jA7fQp9CnVubGVz' x.pcap
expect_exit "gen-call --key-b: wrong length" 2 "--key-b decodes to 21 bytes" \
	"$S" gen-call --key-b WVNfX19zZW1jdGwgKCkgewkyMjA7 x.pcap
expect_exit "no key at all" 2 "missing --key (or --key-file, --keys, --sdp-keys)" \
	"$S" unprotect call.pcap x.pcap
expect_exit "no stream matched (empty summary)" 0 "passed through" \
	"$S" protect --port 1-2 --key "$KEY" call.pcap x.pcap

finish test-cli-calls
