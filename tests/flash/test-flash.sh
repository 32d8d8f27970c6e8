#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# `srtpo flash` end to end against the simulated card (Verilated srtpo_core) and the SPI flash
# model, with synthetic bitstreams from mkbit: write + boot, verify (and a flipped bit caught),
# read (refusing the flash file itself, into a FIFO, an existing file kept on failure), an update
# interrupted by a power cut (boot falls back to golden, a rewrite works), wrong
# part and corrupt files refused with the flash unchanged, a blank flash that boots nothing, and
# board.h against constraints/u50/flash.conf.
#
# Usage: test-flash.sh SRTPO MKBIT WORKDIR [FLASH_CONF BOARD_H]
#   (absolute paths; SRTPO_SIM_LIB must name libsrtpo_sim.so)
set -eu
SRTPO=$1
MKBIT=$2
WORK=$3
CONF=${4:-}
H=${5:-}
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
# a 4 MiB flash: golden at 0, update at 2 MiB
export SRTPO_SIM_FLASH_BYTES=4M
FLASH=card.flash
DEV=sim:$FLASH
T0=$(date +%s)

fail() { echo "test-flash: FAIL: $*" >&2; exit 1; }
# run EXPECTED_RC NAME CMD...: runs CMD, keeps stdout/stderr in NAME.out/NAME.err
run() {
	want=$1; name=$2; shift 2
	rc=0
	"$@" > "$name.out" 2> "$name.err" || rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$name.out" "$name.err" >&2
		fail "$name: exit $rc, want $want"
	fi
}
has() { grep -q -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
sum() { cksum < "$FLASH"; }

# board.h and the board's flash layout file agree
if [ -n "$CONF" ]; then
	[ -f "$CONF" ] && [ -f "$H" ] || fail "$CONF or $H missing"
	for pair in "fpga_part:SRTPO_BOARD_FPGA_PART" "flash_jedec:SRTPO_BOARD_FLASH_JEDEC" \
		    "flash_bytes:SRTPO_BOARD_FLASH_BYTES" "golden_addr:SRTPO_BOARD_GOLDEN_ADDR" \
		    "update_addr:SRTPO_BOARD_UPDATE_ADDR" "update_bytes:SRTPO_BOARD_UPDATE_SIZE" \
		    "erase_bytes:SRTPO_BOARD_ERASE_BYTES" "page_bytes:SRTPO_BOARD_PAGE_BYTES"; do
		key=${pair%%:*}; mac=${pair#*:}
		c=$(sed -n "s/^$key *= *\([^ #]*\).*/\1/p" "$CONF" | tr 'A-F' 'a-f')
		h=$(sed -n "s/^#define $mac  *\"*\([^\" ]*\)\"*.*/\1/p" "$H" | sed 's/u$//' | tr 'A-F' 'a-f')
		[ -n "$c" ] || fail "$CONF has no $key"
		case $c in 0x*) c=$(printf '%d' "$c"); h=$(printf '%d' "$h");; esac
		[ "$c" = "$h" ] || fail "$key: $CONF says $c, board.h $mac says $h"
	done
	echo "test-flash: board.h matches $CONF"
fi

# synthetic images (8 KiB of frame data each)
"$MKBIT" --seed 1 --payload 8192 golden.bit
"$MKBIT" --seed 2 --payload 8192 update.bit
"$MKBIT" --seed 2 --payload 8192 --bin update.bin       # the same stream as update.bit
"$MKBIT" --seed 3 --payload 8192 --bin update2.bin
"$MKBIT" --idcode 0x0362d093 --part 7a35tcpg236 wrong.bit
"$MKBIT" --idcode 0x0362d093 --bin wrong.bin
"$MKBIT" --part xc7a35t-cpg236-1 wronghdr.bit
"$MKBIT" --no-sync --bin nosync.bin
"$MKBIT" --truncate 3000 truncated.bit
"$MKBIT" --truncate 3000 --bin truncated.bin
"$MKBIT" --bad-magic badmagic.bit
"$MKBIT" --no-idcode noidcode.bit
"$MKBIT" --payload 2200000 toobig.bit

# 1. golden, then update; boot takes the update
run 0 golden "$SRTPO" flash write --golden golden.bit "$DEV"
has golden.err "warning: writing the golden image"
has golden.out "wrote the golden image at 0x00000000"
[ "$(wc -c < "$FLASH")" = 4194304 ] || fail "the flash file is not 4 MiB"
run 0 write "$SRTPO" flash write --progress update.bit "$DEV"
has write.out "wrote the update image at 0x00200000: 8312 bytes of update.bit"
has write.out "verify   \[#*\] 100%"
run 0 boot "$SRTPO" flash boot "$DEV"
has boot.out "booted the update image at 0x00200000"
has boot.out "0x5 (VALID UPDATE)"
run 0 bootg "$SRTPO" flash boot --golden "$DEV"
has bootg.out "booted the golden image"

# 2. verify, read; a flipped bit in the flash is caught
run 0 verify "$SRTPO" flash verify update.bit "$DEV"
has verify.out "matches update.bit (8312 bytes)"
run 0 verifyg "$SRTPO" flash verify --golden golden.bit "$DEV"
run 1 verifyx "$SRTPO" flash verify update2.bin "$DEV"
run 0 read "$SRTPO" flash read back.bin "$DEV"
cmp back.bin update.bin || fail "read gives other bytes than the written stream"
# read writes through outfile: the card's own flash file is refused, a FIFO is streamed into
S0=$(sum)
run 2 readself "$SRTPO" flash read "$FLASH" "$DEV"
has readself.err "is the simulated card's flash; nothing written"
[ "$(sum)" = "$S0" ] || fail "flash read onto the flash file changed it"
mkfifo read.fifo
cat read.fifo > fifo.bin &
run 0 readfifo "$SRTPO" flash read read.fifo "$DEV"
wait
[ -p read.fifo ] || fail "flash read replaced the FIFO"
cmp fifo.bin update.bin || fail "flash read into a FIFO gives other bytes"
printf keep > kept.bin
run 1 blankkeep "$SRTPO" flash read kept.bin sim:blank2.flash
[ "$(cat kept.bin)" = keep ] || fail "a failed read changed an existing file"
OFF=$((2097152 + 5000))
B=$(od -An -tu1 -j $OFF -N1 "$FLASH" | tr -d ' ')
printf "$(printf '\\%03o' $((B ^ 16)))" | dd of="$FLASH" bs=1 seek=$OFF conv=notrunc 2>/dev/null
run 1 flipped "$SRTPO" flash verify update.bit "$DEV"
has flipped.err "differs from update.bit in 1 bytes; first at flash 0x00201388"
run 0 rewrite "$SRTPO" flash write update.bin "$DEV"
run 0 verify2 "$SRTPO" flash verify update.bit "$DEV"

# 3. a power cut in the middle of an update: the golden image boots; a rewrite then works
S=$(sum)
SRTPO_SIM_FLASH_CUT=5000 run 1 cut "$SRTPO" flash write update2.bin "$DEV"
has cut.err "stopped answering"
has cut.err "the card boots the golden image"
[ "$(sum)" != "$S" ] || fail "the cut write changed nothing: the knob did not bite"
run 1 bootcut "$SRTPO" flash boot "$DEV"
has bootcut.out "0x3 (VALID FALLBACK)"
has bootcut.out "fell back to the golden image"
run 0 info "$SRTPO" info "$DEV"
has info.out "magic        0x5352504f (srtpo)"
run 0 again "$SRTPO" flash write update2.bin "$DEV"
run 0 bootagain "$SRTPO" flash boot "$DEV"
has bootagain.out "booted the update image"
run 0 verify3 "$SRTPO" flash verify update2.bin "$DEV"

# 3b. the first page is programmed last: a cut 10 bytes into the last page programmed leaves the
# whole image but its first page, so there is no sync word and the golden image boots
SRTPO_SIM_FLASH_CUT=$((8312 - 256 + 10)) run 1 cutlast "$SRTPO" flash write update.bin "$DEV"
byte() { od -An -tx1 -j "$2" -N1 "$1" | tr -d ' '; }
[ "$(byte "$FLASH" $((2097152 + 8311)))" = "$(byte update.bin 8311)" ] ||
	fail "the last byte of the image was not written before the first page"
[ "$(byte "$FLASH" $((2097152 + 100)))" = ff ] || fail "the first page was written before the rest"
run 1 bootcutlast "$SRTPO" flash boot "$DEV"
has bootcutlast.out "fell back to the golden image"
run 0 again2 "$SRTPO" flash write update2.bin "$DEV"

# 3c. a stream whose sync word lies past the first page (1 KiB of padding): the pages up to the
# sync word are the ones programmed last
"$MKBIT" --seed 4 --payload 8192 --pad 256 --bin padded.bin
PLEN=$(wc -c < padded.bin)
SRTPO_SIM_FLASH_CUT=$((PLEN - 1280 + 10)) run 1 cutpad "$SRTPO" flash write padded.bin "$DEV"
[ "$(byte "$FLASH" $((2097152 + 1040)))" = ff ] || fail "the sync word was written before the rest"
[ "$(byte "$FLASH" $((2097152 + PLEN - 1)))" = "$(byte padded.bin $((PLEN - 1)))" ] ||
	fail "the tail of the padded image was not written before its head"
run 1 bootcutpad "$SRTPO" flash boot "$DEV"
has bootcutpad.out "fell back to the golden image"
run 0 padded "$SRTPO" flash write padded.bin "$DEV"
run 0 bootpad "$SRTPO" flash boot "$DEV"
has bootpad.out "booted the update image"

# 4. wrong part and corrupt files: refused, the flash untouched
S=$(sum)
run 1 wrong "$SRTPO" flash write wrong.bit "$DEV"
has wrong.err "wrong.bit is a bitstream for 7a35tcpg236 (IDCODE 0x0362d093), but the card (Alveo U50) needs xcu50-fsvh2104-2-e"
has wrong.err "nothing written"
run 1 wrongbin "$SRTPO" flash write wrong.bin "$DEV"
has wrongbin.err "bitstream for xc7a35t (IDCODE 0x0362d093)"
run 1 wronghdr "$SRTPO" flash write --golden wronghdr.bit "$DEV"
has wronghdr.err "header names part xc7a35t-cpg236-1"
run 1 nosync "$SRTPO" flash write nosync.bin "$DEV"
has nosync.err "no sync word"
run 1 truncbit "$SRTPO" flash write truncated.bit "$DEV"
has truncbit.err "truncated: the .bit header announces"
run 1 truncbin "$SRTPO" flash write truncated.bin "$DEV"
has truncbin.err "truncated"
run 1 badmagic "$SRTPO" flash write badmagic.bit "$DEV"
has badmagic.err "bad .bit header"
run 1 noid "$SRTPO" flash write noidcode.bit "$DEV"
has noid.err "before any IDCODE write"
run 1 toobig "$SRTPO" flash write toobig.bit "$DEV"
has toobig.err "has room for 2097152"
run 1 missing "$SRTPO" flash write does-not-exist.bit "$DEV"
run 2 usage1 "$SRTPO" flash write update.bit
run 2 usage2 "$SRTPO" flash write --golden --update update.bit "$DEV"
run 2 usage3 "$SRTPO" flash erase update.bit "$DEV"
[ "$(sum)" = "$S" ] || fail "a refused write changed the flash"
run 0 bootok "$SRTPO" flash boot "$DEV"
has bootok.out "booted the update image"

# 5. a blank flash: nothing loads, the card does not come back; read finds no image
run 1 blank "$SRTPO" flash boot sim:blank.flash
has blank.err "did not come back"
run 1 blankread "$SRTPO" flash read blank.bin sim:blank.flash
[ ! -e blank.bin ] || fail "a failed read left a file"
SRTPO_SIM_FLASH_BYTES=8M run 1 size "$SRTPO" flash verify update.bit "$DEV"
has size.err "has 4194304 bytes but the flash is 8388608 bytes"

echo "test-flash: ok ($(( $(date +%s) - T0 )) s)"
