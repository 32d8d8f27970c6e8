#!/bin/sh
# test-cli.sh SRTPO SRTP_REF WORKDIR - end-to-end tests of the `srtpo` command.
#
# The command is checked against itself (round trips) and, so that a bug shared by both
# directions cannot hide, against references: RFC 3711 known answers, libsrtp2 protecting and
# unprotecting the same captures (byte-identical output expected), libsrtpo's single-packet calls
# (the command uses bursts), and libpcap reading what the command writes (srtp-ref check also
# recomputes every IP and UDP checksum). VALGRIND=1 runs every srtpo call under memcheck.
set -u

SRTPO=${1:?usage: test-cli.sh SRTPO SRTP_REF WORKDIR}
REF=${2:?usage: test-cli.sh SRTPO SRTP_REF WORKDIR}
WORK=${3:?usage: test-cli.sh SRTPO SRTP_REF WORKDIR}

KEY=WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz      # RFC 4568 example: 30 bytes
KEY2=ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CB     # another 30-byte key
KEY256=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLg==  # 46 bytes
SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80
AES_256_CM_HMAC_SHA1_32 AES_CM_128_NULL_AUTH AES_256_CM_NULL_AUTH NULL_CIPHER_HMAC_SHA1_80
NULL_CIPHER_HMAC_SHA1_32 NULL_CIPHER_NULL_AUTH"
SSRC_A=0x11223344
SSRC_B=0x55667788

# ok, bad, check, expect_exit, abs and the tally (shared with the other tests/cli scripts)
. "$(dirname "$0")/common.sh"

# The tests run inside WORK: make every path absolute first.
[ -x "$SRTPO" ] && [ -x "$REF" ] || { echo "test-cli: build $SRTPO and $REF first" >&2; exit 1; }
SRTPO=$(abs "$SRTPO")
REF=$(abs "$REF")
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
WORK=$(abs "$WORK")
# VALGRIND=1: every srtpo run goes through memcheck; an error exits 99, which no check expects.
wrap_valgrind
# same NAME A B: pcap-diff finds the UDP payloads identical.
same() {
	if "$SRTPO" pcap-diff -q "$2" "$3"; then ok "$1"; else
		bad "$1" "$("$SRTPO" pcap-diff "$2" "$3" 2>&1 | tail -n 5)"
	fi
}
# jnum KEY FILE / jcls CLASS FIELD FILE: numbers from the JSON summaries.
jnum() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$2"; }
jcls() { sed -n "s/.*\"$1\":{[^}]*\"$2\":\([0-9]*\).*/\1/p" "$3"; }
# eq NAME GOT WANT
eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }

cd "$WORK" || exit 1
S=$SRTPO

echo "# $("$S" --version)"

# ---- the sample call and the README example -------------------------------------------------
check "gen-call writes a capture" "$S" gen-call --ssrc-a $SSRC_A --ssrc-b $SSRC_B call.pcap
grep -q "crosses 65535 -> 0" last.err && ok "gen-call: caller's sequence wraps" ||
	bad "gen-call: caller's sequence wraps" "$(cat last.err)"
"$S" gen-call -q --ssrc-a $SSRC_A --ssrc-b $SSRC_B again.pcap
cmp -s call.pcap again.pcap && ok "gen-call is deterministic" || bad "gen-call is deterministic"
"$S" gen-call -q --seed 2 other-seed.pcap
cmp -s call.pcap other-seed.pcap && bad "gen-call: another seed gives another call" ||
	ok "gen-call: another seed gives another call"
check "libpcap reads gen-call output, checksums right" "$REF" check call.pcap

check "README example: protect" \
	"$S" protect --suite AES_CM_128_HMAC_SHA1_80 --key "$KEY" call.pcap call.srtp.pcap
check "README example: unprotect" \
	"$S" unprotect --suite AES_CM_128_HMAC_SHA1_80 --key "$KEY" call.srtp.pcap call.rtp.pcap
same "round trip gives back the original payloads" call.pcap call.rtp.pcap
cmp -s call.pcap call.rtp.pcap && ok "round trip is byte for byte the original file" ||
	bad "round trip is byte for byte the original file"
check "protected capture: libpcap reads it, checksums right" "$REF" check call.srtp.pcap

"$S" pcap-diff -q --json call.pcap call.srtp.pcap > diff.json
rtp_total=$("$S" protect -q --json --key "$KEY" call.pcap /dev/null | sed -n 's/.*"rtp":\([0-9]*\).*/\1/p')
eq "protected RTP payloads all differ from the clear ones" "$(jcls rtp differ diff.json)" "$rtp_total"
eq "no RTP payload left in the clear" "$(jcls rtp identical diff.json)" 0
eq "no RTCP payload left in the clear" "$(jcls rtcp identical diff.json)" 0
[ "$(jcls rtcp differ diff.json)" -ge 4 ] && ok "RTCP compounds protected" ||
	bad "RTCP compounds protected" "$(cat diff.json)"
eq "SIP passes through unchanged" "$(jcls other identical diff.json)" 7

# ---- known answers (RFC 3711 B.3 master key; VECTORS.md end-to-end packets) -----------------
KAT_KEY=4fl6DT4Bi+DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqvm
AB16=abababababababababababababababab
"$REF" mkpcap kat.pcap 800f1234decafbadcafebabe$AB16 81c8000bcafebabe$AB16
check "known answer: protect" "$S" protect --key "$KAT_KEY" kat.pcap kat.srtp.pcap
"$REF" dump kat.srtp.pcap > kat.hex
eq "known answer: SRTP packet" "$(sed -n 1p kat.hex)" \
	800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb
eq "known answer: SRTCP packet" "$(sed -n 2p kat.hex)" \
	81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798
check "known answer: unprotect" "$S" unprotect --key "inline:$KAT_KEY" kat.srtp.pcap kat.rtp.pcap
same "known answer: back to the clear packets" kat.pcap kat.rtp.pcap

# ---- every suite, against libsrtp2 ------------------------------------------------------------
for suite in $SUITES; do
	k=$KEY
	case $suite in AES_256*) k=$KEY256 ;; esac
	"$S" protect -q --suite "$suite" --key "$k" call.pcap "s-$suite.pcap" ||
		bad "$suite: protect"
	"$REF" protect --impl libsrtp2 --suite "$suite" --key "$k" call.pcap "r-$suite.pcap" 2>/dev/null ||
		bad "$suite: libsrtp2 protect"
	if "$S" pcap-diff -q --frames "s-$suite.pcap" "r-$suite.pcap"; then
		ok "$suite: protect is byte-identical to libsrtp2"
	else
		bad "$suite: protect is byte-identical to libsrtp2"
	fi
	"$REF" unprotect --impl libsrtp2 --suite "$suite" --key "$k" "s-$suite.pcap" "ru-$suite.pcap" 2>/dev/null
	same "$suite: libsrtp2 unprotects the command's output" call.pcap "ru-$suite.pcap"
	"$S" unprotect -q --suite "$suite" --key "$k" "r-$suite.pcap" "su-$suite.pcap"
	same "$suite: the command unprotects libsrtp2's output" call.pcap "su-$suite.pcap"
done

# ---- interop with the library's single-packet calls (not via the command) ---------------------
for suite in AES_CM_128_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32; do
	k=$KEY
	case $suite in AES_256*) k=$KEY256 ;; esac
	"$REF" protect --impl libsrtpo --suite "$suite" --key "$k" call.pcap "lib-$suite.pcap" 2>/dev/null ||
		bad "$suite: libsrtpo single-packet protect"
	check "$suite: unprotect a capture protected by the library directly" \
		"$S" unprotect --suite "$suite" --key "$k" "lib-$suite.pcap" "libu-$suite.pcap"
	same "$suite: ... gives back the original" call.pcap "libu-$suite.pcap"
	"$REF" unprotect --impl libsrtpo --suite "$suite" --key "$k" "s-$suite.pcap" "libd-$suite.pcap" 2>/dev/null
	same "$suite: the library's single calls unprotect the command's output" call.pcap "libd-$suite.pcap"
done

# ---- link types, IPv6, VLAN, byte orders, rtcp-mux ---------------------------------------------
for variant in "-6" "--link sll" "--link sll2" "-6 --link sll" "-6 --link sll2" "--vlan 42" \
	"-6 --vlan 3000" "--link raw" "-6 --link raw" "--nsec --big-endian" "--rtcp-mux -6"; do
	name=$(echo "v$variant" | tr -c 'a-z0-9\n' '_')
	# shellcheck disable=SC2086 # the variant is a list of options
	"$S" gen-call -q -d 3 $variant "$name.pcap" || bad "gen-call $variant"
	"$S" protect -q --key "$KEY" "$name.pcap" "$name.srtp.pcap"
	out=$("$S" protect --json -q --key "$KEY" "$name.pcap" /dev/null)
	rtp=$(echo "$out" | sed -n 's/.*"rtp":\([0-9]*\).*/\1/p')
	rtcp=$(echo "$out" | sed -n 's/.*"rtcp":\([0-9]*\).*/\1/p')
	[ "${rtp:-0}" -ge 250 ] && [ "${rtcp:-0}" -ge 2 ] && ok "gen-call $variant: RTP and RTCP found" ||
		bad "gen-call $variant: RTP and RTCP found" "$out"
	"$REF" check "$name.srtp.pcap" 2>/dev/null && ok "gen-call $variant: protected checksums right" ||
		bad "gen-call $variant: protected checksums right"
	"$REF" unprotect --key "$KEY" "$name.srtp.pcap" "$name.ref.pcap" 2>/dev/null
	same "gen-call $variant: libsrtp2 unprotects the command's output" "$name.pcap" "$name.ref.pcap"
	"$S" unprotect -q --key "$KEY" "$name.srtp.pcap" "$name.rtp.pcap"
	if cmp -s "$name.pcap" "$name.rtp.pcap"; then ok "gen-call $variant: round trip byte for byte"
	else bad "gen-call $variant: round trip byte for byte"; fi
done

# ---- --ssrc: only that stream ------------------------------------------------------------------
"$S" protect -q --json --ssrc $SSRC_A --key "$KEY" call.pcap only-a.srtp.pcap > only-a.json
"$S" pcap-diff -q --json call.pcap only-a.srtp.pcap > only-a.diff.json
a_rtp=$(jnum rtp only-a.json)
eq "--ssrc: only SSRC A's RTP is protected" "$(jcls rtp differ only-a.diff.json)" "$a_rtp"
eq "--ssrc: SSRC B's RTP passes in the clear" "$(jcls rtp identical only-a.diff.json)" \
	$((rtp_total - a_rtp))
grep -q '"ssrc":"0x11223344"' only-a.json && ! grep -q 55667788 only-a.json &&
	ok "--ssrc: summary lists only that SSRC" || bad "--ssrc: summary lists only that SSRC"
check "--ssrc in decimal" "$S" unprotect -q --ssrc 287454020 --key "$KEY" only-a.srtp.pcap only-a.rtp.pcap
same "--ssrc: round trip" call.pcap only-a.rtp.pcap
expect_exit "--ssrc: bad value" 2 "bad --ssrc" "$S" protect --ssrc 0x1234567890 --key "$KEY" call.pcap x.pcap

# ---- --port, and well-known ports left alone ---------------------------------------------------
"$S" protect -q --json --port 40001 --key "$KEY" call.pcap port.srtp.pcap > port.json
eq "--port 40001: no RTP touched" "$(jnum rtp port.json)" 0
[ "$(jnum rtcp port.json)" -ge 4 ] && ok "--port 40001: the RTCP of both sides protected" ||
	bad "--port 40001: the RTCP of both sides protected" "$(cat port.json)"
"$S" protect -q --json --port 39990-40000 --port 1-2 --key "$KEY" call.pcap port2.srtp.pcap > port2.json
eq "--port ranges: RTP of both directions" "$(jnum rtp port2.json)" "$rtp_total"
expect_exit "--port: bad range" 2 "bad --port '5-1'" "$S" protect --port 5-1 --key "$KEY" call.pcap x.pcap
# A DNS answer whose ID makes it look like RTP version 2 must not be touched.
"$REF" mkpcap dns.pcap 53/8a5b81800001000100000000 800f1234decafbadcafebabe$AB16
"$S" protect -q --json --key "$KEY" dns.pcap dns.srtp.pcap > dns.json
eq "port 53: DNS left alone, RTP protected" "$(jnum other_port dns.json)/$(jnum rtp dns.json)" 1/1
"$REF" dump dns.srtp.pcap | head -n 1 > dns.hex
eq "port 53: DNS payload unchanged" "$(cat dns.hex)" 8a5b81800001000100000000

# ---- RTCP suite, ROC, window, MKI, backend -------------------------------------------------------
check "--rtcp-suite: protect" "$S" protect -q --rtcp-suite AES_CM_128_HMAC_SHA1_32 --key "$KEY" call.pcap rs.srtp.pcap
"$S" unprotect --json -q --rtcp-suite AES_CM_128_HMAC_SHA1_32 --key "$KEY" rs.srtp.pcap rs.rtp.pcap > rs.json
same "--rtcp-suite: round trip" call.pcap rs.rtp.pcap
"$S" unprotect --json -q --key "$KEY" rs.srtp.pcap rs-wrong.pcap > rs-wrong.json
eq "--rtcp-suite: the wrong RTCP suite drops exactly the RTCP" "$(jnum dropped rs-wrong.json)" \
	"$(jnum rtcp rs-wrong.json)"

check "--roc 7: protect" "$S" protect -q --roc 7 --key "$KEY" call.pcap roc.srtp.pcap
check "--roc 7: unprotect" "$S" unprotect -q --roc 7 --key "$KEY" roc.srtp.pcap roc.rtp.pcap
same "--roc 7: round trip" call.pcap roc.rtp.pcap
"$S" unprotect --json -q --roc-search 0 --key "$KEY" roc.srtp.pcap roc-wrong.pcap > roc-wrong.json
eq "--roc: a wrong ROC fails every RTP packet (--roc-search 0)" "$(jnum dropped roc-wrong.json)" "$rtp_total"
"$S" unprotect --json -q --roc-search 6 --key "$KEY" roc.srtp.pcap roc-wrong.pcap > roc-wrong.json
eq "--roc-search 6 does not reach ROC 7" "$(jnum dropped roc-wrong.json)" "$rtp_total"
"$S" unprotect --json -q --key "$KEY" roc.srtp.pcap roc-found.pcap > roc-found.json
eq "ROC search (default 16) finds ROC 7: nothing dropped" "$(jnum dropped roc-found.json)" 0
eq "ROC search: both streams report the ROC found" "$(grep -o '"roc_found":7' roc-found.json | wc -l)" 2
same "ROC search: round trip" call.pcap roc-found.pcap

check "--window 64" "$S" unprotect -q --window 64 --key "$KEY" call.srtp.pcap w.pcap
same "--window 64: round trip" call.pcap w.pcap
expect_exit "--window too small" 2 "bad --window" "$S" unprotect --window 10 --key "$KEY" call.srtp.pcap w.pcap

check "MKI: protect with inline:KEY|2^20|1:4" "$S" protect -q --key "inline:$KEY|2^20|1:4" call.pcap mki.srtp.pcap
check "MKI: unprotect" "$S" unprotect -q --key "inline:$KEY|2^20|1:4" mki.srtp.pcap mki.rtp.pcap
same "MKI: round trip" call.pcap mki.rtp.pcap
protected=$("$SRTPO" protect -q --json --key "$KEY" call.pcap /dev/null |
	sed -n 's/.*"rtp":\([0-9]*\),"rtcp":\([0-9]*\).*/\1 \2/p')
set -- $protected
grow=$(( $(wc -c < mki.srtp.pcap) - $(wc -c < call.srtp.pcap) ))
eq "MKI: every protected packet carries the 4-byte MKI" "$grow" $(( ($1 + $2) * 4 ))

check "--backend sw" "$S" protect -q --backend sw --key "$KEY" call.pcap sw.srtp.pcap
"$S" pcap-diff -q --frames call.srtp.pcap sw.srtp.pcap && ok "--backend sw: same output as auto" ||
	bad "--backend sw: same output as auto"
expect_exit "--backend unknown" 2 "unknown backend" "$S" protect --backend fpga --key "$KEY" call.pcap x.pcap

# ---- snaplen: a protected packet must not outgrow the header's snaplen ------------------------
cp call.pcap snap.pcap
printf '\326\000\000\000' | dd of=snap.pcap bs=1 seek=16 conv=notrunc 2> /dev/null  # snaplen 214
check "snaplen 214: protect" "$S" protect -q --key "$KEY" snap.pcap snap.srtp.pcap
check "snaplen 214: raised so that caplen <= snaplen (libpcap check)" "$REF" check snap.srtp.pcap

# ---- pipes ------------------------------------------------------------------------------------
"$S" protect -q --key "$KEY" - - < call.pcap > pipe.srtp.pcap
"$S" pcap-diff -q --frames call.srtp.pcap pipe.srtp.pcap && ok "stdin to stdout: same packets" ||
	bad "stdin to stdout: same packets"
"$S" unprotect -q --key "$KEY" - - < pipe.srtp.pcap | "$S" pcap-diff -q call.pcap - &&
	ok "unprotect through a pipe" || bad "unprotect through a pipe"

# ---- forged and replayed packets ----------------------------------------------------------------
check "pcap-edit: forge record 100, replay 300, forge RTCP tag" \
	"$S" pcap-edit --flip 100:30 --dup 300 --flip 100:31 call.srtp.pcap attacked.pcap
rtcp_rec=$("$REF" dump call.srtp.pcap | grep -n '^8[01]c[89]' | head -n 1 | cut -d: -f1)
"$S" pcap-edit --flip "$rtcp_rec:-1" attacked.pcap attacked2.pcap
"$S" unprotect --json --key "$KEY" attacked2.pcap attacked.rtp.pcap > attacked.json 2> attacked.err
eq "attack: 3 packets dropped" "$(jnum dropped attacked.json)" 3
eq "attack: forged RTP and RTCP counted as auth fails" \
	"$(grep -o '"auth_fail":[0-9]*' attacked.json | cut -d: -f2 | awk '{ s += $1 } END { print s }')" 2
eq "attack: replay counted" \
	"$(sed -n 's/.*"replay":\([1-9]\).*/\1/p' attacked.json)" 1
grep -Eq '^  0x[0-9a-f]{8} +[0-9]+ +[0-9]+ +[0-9]+ +1 ' attacked.err &&
	ok "attack: per-SSRC table on stderr shows the replay" ||
	bad "attack: per-SSRC table on stderr shows the replay" "$(cat attacked.err)"
grep -q "auth fail" attacked.err && ok "attack: stderr has the auth fail column" ||
	bad "attack: stderr has the auth fail column"
rc=0
"$S" pcap-diff -q --json call.pcap attacked.rtp.pcap > attacked.diff.json || rc=$?
eq "attack: pcap-diff exit 3 (differ)" "$rc" 3
eq "attack: the forged RTP packet is missing" "$(jcls rtp only_a attacked.diff.json)" 1
eq "attack: the forged RTCP packet is missing" "$(jcls rtcp only_a attacked.diff.json)" 1
eq "attack: nothing else differs" "$(jcls rtp differ attacked.diff.json)$(jcls rtp only_b attacked.diff.json)" 00
"$S" unprotect -q --key "$KEY2" call.srtp.pcap wrongkey.pcap 2> /dev/null
eq "wrong key: nothing but SIP survives" "$("$S" pcap-diff -q --json call.pcap wrongkey.pcap | sed -n 's/.*"records_b":\([0-9]*\).*/\1/p')" 7

# ---- bad input: exit codes and messages ----------------------------------------------------------
expect_exit "bad base64" 2 "not valid base64" "$S" protect --key 'WVNfX19zZW1jdGwgKCkgewky#jA7fQp9CnVubGVz' call.pcap x.pcap
expect_exit "wrong key length" 2 "decodes to 21 bytes; AES_CM_128_HMAC_SHA1_80 needs 30" \
	"$S" protect --key WVNfX19zZW1jdGwgKCkgewkyMjA7 call.pcap x.pcap
expect_exit "AES-256 suite with a 30-byte key" 2 "needs 46" \
	"$S" unprotect --suite AES_256_CM_HMAC_SHA1_80 --key "$KEY" call.pcap x.pcap
expect_exit "unknown suite" 2 "unknown suite 'AES_CM_128_HMAC_SHA1_81'" \
	"$S" protect --suite AES_CM_128_HMAC_SHA1_81 --key "$KEY" call.pcap x.pcap
expect_exit "missing --key" 2 "missing --key" "$S" protect call.pcap x.pcap
expect_exit "missing OUT" 2 "missing OUT" "$S" protect --key "$KEY" call.pcap
expect_exit "missing IN and OUT" 2 "missing IN and OUT" "$S" unprotect --key "$KEY"
expect_exit "unknown option" 2 "unknown option '--frobnicate'" "$S" protect --frobnicate
expect_exit "option without value" 2 "needs a value" "$S" protect --key
expect_exit "unknown command" 2 "unknown command 'protecc'" "$S" protecc
expect_exit "no command" 2 "missing command" "$S"
expect_exit "missing file" 1 "nosuch.pcap: No such file or directory" \
	"$S" protect --key "$KEY" nosuch.pcap x.pcap
# A capture cut short (a killed tcpdump): every complete record is processed, exit 4.
head -c 3000 call.srtp.pcap > trunc.pcap
rm -f x.pcap
expect_exit "truncated pcap: record data, exit 4" 4 "trunc.pcap: record 7: truncated record data (223 of 224 bytes); the 6 complete records" \
	"$S" unprotect --key "$KEY" trunc.pcap x.pcap
"$S" pcap-edit --drop 7 call.pcap first6.pcap 2> /dev/null
eq "truncated pcap: the 6 complete records written" "$("$SRTPO" pcap-diff -q --json x.pcap call.pcap |
	sed -n 's/.*"records_a":\([0-9]*\).*/\1/p')" 6
"$REF" dump x.pcap > x.hex; "$REF" dump call.pcap | head -n 6 > first6.hex
cmp -s x.hex first6.hex && ok "truncated pcap: ... and decrypted" || bad "truncated pcap: ... and decrypted"
expect_exit "pcap-diff of a cut capture: compared up to the cut, exit 4" 4 "comparing the 6 records before it" \
	"$S" pcap-diff -q trunc.pcap call.srtp.pcap
head -c 30 call.pcap > trunc-hdr.pcap
expect_exit "truncated pcap: record header" 4 "record 1: truncated record header (6 of 16 bytes)" \
	"$S" protect --key "$KEY" trunc-hdr.pcap x.pcap
head -c 20 call.pcap > trunc-file.pcap
expect_exit "truncated pcap: file header" 1 "truncated file header" \
	"$S" protect --key "$KEY" trunc-file.pcap x.pcap
printf 'this is not a capture at all' > text.pcap
expect_exit "not a pcap" 1 "text.pcap: not a pcap or pcapng file" "$S" protect --key "$KEY" text.pcap x.pcap
printf '\012\015\015\012\034\000\000\000\115\074\053\032' > ng.pcap
expect_exit "pcapng: a section header cut short" 1 "ng.pcap: truncated or corrupt pcapng section header" "$S" protect --key "$KEY" ng.pcap x.pcap
# A record claiming 16 MiB: refused as corrupt, not allocated.
{ head -c 24 call.pcap; printf '\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\001'; } > huge.pcap
expect_exit "corrupt record length" 1 "record 1: captured length 16777216 exceeds" \
	"$S" protect --key "$KEY" huge.pcap x.pcap
expect_exit "pcap-edit: record out of range" 1 "has no record 99999" \
	"$S" pcap-edit --dup 99999 call.pcap x.pcap
expect_exit "pcap-diff: missing file" 1 "nosuch.pcap" "$S" pcap-diff call.pcap nosuch.pcap
expect_exit "gen-call: bad link" 2 "unknown --link 'token-ring'" "$S" gen-call --link token-ring x.pcap
expect_exit "gen-call: vlan needs ethernet" 2 "--vlan needs --link ether" "$S" gen-call --vlan 5 --link sll x.pcap

# ---- help and version ------------------------------------------------------------------------
for sub in protect unprotect gen-call pcap-diff pcap-edit; do
	if "$S" "$sub" --help > help.out 2>&1 && grep -q "^Usage: srtpo $sub" help.out &&
		"$S" "$sub" -h > /dev/null 2>&1; then ok "$sub --help"; else bad "$sub --help"; fi
done
"$S" --help | grep -q "^Usage: srtpo COMMAND" && ok "srtpo --help" || bad "srtpo --help"
"$S" -h > /dev/null && ok "srtpo -h" || bad "srtpo -h"
"$S" --version | grep -Eq '^srtpo [0-9]+\.[0-9]+\.[0-9]+ .*libsrtpo [0-9]+\.' &&
	ok "srtpo --version" || bad "srtpo --version"

echo
if [ "$failed" -ne 0 ]; then
	echo "test-cli: $failed FAILED, $pass passed:$failures"
	exit 1
fi
echo "test-cli: all $pass passed"
