// SPDX-License-Identifier: BSD-3-Clause
/* net.c - link/IP/UDP dissection and rebuilding for the pcap tools; see net.h. */
#include "net.h"

#include <string.h>

#include "pcap.h"

#define ETH_HDR_LEN 14
#define VLAN_TAG_LEN 4
#define MAX_VLAN_TAGS 8
#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20
#define NULL_HDR_LEN 4
#define IPV4_MIN_HDR 20
#define IPV6_HDR_LEN 40
#define UDP_HDR_LEN 8

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_QINQ_OLD 0x9100

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ESP_ 50
#define IPPROTO_AH_ 51
#define IPPROTO_DSTOPTS_ 60

static const char *const reason_names[NET_REASON_COUNT] = {
	[NET_UDP] = "udp",
	[NET_UNKNOWN_LINK] = "unknown link type",
	[NET_NOT_IP] = "not IP",
	[NET_NOT_UDP] = "not UDP",
	[NET_FRAGMENT] = "IP fragment",
	[NET_EXT_HEADER] = "IPv6 extension header",
	[NET_TRUNCATED] = "cut by snaplen",
	[NET_BAD_HEADER] = "bad header",
};

const char *net_reason_name(enum net_reason r)
{
	return (unsigned)r < NET_REASON_COUNT ? reason_names[r] : "?";
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ones' complement sum of n bytes, folded later. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += be16(p + i);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* UDP checksum over pseudo header + datagram (whose checksum field must be zero). */
static uint16_t udp_checksum(uint8_t ipver, const uint8_t *src, const uint8_t *dst,
			     const uint8_t *udp, size_t udp_len)
{
	uint32_t sum = 0;
	uint16_t c;

	if (ipver == 4) {
		sum = csum_add(sum, src, 4);
		sum = csum_add(sum, dst, 4);
		sum += IPPROTO_UDP_;
		sum += (uint32_t)udp_len;
	} else {
		sum = csum_add(sum, src, 16);
		sum = csum_add(sum, dst, 16);
		sum += (uint32_t)(udp_len >> 16);
		sum += (uint32_t)(udp_len & 0xffff);
		sum += IPPROTO_UDP_;
	}
	sum = csum_add(sum, udp, udp_len);
	c = csum_fold(sum);
	return c ? c : 0xffff; /* 0 means "no checksum" in UDP */
}

static void ipv4_fix_checksum(uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;

	ip[10] = ip[11] = 0;
	put16(ip + 10, csum_fold(csum_add(0, ip, ihl)));
}

/* Link layer: finds the ethertype-like protocol and where the network header starts. */
static enum net_reason parse_link(uint32_t linktype, const uint8_t *f, size_t n, size_t *l3,
				  int *ipver, uint8_t *tags)
{
	uint16_t et;
	size_t off;

	*tags = 0;
	switch (linktype & 0xffff) {
	case PCAP_LINK_ETHERNET:
		if (n < ETH_HDR_LEN)
			return NET_TRUNCATED;
		off = 12;
		break;
	case PCAP_LINK_LINUX_SLL:
		if (n < SLL_HDR_LEN)
			return NET_TRUNCATED;
		off = 14;
		break;
	case PCAP_LINK_LINUX_SLL2:
		if (n < SLL2_HDR_LEN)
			return NET_TRUNCATED;
		et = be16(f);
		off = SLL2_HDR_LEN - 2; /* so that off + 2 is the network header */
		goto have_ethertype;
	case PCAP_LINK_NULL: {
		uint32_t fam_le, fam;

		if (n < NULL_HDR_LEN)
			return NET_TRUNCATED;
		/* The family is in the capturing host's byte order: take whichever reading is small. */
		fam_le = (uint32_t)f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 |
			 (uint32_t)f[3] << 24;
		fam = fam_le < 256 ? fam_le : be32(f);
		*l3 = NULL_HDR_LEN;
		if (fam == 2) {
			*ipver = 4;
			return NET_UDP;
		}
		if (fam == 10 || fam == 24 || fam == 28 || fam == 30) {
			*ipver = 6;
			return NET_UDP;
		}
		return NET_NOT_IP;
	}
	case PCAP_LINK_RAW:
	case PCAP_LINK_IPV4:
	case PCAP_LINK_IPV6:
		if (n < 1)
			return NET_TRUNCATED;
		*l3 = 0;
		*ipver = f[0] >> 4;
		if ((linktype & 0xffff) == PCAP_LINK_IPV4 && *ipver != 4)
			return NET_BAD_HEADER;
		if ((linktype & 0xffff) == PCAP_LINK_IPV6 && *ipver != 6)
			return NET_BAD_HEADER;
		return (*ipver == 4 || *ipver == 6) ? NET_UDP : NET_NOT_IP;
	default:
		return NET_UNKNOWN_LINK;
	}
	et = be16(f + off);
	while (et == ETHERTYPE_VLAN || et == ETHERTYPE_QINQ || et == ETHERTYPE_QINQ_OLD) {
		if (*tags >= MAX_VLAN_TAGS)
			return NET_BAD_HEADER;
		off += VLAN_TAG_LEN;
		if (n < off + 2)
			return NET_TRUNCATED;
		et = be16(f + off);
		(*tags)++;
	}
have_ethertype:
	*l3 = off + 2;
	if (et == ETHERTYPE_IPV4)
		*ipver = 4;
	else if (et == ETHERTYPE_IPV6)
		*ipver = 6;
	else
		return NET_NOT_IP;
	return NET_UDP;
}

enum net_reason net_parse(uint32_t linktype, const uint8_t *f, size_t caplen, size_t origlen,
			  struct net_pkt *p)
{
	enum net_reason r;
	size_t l3 = 0, udp, ip_end, udp_len;
	int ipver = 0;
	/* Short of the header it needs: cut by the capture, or simply malformed. */
	const enum net_reason shortr = caplen < origlen ? NET_TRUNCATED : NET_BAD_HEADER;

	memset(p, 0, sizeof(*p));
	r = parse_link(linktype, f, caplen, &l3, &ipver, &p->vlan_tags);
	if (r != NET_UDP)
		return r == NET_TRUNCATED ? shortr : r;
	if (caplen < l3 + 1)
		return shortr;
	if ((f[l3] >> 4) != ipver)
		return NET_BAD_HEADER;

	if (ipver == 4) {
		const uint8_t *ip = f + l3;
		size_t ihl, total;
		uint16_t frag;

		if (caplen < l3 + IPV4_MIN_HDR)
			return shortr;
		ihl = (size_t)(ip[0] & 0x0f) * 4;
		total = be16(ip + 2);
		if (ihl < IPV4_MIN_HDR || total < ihl)
			return NET_BAD_HEADER;
		if (caplen < l3 + total)
			return shortr;
		frag = be16(ip + 6);
		if (frag & 0x3fff) /* more-fragments flag or a fragment offset */
			return NET_FRAGMENT;
		if (ip[9] != IPPROTO_UDP_)
			return NET_NOT_UDP;
		memcpy(p->src, ip + 12, 4);
		memcpy(p->dst, ip + 16, 4);
		udp = l3 + ihl;
		ip_end = l3 + total;
	} else {
		const uint8_t *ip = f + l3;
		size_t plen, off;
		uint8_t nh;

		if (caplen < l3 + IPV6_HDR_LEN)
			return shortr;
		plen = be16(ip + 4);
		if (plen == 0) /* jumbogram or nothing: neither carries RTP here */
			return NET_BAD_HEADER;
		ip_end = l3 + IPV6_HDR_LEN + plen;
		if (caplen < ip_end)
			return shortr;
		nh = ip[6];
		off = l3 + IPV6_HDR_LEN;
		/* Hop-by-hop and destination options change nothing for UDP; anything else does
		 * (routing changes the checksum's destination) or hides the payload. */
		for (;;) {
			size_t elen;

			if (nh == IPPROTO_UDP_)
				break;
			if (nh == IPPROTO_FRAGMENT_)
				return NET_FRAGMENT;
			if (nh == IPPROTO_ROUTING_ || nh == IPPROTO_AH_ || nh == IPPROTO_ESP_ ||
			    nh == 135 || nh == 139 || nh == 140)
				return NET_EXT_HEADER;
			if (nh != IPPROTO_HOPOPTS_ && nh != IPPROTO_DSTOPTS_)
				return NET_NOT_UDP;
			if (ip_end < off + 2)
				return NET_BAD_HEADER;
			elen = ((size_t)f[off + 1] + 1) * 8;
			if (ip_end < off + elen)
				return NET_BAD_HEADER;
			nh = f[off];
			off += elen;
		}
		memcpy(p->src, ip + 8, 16);
		memcpy(p->dst, ip + 24, 16);
		udp = off;
	}
	if (ip_end < udp + UDP_HDR_LEN)
		return NET_BAD_HEADER;
	udp_len = be16(f + udp + 4);
	if (udp_len < UDP_HDR_LEN || udp + udp_len > ip_end)
		return NET_BAD_HEADER;
	/* Rewriting a record the capture cut (even only after the datagram) would lose bytes. */
	if (caplen < origlen)
		return NET_TRUNCATED;

	p->ipver = (uint8_t)ipver;
	p->l3_off = (uint32_t)l3;
	p->udp_off = (uint32_t)udp;
	p->payload_off = (uint32_t)(udp + UDP_HDR_LEN);
	p->payload_len = (uint32_t)(udp_len - UDP_HDR_LEN);
	p->ip_end = (uint32_t)ip_end;
	p->sport = be16(f + udp);
	p->dport = be16(f + udp + 2);
	p->udp_csum = be16(f + udp + 6);
	return NET_UDP;
}

int net_replace_payload(const struct net_pkt *p, const uint8_t *frame, size_t caplen,
			const uint8_t *payload, size_t plen, uint8_t *out, size_t cap,
			size_t *out_len)
{
	size_t old_end = (size_t)p->payload_off + p->payload_len;
	size_t tail = caplen - old_end;
	size_t udp_len = UDP_HDR_LEN + plen;
	size_t total;
	uint8_t *ip = out + p->l3_off;
	uint8_t *udp = out + p->udp_off;

	if (old_end > caplen || udp_len > 0xffff)
		return -1;
	if (p->payload_off + plen + tail > cap)
		return -1;
	/* The bytes after the datagram (link padding, trailer) are kept as they were. */
	memcpy(out, frame, p->payload_off);
	if (plen)
		memmove(out + p->payload_off, payload, plen);
	memcpy(out + p->payload_off + plen, frame + old_end, tail);

	/* New IP length = old + the payload's growth (options, extension headers, bytes after the
	 * UDP datagram inside the IP datagram stay counted). */
	if (p->ipver == 4) {
		total = (size_t)p->ip_end - p->l3_off - p->payload_len + plen;
		if (total > 0xffff)
			return -1;
		put16(ip + 2, (uint16_t)total);
		ipv4_fix_checksum(ip);
	} else {
		total = (size_t)p->ip_end - p->l3_off - IPV6_HDR_LEN - p->payload_len + plen;
		if (total > 0xffff)
			return -1;
		put16(ip + 4, (uint16_t)total);
	}
	put16(udp + 4, (uint16_t)udp_len);
	if (p->ipver == 6 || p->udp_csum != 0) {
		udp[6] = udp[7] = 0;
		put16(udp + 6, udp_checksum(p->ipver, p->src, p->dst, udp, udp_len));
	}
	*out_len = p->payload_off + plen + tail;
	return 0;
}

int net_build_udp(const struct net_build *b, const uint8_t *payload, size_t plen, uint8_t *out,
		  size_t cap, size_t *out_len)
{
	size_t off = 0, iphl = b->ipver == 4 ? IPV4_MIN_HDR : IPV6_HDR_LEN;
	uint16_t et = b->ipver == 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
	size_t udp_len = UDP_HDR_LEN + plen;
	uint8_t *ip, *udp;

	if (b->ipver != 4 && b->ipver != 6)
		return -1;
	if (udp_len + (b->ipver == 4 ? IPV4_MIN_HDR : 0) > 0xffff)
		return -1;
	if (cap < SLL2_HDR_LEN + VLAN_TAG_LEN + iphl + udp_len)
		return -1;
	switch (b->linktype) {
	case PCAP_LINK_ETHERNET:
		memcpy(out, b->dst_mac, 6);
		memcpy(out + 6, b->src_mac, 6);
		off = 12;
		if (b->vlan) {
			put16(out + off, ETHERTYPE_VLAN);
			put16(out + off + 2, (uint16_t)(5u << 13 | (b->vlan & 0x0fff))); /* PCP 5: voice */
			off += VLAN_TAG_LEN;
		}
		put16(out + off, et);
		off += 2;
		break;
	case PCAP_LINK_LINUX_SLL:
		put16(out, b->outgoing ? 4 : 0);  /* sent by us / to us */
		put16(out + 2, 1);                /* ARPHRD_ETHER */
		put16(out + 4, 6);
		memcpy(out + 6, b->src_mac, 6);      /* the sender's address either way */
		out[12] = out[13] = 0;
		put16(out + 14, et);
		off = SLL_HDR_LEN;
		break;
	case PCAP_LINK_LINUX_SLL2:
		put16(out, et);
		out[2] = out[3] = 0;
		out[4] = out[5] = out[6] = 0;
		out[7] = 2;                       /* interface index */
		put16(out + 8, 1);                /* ARPHRD_ETHER */
		out[10] = b->outgoing ? 4 : 0;
		out[11] = 6;
		memcpy(out + 12, b->src_mac, 6);
		out[18] = out[19] = 0;
		off = SLL2_HDR_LEN;
		break;
	case PCAP_LINK_RAW:
		off = 0;
		break;
	default:
		return -1;
	}
	ip = out + off;
	udp = ip + iphl;
	if (b->ipver == 4) {
		ip[0] = 0x45;
		ip[1] = (uint8_t)(b->dscp << 2);
		put16(ip + 2, (uint16_t)(IPV4_MIN_HDR + udp_len));
		put16(ip + 4, b->ip_id);
		put16(ip + 6, 0x4000);            /* don't fragment */
		ip[8] = b->ttl;
		ip[9] = IPPROTO_UDP_;
		memcpy(ip + 12, b->src, 4);
		memcpy(ip + 16, b->dst, 4);
		ipv4_fix_checksum(ip);
	} else {
		uint32_t w = 6u << 28 | (uint32_t)(b->dscp << 2) << 20;

		ip[0] = (uint8_t)(w >> 24);
		ip[1] = (uint8_t)(w >> 16);
		ip[2] = ip[3] = 0;
		put16(ip + 4, (uint16_t)udp_len);
		ip[6] = IPPROTO_UDP_;
		ip[7] = b->ttl;
		memcpy(ip + 8, b->src, 16);
		memcpy(ip + 24, b->dst, 16);
	}
	put16(udp, b->sport);
	put16(udp + 2, b->dport);
	put16(udp + 4, (uint16_t)udp_len);
	udp[6] = udp[7] = 0;
	if (plen)
		memcpy(udp + UDP_HDR_LEN, payload, plen);
	put16(udp + 6, udp_checksum(b->ipver, b->ipver == 4 ? ip + 12 : ip + 8,
				    b->ipver == 4 ? ip + 16 : ip + 24, udp, udp_len));
	*out_len = off + iphl + udp_len;
	return 0;
}

enum rtp_class rtp_classify(const uint8_t *p, size_t n, uint32_t *ssrc)
{
	uint8_t pt;

	if (n < 2 || (p[0] >> 6) != 2)
		return RTP_CLASS_OTHER;
	pt = p[1] & 0x7f;
	if (pt >= 64 && pt <= 95) {
		if (n < 8)
			return RTP_CLASS_OTHER;
		*ssrc = be32(p + 4);
		return RTP_CLASS_RTCP;
	}
	if (n < 12)
		return RTP_CLASS_OTHER;
	*ssrc = be32(p + 8);
	return RTP_CLASS_RTP;
}
