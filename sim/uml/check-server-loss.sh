#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# check-server-loss.sh KERNEL SERVER ROOTFS VIRTIO_ID RUNDIR SIGNAL: the device server stops
# answering in the middle of a crypto run (SIGNAL STOP: a hung server; KILL: a server gone), and
# the UML kernel must end the run by itself, in bounded time, with virt-pci's panic naming the
# access that got no answer (patches/0002) -- not wait for the harness's timeout, and not go on
# with made-up register values. Passes when all of that holds.
# Environment: UML_PCI_WAIT_MS (virt_pci.max_wait_ms for this boot, default 10000, the kernel's
# default), UML_MEM (default 384M).
set -u
kernel=$1
server=$2
rootfs=$3
vid=$4
rundir=$5
sig=$6
mem=${UML_MEM:-384M}
wait_ms=${UML_PCI_WAIT_MS:-10000}
# after the signal: the limit, the next read to start, the panic and UML's exit
bound_s=$((wait_ms / 1000 + 20))

case $sig in
STOP|KILL) ;;
*) echo "check-server-loss: SIGNAL is STOP or KILL, not $sig" >&2; exit 2 ;;
esac

mkdir -p "$rundir"
console=$rundir/console.log
slog=$rundir/server.log
tmp=$(mktemp -d /tmp/srtpo-uml.XXXXXX)
sock=$tmp/card.sock
spid=
upid=
cleanup() {
	# a stopped server takes no SIGTERM until it runs again
	if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
		kill -KILL "$spid" 2>/dev/null
		kill -CONT "$spid" 2>/dev/null
	fi
	[ -n "$spid" ] && wait "$spid" 2>/dev/null
	if [ -n "$upid" ] && kill -0 "$upid" 2>/dev/null; then
		kill "$upid" 2>/dev/null
		wait "$upid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# shellcheck disable=SC3045 # dash and bash both have ulimit -c
ulimit -c 0

fail() {
	echo "check-server-loss ($sig): FAIL: $*"
	echo "---- last 30 console lines ($console)"
	tail -30 "$console"
	echo "---- server log ($slog)"
	tail -5 "$slog"
	exit 1
}

"$server" --socket "$sock" > "$slog" 2>&1 &
spid=$!
i=0
while [ ! -S "$sock" ]; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$spid" 2>/dev/null; then
		fail "the device server did not start"
	fi
	sleep 0.1
done

# a crypto run long enough to be cut in the middle; the harness's own limit is only a backstop
timeout -k 10 300 "$kernel" mem="$mem" initrd="$rootfs" virtio_uml.device="$sock:$vid" \
	con=null con0=null,fd:1 ssl=null umid="srtpo-loss-$$" uml_dir="$tmp" printk.time=1 \
	virt_pci.max_wait_ms="$wait_ms" uml_test_only=crypto uml_test_packets=1000000 \
	> "$console" 2>&1 < /dev/null &
upid=$!

i=0
until grep -q 'uml-test: -- crypto' "$console"; do
	i=$((i + 1))
	kill -0 "$upid" 2>/dev/null || fail "UML ended before the crypto step"
	[ $i -gt 1200 ] && fail "no crypto step after 120 s"
	sleep 0.1
done
# well into the run: the driver is submitting and reading registers
sleep 2
kill -0 "$upid" 2>/dev/null || fail "UML ended before the server was signalled"
kill -"$sig" "$spid"
t0=$(date +%s)

i=0
while kill -0 "$upid" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt $((bound_s * 10)) ] && fail "UML still running ${bound_s} s after SIG$sig"
	sleep 0.1
done
wait "$upid"
urc=$?
upid=
t1=$(date +%s)

lost='virt-pci: .*(no answer from the device in [0-9]+ ms|'
lost="${lost}connection to the device server is broken)"
line=$(grep -m1 -E "$lost" "$console")
[ -n "$line" ] || fail "no virt-pci message naming the unanswered access (UML exit $urc)"
grep -q 'Kernel panic' "$console" || fail "the kernel did not panic (UML exit $urc)"
grep -qE '^(\[[ 0-9.]*\] )?UML-TEST: ' "$console" &&
	fail "the test printed a verdict after the server was lost"
echo "  $line" | sed 's/^ *\[[ 0-9.]*\] /  /'
echo "check-server-loss ($sig): PASS: UML ended $((t1 - t0)) s after SIG$sig (bound ${bound_s} s)"
