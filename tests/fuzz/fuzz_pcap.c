// SPDX-License-Identifier: BSD-3-Clause
/*
 * fuzz_pcap.c - libFuzzer target for the srtpo command's capture code: the pcap reader
 * (userspace/tools/pcap.c), the link/IP/UDP dissector, RTP/RTCP classification and the payload
 * rewriter (net.c), and the writer. The input is a pcap or pcapng file.
 *
 * Beyond "no crash, no out-of-bounds read" (ASan, UBSan) it checks what the command relies on:
 *   - a dissected UDP payload lies inside the IP datagram, which lies inside the record;
 *   - replacing the payload with a longer or shorter one yields a frame that dissects again to
 *     exactly that payload (every length field fixed);
 *   - what the writer wrote (in the input's format) reads back with as many records, byte for
 *     byte, with the same interfaces, timestamps and packet options.
 *
 * Build and run: make fuzz-pcap; make test-fuzz-pcap (seeded with gen-call captures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "pcap.h"

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_pcap: check failed: %s (line %d)\n", #cond, \
				__LINE__);                                               \
			abort();                                                         \
		}                                                                        \
	} while (0)

#define MAX_OUT (PCAP_MAX_RECORD + 512)

static uint8_t out_frame[MAX_OUT];
static uint8_t new_payload[MAX_OUT];

/* Rewrites the payload with one `delta` bytes longer (or shorter) and dissects the result. */
static void check_rewrite(uint32_t linktype, const uint8_t *frame, size_t caplen,
			  const struct net_pkt *np, long delta)
{
	struct net_pkt np2;
	size_t plen, out_len, i;

	if (delta < 0 && (size_t)-delta > np->payload_len)
		delta = -(long)np->payload_len;
	plen = (size_t)((long)np->payload_len + delta);
	for (i = 0; i < plen; i++)
		new_payload[i] = (uint8_t)(i * 131 + 7);
	if (net_replace_payload(np, frame, caplen, new_payload, plen, out_frame, sizeof(out_frame),
				&out_len))
		return; /* too big for the IP length fields: the command drops such a packet */
	CHECK(out_len == caplen - np->payload_len + plen);
	CHECK(net_parse(linktype, out_frame, out_len, out_len, &np2) == NET_UDP);
	CHECK(np2.payload_off == np->payload_off);
	CHECK(np2.payload_len == plen);
	CHECK(np2.ipver == np->ipver);
	CHECK(memcmp(out_frame + np2.payload_off, new_payload, plen) == 0);
	/* The bytes after the datagram (link padding) are kept. */
	CHECK(memcmp(out_frame + np2.payload_off + plen, frame + np->payload_off + np->payload_len,
		     caplen - np->payload_off - np->payload_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcap_reader rd, rd2;
	struct pcap_writer wr;
	struct pcap_record rec, rec2;
	uint64_t written = 0;
	FILE *in, *in2, *out;
	int rc;

	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "rb");
	if (!in)
		return 0;
	if (pcap_reader_fdopen(&rd, in, "fuzz.pcap")) {
		CHECK(rd.err[0] != 0);
		fclose(in);
		return 0;
	}
	out = tmpfile();
	if (!out) {
		pcap_reader_close(&rd);
		fclose(in);
		return 0;
	}
	pcap_writer_init(&wr, out, "out.pcap", rd.format, &rd, NULL, 0);
	while ((rc = pcap_read(&rd, &rec)) == 1) {
		struct net_pkt np;
		enum net_reason r;
		uint32_t linktype;

		CHECK(rec.caplen <= PCAP_MAX_RECORD);
		CHECK(rec.iface < rd.n_ifaces);
		linktype = rd.ifaces[rec.iface].linktype;
		r = net_parse(linktype, rec.data, rec.caplen, rec.origlen, &np);
		CHECK((unsigned)r < NET_REASON_COUNT);
		if (r == NET_UDP) {
			uint32_t ssrc = 0;

			CHECK(np.ipver == 4 || np.ipver == 6);
			CHECK(np.l3_off < np.udp_off);
			CHECK(np.udp_off + 8 == np.payload_off);
			CHECK((size_t)np.payload_off + np.payload_len <= np.ip_end);
			CHECK(np.ip_end <= rec.caplen);
			(void)rtp_classify(rec.data + np.payload_off, np.payload_len, &ssrc);
			check_rewrite(linktype, rec.data, rec.caplen, &np, 0);
			check_rewrite(linktype, rec.data, rec.caplen, &np, 26);
			check_rewrite(linktype, rec.data, rec.caplen, &np, -14);
		}
		CHECK(pcap_write(&wr, &rec) == 0);
		written++;
	}
	CHECK(rc == 0 || rd.err[0] != 0);
	CHECK(pcap_writer_finish(&wr) == 0);
	rewind(out);

	pcap_reader_close(&rd);
	fclose(in);

	/* What was written reads back the same: the input again beside the output. */
	in = fmemopen((void *)data, size, "rb");
	in2 = out;
	CHECK(in != NULL);
	CHECK(pcap_reader_fdopen(&rd, in, "fuzz.pcap") == 0);
	CHECK(pcap_reader_fdopen(&rd2, in2, "out.pcap") == 0);
	CHECK(rd2.format == rd.format);
	CHECK(rd2.info.swapped == rd.info.swapped);
	if (rd.format == PCAP_FORMAT_PCAP) {
		CHECK(rd2.info.linktype == rd.info.linktype);
		CHECK(rd2.info.nanosecond == rd.info.nanosecond);
	}
	while (written--) {
		CHECK(pcap_read(&rd, &rec) == 1);
		CHECK(pcap_read(&rd2, &rec2) == 1);
		CHECK(rec.ts == rec2.ts && rec.iface == rec2.iface);
		CHECK(rd.ifaces[rec.iface].linktype == rd2.ifaces[rec2.iface].linktype);
		CHECK(rd.ifaces[rec.iface].units == rd2.ifaces[rec2.iface].units);
		CHECK(rec.caplen == rec2.caplen && rec.origlen == rec2.origlen);
		CHECK(memcmp(rec.data, rec2.data, rec.caplen) == 0);
		CHECK(rec.opts_len == rec2.opts_len);
		CHECK(rec.opts_len == 0 || memcmp(rec.opts, rec2.opts, rec.opts_len) == 0);
	}
	CHECK(pcap_read(&rd2, &rec2) == 0);
	pcap_reader_close(&rd);
	pcap_reader_close(&rd2);
	fclose(in);
	fclose(in2);
	return 0;
}
