/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * keys.h - which SRTP key protects which packet of a capture, for `srtpo protect|unprotect`.
 *
 * A key context is one SDES key (one or more master keys with MKIs) and a rule saying which
 * packets it covers:
 *   - every packet (--key, --key-file),
 *   - one SSRC (`ssrc 0x1234abcd KEY` in a --keys file, or --key with --ssrc),
 *   - packets from or to an address and port (`src 192.0.2.10:40000 KEY`, `dst [2001:db8::a]:5004
 *     KEY`; the RTCP port, RTP + 1 unless `rtcp-mux` or `rtcp PORT` is given, is covered too),
 *   - the media an SDP describes (--sdp-keys): the a=crypto key in one side's SDP protects what
 *     that side sends, i.e. packets from its c=/m= address and port (symmetric RTP) and packets to
 *     the address and port in the other side's SDP of the same call.
 * Each context owns a libsrtpo session, created when its first packet arrives.
 */
#ifndef SRTPO_TOOLS_KEYS_H
#define SRTPO_TOOLS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"
#include "srtpo.h"

enum key_match {
	KEY_MATCH_ANY,
	KEY_MATCH_SSRC,
	KEY_MATCH_SRC,               /* packets sent from addr:port */
	KEY_MATCH_DST,               /* packets sent to addr:port */
	KEY_MATCH_SDP,               /* from own, or to peer (when the peer's SDP is known) */
};

struct endpoint {
	int set;
	uint8_t ipver;
	uint8_t addr[16];
	uint16_t rtp_port, rtcp_port;
};

#define KEY_TEXT_MAX 1024
#define KEY_MAX_MKIS 16

struct key_ctx {
	int match;                   /* enum key_match */
	uint32_t ssrc;               /* KEY_MATCH_SSRC */
	struct endpoint own, peer;   /* SRC: own; DST: peer; SDP: both */
	srtpo_suite_t suite;
	char key[KEY_TEXT_MAX];      /* SDES key parameters, ';'-separated when several MKIs */
	int have_roc;
	uint32_t roc;
	char origin[96];             /* "--key", "keys.txt:3", "SDP in record 4 (a=crypto:1)" */
	/* --sdp-keys bookkeeping */
	char call_id[128];
	char side[128];              /* o= username and session id */
	int m_index;                 /* which m= section of the SDP */
	int n_alts;                  /* the a=crypto lines of that section (an offer may list
				      * several; the answer's tag picks one) */
	struct {
		int tag;
		srtpo_suite_t suite;
		char key[KEY_TEXT_MAX];
	} alts[4];
	int tag;                     /* a=crypto tag in use */
	int retired;                 /* replaced by a later SDP: no new packets */
	/* the session, built on first use */
	srtpo_session_t *s;
	int failed;                  /* the session could not be built (message printed) */
	uint64_t packets;
};

struct key_set {
	struct key_ctx **v;
	size_t n, cap;
};

/* Appends a context (copied). Returns it, or NULL when out of memory. */
struct key_ctx *key_set_add(struct key_set *ks, const struct key_ctx *c);
/* Destroys every session and wipes every key. */
void key_set_free(struct key_set *ks);

/*
 * Checks an SDES key text for a suite and says precisely what is wrong with it: writes a message
 * to err ("--key is not valid base64 (bad character '#' at position 25)") and returns -1, or 0.
 * what names the key in messages ("--key", "keys.txt:3").
 */
int key_text_check(const char *text, srtpo_suite_t suite, const char *what, char *err,
		   size_t err_cap);

/*
 * Reads a --keys file. Lines: `[ssrc SSRC | src ADDR:PORT | dst ADDR:PORT | any] KEY [suite NAME]
 * [roc N] [rtcp PORT | rtcp-mux]`; '#' starts a comment. KEY is an SDES key ('inline:' and
 * '|lifetime|MKI:LEN' optional; several ';'-separated for several MKIs). Returns 0, or -1 with a
 * message naming the file and line in err.
 */
int keys_file_load(struct key_set *ks, const char *path, srtpo_suite_t default_suite, char *err,
		   size_t err_cap);

/* Reads the first line of path (a key kept out of argv). Returns 0 or -1 with err set. */
int key_file_read(const char *path, char *out, size_t cap, char *err, size_t err_cap);

/*
 * --sdp-keys: looks at a UDP payload; when it is a SIP message carrying SDP with a=crypto lines,
 * adds or updates the contexts of its media. Returns the number of contexts added or changed
 * (0 for anything else). record_no is used in the contexts' origin. Messages (an a=crypto line
 * with a suite or key that cannot be used) go to warn, one line each.
 */
int sdp_keys_scan(struct key_set *ks, const uint8_t *p, size_t n, uint64_t record_no,
		  void (*warn)(const char *msg, void *arg), void *arg);

/* The context for a packet, or NULL: SSRC rules first, then address rules, SDP, then ANY. */
struct key_ctx *key_set_find(struct key_set *ks, const struct net_pkt *np, uint32_t ssrc,
			     int rtcp);

/* Builds the SRTP policy of a context (keys parsed into storage). Returns 0 or an srtpo error. */
struct key_policy {
	srtpo_policy_t pol;
	srtpo_master_key_t mk[KEY_MAX_MKIS];
	srtpo_sdes_key_t sk[KEY_MAX_MKIS];
};
int key_ctx_policy(const struct key_ctx *c, struct key_policy *kp);
void key_policy_wipe(struct key_policy *kp);

/* "192.0.2.10:40000" or "[2001:db8::a]:40000". */
void endpoint_format(const struct endpoint *e, char *out, size_t cap);

#endif /* SRTPO_TOOLS_KEYS_H */
