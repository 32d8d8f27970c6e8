/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.h - finding the UDP payload inside a captured frame, putting a new payload back with every
 * length and checksum fixed, building UDP frames from scratch, and telling RTP from RTCP.
 *
 * Every offset is checked against the captured length before it is read: a frame from a corrupt
 * or hostile capture yields a reason code, never a read past its end.
 */
#ifndef SRTPO_TOOLS_NET_H
#define SRTPO_TOOLS_NET_H

#include <stddef.h>
#include <stdint.h>

/* Why a frame has no usable UDP payload (0 = it has one). */
enum net_reason {
	NET_UDP = 0,
	NET_UNKNOWN_LINK,       /* link type the dissector does not read */
	NET_NOT_IP,             /* e.g. ARP, LLC, an unknown ethertype or address family */
	NET_NOT_UDP,            /* TCP, ICMP, ... */
	NET_FRAGMENT,           /* an IPv4 or IPv6 fragment */
	NET_EXT_HEADER,         /* an IPv6 extension header that is not read (routing, AH, ESP...) */
	NET_TRUNCATED,          /* the capture cut the datagram short (snaplen) */
	NET_BAD_HEADER,         /* inconsistent lengths, bad IP version, ... */
	NET_REASON_COUNT
};

const char *net_reason_name(enum net_reason r);

struct net_pkt {
	uint32_t l3_off;        /* start of the IP header */
	uint32_t udp_off;       /* start of the UDP header */
	uint32_t payload_off;   /* start of the UDP payload */
	uint32_t payload_len;   /* UDP length - 8 */
	uint32_t ip_end;        /* end of the IP datagram (bytes after it: link padding/trailer) */
	uint8_t ipver;          /* 4 or 6 */
	uint8_t vlan_tags;      /* 802.1Q/802.1ad tags crossed */
	uint16_t sport, dport;
	uint8_t src[16], dst[16]; /* IPv4 uses the first 4 bytes */
	uint16_t udp_csum;      /* as captured */
};

/* Dissects a frame of a pcap link type. Returns NET_UDP and fills *p, or a reason. */
enum net_reason net_parse(uint32_t linktype, const uint8_t *frame, size_t caplen, size_t origlen,
			  struct net_pkt *p);

/*
 * Writes frame with its UDP payload replaced by payload[0..plen): the link header, IP header
 * (options and extension headers included) and whatever followed the datagram are kept; IPv4
 * total length and header checksum, IPv6 payload length, UDP length and UDP checksum are fixed.
 * An IPv4 UDP checksum of 0 (none) stays 0. Returns 0, or -1 if the result would not fit in
 * cap or in the IP length fields.
 */
int net_replace_payload(const struct net_pkt *p, const uint8_t *frame, size_t caplen,
			const uint8_t *payload, size_t plen, uint8_t *out, size_t cap,
			size_t *out_len);

/* What net_build_udp puts around a payload. */
struct net_build {
	uint32_t linktype;      /* PCAP_LINK_ETHERNET, _LINUX_SLL, _LINUX_SLL2, _RAW */
	uint8_t ipver;          /* 4 or 6 */
	uint16_t vlan;          /* 802.1Q VLAN id (Ethernet only), 0 = untagged */
	uint8_t src_mac[6], dst_mac[6];
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint16_t ip_id;         /* IPv4 identification */
	uint8_t ttl;            /* hop limit */
	uint8_t dscp;           /* traffic class / DSCP (EF = 46 for voice) */
	int outgoing;           /* cooked captures: packet was sent by this host */
};

/* Builds a whole frame (checksums filled in). Returns 0, or -1 if it does not fit in cap. */
int net_build_udp(const struct net_build *b, const uint8_t *payload, size_t plen, uint8_t *out,
		  size_t cap, size_t *out_len);

/* RTP or RTCP by RFC 5761 4: version 2, and the second byte with the marker masked in 64..95
 * (RTCP packet types 192..223) for RTCP. */
enum rtp_class {
	RTP_CLASS_OTHER = 0,    /* not version 2, or too short */
	RTP_CLASS_RTP,          /* >= 12 bytes */
	RTP_CLASS_RTCP,         /* >= 8 bytes */
};

/* Classifies a UDP payload; *ssrc gets the RTP SSRC or the RTCP sender SSRC. */
enum rtp_class rtp_classify(const uint8_t *p, size_t n, uint32_t *ssrc);

#endif /* SRTPO_TOOLS_NET_H */
