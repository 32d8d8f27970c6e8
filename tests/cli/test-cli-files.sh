#!/bin/sh
# test-cli-files.sh SRTPO WORKDIR - the srtpo command never destroys what it did not create.
#
# In a scratch directory: a character device node of its own (mknod as root; else, in a private
# user and mount namespace, /dev/null bind-mounted onto a file), symbolic links, hard links,
# FIFOs, existing files with their modes, /dev/stdout on a pipe. Every subcommand that writes
# (protect, unprotect, pcap-edit, gen-call) is run into each of them on its success and error
# paths, and every one must survive: a device stays the same device, a link stays a link, the
# input stays byte for byte, no temporary file is left behind. Also: a live pipe gets its
# records before the input ends.
set -u

SRTPO=${1:?usage: test-cli-files.sh SRTPO WORKDIR}
WORK=${2:?usage: test-cli-files.sh SRTPO WORKDIR}

# Not root: run in a user + mount namespace of our own, where "root" may bind-mount.
if [ "$(id -u)" != 0 ] && [ -z "${SRTPO_TEST_IN_NS:-}" ]; then
	SRTPO_TEST_IN_NS=1 exec unshare -rm sh "$0" "$@"
fi

. "$(dirname "$0")/common.sh"

[ -x "$SRTPO" ] || { echo "test-cli-files: build $SRTPO first" >&2; exit 1; }
SRTPO=$(abs "$SRTPO")
rm -rf "$WORK"
mkdir -p "$WORK" || exit 1
WORK=$(abs "$WORK")
wrap_valgrind
cd "$WORK" || exit 1
S=$SRTPO
KEY=WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
D=$WORK/scratch
mkdir -p "$D"

# ---- inputs ---------------------------------------------------------------------------------
"$S" gen-call -q -d 2 call.pcap || bad "gen-call"
"$S" protect -q --key "$KEY" call.pcap call.srtp.pcap || bad "protect"
head -c 3000 call.srtp.pcap > cut.pcap                       # cut inside record 7: exit 4
{ head -c 24 call.pcap; printf '\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\001'; } > corrupt.pcap
printf 'not a capture' > text.pcap
cp call.srtp.pcap keep.srtp.pcap

# device identity: type, major, minor
devid() { stat -c '%F %t %T' "$1" 2>/dev/null; }
# nothing of ours left behind in the scratch directory
no_temps() {
	left=$(ls -A "$D" | grep '^\.' || true)
	if [ -z "$left" ]; then ok "$1: no temporary file left"; else
		bad "$1: no temporary file left" "$left"; fi
}

# ---- a character device node of our own -------------------------------------------------------
NODE=$D/null
if mknod "$NODE" c 1 3 2> /dev/null; then
	ok "device node made with mknod"
elif : > "$NODE" && mount --bind /dev/null "$NODE" 2> /dev/null; then
	ok "device node: /dev/null bind-mounted in a private mount namespace"
else
	bad "device node: neither mknod nor a bind mount in a private namespace works here"
fi
want=$(devid /dev/null)
eq "device node is a character device like /dev/null" "$(devid "$NODE")" "$want"
expect_exit "unprotect a cut capture into the device: exit 4" 4 "record 7: truncated record data" \
	"$S" unprotect -q --key "$KEY" cut.pcap "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
expect_exit "unprotect a corrupt capture into the device: exit 1" 1 "exceeds the maximum" \
	"$S" unprotect -q --key "$KEY" corrupt.pcap "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
expect_exit "not a capture into the device: exit 1" 1 "not a pcap or pcapng file" \
	"$S" protect -q --key "$KEY" text.pcap "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
check "protect into the device" "$S" protect -q --key "$KEY" call.pcap "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
expect_exit "pcap-edit with a missing record into the device: exit 1" 1 "has no record 99999" \
	"$S" pcap-edit --dup 99999 call.pcap "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
check "gen-call into the device" "$S" gen-call -q -d 1 "$NODE"
eq "... the device survives" "$(devid "$NODE")" "$want"
# a write error (ENOSPC) on a device: /dev/full's numbers, 1,7
FULL=$D/full
if mknod "$FULL" c 1 7 2> /dev/null || { : > "$FULL" && mount --bind /dev/full "$FULL" 2> /dev/null; }; then
	ok "a full device node of our own"
else
	bad "a full device node of our own"
fi
full=$(devid /dev/full)
expect_exit "protect into a full device: a write error, exit 1" 1 "full: write error: No space left on device" \
	"$S" protect -q --key "$KEY" call.pcap "$FULL"
eq "... the device survives" "$(devid "$FULL")" "$full"
expect_exit "pcap-edit into a full device: exit 1" 1 "No space left on device" \
	"$S" pcap-edit --dup 1 call.pcap "$FULL"
expect_exit "gen-call into a full device: exit 1" 1 "No space left on device" \
	"$S" gen-call -q "$FULL"
eq "... the device survives" "$(devid "$FULL")" "$full"
no_temps "device nodes"

# ---- the output is the input: by device and inode, not by name -----------------------------------
cd "$D" || exit 1
cp ../call.srtp.pcap in.pcap
ln -s in.pcap link.pcap
ln in.pcap hard.pcap
for out in ./in.pcap in.pcap "$D/in.pcap" link.pcap hard.pcap ../scratch/in.pcap; do
	expect_exit "protect in.pcap $out: refused as the same file" 2 "IN and OUT are the same file" \
		"$S" protect --key "$KEY" in.pcap "$out"
	expect_exit "pcap-edit in.pcap $out: refused" 2 "IN and OUT are the same file" \
		"$S" pcap-edit --dup 3 in.pcap "$out"
done
expect_exit "unprotect link.pcap in.pcap: refused" 2 "same file" \
	"$S" unprotect --key "$KEY" link.pcap in.pcap
expect_exit "stdout is the input: refused" 2 "same file" \
	sh -c '"$0" unprotect --key "$1" in.pcap - >> in.pcap' "$S" "$KEY"
cmp -s in.pcap ../keep.srtp.pcap && ok "the input is byte for byte what it was" ||
	bad "the input is byte for byte what it was"
[ -L link.pcap ] && [ "$(readlink link.pcap)" = in.pcap ] && ok "the symbolic link is still a link" ||
	bad "the symbolic link is still a link"
eq "the hard link still shares the input's inode" "$(stat -c %i hard.pcap)" "$(stat -c %i in.pcap)"

# ---- an existing output: replaced only on success, mode kept, links followed --------------------
printf 'precious' > out.pcap
chmod 640 out.pcap
ln -s out.pcap outlink.pcap
for cmd in "unprotect -q --key $KEY ../cut.pcap" "unprotect -q --key $KEY ../corrupt.pcap" \
	"protect -q --key $KEY ../text.pcap" "pcap-edit --dup 99999 ../call.pcap"; do
	for out in out.pcap outlink.pcap; do
		printf 'precious' > out.pcap
		# shellcheck disable=SC2086 # cmd is a list of words
		"$S" $cmd "$out" > /dev/null 2>&1
		rc=$?
		[ "$rc" = 4 ] && continue   # a cut capture writes its complete records: below
		[ "$(cat out.pcap)" = precious ] && [ -L outlink.pcap ] &&
			ok "error (exit $rc) of '${cmd%% *}' into $out leaves it as it was" ||
			bad "error (exit $rc) of '${cmd%% *}' into $out leaves it as it was"
	done
done
check "protect through a symbolic link" "$S" protect -q --key "$KEY" ../call.pcap outlink.pcap
[ -L outlink.pcap ] && ok "... the link stays a link" || bad "... the link stays a link"
"$S" pcap-diff -q --frames out.pcap ../call.srtp.pcap && ok "... and its target holds the result" ||
	bad "... and its target holds the result"
eq "... with the target's mode kept" "$(stat -c %a out.pcap)" 640
ln out.pcap out-hard.pcap
check "unprotect onto one of two hard links" "$S" unprotect -q --key "$KEY" ../call.srtp.pcap out-hard.pcap
cmp -s out-hard.pcap ../call.pcap && ok "... that name gets the result" || bad "... that name gets the result"
"$S" pcap-diff -q --frames out.pcap ../call.srtp.pcap && ok "... the other name keeps the old contents" ||
	bad "... the other name keeps the old contents"
rm -f out.pcap outlink.pcap out-hard.pcap
ln -s missing.pcap dangling.pcap
expect_exit "a symbolic link to a missing file: refused" 1 "symbolic link to a missing file" \
	"$S" protect --key "$KEY" ../call.pcap dangling.pcap
[ -L dangling.pcap ] && ok "... the link stays" || bad "... the link stays"
mkdir -p adir
expect_exit "a directory as OUT: refused" 1 "adir: is a directory" \
	"$S" protect --key "$KEY" ../call.pcap adir
expect_exit "gen-call: a directory as OUT: refused" 1 "is a directory" "$S" gen-call -q adir
no_temps "existing outputs"

# ---- a cut capture: the complete records land in OUT, exit 4 ------------------------------------
rm -f new.pcap
expect_exit "cut capture into a new file: exit 4 with a warning" 4 "the 6 complete records" \
	"$S" unprotect -q --key "$KEY" ../cut.pcap new.pcap
eq "... the new file holds the 6 records" "$("$S" pcap-diff -q --json new.pcap new.pcap |
	sed -n 's/.*"records_a":\([0-9]*\).*/\1/p')" 6
expect_exit "pcap-edit of a cut capture: exit 4" 4 "complete records" \
	"$S" pcap-edit --dup 2 ../cut.pcap edited.pcap
eq "... 6 records + 1 duplicate" "$("$S" pcap-diff -q --json edited.pcap edited.pcap |
	sed -n 's/.*"records_a":\([0-9]*\).*/\1/p')" 7

# ---- FIFOs and pipes: streamed, never seeked or removed ------------------------------------------
mkfifo fifo
cat fifo > from-fifo.pcap &
reader=$!
check "protect into a FIFO" "$S" protect -q --key "$KEY" ../call.pcap fifo
wait $reader
[ -p fifo ] && ok "... the FIFO is still a FIFO" || bad "... the FIFO is still a FIFO"
"$S" pcap-diff -q --frames from-fifo.pcap ../call.srtp.pcap && ok "... what came out of it is the capture" ||
	bad "... what came out of it is the capture"
cat fifo > /dev/null &
reader=$!
expect_exit "unprotect a corrupt capture into a FIFO: exit 1" 1 "exceeds the maximum" \
	"$S" unprotect -q --key "$KEY" ../corrupt.pcap fifo
wait $reader
[ -p fifo ] && ok "... the FIFO survives" || bad "... the FIFO survives"
cat ../call.srtp.pcap > fifo &
writer=$!
check "unprotect from a FIFO" "$S" unprotect -q --key "$KEY" fifo from-fifo2.pcap
wait $writer
cmp -s from-fifo2.pcap ../call.pcap && ok "... gives back the call" || bad "... gives back the call"
# A small snaplen grows when protected: on a pipe the header cannot be rewritten at the end, so
# the room is left up front.
cp ../call.pcap snap.pcap
printf '\326\000\000\000' | dd of=snap.pcap bs=1 seek=16 conv=notrunc 2> /dev/null   # 214
"$S" protect -q --key "$KEY" snap.pcap /dev/stdout | cat > snap-pipe.pcap
eq "protect to /dev/stdout on a pipe (snaplen 214): exit 0" "$?" 0
tshark -r snap-pipe.pcap > /dev/null 2> tshark.err && ! grep -v '^Running as user' tshark.err | grep -q . &&
	ok "... tshark reads it without complaint" || bad "... tshark reads it without complaint" "$(head -c 300 tshark.err)"
"$S" protect -q --key "$KEY" snap.pcap - > snap-stdout.pcap
"$S" pcap-diff -q --frames snap-pipe.pcap snap-stdout.pcap && ok "... same as to '-'" ||
	bad "... same as to '-'"
no_temps "FIFOs"

# ---- a live pipe: records come out before the input ends ----------------------------------------
# byte offset of the end of record N of a little-endian classic pcap
rec_end() {
	off=24 i=0
	while [ $i -lt "$1" ]; do
		len=$(od -An -tu4 -j $((off + 8)) -N4 "$2" | tr -d ' ')
		off=$((off + 16 + len))
		i=$((i + 1))
	done
	echo $off
}
b=$(rec_end 40 ../call.srtp.pcap)
exp=$(rec_end 40 ../call.pcap)
{ head -c "$b" ../call.srtp.pcap; sleep 6; tail -c +$((b + 1)) ../call.srtp.pcap; } |
	"$S" unprotect -q --key "$KEY" - - > live.pcap &
live=$!
# while the input pauses for 6 s, the 40 records must come out (polled for up to 5 s)
i=0
while [ $i -lt 50 ] && [ "$(stat -c %s live.pcap)" -lt "$exp" ]; do sleep 0.1; i=$((i + 1)); done
early=$(stat -c %s live.pcap)
wait $live
eq "live pipe: the first 40 records are out while the input waits" "$early" "$exp"
cmp -s live.pcap ../call.pcap && ok "live pipe: then the whole call" || bad "live pipe: then the whole call"

cd "$WORK" || exit 1
eq "the device node is still the device" "$(devid "$NODE")" "$want"
finish test-cli-files
