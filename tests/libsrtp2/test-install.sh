#!/bin/sh
# The drop-in as `make install` lays it out (DESTDIR tree): the files where the packaging expects
# them, a client built with `pkg-config srtpo-libsrtp2` that runs on it (srtp_* and the srtpo
# extension), and Debian's libsrtp2 left alone.
#   test-install.sh DESTDIR LIBDIR INCDIR
set -eu
D=$1
LIB=$D$2/srtpo-libsrtp2
INC=$D$3/srtpo-libsrtp2

for f in "$LIB/libsrtp2.so.1" "$LIB/libsrtp2.so.1.srtpo.2.5.0" "$INC/srtp2/srtp.h" \
	 "$INC/srtp2/crypto_types.h" "$INC/srtp2/srtpo_ext.h" "$INC/srtpo.h" \
	 "$D$2/pkgconfig/srtpo-libsrtp2.pc"; do
	[ -e "$f" ] || { echo "test-install: $f missing"; exit 1; }
done
[ -L "$LIB/libsrtp2.so.1" ] || { echo "test-install: libsrtp2.so.1 is not a link"; exit 1; }
readelf -d "$LIB/libsrtp2.so.1" | grep -q 'SONAME.*\[libsrtp2.so.1\]' || {
	echo "test-install: SONAME is not libsrtp2.so.1"; exit 1; }
# nothing outside the private directories (the system's libsrtp2 is never shadowed)
if find "$D" -name 'libsrtp2*' | grep -v "/srtpo-libsrtp2/" | grep -q .; then
	echo "test-install: a libsrtp2 file outside srtpo-libsrtp2/"; exit 1
fi

cat > "$D/client.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <srtp2/srtp.h>
#include <srtp2/srtpo_ext.h>

int main(void)
{
	unsigned char key[30] = { 1, 2, 3 }, pkt[64 + SRTP_MAX_TRAILER_LEN] = { 0x80, 0, 0, 1 };
	srtp_policy_t p;
	srtp_t tx, rx;
	int len = 64;

	memset(&p, 0, sizeof(p));
	srtp_crypto_policy_set_rtp_default(&p.rtp);
	srtp_crypto_policy_set_rtcp_default(&p.rtcp);
	p.ssrc.type = ssrc_any_outbound;
	p.key = key;
	if (srtp_init() || srtp_create(&tx, &p))
		return 1;
	p.ssrc.type = ssrc_any_inbound;
	if (srtp_create(&rx, &p))
		return 1;
	if (srtp_protect(tx, pkt, &len) || len != 74 || srtp_unprotect(rx, pkt, &len) || len != 64)
		return 2;
	if (!srtpo_libsrtp2_session(tx))
		return 3;
	printf("client: %s on %s\n", srtp_get_version_string(),
	       srtpo_backend_name(srtpo_libsrtp2_session(tx)));
	srtp_dealloc(tx);
	srtp_dealloc(rx);
	return 0;
}
C
# The .pc file names the installed prefix; PKG_CONFIG_SYSROOT_DIR maps it into DESTDIR and the
# run-time path is given with LD_LIBRARY_PATH (once installed, the .pc's rpath does it).
PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_PATH=$D$2/pkgconfig \
	sh -c 'cc -Wall -Werror -o "$0/client" "$0/client.c" $(pkg-config --cflags --libs srtpo-libsrtp2)' "$D"
LD_LIBRARY_PATH=$LIB "$D/client"
LD_LIBRARY_PATH=$LIB ldd "$D/client" | grep -q "$LIB/libsrtp2.so.1" || {
	echo "test-install: the client did not load the installed drop-in"; exit 1; }
# The README's third way, in a scratch tree (--altdir/--admindir): the drop-in and Debian's
# library as alternatives for the name libsrtp2.so.1, switched both ways, and a program
# resolving libsrtp2.so.1 through the link.
A=$D/alternatives
mkdir -p "$A/lib" "$A/alt" "$A/admin"
cp /usr/lib/x86_64-linux-gnu/libsrtp2.so.1 "$A/lib/libsrtp2.so.1.debian"
ua() { update-alternatives --quiet --altdir "$A/alt" --admindir "$A/admin" "$@"; }
ua --install "$A/lib/libsrtp2.so.1" libsrtp2.so.1 "$A/lib/libsrtp2.so.1.debian" 10
ua --install "$A/lib/libsrtp2.so.1" libsrtp2.so.1 "$LIB/libsrtp2.so.1" 20
[ "$(readlink -f "$A/lib/libsrtp2.so.1")" = "$(readlink -f "$LIB/libsrtp2.so.1")" ] || {
	echo "test-install: the alternative does not name the drop-in"; exit 1; }
LD_LIBRARY_PATH=$A/lib "$D/client" >/dev/null
ua --set libsrtp2.so.1 "$A/lib/libsrtp2.so.1.debian"
[ "$(readlink -f "$A/lib/libsrtp2.so.1")" = "$A/lib/libsrtp2.so.1.debian" ] || {
	echo "test-install: the alternative did not go back to Debian's"; exit 1; }
if LD_LIBRARY_PATH=$A/lib "$D/client" >/dev/null 2>&1; then
	echo "test-install: the client still ran on the drop-in after switching back"; exit 1
fi
echo "test-install: drop-in installed under $2/srtpo-libsrtp2, client built with pkg-config runs on it"
