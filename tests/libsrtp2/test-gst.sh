#!/bin/sh
# GStreamer's srtpenc/srtpdec (gstreamer1.0-plugins-bad, unchanged) over the libsrtp2 drop-in and
# over Debian's libsrtp2: for every cipher and authentication srtpenc offers, the same pipeline
# runs twice, once with LD_LIBRARY_PATH at the drop-in's directory (so libgstsrtp.so loads it as
# its libsrtp2.so.1) and once without; the SRTP it writes must be byte-identical, and srtpdec
# must give back exactly the RTP that went in (an RTP sequence rollover happens on the way).
#
#   test-gst.sh DROPIN_DIR WORKDIR
set -eu

DROPIN_DIR=$1
WORK=$2
mkdir -p "$WORK"
rm -f "$WORK"/*.bin "$WORK"/*.log

# Proof that the dropped-in library is the one GStreamer loads.
LD_LIBRARY_PATH=$DROPIN_DIR LD_DEBUG=libs gst-inspect-1.0 srtpenc >/dev/null 2>"$WORK/loader.log" || true
if ! grep -q "calling init: $DROPIN_DIR/libsrtp2.so.1" "$WORK/loader.log"; then
	echo "test-gst: libgstsrtp.so did not load $DROPIN_DIR/libsrtp2.so.1 (see $WORK/loader.log)"
	exit 1
fi

# 20 ms of mu-law per packet, 60 packets, sequence numbers from 65500: ROC 0 -> 1.
SRC="audiotestsrc num-buffers=60 samplesperbuffer=160 wave=sine freq=440 ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay ssrc=287454020 seqnum-offset=65500 timestamp-offset=1000 pt=0"
KEY30=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e
KEY46=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e
KEY28=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c
KEY44=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c

# Runs a pipeline; 0 when it ran to the end, 1 when it failed. srtpenc refusing its settings
# leaves gst-launch-1.0 waiting after the error, so a failed run is stopped once it said so.
attempt() { # name, extra environment ("" or LD_LIBRARY_PATH=...), pipeline
	name=$1
	envset=$2
	shift 2
	: >"$WORK/$name.log"
	env $envset gst-launch-1.0 -q $* >"$WORK/$name.log" 2>&1 &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null; do
		if grep -q "^ERROR" "$WORK/$name.log" || [ $i -ge 600 ]; then
			sleep 0.5 # the rest of the message
			kill $pid 2>/dev/null || true
			wait $pid 2>/dev/null || true
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	wait $pid
}

run() {
	if ! attempt "$@"; then
		echo "test-gst: pipeline failed ($1): gst-launch-1.0 $3"
		tail -n 20 "$WORK/$1.log"
		exit 1
	fi
}

run plain "" "$SRC ! filesink location=$WORK/plain.bin"

CIPHERS=${GST_CIPHERS:-"null aes-128-icm aes-256-icm aes-128-gcm aes-256-gcm"}
n=0
refused=0
for cipher in $CIPHERS; do
	case $cipher in
	null|aes-128-icm) key=$KEY30 ;;
	aes-256-icm) key=$KEY46 ;;
	aes-128-gcm) key=$KEY28 ;;
	aes-256-gcm) key=$KEY44 ;;
	esac
	for auth in null hmac-sha1-32 hmac-sha1-80; do
		tag=$cipher.$auth
		enc="srtpenc key=$key rtp-cipher=$cipher rtp-auth=$auth rtcp-cipher=$cipher rtcp-auth=$auth"
		# Some settings srtpenc (with libsrtp2) refuses: the drop-in must refuse them the same
		# way (same libsrtp2 error code in srtpenc's message), and produce nothing.
		if ! attempt "debian.$tag" "" "$SRC ! $enc ! filesink location=$WORK/debian.$tag.bin"; then
			if attempt "dropin.$tag" "LD_LIBRARY_PATH=$DROPIN_DIR" "$SRC ! $enc ! filesink location=$WORK/dropin.$tag.bin"; then
				echo "test-gst: $tag: Debian's libsrtp2 refuses it, the drop-in does not"
				exit 1
			fi
			want=$(grep -o "err: [0-9]*" "$WORK/debian.$tag.log" | head -n 1)
			got=$(grep -o "err: [0-9]*" "$WORK/dropin.$tag.log" | head -n 1)
			if [ "$want" != "$got" ]; then
				echo "test-gst: $tag: refused with '$got' over the drop-in, '$want' over libsrtp2"
				exit 1
			fi
			refused=$((refused + 1))
			continue
		fi
		run "dropin.$tag" "LD_LIBRARY_PATH=$DROPIN_DIR" "$SRC ! $enc ! filesink location=$WORK/dropin.$tag.bin"
		run "dropin-dec.$tag" "LD_LIBRARY_PATH=$DROPIN_DIR" "$SRC ! $enc ! srtpdec ! filesink location=$WORK/dropin-dec.$tag.bin"
		if ! cmp -s "$WORK/debian.$tag.bin" "$WORK/dropin.$tag.bin"; then
			echo "test-gst: $tag: srtpenc output differs between Debian's libsrtp2 and the drop-in"
			cmp "$WORK/debian.$tag.bin" "$WORK/dropin.$tag.bin" || true
			exit 1
		fi
		if [ ! -s "$WORK/debian.$tag.bin" ] || cmp -s "$WORK/plain.bin" "$WORK/dropin.$tag.bin"; then
			echo "test-gst: $tag: srtpenc wrote nothing, or the plain RTP"
			exit 1
		fi
		if ! cmp -s "$WORK/plain.bin" "$WORK/dropin-dec.$tag.bin"; then
			echo "test-gst: $tag: srtpdec over the drop-in did not give back the RTP"
			exit 1
		fi
		n=$((n + 1))
	done
done
[ $n -gt 0 ] || { echo "test-gst: no combination ran"; exit 1; }
echo "test-gst: $n cipher/auth combinations: srtpenc byte-identical to Debian's libsrtp2, srtpdec gives back the RTP ($(stat -c %s "$WORK/plain.bin") bytes); $refused refused by both alike"
