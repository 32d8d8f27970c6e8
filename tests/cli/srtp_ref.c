// SPDX-License-Identifier: BSD-3-Clause
/*
 * srtp_ref.c - the reference side of the command-line tests, so that they do not only check the
 * `srtpo` command against itself:
 *
 *   srtp-ref protect|unprotect --impl libsrtp2|libsrtpo --suite NAME --key B64 IN OUT
 *       protects or unprotects the RTP/RTCP of a capture with libsrtp2 (an independent
 *       implementation) or with libsrtpo's single-packet calls (not the bursts the command uses).
 *       Files are read and written with libpcap, not the command's pcap code, and the key is
 *       decoded with OpenSSL, not srtpo_sdes_parse. Strict: any packet that fails is an error.
 *   srtp-ref mkpcap OUT [DPORT/]HEX...
 *       writes an Ethernet/IPv4/UDP capture (libpcap's writer) with one record per HEX payload
 *       (from port 30000 to DPORT, default 30002), for known-answer tests through the command.
 *   srtp-ref dump FILE
 *       prints the UDP payload of every record in hex, one per line ("-" when it has none).
 *   srtp-ref check FILE
 *       reads FILE with libpcap and checks every UDP frame: caplen within snaplen and equal to
 *       the wire length, IPv4 header checksum, UDP checksum (IPv4 when non-zero, IPv6 always).
 *
 * Exit status: 0 ok, 1 a packet failed or a check did not hold, 2 usage error.
 */
#include <pcap/pcap.h>
#include <srtp2/srtp.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net.h"
#include "pcap.h"
#include "srtpo.h"

#define MAX_FRAME (PCAP_MAX_RECORD + 256)

struct ref {
	int protect, use_libsrtp2;
	srtpo_suite_t suite;
	uint8_t key[64];             /* master key || salt */
	size_t key_len;
	srtp_t s2;
	srtpo_session_t *so;
};

static int usage_error(const char *msg)
{
	fprintf(stderr, "srtp-ref: %s\n", msg);
	return 2;
}

/* Base64 of key || salt with OpenSSL, 'inline:' and '|...' parameters stripped. */
static int decode_key(const char *text, uint8_t *out, size_t cap, size_t *len)
{
	char b64[128];
	uint8_t tmp[96];
	size_t n, pad = 0;
	int got;

	if (!strncasecmp(text, "inline:", 7))
		text += 7;
	n = strcspn(text, "|");
	if (n == 0 || n >= sizeof(b64) || n % 4)
		return -1;
	memcpy(b64, text, n);
	b64[n] = 0;
	while (pad < 2 && b64[n - 1 - pad] == '=')
		pad++;
	got = EVP_DecodeBlock(tmp, (const unsigned char *)b64, (int)n);
	if (got < 0 || (size_t)got < pad || (size_t)got - pad > cap)
		return -1;
	*len = (size_t)got - pad;
	memcpy(out, tmp, *len);
	return 0;
}

/* libsrtp2 policies for the SDES suites; RTCP keeps an 80-bit tag for the _32 suites
 * (RFC 4568 6.2). */
static int libsrtp2_policy(srtpo_suite_t suite, srtp_crypto_policy_t *rtp, srtp_crypto_policy_t *rtcp)
{
	switch (suite) {
	case SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_AES_CM_128_NULL_AUTH:
		srtp_crypto_policy_set_aes_cm_128_null_auth(rtp);
		srtp_crypto_policy_set_aes_cm_128_null_auth(rtcp);
		break;
	case SRTPO_SUITE_AES_256_CM_NULL_AUTH:
		srtp_crypto_policy_set_aes_cm_256_null_auth(rtp);
		srtp_crypto_policy_set_aes_cm_256_null_auth(rtcp);
		break;
	case SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_80:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtp);
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_32:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtp);
		rtp->auth_tag_len = 4;
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(rtcp);
		break;
	case SRTPO_SUITE_NULL_CIPHER_NULL_AUTH:
		srtp_crypto_policy_set_null_cipher_hmac_null(rtp);
		srtp_crypto_policy_set_null_cipher_hmac_null(rtcp);
		break;
	default:
		return -1;
	}
	return 0;
}

static int ref_open(struct ref *r)
{
	if (r->use_libsrtp2) {
		srtp_policy_t p;

		if (srtp_init() != srtp_err_status_ok)
			return -1;
		memset(&p, 0, sizeof(p));
		if (libsrtp2_policy(r->suite, &p.rtp, &p.rtcp))
			return -1;
		if ((size_t)p.rtp.cipher_key_len != r->key_len) {
			fprintf(stderr, "srtp-ref: key is %zu bytes, libsrtp2 wants %d\n", r->key_len,
				p.rtp.cipher_key_len);
			return -1;
		}
		p.ssrc.type = r->protect ? ssrc_any_outbound : ssrc_any_inbound;
		p.key = r->key;
		p.window_size = 128;
		return srtp_create(&r->s2, &p) == srtp_err_status_ok ? 0 : -1;
	} else {
		srtpo_policy_t p;
		srtpo_master_key_t mk;
		size_t kl;

		srtpo_policy_init(&p, &mk, r->suite, r->key, NULL);
		kl = srtpo_master_key_len(p.rtp.cipher);
		if (kl + SRTPO_SALT_LEN != r->key_len)
			return -1;
		mk.salt = r->key + kl;
		if (p.rtp.auth == SRTPO_AUTH_HMAC_SHA1 && p.rtp.tag_len == 4)
			p.rtcp.tag_len = 10;
		p.ssrc_type = r->protect ? SRTPO_SSRC_ANY_OUTBOUND : SRTPO_SSRC_ANY_INBOUND;
		return srtpo_create(&r->so, &p, 1, NULL) == SRTPO_OK ? 0 : -1;
	}
}

/* One packet in place; *len in and out. Returns 0 or a description of the failure. */
static const char *ref_packet(struct ref *r, enum rtp_class cls, uint8_t *buf, size_t *len,
			      size_t cap)
{
	static char msg[64];

	if (r->use_libsrtp2) {
		int n = (int)*len;
		srtp_err_status_t e;

		if (r->protect)
			e = cls == RTP_CLASS_RTP ? srtp_protect(r->s2, buf, &n)
						 : srtp_protect_rtcp(r->s2, buf, &n);
		else
			e = cls == RTP_CLASS_RTP ? srtp_unprotect(r->s2, buf, &n)
						 : srtp_unprotect_rtcp(r->s2, buf, &n);
		if (e != srtp_err_status_ok) {
			snprintf(msg, sizeof(msg), "libsrtp2 error %d", (int)e);
			return msg;
		}
		*len = (size_t)n;
	} else {
		int e;

		if (r->protect)
			e = cls == RTP_CLASS_RTP ? srtpo_protect(r->so, buf, len, cap)
						 : srtpo_protect_rtcp(r->so, buf, len, cap);
		else
			e = cls == RTP_CLASS_RTP ? srtpo_unprotect(r->so, buf, len)
						 : srtpo_unprotect_rtcp(r->so, buf, len);
		if (e != SRTPO_OK)
			return srtpo_strerror(e);
	}
	return NULL;
}

/* libpcap speaks DLT_ values; net_parse wants LINKTYPE_ values. They differ only for raw IP. */
static uint32_t linktype_of(pcap_t *p)
{
	int dlt = pcap_datalink(p);

	return dlt == DLT_RAW ? PCAP_LINK_RAW : (uint32_t)dlt;
}

static int run(struct ref *r, const char *in, const char *out)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p;
	pcap_dumper_t *d;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint8_t *pl, *frame;
	unsigned long long no = 0, done = 0;
	int rc, status = 0;

	p = pcap_open_offline_with_tstamp_precision(in, PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "srtp-ref: %s\n", err);
		return 1;
	}
	d = pcap_dump_open(p, out);
	pl = malloc(MAX_FRAME);
	frame = malloc(MAX_FRAME);
	if (!d || !pl || !frame) {
		fprintf(stderr, "srtp-ref: cannot write %s\n", out);
		pcap_close(p);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct pcap_pkthdr oh = *h;
		struct net_pkt np;
		enum rtp_class cls;
		uint32_t ssrc;
		size_t len, flen;
		const char *why;

		no++;
		if (net_parse(linktype_of(p), data, h->caplen, h->len, &np) != NET_UDP ||
		    (cls = rtp_classify(data + np.payload_off, np.payload_len, &ssrc)) ==
			    RTP_CLASS_OTHER) {
			pcap_dump((u_char *)d, h, data);
			continue;
		}
		len = np.payload_len;
		memcpy(pl, data + np.payload_off, len);
		why = ref_packet(r, cls, pl, &len, MAX_FRAME - np.payload_off - 64);
		if (why) {
			fprintf(stderr, "srtp-ref: %s: record %llu (%s ssrc 0x%08x): %s\n", in, no,
				cls == RTP_CLASS_RTP ? "rtp" : "rtcp", ssrc, why);
			status = 1;
			continue;
		}
		if (net_replace_payload(&np, data, h->caplen, pl, len, frame, MAX_FRAME, &flen)) {
			fprintf(stderr, "srtp-ref: %s: record %llu: cannot rebuild\n", in, no);
			status = 1;
			continue;
		}
		oh.caplen = oh.len = (bpf_u_int32)flen;
		pcap_dump((u_char *)d, &oh, frame);
		done++;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "srtp-ref: %s: %s\n", in, pcap_geterr(p));
		status = 1;
	}
	pcap_dump_close(d);
	pcap_close(p);
	free(pl);
	free(frame);
	fprintf(stderr, "srtp-ref: %s %llu of %llu records with %s\n",
		r->protect ? "protected" : "unprotected", done, no,
		r->use_libsrtp2 ? "libsrtp2" : "libsrtpo single-packet calls");
	return status;
}

/* ---- check: lengths and checksums, summed plainly (independent of net.c's code) ---- */

static uint32_t sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	while (n > 1) {
		s += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static int folds_to_ffff(uint32_t s)
{
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

static int check(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long long no = 0, udp = 0, bad = 0;
	int rc;

	if (!p) {
		fprintf(stderr, "srtp-ref: %s\n", err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct net_pkt np;
		const uint8_t *ip, *u;
		uint32_t s;
		size_t ulen;

		no++;
		if (h->caplen > (bpf_u_int32)pcap_snapshot(p)) {
			fprintf(stderr, "srtp-ref: %s: record %llu: caplen %u > snaplen %d\n", path, no,
				h->caplen, pcap_snapshot(p));
			bad++;
		}
		if (net_parse(linktype_of(p), data, h->caplen, h->len, &np) != NET_UDP)
			continue;
		udp++;
		ip = data + np.l3_off;
		u = data + np.udp_off;
		ulen = (size_t)u[4] << 8 | u[5];
		if (np.ipver == 4) {
			if (!folds_to_ffff(sum16(ip, (size_t)(ip[0] & 15) * 4))) {
				fprintf(stderr, "srtp-ref: %s: record %llu: bad IPv4 header checksum\n",
					path, no);
				bad++;
			}
			if (u[6] == 0 && u[7] == 0)
				continue;
			s = sum16(ip + 12, 8) + 17 + (uint32_t)ulen;
		} else {
			s = sum16(ip + 8, 32) + 17 + (uint32_t)ulen;
		}
		if (!folds_to_ffff(s + sum16(u, ulen))) {
			fprintf(stderr, "srtp-ref: %s: record %llu: bad UDP checksum\n", path, no);
			bad++;
		}
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "srtp-ref: %s: %s\n", path, pcap_geterr(p));
		bad++;
	}
	pcap_close(p);
	fprintf(stderr, "srtp-ref: check %s: %llu records, %llu UDP, %llu problems\n", path, no, udp,
		bad);
	return bad ? 1 : 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int mkpcap(const char *out, int n, char **hex)
{
	static uint8_t payload[2048], frame[4096];
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d = p ? pcap_dump_open(p, out) : NULL;
	struct net_build b;
	int i;

	if (!d) {
		fprintf(stderr, "srtp-ref: cannot write %s\n", out);
		return 1;
	}
	memset(&b, 0, sizeof(b));
	b.linktype = PCAP_LINK_ETHERNET;
	b.ipver = 4;
	b.src[0] = 10, b.src[3] = 1;
	b.dst[0] = 10, b.dst[3] = 2;
	b.sport = 30000;
	b.dport = 30002;
	b.ttl = 64;
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h;
		const char *slash = strchr(hex[i], '/');
		size_t len, k, flen;

		/* "DPORT/HEX" sends to another port than 30002. */
		b.dport = slash ? (uint16_t)atoi(hex[i]) : 30002;
		if (slash)
			hex[i] = (char *)slash + 1;
		len = strlen(hex[i]) / 2;

		if (strlen(hex[i]) % 2 || len > sizeof(payload))
			return usage_error("bad hex payload");
		for (k = 0; k < len; k++) {
			int hi = hexval(hex[i][2 * k]), lo = hexval(hex[i][2 * k + 1]);

			if (hi < 0 || lo < 0)
				return usage_error("bad hex payload");
			payload[k] = (uint8_t)(hi << 4 | lo);
		}
		b.ip_id = (uint16_t)i;
		if (net_build_udp(&b, payload, len, frame, sizeof(frame), &flen))
			return 1;
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = 1700000000 + i;
		h.caplen = h.len = (bpf_u_int32)flen;
		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

static int dump(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	if (!p) {
		fprintf(stderr, "srtp-ref: %s\n", err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct net_pkt np;
		uint32_t i;

		if (net_parse(linktype_of(p), data, h->caplen, h->len, &np) != NET_UDP) {
			puts("-");
			continue;
		}
		for (i = 0; i < np.payload_len; i++)
			printf("%02x", data[np.payload_off + i]);
		putchar('\n');
	}
	pcap_close(p);
	return rc == PCAP_ERROR ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct ref r;
	const char *key = NULL, *impl = "libsrtp2", *suite = "AES_CM_128_HMAC_SHA1_80";
	int i, st;

	if (argc == 3 && !strcmp(argv[1], "check"))
		return check(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "dump"))
		return dump(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "mkpcap"))
		return mkpcap(argv[2], argc - 3, argv + 3);
	if (argc < 4 || (strcmp(argv[1], "protect") && strcmp(argv[1], "unprotect")))
		return usage_error("usage: srtp-ref protect|unprotect [--impl libsrtp2|libsrtpo] "
				   "[--suite NAME] --key B64 IN OUT | check FILE | dump FILE | "
				   "mkpcap OUT HEX...");
	memset(&r, 0, sizeof(r));
	r.protect = !strcmp(argv[1], "protect");
	for (i = 2; i + 1 < argc - 2; i += 2) {
		if (!strcmp(argv[i], "--impl"))
			impl = argv[i + 1];
		else if (!strcmp(argv[i], "--suite"))
			suite = argv[i + 1];
		else if (!strcmp(argv[i], "--key"))
			key = argv[i + 1];
		else
			return usage_error("unknown option");
	}
	if (i != argc - 2 || !key)
		return usage_error("needs --key B64 IN OUT");
	if (strcmp(impl, "libsrtp2") && strcmp(impl, "libsrtpo"))
		return usage_error("--impl is libsrtp2 or libsrtpo");
	r.use_libsrtp2 = !strcmp(impl, "libsrtp2");
	if (srtpo_suite_from_name(suite, &r.suite))
		return usage_error("unknown suite");
	if (decode_key(key, r.key, sizeof(r.key), &r.key_len))
		return usage_error("bad base64 key");
	if (ref_open(&r)) {
		fprintf(stderr, "srtp-ref: cannot set up %s for %s\n", impl, suite);
		return 1;
	}
	st = run(&r, argv[argc - 2], argv[argc - 1]);
	if (r.s2)
		srtp_dealloc(r.s2);
	srtpo_destroy(r.so);
	return st;
}
