#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run-uml.sh KERNEL SERVER ROOTFS VIRTIO_ID RUNDIR: starts the card's device server, boots UML
# with the card on its PCI bus and the test initramfs, and judges the console log: the init must
# print "UML-TEST: PASS", and the kernel must not have oopsed, warned, panicked or reported a
# leak. Environment: UML_TIMEOUT (seconds, default 900), UML_MEM (default 384M),
# UML_CMDLINE (extra kernel arguments), UML_SERVER_ARGS (extra server arguments),
# UML_CARDS (cards on the bus, one device server each, default 1).
set -u
kernel=$1
server=$2
rootfs=$3
vid=$4
rundir=$5
timeout_s=${UML_TIMEOUT:-900}
mem=${UML_MEM:-384M}

mkdir -p "$rundir"
console=$rundir/console.log
slog=$rundir/server.log
# unix socket paths are short (108 bytes): keep the socket and UML's own files in /tmp
tmp=$(mktemp -d /tmp/srtpo-uml.XXXXXX)
cards=${UML_CARDS:-1}
sock=$tmp/card.sock
spid=
spids=
cleanup() {
	for p in $spid $spids; do
		if kill -0 "$p" 2>/dev/null; then
			kill "$p" 2>/dev/null
			wait "$p" 2>/dev/null
		fi
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# virt-pci (patches/0002) waits for each config/BAR read answer up to virt_pci.max_wait_ms of
# host time (default 10 s) and panics when the device server does not answer: no delay-loop
# tuning is needed, and a panic must not leave a core file behind.
# shellcheck disable=SC3045 # dash and bash both have ulimit -c
ulimit -c 0

# One boot: the device servers, UML, the verdict. Returns 0 (pass), 1 (fail) or 2 (fail that
# is UML's own: see retriable below).
boot() {
	start=$(date +%s)
	# a second boot must not find the first one's sockets
	rm -f "$tmp"/*.sock
	# shellcheck disable=SC2086
	"$server" --socket "$sock" ${UML_SERVER_ARGS:-} > "$slog" 2>&1 &
	spid=$!
	i=0
	while [ ! -S "$sock" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$spid" 2>/dev/null; then
			echo "run-uml: the device server did not start:" >&2
			cat "$slog" >&2
			return 1
		fi
		sleep 0.1
	done
	# more cards: one more server each, on the bus after the first
	devices="virtio_uml.device=$sock:$vid"
	n=1
	while [ $n -lt "$cards" ]; do
		s2=$tmp/card$n.sock
		# shellcheck disable=SC2086
		"$server" --socket "$s2" ${UML_SERVER_ARGS:-} > "$rundir/server$n.log" 2>&1 &
		spids="$spids $!"
		i=0
		while [ ! -S "$s2" ]; do
			i=$((i + 1))
			[ $i -gt 100 ] && { echo "run-uml: device server $n did not start" >&2; return 1; }
			sleep 0.1
		done
		devices="$devices virtio_uml.device=$s2:$vid"
		n=$((n + 1))
	done

	echo "run-uml: booting UML (timeout ${timeout_s}s, log $console)"
	# shellcheck disable=SC2086
	timeout -k 10 "$timeout_s" "$kernel" mem="$mem" initrd="$rootfs" \
		$devices con=null con0=null,fd:1 ssl=null \
		umid="srtpo-$$" uml_dir="$tmp" printk.time=1 ${UML_CMDLINE:-} \
		> "$console" 2>&1 < /dev/null
	urc=$?

	# the server ends by itself when UML closes the connection
	i=0
	while kill -0 "$spid" 2>/dev/null && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	for p in $spids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	spids=
	src=0
	if kill -0 "$spid" 2>/dev/null; then
		echo "run-uml: the device server did not exit after UML" >&2
		src=1
		# a UML helper process left behind may hold the socket open; the server must go anyway
		kill -KILL "$spid" 2>/dev/null
		wait "$spid" 2>/dev/null
	else
		wait "$spid"
		src=$?
	fi
	spid=
	end=$(date +%s)

	fail=""
	[ $urc -eq 124 ] || [ $urc -eq 137 ] && fail="$fail timeout(${timeout_s}s)"
	grep -q '^UML-TEST: PASS' "$console" || fail="$fail no-PASS-line"
	kpat='Oops|BUG:|WARNING:|Kernel panic|general protection|Call Trace|UBSAN|KASAN|virt-pci:'
	kpat="$kpat|kmemleak: [0-9]+ new suspected|unreferenced object|um virt-pci delay"
	bad=$(grep -nE "$kpat" "$console" | head -20)
	# the driver's own complaints (a wipe or drain that failed, a timeout) fail the run too
	drv=$(grep -nE 'srtpo [0-9a-f]{4}:.*(fail|timed out|timeout)' "$console" | head -10)
	[ -n "$drv" ] && bad=$(printf '%s\n%s' "$bad" "$drv" | sed '/^$/d')
	[ -n "$bad" ] && fail="$fail kernel-log"
	[ $src -eq 0 ] || fail="$fail server-exit($src)"

	grep -E '^(\[[ 0-9.]*\] )?(uml-test|UML-TEST)' "$console" | sed 's/^/  /'
	# reads that took longer than stock virt-pci's 40 ms (patches/0002 logs them, rate-limited)
	slow=$(grep -c 'virt-pci slow answer' "$console")
	if [ "$slow" -gt 0 ]; then
		worst=$(sed -n 's/.*virt-pci slow answer: .* after \([0-9]*\) ms.*/\1/p' "$console" |
			sort -n | tail -1)
		echo "  virt-pci: $slow reads answered after more than 40 ms (longest $worst ms)"
	fi
	tail -1 "$slog" | sed 's/^/  /'
	if [ -n "$fail" ]; then
		echo "run-uml: FAIL:$fail (UML exit $urc, $((end - start)) s)"
		echo "---- last 60 console lines ($console)"
		tail -60 "$console"
		echo "---- server log ($slog)"
		tail -20 "$slog"
		# the diagnosis last, where a log cut to its head and tail still shows it
		echo "---- what failed"
		[ -n "$bad" ] && echo "$bad"
		grep -E '^uml-test: .* FAIL$' "$console"
		echo "run-uml: FAIL:$fail (UML exit $urc, $((end - start)) s)"
		retriable "$fail" && return 2
		return 1
	fi
	echo "run-uml: PASS ($((end - start)) s)"
}

# A failed boot is UML's own, and worth one more boot, only when the kernel crashed with nothing
# of ours in sight: no test step reported a failure, the crash's messages and call trace name
# neither the driver nor virt-pci (the card's transport), the driver logged no complaint, and
# the device servers exited cleanly. Seen once in a CI run: a crash in the
# scheduler of a kworker right after a module unload, UML's kernel-range TLB flush the suspect.
# Anything else (a step's FAIL, a timeout, a leak, a driver message) fails at once.
retriable() {
	case " $1 " in
	*" timeout("*|*server-exit*) return 1 ;;
	esac
	grep -qE '^uml-test: .* FAIL$' "$console" && return 1
	first=$(grep -nE 'Kernel panic|Oops|general protection|BUG:|WARNING:' "$console" |
		head -1 | cut -d: -f1)
	[ -n "$first" ] || return 1
	grep -qE 'Kernel panic|Oops|general protection|BUG:' "$console" || return 1
	# the driver's complaints, leak reports, and from the crash on, any trace of ours
	grep -qE 'srtpo [0-9a-f]{4}:.*(fail|timed out|timeout)|kmemleak: [0-9]+ new suspected|unreferenced object' \
		"$console" && return 1
	tail -n +"$first" "$console" | grep -qE '\[srtpo\]|srtpo_|virt-pci|um_pci|virtio_uml|vu_' &&
		return 1
	return 0
}

boot
rc=$?
if [ $rc -eq 2 ]; then
	echo "run-uml: the kernel crashed outside the driver and the card's transport; booting once more"
	mv "$console" "$console.first"
	boot
	rc=$?
	[ $rc -eq 0 ] && echo "run-uml: PASS on the second boot (the first: $console.first)"
fi
[ $rc -eq 0 ] || exit 1
