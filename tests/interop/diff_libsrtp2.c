/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff_libsrtp2.c - differential test of libsrtpo against libsrtp2.
 *
 * Every case draws a random configuration (suites, keys, MKIs, SSRCs, ROC, replay window,
 * templates, RFC 6904 encrypted header extension IDs), a random traffic script (RTP and RTCP of 1..4 streams, key switches, rekeys,
 * retransmissions) and a random delivery (reordering, loss, late packets, replays, tampered and
 * truncated copies, unknown SSRCs). Four sessions run it:
 *
 *   srtpo tx  --protect-->  bytes A        libsrtp2 tx --protect--> bytes B     (A must equal B)
 *   srtpo rx  <--unprotect-- B             libsrtp2 rx <--unprotect-- A
 *
 * so libsrtp2 checks what srtpo sends, srtpo checks what libsrtp2 sends, and the two must agree on
 * every byte and on every verdict (accepted, replay, too old, auth failure, unknown SSRC, bad MKI).
 * srtpo is driven through all its call forms (single and burst, in place and out of place) with
 * tight output capacities, and its promises are checked on the side: nothing is written past the
 * capacity, an input of an out-of-place call is never written, and a failed call leaves the
 * buffer and the output untouched.
 *
 * Suites: every libsrtp2 suite srtpo has, AES-CM 128/192/256 with HMAC-SHA1 and GCM 128/256 with
 * 16- and 8-byte tags (and SRTCP authenticated only, libsrtp2's "only_auth"). Streams with
 * encrypted header extensions send well-formed RFC 8285 one- or two-byte elements without padding
 * between them (libsrtp2 2.5 takes no keystream for skipped padding, RFC 6904 lays it over every
 * byte: the two agree when nothing is skipped). Such a stream refuses an extension of another
 * profile (tests/unit/test_gcm.c); libsrtp2 does too but spends the index, so it is not sent
 * here.
 *
 * Usage: diff_libsrtp2 [--seed N] [--packets N] [--verbose]
 * Exit status: 0 when everything agreed, 1 on any mismatch, 2 on bad usage or set-up failure.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>

#include <openssl/evp.h>
#include <srtp2/srtp.h>

#include "srtpo.h"
#include "testutil.h"

#define MAX_STREAMS 4
#define MAX_KEYS 4
#define PKT_CAP 2048         /* every buffer; the largest packet here is about 1.8 kB */
#define CANARY 32            /* guard bytes after every capacity */
#define CANARY_BYTE 0xc5
#define OUT_FILL 0x5a        /* what an untouched output buffer holds */
#define MAX_FAILURES 10

enum ev_type { EV_RTP, EV_RTCP, EV_SWITCH_KEY, EV_REKEY };

struct crypto {
	srtpo_cipher_t cipher;
	srtpo_auth_t auth;
	uint8_t tag_len;
};

struct keyset {
	int nkeys;
	size_t key_len;
	size_t mki_len;
	uint8_t key[MAX_KEYS][SRTPO_MAX_KEY_LEN];
	uint8_t salt[MAX_KEYS][SRTPO_SALT_LEN]; /* 12 used for GCM */
	uint8_t mki[MAX_KEYS][SRTPO_MAX_MKI_LEN];
};

struct stream_cfg {
	uint32_t ssrc;
	struct crypto rtp, rtcp;
	struct keyset ks;
	int nxtn;                   /* RFC 6904: extension IDs encrypted (0 = none) */
	uint8_t xtn[4];
	uint32_t roc;               /* initial ROC given to both libraries */
	/* traffic generator state */
	bool started;
	uint16_t seq;
	uint32_t cur_roc;
	uint32_t ts;
	uint8_t pt;
	int active_key;
	int last_rtp;               /* event of the last new RTP packet, -1 = none */
};

struct case_cfg {
	int nstreams;
	struct stream_cfg st[MAX_STREAMS];
	bool tx_template, rx_template;
	uint32_t window;            /* 0 = default */
	bool allow_repeat_tx;
};

/* One step of the sender's script. */
struct event {
	uint8_t type;
	uint8_t stream;
	uint8_t key;                /* EV_SWITCH_KEY: the new active key */
	bool repeat;                /* EV_RTP: a retransmission of an earlier packet */
	struct keyset *rekey;       /* EV_REKEY: the new keys */
	uint8_t *plain;
	size_t plain_len;
	uint64_t index;             /* RTP: the 48-bit index the generator used */
	int lib_status;             /* libsrtp2's verdict (as an srtpo code) */
	uint8_t *lib_out;
	size_t lib_len;
};

enum mutation { M_CLEAN, M_REJECT, M_SAME };

/* One packet (or a rekey barrier) as the receivers get it. */
struct delivery {
	uint8_t type;
	uint8_t stream;
	uint8_t mutation;           /* M_REJECT: both must reject; M_SAME: both must agree */
	int event;                  /* the send event it came from */
	const char *what;           /* "clean", "replay", "late", "tamper", ... */
	uint8_t *bytes;
	size_t len;
	int lib_status;
	uint8_t *lib_out;
	size_t lib_len;
};

static struct {
	uint64_t seed;
	long target_packets;
	bool verbose;
	int failures;
	long case_no;
	/* counters for the summary */
	long rtp_protected, rtcp_protected, repeats_rejected, repeats_allowed;
	long delivered, accepted, replays, too_old, auth_rejects, other_rejects;
	long bursts, singles, no_space_probes, key_switches, rekeys;
	long per_suite[SRTPO_SUITE_COUNT];
} g;

/* A bump allocator per case: everything a case allocates is dropped at once. */
static struct {
	uint8_t *base;
	size_t size, used;
} arena;

static void *arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (arena.used + n > arena.size) {
		fprintf(stderr, "diff_libsrtp2: arena exhausted (%zu bytes)\n", arena.size);
		exit(2);
	}
	void *p = arena.base + arena.used;

	arena.used += n;
	return p;
}

static void *arena_dup(const void *p, size_t n)
{
	void *q = arena_alloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

/* ---------------------------------------------------------------------------------------------- */
/* Reporting                                                                                       */

static const struct case_cfg *cur_case;

static const char *crypto_name(const struct crypto *c)
{
	static char buf[4][48];
	static int slot;
	char *b = buf[slot++ & 3];

	snprintf(b, sizeof(buf[0]), "%s/%s%s%u",
		 c->cipher == SRTPO_CIPHER_AES_128_CM    ? "AES-128-CM"
		 : c->cipher == SRTPO_CIPHER_AES_192_CM  ? "AES-192-CM"
		 : c->cipher == SRTPO_CIPHER_AES_256_CM  ? "AES-256-CM"
		 : c->cipher == SRTPO_CIPHER_AES_128_GCM ? "AES-128-GCM"
		 : c->cipher == SRTPO_CIPHER_AES_256_GCM ? "AES-256-GCM"
							 : "NULL",
		 c->auth == SRTPO_AUTH_HMAC_SHA1  ? "HMAC-SHA1-"
		 : c->auth == SRTPO_AUTH_GCM      ? "GCM-TAG-"
		 : c->auth == SRTPO_AUTH_GCM_ONLY ? "GCM-AUTH-ONLY-"
						  : "NULL-AUTH",
		 c->auth ? "" : "-", c->tag_len * 8u);
	return b;
}

static void print_case(FILE *f, const struct case_cfg *c)
{
	fprintf(f, "  case %ld: %d stream(s), tx %s, rx %s, window %u, allow_repeat_tx %d\n",
		g.case_no, c->nstreams, c->tx_template ? "template" : "specific",
		c->rx_template ? "template" : "specific", c->window, c->allow_repeat_tx);
	for (int i = 0; i < c->nstreams; i++) {
		const struct stream_cfg *s = &c->st[i];

		fprintf(f, "    stream %d: ssrc %08x rtp %s rtcp %s keys %d mki_len %zu roc %u "
			   "encrypted extension IDs %d\n",
			i, s->ssrc, crypto_name(&s->rtp), crypto_name(&s->rtcp), s->ks.nkeys,
			s->ks.mki_len, s->roc, s->nxtn);
	}
}

static void vfailure(const char *fmt, va_list ap)
{
	fprintf(stderr, "MISMATCH (seed %" PRIu64 ", case %ld): ", g.seed, g.case_no);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	if (cur_case)
		print_case(stderr, cur_case);
}

/* A broken API promise (buffers, capacities): reported the first few times per kind, then only
 * counted, so that one systematic slip does not hide the differential results. */
enum promise { P_PAST_CAP, P_CHANGED_ON_ERROR, P_WROTE_INPUT, P_OUT_ON_ERROR, P_LEN, P_COUNT };

static void broken_promise(enum promise kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void broken_promise(enum promise kind, const char *fmt, ...)
{
	static long seen[P_COUNT];
	va_list ap;

	g.failures++;
	if (++seen[kind] > 3) {
		if (seen[kind] == 4)
			fprintf(stderr, "(further failures of this kind are counted, not shown)\n");
		return;
	}
	va_start(ap, fmt);
	vfailure(fmt, ap);
	va_end(ap);
}

static void failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failure(const char *fmt, ...)
{
	static int shown;
	va_list ap;

	va_start(ap, fmt);
	vfailure(fmt, ap);
	va_end(ap);
	g.failures++;
	if (++shown >= MAX_FAILURES) {
		fprintf(stderr, "diff_libsrtp2: too many failures; reproduce with --seed %" PRIu64
				"\n", g.seed);
		exit(1);
	}
}

static const char *code_name(int code)
{
	static char buf[32];

	if (code > -100)
		return srtpo_strerror(code);
	snprintf(buf, sizeof(buf), "libsrtp2 status %d", -100 - code);
	return buf;
}

/* libsrtp2 status -> the srtpo code with the same meaning. */
static int lib_code(srtp_err_status_t st)
{
	switch (st) {
	case srtp_err_status_ok: return SRTPO_OK;
	case srtp_err_status_auth_fail: return SRTPO_ERR_AUTH;
	case srtp_err_status_replay_fail: return SRTPO_ERR_REPLAY;
	case srtp_err_status_replay_old:
	case srtp_err_status_pkt_idx_old: return SRTPO_ERR_REPLAY_OLD;
	case srtp_err_status_no_ctx: return SRTPO_ERR_NO_STREAM;
	case srtp_err_status_bad_mki: return SRTPO_ERR_BAD_MKI;
	case srtp_err_status_parse_err:
	case srtp_err_status_bad_param: return SRTPO_ERR_MALFORMED;
	case srtp_err_status_key_expired: return SRTPO_ERR_KEY_EXPIRED;
	default: return -100 - (int)st;
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* Configuration                                                                                   */

static const struct {
	srtpo_suite_t suite;
	struct crypto c;
} suites[] = {
	{ SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, { SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 10 } },
	{ SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, { SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 4 } },
	{ SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, { SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 10 } },
	{ SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32, { SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 4 } },
	{ SRTPO_SUITE_AES_CM_128_NULL_AUTH, { SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_NULL, 0 } },
	{ SRTPO_SUITE_AES_256_CM_NULL_AUTH, { SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_NULL, 0 } },
	{ SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_80, { SRTPO_CIPHER_NULL, SRTPO_AUTH_HMAC_SHA1, 10 } },
	{ SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_32, { SRTPO_CIPHER_NULL, SRTPO_AUTH_HMAC_SHA1, 4 } },
	{ SRTPO_SUITE_NULL_CIPHER_NULL_AUTH, { SRTPO_CIPHER_NULL, SRTPO_AUTH_NULL, 0 } },
	{ SRTPO_SUITE_AEAD_AES_128_GCM, { SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 16 } },
	{ SRTPO_SUITE_AEAD_AES_256_GCM, { SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 16 } },
	{ SRTPO_SUITE_AEAD_AES_128_GCM_8, { SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 8 } },
	{ SRTPO_SUITE_AEAD_AES_256_GCM_8, { SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 8 } },
	/* AES-192: libsrtp2 2.5 derives its keys off RFC 6188 (see check_aes192 below), so no
	 * byte of it can agree; its packet processing is the AES-128/256 code. */
};
#define NSUITES (sizeof(suites) / sizeof(suites[0]))

static void lib_crypto(srtp_crypto_policy_t *p, const struct crypto *c)
{
	switch (c->cipher) {
	case SRTPO_CIPHER_AES_128_GCM:
	case SRTPO_CIPHER_AES_256_GCM: {
		bool k256 = c->cipher == SRTPO_CIPHER_AES_256_GCM;

		if (c->tag_len == 16) {
			if (k256)
				srtp_crypto_policy_set_aes_gcm_256_16_auth(p);
			else
				srtp_crypto_policy_set_aes_gcm_128_16_auth(p);
		} else if (c->auth == SRTPO_AUTH_GCM_ONLY) {
			if (k256)
				srtp_crypto_policy_set_aes_gcm_256_8_only_auth(p);
			else
				srtp_crypto_policy_set_aes_gcm_128_8_only_auth(p);
		} else {
			if (k256)
				srtp_crypto_policy_set_aes_gcm_256_8_auth(p);
			else
				srtp_crypto_policy_set_aes_gcm_128_8_auth(p);
		}
		if (c->auth == SRTPO_AUTH_GCM_ONLY)
			p->sec_serv = sec_serv_auth;
		return;
	}
	case SRTPO_CIPHER_AES_192_CM:
		if (c->auth)
			srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_aes_cm_192_null_auth(p);
		break;
	case SRTPO_CIPHER_AES_128_CM:
		if (c->auth)
			srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_aes_cm_128_null_auth(p);
		break;
	case SRTPO_CIPHER_AES_256_CM:
		if (c->auth)
			srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_aes_cm_256_null_auth(p);
		break;
	default:
		if (c->auth)
			srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_null_cipher_hmac_null(p);
		break;
	}
	if (c->auth)
		p->auth_tag_len = c->tag_len;
}

static void random_keyset(struct rng *r, struct keyset *ks, srtpo_cipher_t cipher, int nkeys,
			  size_t mki_len)
{
	ks->nkeys = nkeys;
	ks->key_len = srtpo_master_key_len(cipher);
	ks->mki_len = mki_len;
	for (int i = 0; i < nkeys; i++) {
		rng_fill(r, ks->key[i], sizeof(ks->key[i]));
		rng_fill(r, ks->salt[i], sizeof(ks->salt[i]));
		rng_fill(r, ks->mki[i], sizeof(ks->mki[i]));
		/* MKIs of one stream must differ; the last byte carries the key number. */
		if (mki_len)
			ks->mki[i][mki_len - 1] = (uint8_t)((ks->mki[i][mki_len - 1] & 0xf0) | i);
	}
}

static void random_case(struct rng *r, struct case_cfg *c)
{
	static const size_t mki_lens[] = { 1, 2, 3, 4, 8, 16, 128 };
	static const uint32_t windows[] = { 0, 64, 96, 128, 256, 1024 };

	memset(c, 0, sizeof(*c));
	c->nstreams = (int)rng_range(r, 1, MAX_STREAMS);
	c->tx_template = rng_chance(r, 1, 6);
	c->rx_template = rng_chance(r, 1, 6);
	c->window = windows[rng_below(r, sizeof(windows) / sizeof(windows[0]))];
	c->allow_repeat_tx = rng_chance(r, 1, 2);

	bool template = c->tx_template || c->rx_template;

	for (int i = 0; i < c->nstreams; i++) {
		struct stream_cfg *s = &c->st[i];

		/* Distinct SSRCs. */
		do {
			s->ssrc = (uint32_t)rng_next(r);
			for (int j = 0; j < i; j++)
				if (c->st[j].ssrc == s->ssrc)
					s->ssrc = 0;
		} while (s->ssrc == 0);

		if (template && i > 0) {
			/* A template gives every stream the same policy and keys. */
			struct stream_cfg *t = &c->st[0];

			s->rtp = t->rtp;
			s->rtcp = t->rtcp;
			s->ks = t->ks;
			s->nxtn = t->nxtn;
			memcpy(s->xtn, t->xtn, sizeof(s->xtn));
		} else {
			size_t k = rng_below(r, NSUITES);

			s->rtp = suites[k].c;
			/* SRTCP: usually HMAC-SHA1-80 (RFC 4568 for the _32 suites), else the same
			 * as RTP. Same cipher either way, so one master key length serves both.
			 * GCM: the same suite, or authenticated only (E bit clear). */
			s->rtcp = s->rtp;
			if (s->rtp.auth == SRTPO_AUTH_GCM) {
				if (rng_chance(r, 1, 3))
					s->rtcp.auth = SRTPO_AUTH_GCM_ONLY;
			} else if (rng_chance(r, 2, 3)) {
				s->rtcp.auth = SRTPO_AUTH_HMAC_SHA1;
				s->rtcp.tag_len = 10;
			}
			int nkeys = 1;
			size_t mki_len = 0;

			if (rng_chance(r, 1, 4)) {
				nkeys = (int)rng_range(r, 1, MAX_KEYS);
				mki_len = mki_lens[rng_below(r, sizeof(mki_lens) / sizeof(mki_lens[0]))];
				/* libsrtp2 finds an SRTCP packet's MKI with the RTP tag length, so with
				 * an MKI both must use the same crypto for it to work at all. */
				s->rtcp = s->rtp;
			}
			random_keyset(r, &s->ks, s->rtp.cipher, nkeys, mki_len);
			/* RFC 6904 for a third of the streams: 1..4 of the one-byte IDs 1..14 */
			/* (not with the null cipher: srtpo encrypts no extension then, libsrtp2
			 * 2.5 changes the payload) */
			s->nxtn = rng_chance(r, 1, 3) && s->rtp.cipher != SRTPO_CIPHER_NULL
					  ? (int)rng_range(r, 1, 4)
					  : 0;
			for (int x = 0; x < s->nxtn; x++)
				s->xtn[x] = (uint8_t)rng_range(r, 1, 14);
		}
		/* libsrtp2 cannot give a template stream an initial ROC. */
		s->roc = 0;
		if (!template && rng_chance(r, 1, 3))
			s->roc = rng_chance(r, 1, 2) ? rng_range(r, 1, 5) : (uint32_t)rng_next(r) >> 1;
		s->cur_roc = s->roc;
		/* A third of the streams start just below the sequence number wrap. */
		s->seq = rng_chance(r, 1, 3) ? (uint16_t)rng_range(r, 65535 - 120, 65535)
					     : (uint16_t)rng_next(r);
		s->ts = (uint32_t)rng_next(r);
		do {
			s->pt = (uint8_t)rng_below(r, 128);
		} while (s->pt >= 72 && s->pt <= 76); /* RFC 5761: would look like RTCP */
		s->last_rtp = -1;
		for (size_t k = 0; k < NSUITES; k++)
			if (!memcmp(&suites[k].c, &s->rtp, sizeof(s->rtp)))
				g.per_suite[suites[k].suite]++;
	}
}

static void our_policy(const struct case_cfg *c, const struct stream_cfg *s,
		       const struct keyset *ks, bool rx, srtpo_policy_t *p, srtpo_master_key_t *mk)
{
	bool template = rx ? c->rx_template : c->tx_template;

	memset(p, 0, sizeof(*p));
	p->ssrc_type = !template ? SRTPO_SSRC_SPECIFIC
		       : rx	 ? SRTPO_SSRC_ANY_INBOUND
				 : SRTPO_SSRC_ANY_OUTBOUND;
	p->ssrc = s->ssrc;
	p->rtp = (srtpo_crypto_policy_t){ s->rtp.cipher, s->rtp.auth, s->rtp.tag_len };
	p->rtcp = (srtpo_crypto_policy_t){ s->rtcp.cipher, s->rtcp.auth, s->rtcp.tag_len };
	for (int i = 0; i < ks->nkeys; i++) {
		mk[i] = (srtpo_master_key_t){
			.key = ks->key[i],
			.key_len = ks->key_len,
			.salt = ks->salt[i],
			.salt_len = srtpo_master_salt_len(s->rtp.cipher),
			.mki = ks->mki_len ? ks->mki[i] : NULL,
			.mki_len = ks->mki_len,
		};
	}
	p->keys = mk;
	p->num_keys = (size_t)ks->nkeys;
	p->window_size = c->window;
	p->allow_repeat_tx = c->allow_repeat_tx;
	p->roc = template ? 0 : s->roc;
	p->encrypted_extension_ids = s->nxtn ? s->xtn : NULL;
	p->num_encrypted_extension_ids = (size_t)s->nxtn;
}

/* libsrtp2 wants key || salt in one buffer per master key. */
struct lib_keys {
	uint8_t buf[MAX_KEYS][SRTPO_MAX_KEY_LEN + SRTPO_SALT_LEN];
	srtp_master_key_t mk[MAX_KEYS];
	srtp_master_key_t *mkp[MAX_KEYS];
	int xtn[4];
};

static void lib_policy(const struct case_cfg *c, const struct stream_cfg *s,
		       const struct keyset *ks, bool rx, srtp_policy_t *p, struct lib_keys *lk)
{
	bool template = rx ? c->rx_template : c->tx_template;

	memset(p, 0, sizeof(*p));
	p->ssrc.type = !template ? ssrc_specific : rx ? ssrc_any_inbound : ssrc_any_outbound;
	p->ssrc.value = s->ssrc;
	lib_crypto(&p->rtp, &s->rtp);
	lib_crypto(&p->rtcp, &s->rtcp);
	for (int i = 0; i < ks->nkeys; i++) {
		memcpy(lk->buf[i], ks->key[i], ks->key_len);
		memcpy(lk->buf[i] + ks->key_len, ks->salt[i], SRTPO_SALT_LEN);
		lk->mk[i].key = lk->buf[i];
		lk->mk[i].mki_id = (unsigned char *)ks->mki[i];
		lk->mk[i].mki_size = (unsigned int)ks->mki_len;
		lk->mkp[i] = &lk->mk[i];
	}
	if (ks->mki_len) {
		p->keys = lk->mkp;
		p->num_master_keys = (unsigned long)ks->nkeys;
	} else {
		p->key = lk->buf[0];
	}
	p->window_size = c->window;
	p->allow_repeat_tx = c->allow_repeat_tx;
	for (int i = 0; i < s->nxtn; i++)
		lk->xtn[i] = s->xtn[i];
	if (s->nxtn) {
		p->enc_xtn_hdr = lk->xtn;
		p->enc_xtn_hdr_count = s->nxtn;
	}
}

static srtpo_session_t *our_session(const struct case_cfg *c, bool rx)
{
	bool template = rx ? c->rx_template : c->tx_template;
	int n = template ? 1 : c->nstreams;
	srtpo_policy_t pol[MAX_STREAMS];
	srtpo_master_key_t mk[MAX_STREAMS][MAX_KEYS];
	srtpo_session_t *s = NULL;

	for (int i = 0; i < n; i++)
		our_policy(c, &c->st[i], &c->st[i].ks, rx, &pol[i], mk[i]);
	int err = srtpo_create(&s, pol, (size_t)n, NULL);

	if (err) {
		failure("srtpo_create (%s) failed: %s; libsrtp2 accepts this configuration",
			rx ? "rx" : "tx", srtpo_strerror(err));
		return NULL;
	}
	return s;
}

static srtp_t lib_session(const struct case_cfg *c, bool rx)
{
	bool template = rx ? c->rx_template : c->tx_template;
	int n = template ? 1 : c->nstreams;
	srtp_policy_t pol[MAX_STREAMS] = { 0 };
	struct lib_keys lk[MAX_STREAMS];
	srtp_t s = NULL;

	for (int i = 0; i < n; i++) {
		lib_policy(c, &c->st[i], &c->st[i].ks, rx, &pol[i], &lk[i]);
		pol[i].next = i + 1 < n ? &pol[i + 1] : NULL;
	}
	srtp_err_status_t st = srtp_create(&s, pol);

	if (st) {
		fprintf(stderr, "diff_libsrtp2: libsrtp2 srtp_create failed (%d)\n", st);
		print_case(stderr, c);
		exit(2);
	}
	for (int i = 0; i < n && !template; i++)
		if (c->st[i].roc && srtp_set_stream_roc(s, c->st[i].ssrc, c->st[i].roc)) {
			fprintf(stderr, "diff_libsrtp2: srtp_set_stream_roc failed\n");
			exit(2);
		}
	return s;
}

/* ---------------------------------------------------------------------------------------------- */
/* Packets                                                                                         */

/* A random but well-formed RTP packet; returns its length. */
static size_t make_rtp(struct rng *r, struct stream_cfg *s, uint8_t *b)
{
	int cc = rng_chance(r, 2, 3) ? 0 : (int)rng_range(r, 1, 15);
	bool x = rng_chance(r, 1, 4);
	size_t pos = 12, payload;
	uint32_t u = rng_below(r, 100);

	if (u < 5)
		payload = rng_below(r, 2);
	else if (u < 15)
		payload = rng_range(r, 14, 18);
	else if (u < 40)
		payload = 160;
	else if (u < 45)
		payload = 1400;
	else
		payload = rng_below(r, 1401);
	bool pad = payload >= 1 && rng_chance(r, 1, 10);

	b[0] = (uint8_t)(0x80 | (pad ? 0x20 : 0) | (x ? 0x10 : 0) | cc);
	b[1] = (uint8_t)((rng_chance(r, 1, 8) ? 0x80 : 0) | s->pt);
	wr16(b + 2, s->seq);
	wr32(b + 4, s->ts);
	wr32(b + 8, s->ssrc);
	for (int i = 0; i < cc; i++, pos += 4)
		wr32(b + pos, (uint32_t)rng_next(r));
	if (x && s->nxtn) {
		/* RFC 8285 elements back to back, padding only at the end: one-byte (IDs 1..14,
		 * 1..16 bytes) or, a third of the time, two-byte (IDs 1..255, 0..20 bytes) */
		size_t start = pos + 4, q = start, words;
		int nel = (int)rng_range(r, 0, 6);
		bool two = rng_chance(r, 1, 3);

		wr16(b + pos, two ? 0x1000 : 0xbede);
		for (int e = 0; e < nel; e++) {
			unsigned id = (unsigned)rng_range(r, 1, two ? 255 : 14);
			unsigned len = (unsigned)rng_range(r, two ? 0 : 1, two ? 20 : 16);

			if (rng_chance(r, 1, 2))
				id = s->xtn[rng_below(r, (uint32_t)s->nxtn)];
			if (two) {
				b[q++] = (uint8_t)id;
				b[q++] = (uint8_t)len;
			} else {
				b[q++] = (uint8_t)(id << 4 | (len - 1));
			}
			rng_fill(r, b + q, len);
			q += len;
		}
		while ((q - start) % 4)
			b[q++] = 0;
		words = (q - start) / 4;
		wr16(b + pos + 2, (uint16_t)words);
		pos = q;
	} else if (x) {
		size_t words = rng_chance(r, 1, 4) ? 0 : rng_range(r, 1, 16);

		wr16(b + pos, rng_chance(r, 3, 4) && !s->nxtn ? 0xbede : (uint16_t)rng_next(r));
		wr16(b + pos + 2, (uint16_t)words);
		rng_fill(r, b + pos + 4, words * 4);
		pos += 4 + words * 4;
	}
	rng_fill(r, b + pos, payload);
	if (pad)
		b[pos + payload - 1] = (uint8_t)rng_range(r, 1, (uint32_t)(payload < 32 ? payload : 32));
	return pos + payload;
}

/* A random RTCP packet (a compound of one to three parts with valid length fields). */
static size_t make_rtcp(struct rng *r, const struct stream_cfg *s, uint8_t *b)
{
	size_t total = 0;
	int parts = rng_chance(r, 3, 4) ? 1 : (int)rng_range(r, 2, 3);

	for (int i = 0; i < parts; i++) {
		size_t words = rng_chance(r, 1, 5) ? 1 : rng_range(r, 1, 1400 / 4 / (size_t)parts - 1);
		uint8_t *p = b + total;

		p[0] = (uint8_t)(0x80 | rng_below(r, 32));
		p[1] = (uint8_t)(i == 0 ? rng_range(r, 200, 201) : rng_range(r, 200, 206));
		wr16(p + 2, (uint16_t)words);
		wr32(p + 4, s->ssrc);
		rng_fill(r, p + 8, words * 4 - 4);
		total += 4 + words * 4;
	}
	return total;
}

static size_t rtp_header_len(const uint8_t *p, size_t len)
{
	size_t h = 12 + 4u * (p[0] & 0x0f);

	if ((p[0] & 0x10) && len >= h + 4)
		h += 4 + 4u * rd16(p + h + 2);
	return h;
}

/* ---------------------------------------------------------------------------------------------- */
/* The sender's script                                                                             */

static int gen_script(struct rng *r, struct case_cfg *c, struct event *ev, int max)
{
	int n = 0, want = (int)rng_range(r, 40, 300);
	uint8_t buf[PKT_CAP];

	while (n < want && n < max) {
		int k = (int)rng_below(r, (uint32_t)c->nstreams);
		struct stream_cfg *s = &c->st[k];
		struct event *e = &ev[n];
		uint32_t u = rng_below(r, 1000);

		memset(e, 0, sizeof(*e));
		e->stream = (uint8_t)k;
		if (u < 20 && s->ks.mki_len && s->ks.nkeys > 1 && !c->tx_template) {
			e->type = EV_SWITCH_KEY;
			e->key = (uint8_t)rng_below(r, (uint32_t)s->ks.nkeys);
			s->active_key = e->key;
		} else if (u >= 20 && u < 24 && !c->tx_template && !c->rx_template && s->started) {
			/* Rekeying needs a stream that has already carried RTP on both sides:
			 * libsrtp2 keeps the index over srtp_update_stream but not a pending ROC. */
			e->type = EV_REKEY;
			e->rekey = arena_alloc(sizeof(*e->rekey));
			random_keyset(r, e->rekey, s->rtp.cipher, s->ks.nkeys, s->ks.mki_len);
			s->ks = *e->rekey;
			s->active_key = 0;
			/* libsrtp2 forgets the replay bits over a rekey, so no retransmission
			 * may straddle one. */
			s->last_rtp = -1;
		} else if (u < 140) {
			e->type = EV_RTCP;
			e->plain_len = make_rtcp(r, s, buf);
			e->plain = arena_dup(buf, e->plain_len);
		} else if (u < 170 && s->last_rtp >= 0) {
			const struct event *o = &ev[s->last_rtp];

			e->type = EV_RTP;
			e->repeat = true;
			e->plain = o->plain;
			e->plain_len = o->plain_len;
			e->index = o->index;
		} else {
			e->type = EV_RTP;
			if (s->started) {
				uint32_t step = rng_chance(r, 9, 10) ? 1
						: rng_chance(r, 4, 5) ? rng_range(r, 2, 5)
								      : rng_range(r, 6, 1000);
				uint32_t next = (uint32_t)s->seq + step;

				if (next > 0xffff)
					s->cur_roc++;
				s->seq = (uint16_t)next;
				s->ts += 160 * step;
			}
			s->started = true;
			e->plain_len = make_rtp(r, s, buf);
			e->plain = arena_dup(buf, e->plain_len);
			e->index = (uint64_t)s->cur_roc << 16 | s->seq;
			s->last_rtp = n;
		}
		n++;
	}
	return n;
}

/* Runs the script through libsrtp2 and records each output and verdict. */
static void lib_send(const struct case_cfg *c, srtp_t tx, struct event *ev, int n)
{
	int active[MAX_STREAMS] = { 0 };
	uint8_t buf[PKT_CAP];

	for (int i = 0; i < n; i++) {
		struct event *e = &ev[i];
		const struct stream_cfg *s = &c->st[e->stream];
		unsigned use_mki = s->ks.mki_len > 0;

		if (e->type == EV_SWITCH_KEY) {
			active[e->stream] = e->key;
			continue;
		}
		if (e->type == EV_REKEY) {
			srtp_policy_t p;
			struct lib_keys lk;

			lib_policy(c, s, e->rekey, false, &p, &lk);
			if (srtp_update_stream(tx, &p)) {
				fprintf(stderr, "diff_libsrtp2: libsrtp2 srtp_update_stream failed\n");
				exit(2);
			}
			active[e->stream] = 0;
			continue;
		}
		int len = (int)e->plain_len;
		srtp_err_status_t st;

		memcpy(buf, e->plain, e->plain_len);
		if (e->type == EV_RTP)
			st = srtp_protect_mki(tx, buf, &len, use_mki, (unsigned)active[e->stream]);
		else
			st = srtp_protect_rtcp_mki(tx, buf, &len, use_mki, (unsigned)active[e->stream]);
		e->lib_status = lib_code(st);
		if (!st) {
			e->lib_out = arena_dup(buf, (size_t)len);
			e->lib_len = (size_t)len;
		}
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* Driving srtpo: one batch of packets, in any of its call forms, with the side checks             */

struct job {
	const uint8_t *in;          /* the packet */
	size_t in_len;
	size_t need;                /* the exact output length, when known (else 0) */
	bool probe_no_space;        /* first try with one byte too little room */
	const char *label;          /* for reports */
	int status;                 /* results */
	uint8_t *out;
	size_t out_len;
};

struct bufs {
	uint8_t *in;                /* in-place buffer, or out-of-place input copy */
	uint8_t *out;
	size_t cap;                 /* capacity handed to srtpo */
	bool in_place;
};

static void fill_canary(uint8_t *p, size_t n)
{
	memset(p, CANARY_BYTE, n);
}

static bool canary_ok(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != CANARY_BYTE)
			return false;
	return true;
}

static bool all_byte(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Sets up the buffers for one packet: in place with a capacity of exactly what is needed (or
 * roomy), or out of place into a fresh output. */
static void setup(struct rng *r, const struct job *j, bool protect, bool in_place, size_t cap_override,
		  struct bufs *b)
{
	size_t cap;

	if (cap_override)
		cap = cap_override;
	else if (j->need && rng_chance(r, 1, 2))
		/* Tight. An out-of-place unprotect works in its output and so needs room for
		 * the whole input (tag and MKI included), not just the result. */
		cap = protect ? j->need : j->in_len;
	else
		cap = in_place && !protect ? j->in_len : PKT_CAP;
	if (in_place && cap < j->in_len)
		cap = j->in_len;
	b->in_place = in_place;
	b->cap = cap;
	b->in = arena_alloc(PKT_CAP + CANARY);
	memcpy(b->in, j->in, j->in_len);
	if (in_place) {
		memset(b->in + j->in_len, OUT_FILL, cap - j->in_len);
		fill_canary(b->in + cap, CANARY);
		b->out = b->in;
	} else {
		fill_canary(b->in + j->in_len, CANARY);
		b->out = arena_alloc(PKT_CAP + CANARY);
		memset(b->out, OUT_FILL, cap);
		fill_canary(b->out + cap, CANARY);
	}
}

/* After a call: the promises of the API, whatever the verdict. */
static void check_after(const struct job *j, const struct bufs *b, int status, size_t out_len,
			const char *call)
{
	if (b->in_place) {
		if (!canary_ok(b->in + b->cap, CANARY))
			broken_promise(P_PAST_CAP, "%s: %s wrote past the capacity of %zu bytes",
				       j->label, call, b->cap);
		if (status != SRTPO_OK && memcmp(b->in, j->in, j->in_len))
			broken_promise(P_CHANGED_ON_ERROR, "%s: %s failed (%s) but changed the packet",
				       j->label, call, srtpo_strerror(status));
	} else {
		if (memcmp(b->in, j->in, j->in_len) || !canary_ok(b->in + j->in_len, CANARY))
			broken_promise(P_WROTE_INPUT, "%s: %s wrote into its input", j->label, call);
		if (!canary_ok(b->out + b->cap, CANARY))
			broken_promise(P_PAST_CAP, "%s: %s wrote past the output capacity of %zu bytes",
				       j->label, call, b->cap);
		if (status != SRTPO_OK && !all_byte(b->out, b->cap, OUT_FILL))
			broken_promise(P_OUT_ON_ERROR, "%s: %s failed (%s) but wrote to its output",
				       j->label, call, srtpo_strerror(status));
	}
	if (status == SRTPO_OK && out_len > b->cap)
		broken_promise(P_LEN, "%s: %s returned %zu bytes in a capacity of %zu", j->label,
			       call, out_len, b->cap);
}

static int single_call(srtpo_session_t *s, bool protect, bool rtcp, const struct job *j,
		       struct bufs *b, size_t *out_len)
{
	int st;

	if (b->in_place) {
		size_t len = j->in_len;

		if (protect)
			st = rtcp ? srtpo_protect_rtcp(s, b->in, &len, b->cap)
				  : srtpo_protect(s, b->in, &len, b->cap);
		else
			st = rtcp ? srtpo_unprotect_rtcp(s, b->in, &len) : srtpo_unprotect(s, b->in, &len);
		if (st != SRTPO_OK && len != j->in_len)
			broken_promise(P_LEN, "%s: failed call changed the length from %zu to %zu",
				       j->label, j->in_len, len);
		*out_len = len;
	} else {
		*out_len = 0;
		if (protect)
			st = rtcp ? srtpo_protect_rtcp_to(s, b->in, j->in_len, b->out, b->cap, out_len)
				  : srtpo_protect_to(s, b->in, j->in_len, b->out, b->cap, out_len);
		else
			st = rtcp ? srtpo_unprotect_rtcp_to(s, b->in, j->in_len, b->out, b->cap, out_len)
				  : srtpo_unprotect_to(s, b->in, j->in_len, b->out, b->cap, out_len);
	}
	return st;
}

static const char *call_name(bool protect, bool rtcp, bool burst, bool in_place)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "srtpo_%sprotect%s%s%s", protect ? "" : "un", rtcp ? "_rtcp" : "",
		 burst ? "_burst" : "", in_place ? "" : (burst ? " (out of place)" : "_to"));
	return buf;
}

static void run_ours(struct rng *r, srtpo_session_t *s, bool protect, bool rtcp, struct job *jobs,
		     size_t n)
{
	bool burst = n > 1 || rng_chance(r, 1, 4);

	if (!burst) {
		struct job *j = &jobs[0];
		bool in_place = rng_chance(r, 1, 2);
		struct bufs b;
		size_t out_len;
		int st;

		g.singles++;
		if (j->probe_no_space && j->need) {
			/* One byte short: must fail with NO_SPACE and change nothing. */
			g.no_space_probes++;
			setup(r, j, protect, in_place, j->need - 1, &b);
			if (in_place && (!protect || j->need - 1 < j->in_len)) {
				/* In place there is always room for the packet itself. */
			} else {
				st = single_call(s, protect, rtcp, j, &b, &out_len);
				check_after(j, &b, st, out_len, call_name(protect, rtcp, false, in_place));
				if (st != SRTPO_ERR_NO_SPACE)
					failure("%s: %s with %zu bytes of room for %zu returned %s, "
						"expected NO_SPACE",
						j->label, call_name(protect, rtcp, false, in_place),
						j->need - 1, j->need, srtpo_strerror(st));
			}
		}
		setup(r, j, protect, in_place, 0, &b);
		st = single_call(s, protect, rtcp, j, &b, &out_len);
		check_after(j, &b, st, out_len, call_name(protect, rtcp, false, in_place));
		j->status = st;
		j->out = b.out;
		j->out_len = st == SRTPO_OK ? out_len : 0;
		return;
	}

	srtpo_packet_t pk[64];
	struct bufs b[64];

	g.bursts++;
	for (size_t i = 0; i < n; i++) {
		setup(r, &jobs[i], protect, rng_chance(r, 1, 2), 0, &b[i]);
		pk[i] = (srtpo_packet_t){
			.in = b[i].in,
			.in_len = jobs[i].in_len,
			.out = b[i].out,
			.out_cap = b[i].in_place && !protect ? jobs[i].in_len : b[i].cap,
			.out_len = 0x7777,
			.status = 0x7777,
		};
	}
	size_t ok;

	if (protect)
		ok = rtcp ? srtpo_protect_rtcp_burst(s, pk, n) : srtpo_protect_burst(s, pk, n);
	else
		ok = rtcp ? srtpo_unprotect_rtcp_burst(s, pk, n) : srtpo_unprotect_burst(s, pk, n);
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		check_after(&jobs[i], &b[i], pk[i].status, pk[i].out_len,
			    call_name(protect, rtcp, true, b[i].in_place));
		jobs[i].status = pk[i].status;
		jobs[i].out = b[i].out;
		jobs[i].out_len = pk[i].status == SRTPO_OK ? pk[i].out_len : 0;
		count += pk[i].status == SRTPO_OK;
	}
	if (ok != count)
		failure("%s returned %zu but %zu packets have status OK",
			call_name(protect, rtcp, true, true), ok, count);
}

/* Output growth of protect for a stream. */
static size_t growth(const struct stream_cfg *s, const struct keyset *ks, bool rtcp)
{
	return (rtcp ? 4u + s->rtcp.tag_len : s->rtp.tag_len) + ks->mki_len;
}

static void compare(const char *label, const uint8_t *in, size_t in_len, int lib_st,
		    const uint8_t *lib_out, size_t lib_len, int our_st, const uint8_t *our_out,
		    size_t our_len)
{
	if (lib_st != our_st) {
		failure("%s: libsrtp2 says %s, srtpo says %s", label, code_name(lib_st),
			code_name(our_st));
		hexdump(stderr, "input", in, in_len);
		if (lib_st == SRTPO_OK)
			hexdump(stderr, "libsrtp2 output", lib_out, lib_len);
		if (our_st == SRTPO_OK)
			hexdump(stderr, "srtpo output", our_out, our_len);
		return;
	}
	if (lib_st == SRTPO_OK && (lib_len != our_len || memcmp(lib_out, our_out, lib_len))) {
		failure("%s: outputs differ", label);
		hexdump(stderr, "input", in, in_len);
		show_diff(stderr, lib_out, lib_len, our_out, our_len);
	}
}

/* Runs the script through srtpo in random batches and compares with libsrtp2's results. */
static void our_send(struct rng *r, struct case_cfg *c, srtpo_session_t *tx, struct event *ev,
		     int n)
{
	struct keyset cur[MAX_STREAMS];
	struct job jobs[64];
	char labels[64][96];

	for (int k = 0; k < c->nstreams; k++)
		cur[k] = c->st[k].ks;
	for (int i = 0; i < n;) {
		struct event *e = &ev[i];
		const struct stream_cfg *s = &c->st[e->stream];

		if (e->type == EV_SWITCH_KEY) {
			int err = srtpo_set_active_key(tx, s->ssrc, e->key);

			g.key_switches++;
			if (err)
				failure("srtpo_set_active_key(%08x, %u): %s", s->ssrc, e->key,
					srtpo_strerror(err));
			i++;
			continue;
		}
		if (e->type == EV_REKEY) {
			srtpo_policy_t p;
			srtpo_master_key_t mk[MAX_KEYS];
			int err;

			g.rekeys++;
			our_policy(c, s, e->rekey, false, &p, mk);
			err = srtpo_update_stream(tx, &p);
			if (!err)
				err = srtpo_set_active_key(tx, s->ssrc, 0);
			if (err)
				failure("srtpo_update_stream(%08x) on the sender: %s", s->ssrc,
					srtpo_strerror(err));
			cur[e->stream] = *e->rekey;
			i++;
			continue;
		}
		bool rtcp = e->type == EV_RTCP;
		size_t want = rng_chance(r, 1, 3) ? 1 : rng_range(r, 2, 64), m = 0;

		while (m < want && i + (int)m < n && ev[i + m].type == e->type) {
			struct event *f = &ev[i + m];
			struct job *j = &jobs[m];

			snprintf(labels[m], sizeof(labels[m]), "send event %d (%s%s, ssrc %08x)", i + (int)m,
				 rtcp ? "RTCP" : "RTP", f->repeat ? " retransmission" : "",
				 c->st[f->stream].ssrc);
			*j = (struct job){
				.in = f->plain,
				.in_len = f->plain_len,
				.need = f->plain_len + growth(&c->st[f->stream], &cur[f->stream], rtcp),
				.probe_no_space = rng_chance(r, 1, 30) && f->lib_status == SRTPO_OK,
				.label = labels[m],
			};
			m++;
		}
		run_ours(r, tx, true, rtcp, jobs, m);
		for (size_t q = 0; q < m; q++) {
			struct event *f = &ev[i + q];

			compare(labels[q], f->plain, f->plain_len, f->lib_status, f->lib_out, f->lib_len,
				jobs[q].status, jobs[q].out, jobs[q].out_len);
			if (f->lib_status == SRTPO_OK) {
				if (rtcp)
					g.rtcp_protected++;
				else
					g.rtp_protected++;
				if (f->repeat)
					g.repeats_allowed++;
			} else if (f->repeat) {
				g.repeats_rejected++;
			}
		}
		i += (int)m;
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* The receivers                                                                                   */

static uint64_t srtcp_index(const struct stream_cfg *s, const uint8_t *p, size_t len)
{
	/* GCM: E || index follows the tag (RFC 7714 9.1) */
	size_t off = len - s->ks.mki_len - 4 -
		     (s->rtcp.auth == SRTPO_AUTH_GCM || s->rtcp.auth == SRTPO_AUTH_GCM_ONLY
			      ? 0
			      : s->rtcp.tag_len);

	return rd32(p + off) & 0x7fffffff;
}

struct held {
	int event;
	uint64_t index;
	uint32_t distance;
};

static int add_delivery(struct delivery *d, int n, int max, uint8_t type, int stream, int event,
			uint8_t mutation, const char *what, const uint8_t *bytes, size_t len)
{
	if (n >= max)
		return n;
	d[n] = (struct delivery){
		.type = type,
		.stream = (uint8_t)stream,
		.mutation = mutation,
		.event = event,
		.what = what,
		.bytes = arena_dup(bytes, len),
		.len = len,
	};
	return n + 1;
}

/* Builds what the receivers get from what libsrtp2 sent. */
static int gen_delivery(struct rng *r, const struct case_cfg *c, const struct event *ev, int nev,
			struct delivery *d, int max)
{
	int n = 0;
	int *order = arena_alloc(sizeof(int) * (size_t)nev);
	uint32_t ws = c->window ? c->window : SRTPO_DEFAULT_WINDOW;

	for (int start = 0; start < nev;) {
		/* One segment: the events up to the next rekey. */
		int end = start, m = 0;

		while (end < nev && ev[end].type != EV_REKEY)
			end++;
		for (int i = start; i < end; i++)
			if ((ev[i].type == EV_RTP || ev[i].type == EV_RTCP) && ev[i].lib_status == SRTPO_OK)
				order[m++] = i;
		/* Local reordering. */
		for (int i = 0; i < m; i++)
			if (rng_chance(r, 1, 8)) {
				int j = i + (int)rng_range(r, 1, 8);

				if (j < m) {
					int t = order[i];

					order[i] = order[j];
					order[j] = t;
				}
			}
		/* Each stream's first RTP packet arrives first among its RTP packets: a fresh
		 * receiver takes its ROC from it, and an earlier one would need a negative ROC. */
		for (int k = 0; k < c->nstreams; k++) {
			int first_sent = -1, first_pos = -1, sent_pos = -1;

			for (int i = 0; i < m; i++) {
				const struct event *e = &ev[order[i]];

				if (e->stream != k || e->type != EV_RTP)
					continue;
				if (first_pos < 0)
					first_pos = i;
				if (first_sent < 0 || order[i] < first_sent) {
					first_sent = order[i];
					sent_pos = i;
				}
			}
			if (first_pos >= 0 && sent_pos != first_pos) {
				int t = order[sent_pos];

				memmove(&order[first_pos + 1], &order[first_pos],
					sizeof(int) * (size_t)(sent_pos - first_pos));
				order[first_pos] = t;
			}
		}

		struct held held[64];
		int nheld = 0;
		uint64_t highest[MAX_STREAMS] = { 0 };
		bool seen[MAX_STREAMS] = { false };
		int seg_first = n;

		for (int i = 0; i < m; i++) {
			const struct event *e = &ev[order[i]];
			const struct stream_cfg *s = &c->st[e->stream];
			bool auth = e->type == EV_RTP ? s->rtp.auth : s->rtcp.auth;
			uint8_t *tmp = arena_dup(e->lib_out, e->lib_len);

			/* Withhold a packet (not a stream's first) and deliver it late. */
			if (e->type == EV_RTP && seen[e->stream] && nheld < 64 && rng_chance(r, 1, 60)) {
				uint32_t dist = rng_chance(r, 1, 2) ? rng_range(r, ws - 2, ws + 1)
								    : rng_range(r, 1, ws + 40);

				held[nheld++] = (struct held){ order[i], e->index, dist };
				continue;
			}
			/* A tampered copy first, then the real packet. */
			if (rng_chance(r, 1, 30)) {
				size_t lo = 0, hi = e->lib_len;

				if (!auth) {
					/* Without a tag, only the payload may change: both must then
					 * accept the same wrong packet. */
					lo = e->type == EV_RTP ? rtp_header_len(tmp, e->lib_len) : 8;
					hi = e->lib_len - s->ks.mki_len - (e->type == EV_RTCP ? 4 : 0);
				}
				if (lo < hi) {
					size_t bit = rng_range(r, (uint32_t)(lo * 8), (uint32_t)(hi * 8 - 1));

					tmp[bit / 8] ^= (uint8_t)(1u << (bit % 8));
					n = add_delivery(d, n, max, e->type, e->stream, order[i],
							 auth ? M_REJECT : M_SAME, "tampered copy", tmp,
							 e->lib_len);
					memcpy(tmp, e->lib_out, e->lib_len);
				}
			}
			/* A truncated copy. */
			if (auth && rng_chance(r, 1, 80)) {
				size_t min = (e->type == EV_RTP ? rtp_header_len(tmp, e->lib_len)
								: 12) +
					     (e->type == EV_RTP ? s->rtp.tag_len : s->rtcp.tag_len) +
					     s->ks.mki_len + 1;

				if (min < e->lib_len)
					n = add_delivery(d, n, max, e->type, e->stream, order[i], M_REJECT,
							 "truncated copy", tmp,
							 rng_range(r, (uint32_t)min,
								   (uint32_t)e->lib_len - 1));
			}
			/* An unknown SSRC. */
			if (!c->rx_template && rng_chance(r, 1, 200)) {
				wr32(tmp + (e->type == EV_RTP ? 8 : 4), (uint32_t)rng_next(r));
				n = add_delivery(d, n, max, e->type, e->stream, order[i], M_REJECT,
						 "unknown ssrc", tmp, e->lib_len);
				memcpy(tmp, e->lib_out, e->lib_len);
			}
			n = add_delivery(d, n, max, e->type, e->stream, order[i], M_CLEAN, "packet",
					 e->lib_out, e->lib_len);
			if (e->type == EV_RTP) {
				if (!seen[e->stream] || e->index > highest[e->stream])
					highest[e->stream] = e->index;
				seen[e->stream] = true;
			}
			/* Replays of something already delivered in this segment. */
			if (n > seg_first && rng_chance(r, 1, 25)) {
				int back = (int)rng_range(r, 1, (uint32_t)(n - seg_first));
				const struct delivery *o = &d[n - back];

				if (o->type != EV_REKEY)
					n = add_delivery(d, n, max, o->type, o->stream, o->event,
							 o->mutation == M_REJECT ? M_REJECT : M_SAME,
							 "replay", o->bytes, o->len);
			}
			/* Late packets whose time has come. */
			for (int h = 0; h < nheld; h++) {
				const struct event *he = &ev[held[h].event];

				if (he->stream == e->stream &&
				    highest[he->stream] >= held[h].index + held[h].distance) {
					n = add_delivery(d, n, max, he->type, he->stream, held[h].event,
							 M_CLEAN, "late packet", he->lib_out, he->lib_len);
					held[h--] = held[--nheld];
				}
			}
		}
		for (int h = 0; h < nheld; h++) {
			const struct event *he = &ev[held[h].event];

			n = add_delivery(d, n, max, he->type, he->stream, held[h].event, M_CLEAN,
					 "late packet", he->lib_out, he->lib_len);
		}
		if (end < nev && n < max) {
			d[n++] = (struct delivery){ .type = EV_REKEY, .stream = ev[end].stream,
						    .event = end, .what = "rekey" };
		}
		start = end + 1;
	}
	return n;
}

static void lib_receive(const struct case_cfg *c, srtp_t rx, const struct event *ev,
			struct delivery *d, int n)
{
	uint8_t buf[PKT_CAP];

	for (int i = 0; i < n; i++) {
		struct delivery *x = &d[i];
		const struct stream_cfg *s = &c->st[x->stream];

		if (x->type == EV_REKEY) {
			srtp_policy_t p;
			struct lib_keys lk;

			lib_policy(c, s, ev[x->event].rekey, true, &p, &lk);
			if (srtp_update_stream(rx, &p)) {
				fprintf(stderr, "diff_libsrtp2: libsrtp2 srtp_update_stream failed\n");
				exit(2);
			}
			continue;
		}
		int len = (int)x->len;
		unsigned use_mki = s->ks.mki_len > 0;
		srtp_err_status_t st;

		memcpy(buf, x->bytes, x->len);
		if (x->type == EV_RTP)
			st = srtp_unprotect_mki(rx, buf, &len, use_mki);
		else
			st = srtp_unprotect_rtcp_mki(rx, buf, &len, use_mki);
		x->lib_status = lib_code(st);
		if (!st) {
			x->lib_out = arena_dup(buf, (size_t)len);
			x->lib_len = (size_t)len;
		}
	}
}

static void our_receive(struct rng *r, const struct case_cfg *c, srtpo_session_t *rx,
			const struct event *ev, struct delivery *d, int n)
{
	struct job jobs[64];
	char labels[64][128];

	for (int i = 0; i < n;) {
		struct delivery *x = &d[i];
		const struct stream_cfg *s = &c->st[x->stream];

		if (x->type == EV_REKEY) {
			srtpo_policy_t p;
			srtpo_master_key_t mk[MAX_KEYS];
			int err;

			our_policy(c, s, ev[x->event].rekey, true, &p, mk);
			err = srtpo_update_stream(rx, &p);
			if (err)
				failure("srtpo_update_stream(%08x) on the receiver: %s", s->ssrc,
					srtpo_strerror(err));
			i++;
			continue;
		}
		bool rtcp = x->type == EV_RTCP;
		size_t want = rng_chance(r, 1, 3) ? 1 : rng_range(r, 2, 64), m = 0;

		while (m < want && i + (int)m < n && d[i + m].type == x->type) {
			const struct delivery *y = &d[i + m];
			const struct event *e = &ev[y->event];

			snprintf(labels[m], sizeof(labels[m]),
				 "delivery %d (%s %s of send event %d, ssrc %08x, index %" PRIu64 ")",
				 i + (int)m, rtcp ? "RTCP" : "RTP", y->what, y->event,
				 c->st[y->stream].ssrc,
				 rtcp ? srtcp_index(&c->st[y->stream], e->lib_out, e->lib_len) : e->index);
			jobs[m] = (struct job){
				.in = y->bytes,
				.in_len = y->len,
				.need = y->mutation == M_CLEAN ? e->plain_len : 0,
				.probe_no_space = y->mutation == M_CLEAN && y->lib_status == SRTPO_OK &&
						  rng_chance(r, 1, 30),
				.label = labels[m],
			};
			m++;
		}
		run_ours(r, rx, false, rtcp, jobs, m);
		for (size_t q = 0; q < m; q++) {
			const struct delivery *y = &d[i + q];
			const struct event *e = &ev[y->event];
			int ours = jobs[q].status;

			g.delivered++;
			if (y->mutation == M_REJECT) {
				if (y->lib_status == SRTPO_OK || ours == SRTPO_OK)
					failure("%s: must be rejected; libsrtp2 says %s, srtpo says %s",
						labels[q], code_name(y->lib_status), code_name(ours));
			} else {
				compare(labels[q], y->bytes, y->len, y->lib_status, y->lib_out, y->lib_len,
					ours, jobs[q].out, jobs[q].out_len);
				/* A clean packet that is accepted must give the original back. */
				if (y->mutation == M_CLEAN && y->lib_status == SRTPO_OK &&
				    (y->lib_len != e->plain_len || memcmp(y->lib_out, e->plain, e->plain_len)))
					failure("%s: libsrtp2's output is not the original packet", labels[q]);
			}
			if (ours == SRTPO_OK)
				g.accepted++;
			else if (ours == SRTPO_ERR_REPLAY)
				g.replays++;
			else if (ours == SRTPO_ERR_REPLAY_OLD)
				g.too_old++;
			else if (ours == SRTPO_ERR_AUTH)
				g.auth_rejects++;
			else
				g.other_rejects++;
			if (g.verbose)
				printf("  %s: libsrtp2 %s, srtpo %s\n", labels[q], code_name(y->lib_status),
				       code_name(ours));
		}
		i += (int)m;
	}
}

/* ---------------------------------------------------------------------------------------------- */

#define MAX_EVENTS 320
#define MAX_DELIVERIES 1200

static long run_case(struct rng *r)
{
	static struct case_cfg c;
	static struct event ev[MAX_EVENTS];
	static struct delivery d[MAX_DELIVERIES];

	arena.used = 0;
	random_case(r, &c);
	cur_case = &c;

	struct case_cfg orig = c;
	int nev = gen_script(r, &c, ev, MAX_EVENTS);

	/* The sessions start from the configuration as it was before the script ran. */
	struct case_cfg run = orig;
	srtp_t lib_tx = lib_session(&run, false), lib_rx = lib_session(&run, true);
	srtpo_session_t *tx = our_session(&run, false), *rx = our_session(&run, true);

	cur_case = &run;
	if (g.verbose)
		print_case(stdout, &run);
	if (tx && rx) {
		lib_send(&run, lib_tx, ev, nev);
		our_send(r, &run, tx, ev, nev);

		int nd = gen_delivery(r, &run, ev, nev, d, MAX_DELIVERIES);

		lib_receive(&run, lib_rx, ev, d, nd);
		our_receive(r, &run, rx, ev, d, nd);
	}
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	srtp_dealloc(lib_tx);
	srtp_dealloc(lib_rx);
	cur_case = NULL;
	return nev;
}

/*
 * AES-192: libsrtp2 2.5 runs its key derivation with AES-256 over the 24-byte master key and
 * the first 8 salt bytes (the rest of the salt as the counter), where RFC 6188 section 7.4 (and
 * srtpo, tests/unit/test_gcm.c) use AES-192 over the master key. This checks that this is still
 * the only difference: srtpo's AES-192 output must equal what the RFC session keys give, and
 * libsrtp2's what that derivation gives. Should libsrtp2 follow the RFC one day, this fails and
 * AES-192 joins the suites above.
 */
static void ctr_bytes(const EVP_CIPHER *ci, const uint8_t *key, const uint8_t iv[16], uint8_t *out,
		      int n)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l;

	memset(out, 0, (size_t)n);
	EVP_EncryptInit_ex(c, ci, NULL, key, iv);
	EVP_EncryptUpdate(c, out, &l, out, n);
	EVP_CIPHER_CTX_free(c);
}

static int check_aes192(void)
{
	static const uint8_t master[38] = {
		/* RFC 6188 7.4: master key || master salt */
		0x73, 0xed, 0xc6, 0x6c, 0x4f, 0xa1, 0x57, 0x76, 0xfb, 0x57, 0xf9, 0x50, 0x5c,
		0x17, 0x13, 0x65, 0x50, 0xff, 0xda, 0x71, 0xf3, 0xe8, 0xe5, 0xf1, 0xc8, 0x52,
		0x2f, 0x3a, 0xcd, 0x4c, 0xe8, 0x6d, 0x5a, 0xdd, 0x78, 0xed, 0xbb, 0x11,
	};
	uint8_t pkt[64] = { 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, ours[96], lib[96], k32[32],
		iv[16] = { 0 }, key[24], salt[14], ks[32];
	size_t ol = 44;
	int ll = 44, bad = 0;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s = NULL;
	srtp_policy_t lp;
	srtp_t l = NULL;

	srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80, master, master + 24);
	pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
	memcpy(ours, pkt, 44);
	memcpy(lib, pkt, 44);
	memset(&lp, 0, sizeof(lp));
	srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(&lp.rtp);
	srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(&lp.rtcp);
	lp.ssrc.type = ssrc_any_outbound;
	lp.key = (unsigned char *)master;
	lp.window_size = 128;
	if (srtpo_create(&s, &pol, 1, NULL) || srtpo_protect(s, ours, &ol, sizeof(ours)) ||
	    srtp_create(&l, &lp) || srtp_protect(l, lib, &ll)) {
		fprintf(stderr, "diff_libsrtp2: AES-192 check could not run\n");
		bad = 1;
		goto out;
	}
	/* RFC 6188 7.4 session key and salt (index 1, SSRC 0) */
	ctr_bytes(EVP_aes_192_ctr(), (const uint8_t[24]){ 0x31, 0x87, 0x47, 0x36, 0xa8, 0xf1, 0x14,
							  0x38, 0x70, 0xc2, 0x6e, 0x48, 0x57, 0xd8,
							  0xa5, 0xb2, 0xc4, 0xa3, 0x54, 0x40, 0x7f,
							  0xaa, 0xda, 0xbb },
		  (const uint8_t[16]){ 0x23, 0x72, 0xb8, 0x2d, 0x63, 0x9b, 0x6d, 0x85, 0x03, 0xa4,
				       0x7a, 0xdc, 0x0a, 0x6c ^ 0x01, 0, 0 },
		  ks, 32);
	if (memcmp(ours + 12, ks, 32)) {
		fprintf(stderr, "diff_libsrtp2: srtpo's AES-192 is not RFC 6188's\n");
		bad = 1;
	}
	/* libsrtp2's derivation: AES-256 keyed with master key || salt[0..8) */
	memcpy(k32, master, 32);
	memcpy(iv, master + 32, 6);
	ctr_bytes(EVP_aes_256_ctr(), k32, iv, key, 24);
	iv[7] ^= 2;
	ctr_bytes(EVP_aes_256_ctr(), k32, iv, salt, 14);
	memset(iv, 0, sizeof(iv));
	memcpy(iv, salt, 14);
	iv[13] ^= 0x01; /* index 1 */
	ctr_bytes(EVP_aes_192_ctr(), key, iv, ks, 32);
	if (memcmp(lib + 12, ks, 32)) {
		fprintf(stderr, "diff_libsrtp2: libsrtp2's AES-192 changed (now RFC 6188?): "
				"add AES-192 to the differential suites\n");
		bad = 1;
	}
out:
	srtpo_destroy(s);
	if (l)
		srtp_dealloc(l);
	if (!bad)
		printf("  AES-192: srtpo follows RFC 6188 7.4; libsrtp2 2.5 derives its keys with AES-256 "
		       "over key || salt[0..8) (known, checked; AES-192 not in the differential)\n");
	return bad;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: diff_libsrtp2 [--seed N] [--packets N] [--verbose]\n"
		   "  Differential test of libsrtpo against libsrtp2 (both directions, every suite).\n"
		   "  --seed N     reproduce a run (default: from the clock; always printed)\n"
		   "  --packets N  stop after about N sent packets (default 60000)\n"
		   "  --verbose    print every case and every verdict\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "packets", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_seed = false;
	uint64_t v;
	int o;

	g.target_packets = 60000;
	while ((o = getopt_long(argc, argv, "s:n:vh", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			if (!parse_u64(optarg, &g.seed)) {
				fprintf(stderr, "diff_libsrtp2: bad seed '%s'\n", optarg);
				return 2;
			}
			have_seed = true;
			break;
		case 'n':
			if (!parse_u64(optarg, &v) || v == 0 || v > 100000000) {
				fprintf(stderr, "diff_libsrtp2: bad packet count '%s'\n", optarg);
				return 2;
			}
			g.target_packets = (long)v;
			break;
		case 'v':
			g.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!have_seed)
		g.seed = seed_from_clock();
	printf("diff_libsrtp2: seed %" PRIu64 " (rerun with --seed %" PRIu64 "), libsrtpo %s, %s\n",
	       g.seed, g.seed, srtpo_version(), srtp_get_version_string());
	fflush(stdout);

	if (srtp_init()) {
		fprintf(stderr, "diff_libsrtp2: srtp_init failed\n");
		return 2;
	}
	if (check_aes192())
		g.failures++;
	arena.size = 16u << 20;
	arena.base = malloc(arena.size);
	if (!arena.base) {
		fprintf(stderr, "diff_libsrtp2: out of memory\n");
		return 2;
	}

	struct rng r = { g.seed };
	long events = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (g.case_no = 0; g.rtp_protected + g.rtcp_protected < g.target_packets; g.case_no++)
		events += run_case(&r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	srtp_shutdown();
	free(arena.base);

	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	printf("diff_libsrtp2: %ld cases, %ld events in %.2f s\n", g.case_no, events, secs);
	printf("  sent:      %ld RTP + %ld RTCP protected identically; retransmissions %ld allowed, "
	       "%ld refused\n",
	       g.rtp_protected, g.rtcp_protected, g.repeats_allowed, g.repeats_rejected);
	printf("  received:  %ld deliveries: %ld accepted, %ld replays, %ld too old, %ld auth "
	       "failures, %ld other rejects\n",
	       g.delivered, g.accepted, g.replays, g.too_old, g.auth_rejects, g.other_rejects);
	printf("  calls:     %ld single, %ld bursts, %ld NO_SPACE probes, %ld key switches, %ld "
	       "rekeys\n",
	       g.singles, g.bursts, g.no_space_probes, g.key_switches, g.rekeys);
	printf("  streams by RTP suite:");
	for (int i = 0; i < SRTPO_SUITE_COUNT; i++)
		printf(" %s=%ld", srtpo_suite_name((srtpo_suite_t)i), g.per_suite[i]);
	printf("\n");
	if (g.failures) {
		printf("diff_libsrtp2: FAILED with %d mismatch(es); reproduce with --seed %" PRIu64 "\n",
		       g.failures, g.seed);
		return 1;
	}
	printf("diff_libsrtp2: OK\n");
	return 0;
}
