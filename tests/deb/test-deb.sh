#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# The Debian packages installed, used and purged in a scratch root (`make test-deb`, as root):
#
#   test-deb.sh DEBDIR WORKDIR
#
# The scratch root is an overlay over / (the machine's own Debian 12, so every dependency is
# already there) whose writable layer is a tmpfs, mounted in a private mount namespace: nothing
# the packages or their maintainer scripts do reaches the machine, and everything they do is in
# the writable layer. tests/deb/in-root.sh runs inside it (chroot): dpkg -i of the packages,
# DKMS building srtpo.ko for Debian's kernel (the newest /usr/src/linux-headers-*-amd64), a
# program built through pkg-config against libsrtpo-dev, the README and srtpo.h examples, the
# srtpo command, the drop-in; then dpkg --purge. Afterwards the writable layer must hold nothing
# but dpkg's and the loader's bookkeeping (and /etc/group: the srtpo group is kept on purge, see
# debian/README.Debian): every other file there was left behind, changed or deleted.
set -eu

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

if [ "${1:-}" != --in-namespace ]; then
	[ $# -eq 2 ] || { echo "usage: $0 DEBDIR WORKDIR" >&2; exit 2; }
	[ "$(id -u)" -eq 0 ] || fail "needs root (an overlay mount and dpkg in a scratch root)"
	exec unshare --mount --propagation private -- sh "$0" --in-namespace "$@"
fi
shift
debdir=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

headers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$headers" ] || fail "no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-amd64)"
kver=${headers#/usr/src/linux-headers-}
[ -f "/lib/modules/$kver/build/Makefile" ] || fail "/lib/modules/$kver/build is not $headers"

debs=$(cd "$debdir" && ls *.deb | grep -v -- '-dbgsym_') || fail "no packages in $debdir"

rm -rf "$work"
mkdir -p "$work"
mount -t tmpfs -o mode=0755 srtpo-test-deb "$work"
mkdir "$work/upper" "$work/overlay-work" "$work/root"
mount -t overlay srtpo-test-deb -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" \
	"$work/root"
root=$work/root
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"
mount -t tmpfs tmpfs "$root/tmp"

# the inputs, on the scratch root's own /tmp
mkdir -p "$root/tmp/srtpo-test/debs"
for d in $debs; do cp "$debdir/$d" "$root/tmp/srtpo-test/debs/"; done
cp "$top/README.md" "$top/userspace/include/srtpo.h" "$top/tests/install/consumer.c" \
	"$top/tests/install/doc-examples.py" "$here/in-root.sh" "$here/srtp2_client.c" \
	"$root/tmp/srtpo-test/"

before=$(cd "$work/upper" && find . -mindepth 1 | LC_ALL=C sort)
[ -z "$before" ] || fail "the writable layer is not empty before the install: $before"

echo "test-deb: packages: $(echo $debs | tr '\n' ' ')"
echo "test-deb: scratch root: overlay over / in $root; DKMS target $kver"
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 HOME=/root \
	DEBIAN_FRONTEND=noninteractive sh /tmp/srtpo-test/in-root.sh /tmp/srtpo-test "$kver"

# What the install and the purge left in the writable layer. Directories that exist on the
# machine are only the parents of copied-up files. Allowed: dpkg's, debconf's and the loader's
# bookkeeping, the module index depmod rewrote (checked for srtpo below), /etc/group and
# /etc/gshadow, DKMS's signing key.
left=$(cd "$work/upper" && find . -mindepth 1 | sed 's|^\./|/|' | LC_ALL=C sort | while read -r p; do
	u=$work/upper$p
	if [ -d "$u" ] && [ ! -L "$u" ] && [ -d "$p" ] && [ ! -L "$p" ]; then continue; fi
	case $p in
	/var/lib/dpkg/* | /var/log/* | /var/cache/ldconfig/* | /var/cache/man/* | /etc/ld.so.cache) continue ;;
	/var/cache/debconf/*) continue ;;
	/etc/group | /etc/group- | /etc/gshadow | /etc/gshadow- | /etc/.pwd.lock) continue ;;
	# DKMS's module signing key, made the first time DKMS builds any module and kept for all
	# (it may be enrolled for Secure Boot): the machine's, not the package's
	/var/lib/dkms/mok.key | /var/lib/dkms/mok.pub) continue ;;
	/lib/modules/"$kver"/modules.* | /usr/lib/modules/"$kver"/modules.*) continue ;;
	esac
	if [ -c "$u" ]; then echo "deleted: $p"
	elif [ -e "$p" ] || [ -L "$p" ]; then echo "changed: $p"
	else echo "left behind: $p"; fi
done)
[ -z "$left" ] || fail "after the purge the scratch root differs from the machine:
$left"
if grep -qs srtpo "$work/upper/lib/modules/$kver/modules.dep" \
	"$work/upper/usr/lib/modules/$kver/modules.dep"; then
	fail "srtpo is still in the module index of $kver"
fi
echo "test-deb: ok (installed, used and purged; nothing left behind)"
