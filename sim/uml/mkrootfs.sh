#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# mkrootfs.sh OUT.cpio.gz INIT KO PROGRAM...: the initramfs UML boots for the driver tests.
# busybox (static) provides the shell and tools; each program goes to /bin with the shared
# libraries ldd lists for it (same paths as on the host, so the host's loader finds them).
set -eu
out=$1
init=$2
ko=$3
shift 3

busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "mkrootfs: busybox not found (Debian: busybox-static)" >&2; exit 1; }
# the initramfs has no loader for busybox itself: it must be the static build
if ldd "$busybox" 2>/dev/null | grep -q '=>'; then
	echo "mkrootfs: $busybox is dynamically linked; install busybox-static" >&2
	exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/srtpo-rootfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/lib" \
	"$root/lib64" "$root/root" "$root/etc"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$init" "$root/init"
chmod 755 "$root/init"
cp "$ko" "$root/srtpo.ko"

copy_lib() {
	src=$1
	[ -e "$root$src" ] && return 0
	mkdir -p "$root$(dirname "$src")"
	cp -L "$src" "$root$src"
}

for prog in "$@"; do
	cp "$prog" "$root/bin/$(basename "$prog")"
	# "name => /path (addr)" and "/lib64/ld-linux-x86-64.so.2 (addr)"
	libs=$(ldd "$prog" 2>/dev/null |
		sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p')
	for lib in $libs; do
		copy_lib "$lib"
	done
done

(cd "$root" && find . | sort | cpio -o -H newc --quiet --owner=0:0) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkrootfs: $out ($(du -k "$out" | cut -f1) KiB)"
