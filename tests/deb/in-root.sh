#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs inside the scratch root that tests/deb/test-deb.sh made (chroot, as root):
#   in-root.sh DIR KVER
# DIR holds debs/*.deb and the test inputs; KVER is the Debian kernel DKMS must build for.
# Installs every package, uses each, purges them all.
set -eu
dir=$1 kver=$2
cd "$dir"
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
step() { echo "test-deb: $*"; }

pkgs=$(for d in debs/*.deb; do dpkg-deb -f "$d" Package; done | tr '\n' ' ')
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=/usr/lib/$multiarch

# ---- install --------------------------------------------------------------------------------
# man-db's trigger would reindex every manual page of the machine: not what is tested here
echo "man-db man-db/auto-update boolean false" | debconf-set-selections
dpkg -i debs/*.deb > install.log 2>&1 || { cat install.log; fail "dpkg -i $pkgs"; }
for p in $pkgs; do
	dpkg-query -W -f '${Status}' "$p" | grep -q 'install ok installed' || \
		{ cat install.log; fail "$p is not installed"; }
done
step "dpkg -i: $pkgs"

# ---- srtpo-dkms: srtpo.ko built by DKMS for Debian's kernel -------------------------------------
# dkms's postinst builds for the running kernel and the newest one in /lib/modules; inside a
# chroot whose running kernel is the host's, for every kernel there. When KVER was not among
# them (a machine running another Debian kernel with /lib/modules), build it as an admin would.
if ! dkms status -m srtpo -v 1.0 -k "$kver" | grep -q ': installed'; then
	step "DKMS did not build for $kver on install (running kernel $(uname -r)): dkms install -k $kver"
	dkms install -m srtpo -v 1.0 -k "$kver" > dkms.log 2>&1 || { cat dkms.log; fail "dkms install -k $kver"; }
fi
ko=$(modinfo -k "$kver" -n srtpo 2>/dev/null) || { cat install.log; fail "no srtpo.ko for $kver"; }
case $ko in
/lib/modules/"$kver"/updates/dkms/srtpo.ko* | /usr/lib/modules/"$kver"/updates/dkms/srtpo.ko*) ;;
*) fail "srtpo.ko for $kver is $ko, not DKMS's" ;;
esac
vermagic=$(modinfo -F vermagic "$ko")
[ "${vermagic%% *}" = "$kver" ] || fail "srtpo.ko vermagic '$vermagic' is not $kver"
for parm in win_kib win_size slots_per_queue sq_log2 cq_log2 cmd_timeout_ms qu_mmap irq_single; do
	modinfo -F parm "$ko" | grep -q "^$parm:" || fail "srtpo.ko has no parameter $parm"
	grep -q "$parm" /etc/modprobe.d/srtpo.conf || fail "/etc/modprobe.d/srtpo.conf does not name $parm"
done
[ -f /lib/udev/rules.d/60-srtpo.rules ] || [ -f /usr/lib/udev/rules.d/60-srtpo.rules ] || \
	fail "no udev rule 60-srtpo.rules"
getent group srtpo > /dev/null || fail "no group srtpo"
step "srtpo-dkms: $(dkms status -m srtpo -v 1.0 -k "$kver"); $ko, vermagic $vermagic"

# ---- libsrtpo-dev: programs built through pkg-config -----------------------------------------
[ "$(pkg-config --modversion srtpo)" = "$(dpkg-query -W -f '${Version}' libsrtpo-dev | sed 's/-.*//')" ] || \
	fail "srtpo.pc version is not the package's"
# shellcheck disable=SC2046
cc -Wall -Werror consumer.c $(pkg-config --cflags --libs srtpo) -o consumer
./consumer
ldd consumer | grep -Eq "libsrtpo\.so\.1 => (/usr)?/lib/$multiarch/libsrtpo\.so\.1" || \
	fail "consumer does not load $libdir/libsrtpo.so.1"
# the static library (its dependencies from Libs.private / Requires.private)
# shellcheck disable=SC2046
cc -Wall -Werror consumer.c $(pkg-config --cflags srtpo) -Wl,-Bstatic -lsrtpo -Wl,-Bdynamic \
	$(pkg-config --static --libs srtpo | sed 's/-lsrtpo\b//') -o consumer-static
./consumer-static > /dev/null
if ldd consumer-static | grep -q libsrtpo; then fail "consumer-static loads libsrtpo.so"; fi
python3 doc-examples.py examples README.md srtpo.h
step "libsrtpo-dev: consumer (shared and static) and the documents' examples built and run"

# ---- srtpo: the command ------------------------------------------------------------------------
[ "$(command -v srtpo)" = /usr/bin/srtpo ] || fail "srtpo is not /usr/bin/srtpo"
srtpo --version
key=4fl6DT4Bi+DWT6MsBt5BOQ7Gda1Jiv7rtpYLOqvm
srtpo gen-call -q call.pcap
srtpo protect --suite AES_CM_128_HMAC_SHA1_80 --key $key call.pcap call.srtp.pcap > protect.log 2>&1
srtpo unprotect --suite AES_CM_128_HMAC_SHA1_80 --key $key call.srtp.pcap back.pcap > unprotect.log 2>&1
srtpo pcap-diff call.pcap back.pcap > diff.log 2>&1 || { cat diff.log; fail "srtpo round trip differs"; }
if srtpo pcap-diff call.pcap call.srtp.pcap > /dev/null 2>&1; then fail "srtpo protect changed nothing"; fi
[ -f /usr/share/man/man1/srtpo.1.gz ] || fail "no srtpo(1)"
step "srtpo: gen-call, protect, unprotect, pcap-diff from /usr/bin/srtpo"

# ---- srtpo-libsrtp2: the drop-in, never in the loader's way unless the admin says so -----------
case " $pkgs " in
*" srtpo-libsrtp2 "*)
	priv=$libdir/srtpo-libsrtp2
	[ -e "$priv/libsrtp2.so.1" ] || fail "no $priv/libsrtp2.so.1"
	ldconfig
	if ldconfig -p | grep 'libsrtp2\.so\.1 ' | head -n 1 | grep -q srtpo-libsrtp2; then
		fail "installing srtpo-libsrtp2 made the loader pick it over the system's libsrtp2"
	fi
	# shellcheck disable=SC2046
	cc -Wall -Werror srtp2_client.c $(pkg-config --cflags --libs libsrtp2) -o srtp2-client
	if ldd srtp2-client | grep -q srtpo-libsrtp2; then fail "srtp2-client loads the drop-in by default"; fi
	./srtp2-client > system.out
	LD_LIBRARY_PATH=$priv ldd srtp2-client | grep -q "$priv/libsrtp2.so.1" || \
		fail "LD_LIBRARY_PATH=$priv does not load the drop-in"
	LD_LIBRARY_PATH=$priv ./srtp2-client > dropin.out
	cmp -s system.out dropin.out || fail "the drop-in protects differently: $(cat system.out) vs $(cat dropin.out)"
	# the system-wide opt-in of debian/srtpo-libsrtp2.README.Debian, then undone
	echo "$priv" > /etc/ld.so.conf.d/00-srtpo-libsrtp2.conf
	ldconfig
	ldd srtp2-client | grep -q "$priv/libsrtp2.so.1" || fail "the ld.so.conf.d opt-in does not load the drop-in"
	./srtp2-client | cmp -s - system.out || fail "the drop-in through ld.so.conf.d protects differently"
	rm /etc/ld.so.conf.d/00-srtpo-libsrtp2.conf
	ldconfig
	if ldd srtp2-client | grep -q srtpo-libsrtp2; then fail "the opt-in is not undone"; fi
	case " $pkgs " in
	*" srtpo-libsrtp2-dev "*)
		# shellcheck disable=SC2046
		cc -Wall -Werror srtp2_client.c $(pkg-config --cflags --libs srtpo-libsrtp2) -o srtp2-srtpo
		ldd srtp2-srtpo | grep -q "$priv/libsrtp2.so.1" || fail "built with srtpo-libsrtp2.pc, the drop-in is not loaded"
		./srtp2-srtpo | cmp -s - system.out || fail "built with srtpo-libsrtp2.pc, protects differently"
		;;
	esac
	step "srtpo-libsrtp2: system's libsrtp2 untouched; the drop-in by LD_LIBRARY_PATH and by the opt-in gives the same bytes"
	;;
*)
	step "srtpo-libsrtp2: not built (no drop-in in this tree)"
	;;
esac

# ---- purge -----------------------------------------------------------------------------------
dpkg --purge $pkgs > purge.log 2>&1 || { cat purge.log; fail "dpkg --purge"; }
for p in $pkgs; do
	if dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q installed; then fail "$p still installed"; fi
done
if dkms status -m srtpo 2>/dev/null | grep -q .; then fail "dkms still knows srtpo: $(dkms status -m srtpo)"; fi
[ ! -e /usr/src/srtpo-1.0 ] || fail "/usr/src/srtpo-1.0 left behind"
step "dpkg --purge: $pkgs"
