#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# `make install` / `make uninstall` into scratch DESTDIRs (run from the top of the tree by
# `make test-install`):
#   1. PREFIX=/usr: the multiarch library directory, srtpo.pc written for /usr, the SONAME link;
#      tests/install/consumer.c and every C example of README.md and srtpo.h built with nothing
#      but pkg-config against the installed tree and run with the installed libsrtpo.so.1; the
#      installed srtpo runs;
#   2. PREFIX=/opt/srtpo into the same DESTDIR: srtpo.pc follows the new prefix;
#   3. uninstall of both: the tree is file for file what it was before (a file and a directory
#      that were there before stay), and a changed file is kept; uninstall without a manifest
#      fails and removes nothing.
#   test-install.sh WORKDIR CC MAKE
set -eu
work=$1 cc=$2 make=$3
dest=$work/root
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }
snapshot() { (cd "$dest" && find . -printf '%y %m %p %l\n' | LC_ALL=C sort); }

rm -rf "$work"
mkdir -p "$dest/usr/include" "$dest/usr/lib"
echo "not ours" > "$dest/usr/include/other.h"
snapshot > "$work/before"

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null) || fail "dpkg-architecture missing"
libdir=/usr/lib/$multiarch
$make --no-print-directory -s install PREFIX=/usr DESTDIR="$dest" > "$work/install.log"
for f in "$libdir/libsrtpo.so.1.0.0" "$libdir/libsrtpo.a" "$libdir/pkgconfig/srtpo.pc" \
	 /usr/include/srtpo.h /usr/bin/srtpo; do
	[ -f "$dest$f" ] || fail "PREFIX=/usr did not install $f"
done
[ "$(readlink "$dest$libdir/libsrtpo.so.1")" = libsrtpo.so.1.0.0 ] || fail "libsrtpo.so.1 link"
readelf -d "$dest$libdir/libsrtpo.so.1" | grep -q 'SONAME.*\[libsrtpo\.so\.1\]' || fail "SONAME"

grep -qx 'prefix=/usr' "$dest$libdir/pkgconfig/srtpo.pc" || fail "srtpo.pc prefix for PREFIX=/usr"
grep -qx "libdir=\${prefix}/lib/$multiarch" "$dest$libdir/pkgconfig/srtpo.pc" || fail "srtpo.pc libdir"
# the installed srtpo.pc, read inside DESTDIR (the sysroot is prepended to its paths)
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest$libdir/pkgconfig"
[ "$(pkg-config --modversion srtpo)" = "$(sed -n 's/^#define SRTPO_VERSION_MAJOR //p' \
	userspace/include/srtpo.h).$(sed -n 's/^#define SRTPO_VERSION_MINOR //p' \
	userspace/include/srtpo.h).$(sed -n 's/^#define SRTPO_VERSION_PATCH //p' \
	userspace/include/srtpo.h)" ] || fail "srtpo.pc version differs from srtpo.h"
# shellcheck disable=SC2046
$cc -Wall -Werror tests/install/consumer.c $(pkg-config --cflags --libs srtpo) -o "$work/consumer"
export LD_LIBRARY_PATH="$dest$libdir"
"$work/consumer"
ldd "$work/consumer" | grep -q "$dest$libdir/libsrtpo.so.1" || fail "consumer did not load the installed library"
python3 tests/install/doc-examples.py --cc "$cc" "$work/examples" README.md userspace/include/srtpo.h
"$dest/usr/bin/srtpo" --version
unset LD_LIBRARY_PATH PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH

$make --no-print-directory -s install PREFIX=/opt/srtpo DESTDIR="$dest" > "$work/install-opt.log"
grep -qx 'prefix=/opt/srtpo' "$dest/opt/srtpo/lib/pkgconfig/srtpo.pc" || fail "srtpo.pc prefix for PREFIX=/opt/srtpo"
grep -qx 'libdir=${prefix}/lib' "$dest/opt/srtpo/lib/pkgconfig/srtpo.pc" || fail "srtpo.pc libdir for PREFIX=/opt/srtpo"

# a file changed after install is kept, and named
echo "edited" >> "$dest/opt/srtpo/include/srtpo.h"
$make --no-print-directory -s uninstall PREFIX=/opt/srtpo DESTDIR="$dest" > "$work/uninstall-opt.log"
grep -q "kept $dest/opt/srtpo/include/srtpo.h" "$work/uninstall-opt.log" || fail "changed file not reported"
[ -f "$dest/opt/srtpo/include/srtpo.h" ] || fail "a changed file was removed"
rm -rf "$dest/opt"
$make --no-print-directory -s uninstall PREFIX=/usr DESTDIR="$dest" > "$work/uninstall.log"
snapshot > "$work/after"
diff -u "$work/before" "$work/after" || fail "uninstall did not leave the tree as it was"

# no manifest: an error, nothing removed
$make --no-print-directory -s uninstall PREFIX=/usr DESTDIR="$dest" > "$work/uninstall-again.log" 2>&1 \
	&& fail "uninstall without a manifest succeeded"
snapshot > "$work/after2"
cmp -s "$work/before" "$work/after2" || fail "uninstall without a manifest changed the tree"
echo "test-install: ok (PREFIX=/usr multiarch, srtpo.pc per prefix, examples, exact uninstall)"
