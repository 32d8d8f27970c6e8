#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# `srtpo list` through libpci's dump access method: a config-space dump in `lspci -xxx` format with
# two srtpo cards (one trained at Gen3 x8 in a Gen3 x16 capable link, one at full Gen3 x16), a
# Xilinx function with another device ID and a host bridge; the list must show the two cards
# only, with the right links, as text and as JSON.
#
# Usage: test-list.sh SRTPO WORKDIR
set -eu
SRTPO=$1
WORK=$2
mkdir -p "$WORK"
DUMP=$WORK/cards.dump
fail() { echo "test-list: FAIL: $*" >&2; exit 1; }

# config_space VENDOR_LO VENDOR_HI DEVICE_LO DEVICE_HI LNKCAP(4 bytes) LNKSTA(2 bytes):
# 256 bytes, PCI Express capability at 0x40 (ID 0x10), capability list bit set in the status.
config_space() {
	printf '00: %s %s %s %s 06 00 10 00 00 00 00 12 10 00 00 00\n' "$1" "$2" "$3" "$4"
	printf '10: 0c 00 00 f0 00 00 00 00 00 00 00 00 00 00 00 00\n'
	printf '20: 00 00 00 00 00 00 00 00 00 00 00 00 ee 10 07 00\n'
	printf '30: 00 00 00 00 40 00 00 00 00 00 00 00 ff 01 00 00\n'
	printf '40: 10 00 02 00 00 80 00 00 00 00 00 00 %s\n' "$5"
	printf '50: 00 00 %s 00 00 00 00 00 00 00 00 00 00 00\n' "$6"
	for r in 60 70 80 90 a0 b0 c0 d0 e0 f0; do
		printf '%s: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n' "$r"
	done
}

{
	echo "00:00.0 Host bridge: Intel Corporation Device 1234"
	config_space 86 80 34 12 "33 04 00 00" "13 00"
	echo
	echo "3b:00.0 Processing accelerators: Xilinx Corporation Device 5350"
	# capable: 8 GT/s (3), x16 -> 0x00000103; negotiated: 8 GT/s, x8 -> 0x0083
	config_space ee 10 50 53 "03 01 00 00" "83 00"
	echo
	echo "3c:00.0 Processing accelerators: Xilinx Corporation Device 9038"
	config_space ee 10 38 90 "03 01 00 00" "03 01"
	echo
	echo "0001:5e:00.0 Processing accelerators: Xilinx Corporation Device 5350"
	config_space ee 10 50 53 "03 01 00 00" "03 01"
} > "$DUMP"

OUT=$WORK/list.txt
"$SRTPO" list --pci-dump "$DUMP" > "$OUT" || fail "srtpo list exited $?"
cat "$OUT"
[ "$(grep -c ' 10ee:5350 ' "$OUT")" = 2 ] || fail "want exactly two srtpo cards"
grep -q '9038' "$OUT" && fail "the other Xilinx function is listed"
grep -q '8086' "$OUT" && fail "the host bridge is listed"
grep -q '^0000:3b:00.0 .*Gen3 x8/Gen3 x16 !' "$OUT" || fail "3b:00.0: want Gen3 x8 of Gen3 x16, flagged"
grep -q '^0001:5e:00.0 .*Gen3 x16/Gen3 x16 ' "$OUT" || fail "0001:5e:00.0: want Gen3 x16 of Gen3 x16"
grep -q '^0001:5e:00.0 .*Gen3 x16/Gen3 x16 !' "$OUT" && fail "a full-width link is flagged"
grep -q 'link below what the card can do' "$OUT" || fail "no warning for the degraded link"
# sysfs facts are unknown from a dump
grep -q '^0000:3b:00.0 .* -1 .* - *-$' "$OUT" || fail "3b:00.0: NUMA -1, driver and firmware - expected"

JSON=$WORK/list.json
"$SRTPO" list --json --pci-dump "$DUMP" > "$JSON" || fail "srtpo list --json exited $?"
cat "$JSON"
EXPECT='[{"bdf": "0000:3b:00.0", "vendor": "10ee", "device": "5350", "link": {"gen": 3, "gts": 8, "width": 8}, "link_capable": {"gen": 3, "gts": 8, "width": 16}, "numa_node": -1, "driver": null, "firmware": null}, {"bdf": "0001:5e:00.0", "vendor": "10ee", "device": "5350", "link": {"gen": 3, "gts": 8, "width": 16}, "link_capable": {"gen": 3, "gts": 8, "width": 16}, "numa_node": -1, "driver": null, "firmware": null}]'
[ "$(cat "$JSON")" = "$EXPECT" ] || fail "JSON differs; want: $EXPECT"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 2' "$JSON" ||
		fail "not valid JSON"
fi

# a dump without srtpo cards, a missing dump file, a usage error
{ echo "00:00.0 Host bridge: Intel Corporation Device 1234"; config_space 86 80 34 12 "33 04 00 00" "13 00"; } > "$WORK/none.dump"
"$SRTPO" list --pci-dump "$WORK/none.dump" | grep -q 'no srtpo card' || fail "no 'no srtpo card' line"
[ "$("$SRTPO" list --json --pci-dump "$WORK/none.dump")" = "[]" ] || fail "empty JSON list"
rc=0; "$SRTPO" list --pci-dump "$WORK/missing.dump" 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "missing dump file: exit $rc, want 1"
rc=0; "$SRTPO" list extra 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "extra argument: exit $rc, want 2"
echo "test-list: ok"
