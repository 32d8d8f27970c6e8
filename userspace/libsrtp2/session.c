// SPDX-License-Identifier: BSD-3-Clause
/*
 * session.c - libsrtp2's sessions, streams and protect/unprotect calls over a libsrtpo session.
 *
 * An srtp_t is one srtpo session plus what libsrtp2 shows its callers and srtpo does not keep:
 * per stream, its direction (for SSRC collision events), its MKI layout (for the trailer length
 * calls and the *_mki calls' key choice) and its key usage counters (soft and hard limit
 * events). Those sit in a small side table keyed by SSRC, looked up once per packet; the packet
 * itself goes straight to srtpo_protect()/srtpo_unprotect() in place.
 *
 * libsrtp2 has one template per session that serves both directions; srtpo has one per
 * direction, so a libsrtp2 template becomes both srtpo templates.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dropin.h"
#include "srtp2/srtpo_ext.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum direction { DIR_UNKNOWN = 0, DIR_SENDER = 1, DIR_RECEIVER = 2 };

/* libsrtp2's key usage limit: 2^48 - 1 packets, events from 2^16 before the end. */
#define KEY_LIMIT 0xffffffffffffULL
#define KEY_SOFT_LIMIT 0x10000ULL

/*
 * The master keys of a policy as libsrtp2 counts them: usage left per key, the MKIs (to know
 * which key an unprotect used) and the tag sizes (for the trailer length calls). Streams made
 * from a template share the template's, as libsrtp2's clones share its key limit.
 */
struct keyset {
	uint32_t refs;
	uint8_t num_keys;
	uint8_t mki_size;
	uint8_t rtp_tag, rtcp_tag;    /* tag octets appended (0 without sec_serv_auth) */
	uint8_t rtcp_conf;            /* SRTCP is encrypted: the E flag must say so */
	uint8_t rtp_conf, rtp_auth;   /* SRTP is encrypted / authenticated */
	uint8_t aead;                 /* GCM: the tag comes before the SRTCP index and the MKI */
	uint8_t xtn;                  /* RFC 6904 header extensions are encrypted */
	uint64_t left[SRTP_MAX_NUM_MASTER_KEYS];
	uint8_t mki[];                /* num_keys * mki_size */
};

/* What the drop-in keeps for one stream (or the template). */
struct dstream {
	uint32_t ssrc;
	uint8_t used;
	uint8_t direction;            /* enum direction */
	uint8_t active_key;           /* the key srtpo protects with (srtpo_set_active_key) */
	uint8_t from_template;        /* counts on the template's keyset (as libsrtp2's clones) */
	uint8_t mki_size;             /* ks->mki_size, here so that a packet reads one line */
	uint8_t pending_applied;      /* pending_roc was applied to srtpo by a packet that then
				       * failed (it stays pending; roc_before is what libsrtp2 says) */
	uint32_t pending_roc;         /* srtp_set_stream_roc: applies at the next RTP packet */
	uint32_t roc_before;
	struct keyset *ks;
	uint64_t left0;               /* usage left of the first key (others: ks->left[]) */
};

/* Where a stream counts the packets of its master key i. */
static inline uint64_t *key_left(struct dstream *d, unsigned int i)
{
	return i == 0 && !d->from_template ? &d->left0 : &d->ks->left[i];
}

/* The template's policy with copies of its keys, to make a stream from it by hand. */
struct tmpl_copy {
	srtpo_policy_t pol;
	srtpo_master_key_t keys[SRTP_MAX_NUM_MASTER_KEYS];
	uint8_t xtn_ids[255];
	uint8_t key[SRTP_MAX_NUM_MASTER_KEYS][SRTP_MAX_KEY_LEN];
	uint8_t mki[SRTP_MAX_NUM_MASTER_KEYS][SRTP_MAX_MKI_LEN];
};

struct srtp_ctx_t_ {
	srtpo_session_t *s;
	void *user_data;
	struct dstream *slots;        /* open addressing, linear probing */
	size_t mask, count;
	bool has_template;
	struct dstream tmpl;
	struct tmpl_copy *tmpl_policy;
};

static srtp_event_handler_func_t *event_handler;
static int initialized;

/* ---- the side table ------------------------------------------------------------------------ */

static inline size_t slot_of(uint32_t ssrc, size_t mask)
{
	return (size_t)(((uint64_t)ssrc * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

static inline struct dstream *find(const srtp_ctx_t *ctx, uint32_t ssrc)
{
	size_t i = slot_of(ssrc, ctx->mask);

	for (;;) {
		struct dstream *d = &ctx->slots[i];

		if (!d->used)
			return NULL;
		if (d->ssrc == ssrc)
			return d;
		i = (i + 1) & ctx->mask;
	}
}

static int table_grow(srtp_ctx_t *ctx)
{
	size_t cap = (ctx->mask + 1) * 2;
	struct dstream *old = ctx->slots, *n = calloc(cap, sizeof(*n));

	if (!n)
		return -1;
	for (size_t i = 0; i <= ctx->mask; i++) {
		if (!old[i].used)
			continue;
		size_t j = slot_of(old[i].ssrc, cap - 1);

		while (n[j].used)
			j = (j + 1) & (cap - 1);
		n[j] = old[i];
	}
	free(old);
	ctx->slots = n;
	ctx->mask = cap - 1;
	return 0;
}

/* Inserts a copy of *d (the SSRC must be absent). */
static struct dstream *table_insert(srtp_ctx_t *ctx, const struct dstream *d)
{
	size_t i;

	if ((ctx->count + 1) * 2 > ctx->mask + 1 && table_grow(ctx))
		return NULL;
	i = slot_of(d->ssrc, ctx->mask);
	while (ctx->slots[i].used)
		i = (i + 1) & ctx->mask;
	ctx->slots[i] = *d;
	ctx->slots[i].used = 1;
	ctx->count++;
	return &ctx->slots[i];
}

static void keyset_put(struct keyset *ks)
{
	if (ks && --ks->refs == 0)
		free(ks);
}

static struct keyset *keyset_get(struct keyset *ks)
{
	ks->refs++;
	return ks;
}

/* Removes an entry, shifting the probe chain back so lookups stay correct. */
static void table_remove(srtp_ctx_t *ctx, struct dstream *d)
{
	size_t i = (size_t)(d - ctx->slots), j = i;

	keyset_put(d->ks);
	d->ks = NULL;
	ctx->slots[i].used = 0;
	for (;;) {
		j = (j + 1) & ctx->mask;
		if (!ctx->slots[j].used)
			break;
		size_t home = slot_of(ctx->slots[j].ssrc, ctx->mask);

		/* move j back to i when its home is not in (i, j] */
		if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j)) {
			ctx->slots[i] = ctx->slots[j];
			ctx->slots[j].used = 0;
			i = j;
		}
	}
	ctx->count--;
}

/* ---- errors and events -------------------------------------------------------------------- */

static srtp_err_status_t from_srtpo(int err)
{
	switch (err) {
	case SRTPO_OK:
		return srtp_err_status_ok;
	case SRTPO_ERR_NO_MEMORY:
		return srtp_err_status_alloc_fail;
	case SRTPO_ERR_NO_STREAM:
		return srtp_err_status_no_ctx;
	case SRTPO_ERR_REPLAY:
		return srtp_err_status_replay_fail;
	case SRTPO_ERR_REPLAY_OLD:
		return srtp_err_status_replay_old;
	case SRTPO_ERR_AUTH:
		return srtp_err_status_auth_fail;
	case SRTPO_ERR_KEY_EXPIRED:
		return srtp_err_status_key_expired;
	case SRTPO_ERR_BAD_MKI:
		return srtp_err_status_bad_mki;
	case SRTPO_ERR_BACKEND:
		return srtp_err_status_init_fail;
	case SRTPO_ERR_AGAIN:
		return srtp_err_status_fail;
	default: /* BAD_PARAM, BAD_KEY, MALFORMED, TOO_SHORT, NO_SPACE, STREAM_EXISTS, UNSUPPORTED */
		return srtp_err_status_bad_param;
	}
}

static void raise_event(srtp_ctx_t *ctx, uint32_t ssrc, srtp_event_t ev)
{
	srtp_event_handler_func_t *h = event_handler;
	srtp_event_data_t data = { ctx, ssrc, ev };

	if (dropin_debug_on())
		dropin_log(srtp_log_level_debug, "srtp: event %d on SSRC 0x%08x", (int)ev, ssrc);
	if (h)
		h(&data);
}

/* libsrtp2 marks a stream sender or receiver at its first packet; the other way is a collision. */
static inline void check_direction(srtp_ctx_t *ctx, struct dstream *d, uint8_t dir)
{
	if (__builtin_expect(d->direction == dir, 1))
		return;
	if (d->direction == DIR_UNKNOWN)
		d->direction = dir;
	else
		raise_event(ctx, d->ssrc, event_ssrc_collision);
}

/* One more packet under a master key: soft limit events near the end, key_expired at it. */
static inline srtp_err_status_t use_key(srtp_ctx_t *ctx, uint32_t ssrc, uint64_t *left)
{
	if (*left > KEY_SOFT_LIMIT) {
		--*left;
		return srtp_err_status_ok;
	}
	if (*left > 1) {
		--*left;
		raise_event(ctx, ssrc, event_key_soft_limit);
		return srtp_err_status_ok;
	}
	*left = 0;
	raise_event(ctx, ssrc, event_key_hard_limit);
	return srtp_err_status_key_expired;
}

DROPIN_API srtp_err_status_t srtp_install_event_handler(srtp_event_handler_func_t func)
{
	event_handler = func;
	return srtp_err_status_ok;
}

/* ---- library ------------------------------------------------------------------------------- */

DROPIN_API srtp_err_status_t srtp_init(void)
{
	initialized = 1;
	return srtp_err_status_ok;
}

DROPIN_API srtp_err_status_t srtp_shutdown(void)
{
	initialized = 0;
	return srtp_err_status_ok;
}

DROPIN_API const char *srtp_get_version_string(void)
{
	return "libsrtp2 2.5.0";
}

DROPIN_API unsigned int srtp_get_version(void)
{
	return 0x02050000u;
}

DROPIN_API void srtp_set_user_data(srtp_t ctx, void *data)
{
	if (ctx)
		ctx->user_data = data;
}

DROPIN_API void *srtp_get_user_data(srtp_t ctx)
{
	return ctx ? ctx->user_data : NULL;
}

DROPIN_API srtpo_session_t *srtpo_libsrtp2_session(srtp_t ctx)
{
	return ctx ? ctx->s : NULL;
}

DROPIN_API srtp_err_status_t srtpo_libsrtp2_set_key_limit(srtp_t ctx, uint32_t ssrc,
							  uint64_t packets)
{
	struct dstream *d;

	if (!ctx || !(d = find(ctx, ssrc)) || packets > KEY_LIMIT)
		return srtp_err_status_bad_param;
	for (unsigned int i = 0; i < d->ks->num_keys; i++)
		*key_left(d, i) = packets;
	return srtp_err_status_ok;
}

/* ---- policies ------------------------------------------------------------------------------ */

/* An srtp_policy_t as an srtpo policy (pointing at the caller's key bytes) and its keyset. */
struct policy_storage {
	srtpo_policy_t pol;
	srtpo_master_key_t keys[SRTP_MAX_NUM_MASTER_KEYS];
	uint8_t xtn_ids[255];         /* RFC 6904: header extension IDs to encrypt */
	uint8_t direction;
	struct keyset *ks;
};

static srtp_err_status_t translate(const srtp_policy_t *p, struct policy_storage *st)
{
	size_t key_len, salt_len, rkey_len, rsalt_len, n, mki_size = 0;
	srtpo_policy_t *pol = &st->pol;
	srtp_err_status_t rc;
	struct keyset *ks;

	memset(st, 0, sizeof(*st));
	if (p->deprecated_ekt)
		return srtp_err_status_bad_param;
	if (p->window_size != 0 && (p->window_size < 64 || p->window_size >= 0x8000))
		return srtp_err_status_bad_param;
	if (p->enc_xtn_hdr_count < 0 || (p->enc_xtn_hdr_count > 0 && !p->enc_xtn_hdr))
		return srtp_err_status_bad_param;
	if (p->enc_xtn_hdr_count > 255)
		return srtp_err_status_bad_param;
	for (int i = 0; i < p->enc_xtn_hdr_count; i++) {
		if (p->enc_xtn_hdr[i] < 1 || p->enc_xtn_hdr[i] > 255)
			return srtp_err_status_bad_param;
		st->xtn_ids[i] = (uint8_t)p->enc_xtn_hdr[i];
	}
	pol->encrypted_extension_ids = p->enc_xtn_hdr_count ? st->xtn_ids : NULL;
	pol->num_encrypted_extension_ids = (size_t)p->enc_xtn_hdr_count;
	switch (p->ssrc.type) {
	case ssrc_specific:
		pol->ssrc_type = SRTPO_SSRC_SPECIFIC;
		pol->ssrc = p->ssrc.value;
		st->direction = DIR_UNKNOWN;
		break;
	case ssrc_any_inbound:
		pol->ssrc_type = SRTPO_SSRC_ANY_INBOUND;
		st->direction = DIR_RECEIVER;
		break;
	case ssrc_any_outbound:
		pol->ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
		st->direction = DIR_SENDER;
		break;
	default:
		return srtp_err_status_bad_param;
	}
	rc = dropin_crypto_from_srtp(&p->rtp, &pol->rtp, &key_len, &salt_len, 0);
	if (rc)
		return rc;
	rc = dropin_crypto_from_srtp(&p->rtcp, &pol->rtcp, &rkey_len, &rsalt_len, 1);
	if (rc)
		return rc;
	/* srtpo derives both from one master key: RTCP must agree with RTP on its size */
	if (rkey_len != key_len || rsalt_len != salt_len)
		return srtp_err_status_bad_param;
	if (p->key) {
		n = 1;
		st->keys[0].key = p->key;
		st->keys[0].salt = p->key + key_len;
	} else {
		if (!p->keys || p->num_master_keys == 0 ||
		    p->num_master_keys > SRTP_MAX_NUM_MASTER_KEYS || !p->keys[0])
			return srtp_err_status_bad_param;
		n = p->num_master_keys;
		mki_size = p->keys[0]->mki_size;
		for (size_t i = 0; i < n; i++) {
			const srtp_master_key_t *k = p->keys[i];

			/* srtpo keeps one MKI size per stream (libsrtp2 reads it per key) */
			if (!k || !k->key || k->mki_size > SRTP_MAX_MKI_LEN ||
			    (k->mki_size && !k->mki_id) || k->mki_size != mki_size)
				return srtp_err_status_bad_param;
			st->keys[i].key = k->key;
			st->keys[i].salt = k->key + key_len;
			st->keys[i].mki = k->mki_size ? k->mki_id : NULL;
			st->keys[i].mki_len = k->mki_size;
		}
	}
	for (size_t i = 0; i < n; i++) {
		st->keys[i].key_len = key_len;
		st->keys[i].salt_len = salt_len;
	}
	pol->keys = st->keys;
	pol->num_keys = n;
	/* libsrtp2's replay bitmap holds whole 32-bit words: its window is the size rounded up */
	pol->window_size = (uint32_t)((p->window_size + 31) & ~31ul);
	if (pol->window_size > 32767)
		pol->window_size = 32767;
	pol->allow_repeat_tx = p->allow_repeat_tx != 0;

	ks = calloc(1, sizeof(*ks) + n * mki_size);
	if (!ks)
		return srtp_err_status_alloc_fail;
	ks->refs = 1;
	ks->num_keys = (uint8_t)n;
	ks->mki_size = (uint8_t)mki_size;
	ks->rtp_tag = pol->rtp.tag_len;
	ks->rtcp_tag = pol->rtcp.tag_len;
	ks->rtcp_conf = (p->rtcp.sec_serv & sec_serv_conf) != 0;
	ks->rtp_conf = pol->rtp.cipher != SRTPO_CIPHER_NULL;
	ks->rtp_auth = pol->rtp.tag_len != 0;
	ks->xtn = pol->num_encrypted_extension_ids != 0;
	ks->aead = pol->rtp.cipher == SRTPO_CIPHER_AES_128_GCM ||
		   pol->rtp.cipher == SRTPO_CIPHER_AES_256_GCM;
	for (size_t i = 0; i < n; i++) {
		ks->left[i] = KEY_LIMIT;
		if (mki_size)
			memcpy(ks->mki + i * mki_size, st->keys[i].mki, mki_size);
	}
	st->ks = ks;
	return srtp_err_status_ok;
}

/* Keeps a copy of the template's policy and keys (wiped when replaced or freed). */
static srtp_err_status_t keep_template(srtp_ctx_t *ctx, const struct policy_storage *st)
{
	struct tmpl_copy *c = calloc(1, sizeof(*c));

	if (!c)
		return srtp_err_status_alloc_fail;
	c->pol = st->pol;
	c->pol.keys = c->keys;
	memcpy(c->xtn_ids, st->xtn_ids, sizeof(c->xtn_ids));
	if (c->pol.encrypted_extension_ids)
		c->pol.encrypted_extension_ids = c->xtn_ids;
	for (size_t i = 0; i < st->pol.num_keys; i++) {
		c->keys[i] = st->keys[i];
		memcpy(c->key[i], st->keys[i].key, st->keys[i].key_len);
		memcpy(c->key[i] + st->keys[i].key_len, st->keys[i].salt, st->keys[i].salt_len);
		c->keys[i].key = c->key[i];
		c->keys[i].salt = c->key[i] + st->keys[i].key_len;
		if (st->keys[i].mki_len) {
			memcpy(c->mki[i], st->keys[i].mki, st->keys[i].mki_len);
			c->keys[i].mki = c->mki[i];
		}
	}
	if (ctx->tmpl_policy) {
		explicit_bzero(ctx->tmpl_policy, sizeof(*ctx->tmpl_policy));
		free(ctx->tmpl_policy);
	}
	ctx->tmpl_policy = c;
	return srtp_err_status_ok;
}

/* Sets both srtpo templates from one libsrtp2 template. */
static int add_templates(srtp_ctx_t *ctx, srtpo_policy_t *pol)
{
	int err;

	pol->ssrc_type = SRTPO_SSRC_ANY_INBOUND;
	err = srtpo_add_stream(ctx->s, pol);
	if (!err) {
		pol->ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
		err = srtpo_add_stream(ctx->s, pol);
	}
	return err;
}

DROPIN_API srtp_err_status_t srtp_add_stream(srtp_t ctx, const srtp_policy_t *p)
{
	struct policy_storage st;
	struct dstream d = { 0 };
	srtp_err_status_t rc;
	struct dstream *old;
	int err;

	if (!ctx || !p)
		return srtp_err_status_bad_param;
	if (p->ssrc.type != ssrc_specific && p->ssrc.type != ssrc_undefined && ctx->has_template)
		return srtp_err_status_bad_param; /* one template per session, as in libsrtp2 */
	rc = translate(p, &st);
	if (rc)
		return rc;
	if (p->ssrc.type != ssrc_specific) {
		rc = keep_template(ctx, &st);
		err = rc ? SRTPO_ERR_NO_MEMORY : add_templates(ctx, &st.pol);
		if (err) {
			keyset_put(st.ks);
			return from_srtpo(err);
		}
		ctx->tmpl.direction = st.direction;
		ctx->tmpl.ks = st.ks;
		ctx->tmpl.mki_size = st.ks->mki_size;
		ctx->tmpl.from_template = 1;
		ctx->has_template = true;
		return srtp_err_status_ok;
	}
	/* libsrtp2 takes a second policy for an SSRC without complaint and the new stream is the
	 * one its packets then find: the same here, by replacing the old stream */
	old = find(ctx, p->ssrc.value);
	if (old)
		table_remove(ctx, old);
	srtpo_remove_stream(ctx->s, p->ssrc.value); /* also a clone srtpo made for a burst call */
	d.ssrc = p->ssrc.value;
	d.direction = st.direction;
	d.ks = st.ks;
	d.mki_size = st.ks->mki_size;
	d.left0 = KEY_LIMIT;
	err = srtpo_add_stream(ctx->s, &st.pol);
	if (!err && !table_insert(ctx, &d)) {
		srtpo_remove_stream(ctx->s, d.ssrc);
		err = SRTPO_ERR_NO_MEMORY;
	}
	if (err)
		keyset_put(st.ks);
	return from_srtpo(err);
}

DROPIN_API srtp_err_status_t srtp_dealloc(srtp_t ctx)
{
	if (!ctx)
		return srtp_err_status_bad_param;
	srtpo_destroy(ctx->s);
	for (size_t i = 0; i <= ctx->mask; i++)
		if (ctx->slots[i].used)
			keyset_put(ctx->slots[i].ks);
	keyset_put(ctx->tmpl.ks);
	if (ctx->tmpl_policy) {
		explicit_bzero(ctx->tmpl_policy, sizeof(*ctx->tmpl_policy));
		free(ctx->tmpl_policy);
	}
	free(ctx->slots);
	free(ctx);
	return srtp_err_status_ok;
}

DROPIN_API srtp_err_status_t srtp_create(srtp_t *session, const srtp_policy_t *policy)
{
	srtpo_session_config_t cfg = { SRTPO_BACKEND_AUTO, 0, NULL };
	srtp_ctx_t *ctx;
	size_t n = 0;
	int err;

	if (!session)
		return srtp_err_status_bad_param;
	*session = NULL;
	if (!initialized)
		return srtp_err_status_init_fail; /* as libsrtp2: srtp_init() comes first */
	for (const srtp_policy_t *p = policy; p; p = p->next)
		n++;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return srtp_err_status_alloc_fail;
	ctx->mask = 15;
	while (ctx->mask + 1 < 2 * n)
		ctx->mask = ctx->mask * 2 + 1;
	ctx->slots = calloc(ctx->mask + 1, sizeof(*ctx->slots));
	cfg.expected_streams = n;
	err = ctx->slots ? srtpo_create(&ctx->s, NULL, 0, &cfg) : SRTPO_ERR_NO_MEMORY;
	if (err) {
		free(ctx->slots);
		free(ctx);
		return from_srtpo(err);
	}
	for (const srtp_policy_t *p = policy; p; p = p->next) {
		srtp_err_status_t rc = srtp_add_stream(ctx, p);

		if (rc) {
			dropin_log(srtp_log_level_error, "srtp: a policy of srtp_create failed (%d)",
				   (int)rc);
			srtp_dealloc(ctx);
			return rc;
		}
	}
	*session = ctx;
	return srtp_err_status_ok;
}

/* The SSRC comes in network byte order here (and only here), as in libsrtp2. */
DROPIN_API srtp_err_status_t srtp_remove_stream(srtp_t ctx, unsigned int ssrc_be)
{
	uint32_t ssrc = ntohl(ssrc_be);
	struct dstream *d;

	if (!ctx)
		return srtp_err_status_bad_param;
	d = find(ctx, ssrc);
	if (!d)
		return srtp_err_status_no_ctx;
	srtpo_remove_stream(ctx->s, ssrc);
	table_remove(ctx, d);
	return srtp_err_status_ok;
}

/*
 * A stream now under the keys of ks. libsrtp2 2.5 rebuilds the stream: it keeps the packet index
 * (ROC and highest sequence number) and the SRTCP state but starts a new replay bitmap, a new
 * direction, new key usage counts and no pending ROC; the same here (srtpo_set_roc to the same ROC clears the
 * bitmap), so that every later packet gets libsrtp2's verdict.
 */
static void rekeyed(srtp_ctx_t *ctx, struct dstream *d, struct keyset *ks, int from_template)
{
	uint32_t roc;

	if (srtpo_get_roc(ctx->s, d->ssrc, &roc) == SRTPO_OK)
		srtpo_set_roc(ctx->s, d->ssrc, roc);
	keyset_put(d->ks);
	d->ks = keyset_get(ks);
	d->mki_size = ks->mki_size;
	d->left0 = KEY_LIMIT;
	d->active_key = 0;
	d->from_template = (uint8_t)from_template;
	d->direction = from_template ? ctx->tmpl.direction : DIR_UNKNOWN;
	d->pending_roc = d->pending_applied = 0; /* the rebuilt stream has none pending */
}

DROPIN_API srtp_err_status_t srtp_update_stream(srtp_t ctx, const srtp_policy_t *p)
{
	struct policy_storage st;
	srtp_err_status_t rc;
	struct dstream *d;
	int err;

	if (!ctx || !p)
		return srtp_err_status_bad_param;
	if (p->ssrc.type == ssrc_specific) {
		d = find(ctx, p->ssrc.value);
		if (!d)
			return srtp_err_status_bad_param;
		rc = translate(p, &st);
		if (rc)
			return rc;
		err = srtpo_update_stream(ctx->s, &st.pol);
		if (!err)
			rekeyed(ctx, d, st.ks, 0);
		keyset_put(st.ks);
		return from_srtpo(err);
	}
	/* a template: the template and every stream made from it get the new keys */
	if (!ctx->has_template)
		return srtp_err_status_bad_param;
	rc = translate(p, &st);
	if (rc)
		return rc;
	rc = keep_template(ctx, &st);
	err = rc ? SRTPO_ERR_NO_MEMORY : add_templates(ctx, &st.pol);
	if (err) {
		keyset_put(st.ks);
		return from_srtpo(err);
	}
	st.pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	for (size_t i = 0; i <= ctx->mask; i++) {
		d = &ctx->slots[i];
		if (!d->used || !d->from_template)
			continue;
		st.pol.ssrc = d->ssrc;
		if (srtpo_update_stream(ctx->s, &st.pol) == SRTPO_OK)
			rekeyed(ctx, d, st.ks, 1);
	}
	keyset_put(ctx->tmpl.ks);
	ctx->tmpl.ks = st.ks;
	ctx->tmpl.mki_size = st.ks->mki_size;
	return srtp_err_status_ok;
}

DROPIN_API srtp_err_status_t srtp_update(srtp_t ctx, const srtp_policy_t *policy)
{
	if (!ctx || !policy)
		return srtp_err_status_bad_param;
	for (const srtp_policy_t *p = policy; p; p = p->next) {
		srtp_err_status_t rc = srtp_update_stream(ctx, p);

		if (rc)
			return rc;
	}
	return srtp_err_status_ok;
}

/* ---- ROC and trailer lengths --------------------------------------------------------------- */

DROPIN_API srtp_err_status_t srtp_get_stream_roc(srtp_t ctx, uint32_t ssrc, uint32_t *roc)
{
	struct dstream *d;

	if (!ctx || !roc || !(d = find(ctx, ssrc)))
		return srtp_err_status_bad_param;
	if (d->pending_roc && d->pending_applied) {
		*roc = d->roc_before; /* libsrtp2 moves the ROC only with a packet that goes through */
		return srtp_err_status_ok;
	}
	return from_srtpo(srtpo_get_roc(ctx->s, ssrc, roc));
}

/* As in libsrtp2 2.5, the ROC is only noted here (srtp_get_stream_roc still tells the old one)
 * and takes effect with the stream's next RTP packet: see apply_pending_roc(). A ROC of 0 means
 * nothing is pending, as there. */
DROPIN_API srtp_err_status_t srtp_set_stream_roc(srtp_t ctx, uint32_t ssrc, uint32_t roc)
{
	struct dstream *d;

	if (!ctx || !(d = find(ctx, ssrc)))
		return srtp_err_status_bad_param;
	if (!d->pending_applied)
		srtpo_get_roc(ctx->s, ssrc, &d->roc_before);
	d->pending_roc = roc;
	return srtp_err_status_ok;
}

/* The packet index becomes pending_roc || SEQ: a ROC behind the stream's is refused
 * (pkt_idx_old); a ROC ahead moves the stream there. It stays pending until a packet of the
 * stream goes through. */
static srtp_err_status_t apply_pending_roc(srtp_ctx_t *ctx, struct dstream *d)
{
	uint32_t now;

	if (srtpo_get_roc(ctx->s, d->ssrc, &now) != SRTPO_OK)
		return srtp_err_status_ok; /* a template's stream not made yet: nothing to move */
	if (d->pending_roc < now)
		return srtp_err_status_pkt_idx_old;
	if (d->pending_roc > now) {
		if (srtpo_set_roc(ctx->s, d->ssrc, d->pending_roc) != SRTPO_OK)
			return srtp_err_status_pkt_idx_old;
		if (!d->pending_applied)
			d->roc_before = now;
		d->pending_applied = 1;
	}
	return srtp_err_status_ok;
}

static srtp_err_status_t stream_trailer(const struct dstream *d, int rtcp, uint32_t use_mki,
					uint32_t mki_index, uint32_t *len)
{
	const struct keyset *ks = d->ks;

	if (use_mki && mki_index >= ks->num_keys)
		return srtp_err_status_bad_mki;
	*len = (use_mki ? ks->mki_size : 0) + (rtcp ? ks->rtcp_tag + 4u : ks->rtp_tag);
	return srtp_err_status_ok;
}

/* libsrtp2's answer: the largest over the streams that have key mki_index; a template counts as
 * found even without that key (adding 0); no stream at all with it is bad_param. */
static srtp_err_status_t trailer(srtp_t ctx, int rtcp, uint32_t use_mki, uint32_t mki_index,
				 uint32_t *length)
{
	uint32_t best = 0, l;
	int found = 0;

	if (!ctx || !length)
		return srtp_err_status_bad_param;
	if (ctx->has_template) {
		found = 1;
		if (!stream_trailer(&ctx->tmpl, rtcp, use_mki, mki_index, &l))
			best = l;
	}
	for (size_t i = 0; i <= ctx->mask; i++)
		if (ctx->slots[i].used &&
		    !stream_trailer(&ctx->slots[i], rtcp, use_mki, mki_index, &l)) {
			best = l > best ? l : best;
			found = 1;
		}
	if (!found)
		return srtp_err_status_bad_param;
	*length = best;
	return srtp_err_status_ok;
}

DROPIN_API srtp_err_status_t srtp_get_protect_trailer_length(srtp_t ctx, uint32_t use_mki,
							     uint32_t mki_index,
							     uint32_t *length)
{
	return trailer(ctx, 0, use_mki, mki_index, length);
}

DROPIN_API srtp_err_status_t srtp_get_protect_rtcp_trailer_length(srtp_t ctx, uint32_t use_mki,
								  uint32_t mki_index,
								  uint32_t *length)
{
	return trailer(ctx, 1, use_mki, mki_index, length);
}

/* ---- protect and unprotect ----------------------------------------------------------------- */

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A stream srtpo made from the template inside a call: now the drop-in records it too. */
static struct dstream *adopt_clone(srtp_ctx_t *ctx, uint32_t ssrc)
{
	struct dstream d = ctx->tmpl, *n;

	d.ssrc = ssrc;
	d.from_template = 1;
	d.active_key = 0;
	d.ks = keyset_get(ctx->tmpl.ks);
	n = table_insert(ctx, &d);
	if (!n)
		keyset_put(d.ks);
	return n;
}

/* A stream from the template made by hand, so that a key other than the first can be chosen
 * for its first packet. */
static struct dstream *clone_now(srtp_ctx_t *ctx, uint32_t ssrc)
{
	srtpo_policy_t pol = ctx->tmpl_policy->pol;

	pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	pol.ssrc = ssrc;
	if (srtpo_add_stream(ctx->s, &pol) != SRTPO_OK)
		return NULL;
	return adopt_clone(ctx, ssrc);
}

/* The key a protect uses: mki_index with use_mki, else the first (and no MKI on the wire). */
static inline srtp_err_status_t pick_key(srtp_ctx_t *ctx, struct dstream *d, unsigned int use_mki,
					 unsigned int *index)
{
	if (!use_mki) {
		/* a stream with MKIs always carries one on the wire in srtpo (see README) */
		if (unlikely(d->mki_size))
			return srtp_err_status_bad_mki;
		*index = 0;
		return srtp_err_status_ok;
	}
	if (*index >= d->ks->num_keys)
		return srtp_err_status_bad_mki;
	if (d->active_key != *index) {
		if (srtpo_set_active_key(ctx->s, d->ssrc, *index) != SRTPO_OK)
			return srtp_err_status_bad_mki;
		d->active_key = (uint8_t)*index;
	}
	return srtp_err_status_ok;
}

/*
 * libsrtp2 tells two short packets apart: a header (CSRCs, extension) longer than the packet is
 * bad_param; one that fits but leaves no room for the tag and MKI is parse_err.
 */
static srtp_err_status_t short_rtp(const struct keyset *ks, const uint8_t *p, size_t len)
{
	size_t h = 12 + 4u * (p[0] & 0x0f);

	if (p[0] & 0x10) {
		if (len < h + 4)
			return srtp_err_status_bad_param;
		h += 4 + 4u * (size_t)(p[h + 2] << 8 | p[h + 3]);
	}
	if (len < h)
		return srtp_err_status_bad_param;
	/* without encryption libsrtp2 never looks for the payload: the tag decides (README) */
	if (!ks->rtp_conf && ks->rtp_auth)
		return srtp_err_status_auth_fail;
	return srtp_err_status_parse_err;
}

/* At the end of the 48-bit packet index libsrtp2 2.5 wraps the ROC to 0 and reuses keystream;
 * srtpo refuses the packet. The drop-in says why: key_expired and event_packet_index_limit. */
static srtp_err_status_t index_exhausted(srtp_ctx_t *ctx, uint32_t ssrc, int err)
{
	uint32_t roc;

	if ((err == SRTPO_ERR_REPLAY_OLD || err == SRTPO_ERR_REPLAY) &&
	    srtpo_get_roc(ctx->s, ssrc, &roc) == SRTPO_OK && roc == 0xffffffffu) {
		raise_event(ctx, ssrc, event_packet_index_limit);
		return srtp_err_status_key_expired;
	}
	return from_srtpo(err);
}

enum kind { RTP = 0, RTCP = 1 };

static srtp_err_status_t protect(srtp_ctx_t *ctx, enum kind kind, void *hdr, int *len,
				 unsigned int use_mki, unsigned int mki_index)
{
	uint8_t *pkt = hdr;
	struct dstream *d;
	srtp_err_status_t rc;
	uint32_t ssrc;
	bool adopt = false;
	size_t n;
	int err;

	if (unlikely(!ctx || !pkt || !len || *len < (kind == RTP ? 12 : 8)))
		return srtp_err_status_bad_param;
	ssrc = be32(pkt + (kind == RTP ? 8 : 4));
	d = find(ctx, ssrc);
	if (unlikely(!d)) {
		if (!ctx->has_template)
			return srtp_err_status_no_ctx;
		if (use_mki && mki_index) {
			if (mki_index >= ctx->tmpl.ks->num_keys)
				return srtp_err_status_bad_mki;
			d = clone_now(ctx, ssrc);
			if (!d)
				return srtp_err_status_alloc_fail;
		} else {
			/* srtpo clones the template inside the call */
			d = &ctx->tmpl;
			adopt = true;
		}
	}
	if (!adopt)
		check_direction(ctx, d, DIR_SENDER);
	if (unlikely(d->pending_roc) && kind == RTP) {
		rc = apply_pending_roc(ctx, d);
		if (rc)
			return rc;
	}
	rc = pick_key(ctx, d, use_mki, &mki_index);
	if (unlikely(rc))
		return rc;
	rc = use_key(ctx, ssrc, key_left(d, mki_index));
	if (unlikely(rc))
		return rc;
	n = (size_t)*len;
	err = kind == RTP ? srtpo_protect(ctx->s, pkt, &n, n + SRTP_MAX_TRAILER_LEN)
			  : srtpo_protect_rtcp(ctx->s, pkt, &n, n + SRTP_MAX_TRAILER_LEN + 4);
	if (unlikely(err)) {
		if (err == SRTPO_ERR_KEY_EXPIRED && kind == RTCP)
			raise_event(ctx, ssrc, event_packet_index_limit);
		if (kind == RTP && err == SRTPO_ERR_MALFORMED && d->ks->xtn && (pkt[0] >> 6) == 2)
			return srtp_err_status_parse_err; /* extension elements libsrtp2 cannot parse */
		if (kind == RTP)
			return index_exhausted(ctx, ssrc, err);
		return from_srtpo(err);
	}
	if (kind == RTP)
		d->pending_roc = d->pending_applied = 0;
	if (adopt) {
		d = adopt_clone(ctx, ssrc);
		if (d)
			check_direction(ctx, d, DIR_SENDER);
	}
	*len = (int)n;
	return srtp_err_status_ok;
}

/* Which master key an SRTP/SRTCP packet names by its MKI; -1 when none. A packet too short to
 * hold one is left to srtpo to refuse (key 0). */
static int key_of_packet(const struct keyset *ks, const uint8_t *pkt, size_t len, enum kind kind)
{
	size_t tag = kind == RTP ? ks->rtp_tag : ks->rtcp_tag;
	const uint8_t *mki;

	if (len < 12u + tag + ks->mki_size)
		return 0;
	mki = pkt + len - (ks->aead ? 0 : tag) - ks->mki_size; /* GCM: MKI last */
	for (int i = 0; i < ks->num_keys; i++)
		if (!memcmp(mki, ks->mki + (size_t)i * ks->mki_size, ks->mki_size))
			return i;
	return -1;
}

static srtp_err_status_t unprotect(srtp_ctx_t *ctx, enum kind kind, void *hdr, int *len,
				   unsigned int use_mki)
{
	uint8_t *pkt = hdr;
	struct dstream *d, *info;
	srtp_err_status_t rc;
	unsigned int key = 0;
	uint32_t ssrc;
	size_t n;
	int err;

	if (unlikely(!ctx || !pkt || !len || *len < (kind == RTP ? 12 : 8)))
		return srtp_err_status_bad_param;
	ssrc = be32(pkt + (kind == RTP ? 8 : 4));
	info = d = find(ctx, ssrc);
	if (unlikely(!d)) {
		if (!ctx->has_template)
			return srtp_err_status_no_ctx;
		info = &ctx->tmpl;
	}
	/* libsrtp2 checks, in this order, for SRTCP: the MKI names a key, the E flag says what the
	 * stream does (encrypted or not); for SRTP it checks replay before the MKI (as srtpo) */
	if (unlikely(info->mki_size)) {
		int k;

		if (!use_mki)
			return srtp_err_status_bad_mki; /* see README */
		k = key_of_packet(info->ks, pkt, (size_t)*len, kind);
		if (k < 0 && kind == RTCP)
			return srtp_err_status_bad_mki;
		key = k < 0 ? 0 : (unsigned int)k;
	}
	if (kind == RTCP && !info->ks->aead) { /* (libsrtp2's GCM path lets the tag decide) */
		size_t trail = 4u + info->ks->rtcp_tag + (use_mki ? info->ks->mki_size : 0);

		if ((size_t)*len >= 8 + trail &&
		    !(pkt[(size_t)*len - trail] & 0x80) != !info->ks->rtcp_conf)
			return srtp_err_status_cant_check;
	}
	if (unlikely(d && d->pending_roc) && kind == RTP) {
		rc = apply_pending_roc(ctx, d);
		if (rc)
			return rc;
	}
	/* a key at its hard limit takes no packet (and leaves it as it was) */
	if (unlikely(*key_left(info, key) <= 1))
		return use_key(ctx, ssrc, key_left(info, key));
	n = (size_t)*len;
	err = kind == RTP ? srtpo_unprotect(ctx->s, pkt, &n) : srtpo_unprotect_rtcp(ctx->s, pkt, &n);
	if (unlikely(err)) {
		if (err == SRTPO_ERR_TOO_SHORT && kind == RTP)
			return short_rtp(info->ks, pkt, n);
		/* extension elements that cannot be parsed: no libsrtp2 sender makes such a packet
		 * (its protect refuses them), so libsrtp2 finds its tag wrong (auth_fail), or
		 * without a tag fails to parse them (parse_err) */
		if (err == SRTPO_ERR_MALFORMED && kind == RTP && info->ks->xtn && (pkt[0] >> 6) == 2)
			return info->ks->rtp_auth ? srtp_err_status_auth_fail
						  : srtp_err_status_parse_err;
		return from_srtpo(err);
	}
	*len = (int)n;
	if (d && kind == RTP)
		d->pending_roc = d->pending_applied = 0;
	if (unlikely(!d)) {
		d = adopt_clone(ctx, ssrc);
		if (!d)
			return srtp_err_status_ok;
	}
	check_direction(ctx, d, DIR_RECEIVER);
	return use_key(ctx, ssrc, key_left(d, key)); /* not the last packet: checked above */
}

DROPIN_API srtp_err_status_t srtp_protect(srtp_t ctx, void *rtp_hdr, int *len_ptr)
{
	return protect(ctx, RTP, rtp_hdr, len_ptr, 0, 0);
}

DROPIN_API srtp_err_status_t srtp_protect_mki(srtp_ctx_t *ctx, void *rtp_hdr, int *pkt_octet_len,
					      unsigned int use_mki, unsigned int mki_index)
{
	return protect(ctx, RTP, rtp_hdr, pkt_octet_len, use_mki, mki_index);
}

DROPIN_API srtp_err_status_t srtp_unprotect(srtp_t ctx, void *srtp_hdr, int *len_ptr)
{
	return unprotect(ctx, RTP, srtp_hdr, len_ptr, 0);
}

DROPIN_API srtp_err_status_t srtp_unprotect_mki(srtp_t ctx, void *srtp_hdr, int *len_ptr,
						unsigned int use_mki)
{
	return unprotect(ctx, RTP, srtp_hdr, len_ptr, use_mki);
}

DROPIN_API srtp_err_status_t srtp_protect_rtcp(srtp_t ctx, void *rtcp_hdr, int *pkt_octet_len)
{
	return protect(ctx, RTCP, rtcp_hdr, pkt_octet_len, 0, 0);
}

DROPIN_API srtp_err_status_t srtp_protect_rtcp_mki(srtp_t ctx, void *rtcp_hdr,
						   int *pkt_octet_len, unsigned int use_mki,
						   unsigned int mki_index)
{
	return protect(ctx, RTCP, rtcp_hdr, pkt_octet_len, use_mki, mki_index);
}

DROPIN_API srtp_err_status_t srtp_unprotect_rtcp(srtp_t ctx, void *srtcp_hdr, int *pkt_octet_len)
{
	return unprotect(ctx, RTCP, srtcp_hdr, pkt_octet_len, 0);
}

DROPIN_API srtp_err_status_t srtp_unprotect_rtcp_mki(srtp_t ctx, void *srtcp_hdr,
						     int *pkt_octet_len, unsigned int use_mki)
{
	return unprotect(ctx, RTCP, srtcp_hdr, pkt_octet_len, use_mki);
}
