// SPDX-License-Identifier: BSD-3-Clause
/* stream.c - sessions, streams, policies, templates and key blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- key blocks ---- */

/* KDF labels of RFC 6904 (header extension key and salt). */
#define LABEL_XTN_ENC 6
#define LABEL_XTN_SALT 7

static int derive_slot(const struct srtpo_keyblock *kb, const srtpo_crypto_policy_t *pol,
		       bool rtcp, uint64_t r, struct srtpo_keyslot *out)
{
	uint8_t key[32], salt[14], auth_key[20];
	size_t key_len = srtpo_master_key_len(pol->cipher);
	uint8_t base = rtcp ? SRTPO_LABEL_RTCP_ENC : SRTPO_LABEL_RTP_ENC;
	bool hmac = pol->auth == SRTPO_AUTH_HMAC_SHA1;
	int rc = 0;

	memset(auth_key, 0, sizeof(auth_key));
	rc |= srtpo_kdf(kb->master_key, kb->master_key_len, kb->master_salt, base, r, key, key_len);
	rc |= srtpo_kdf(kb->master_key, kb->master_key_len, kb->master_salt, base + 2, r, salt, 14);
	if (hmac)
		rc |= srtpo_kdf(kb->master_key, kb->master_key_len, kb->master_salt, base + 1, r,
				auth_key, 20);
	if (!rc) {
		srtpo_keyslot_wipe(out); /* a rederived slot may hold a GCM key */
		srtpo_keyslot_init(out, pol->cipher, key, key_len, salt, pol->auth, auth_key,
				   pol->tag_len);
	}
	srtpo_wipe(key, sizeof(key));
	srtpo_wipe(salt, sizeof(salt));
	srtpo_wipe(auth_key, sizeof(auth_key));
	return rc ? SRTPO_ERR_BACKEND : SRTPO_OK;
}

/*
 * RFC 6904 keys (label 6 key, label 7 salt): AES-CM with the RTP cipher's key length; for the GCM
 * suites AES-CM of the same key length with the 12-byte derived salt, zero-padded (RFC 7714 8.3,
 * as libsrtp2 does it).
 */
static int derive_xtn(struct srtpo_keyblock *kb, srtpo_cipher_t rtp_cipher, uint64_t r)
{
	uint8_t key[32], salt[14] = { 0 };
	size_t key_len = srtpo_master_key_len(rtp_cipher);
	srtpo_cipher_t cm = rtp_cipher == SRTPO_CIPHER_AES_128_GCM   ? SRTPO_CIPHER_AES_128_CM
			    : rtp_cipher == SRTPO_CIPHER_AES_256_GCM ? SRTPO_CIPHER_AES_256_CM
								     : rtp_cipher;
	int rc = 0;

	if (!kb->rtp_xtn) {
		kb->rtp_xtn = srtpo_obj_alloc(sizeof(*kb->rtp_xtn));
		if (!kb->rtp_xtn)
			return SRTPO_ERR_NO_MEMORY;
	}
	rc |= srtpo_kdf(kb->master_key, kb->master_key_len, kb->master_salt, LABEL_XTN_ENC, r, key,
			key_len);
	rc |= srtpo_kdf(kb->master_key, kb->master_key_len, kb->master_salt, LABEL_XTN_SALT, r,
			salt, srtpo_master_salt_len(rtp_cipher));
	if (!rc) {
		srtpo_keyslot_wipe(kb->rtp_xtn);
		srtpo_keyslot_init(kb->rtp_xtn, cm, key, key_len, salt, SRTPO_AUTH_NULL, NULL, 0);
	}
	srtpo_wipe(key, sizeof(key));
	srtpo_wipe(salt, sizeof(salt));
	return rc ? SRTPO_ERR_BACKEND : SRTPO_OK;
}

/* Frees what a key block holds outside itself (GCM keys, the header extension slot). */
static void keyblock_release(struct srtpo_keyblock *kb)
{
	srtpo_keyslot_wipe(&kb->rtp);
	srtpo_keyslot_wipe(&kb->rtcp);
	if (kb->rtp_xtn) {
		srtpo_keyslot_wipe(kb->rtp_xtn);
		srtpo_obj_free(kb->rtp_xtn, sizeof(*kb->rtp_xtn));
		kb->rtp_xtn = NULL;
	}
}

static void keyblock_put(struct srtpo_keyblock *kb)
{
	if (!kb)
		return;
	/* An embedded key block goes with its stream's memory (srtpo_stream_free releases it). */
	if (!kb->embedded && --kb->refs == 0) {
		keyblock_release(kb);
		srtpo_obj_free(kb, sizeof(*kb));
	}
}

/* Derives a key block for a master key, in place when the stream embeds it, else allocated. */
static int keyblock_new(const srtpo_master_key_t *mk, const srtpo_policy_t *pol,
			size_t master_len, struct srtpo_keyblock *place, struct srtpo_keyblock **out)
{
	struct srtpo_keyblock *kb = place ? place : srtpo_obj_alloc(sizeof(*kb));
	int rc;

	if (!kb)
		return SRTPO_ERR_NO_MEMORY;
	kb->refs = 1;
	kb->embedded = place != NULL;
	memcpy(kb->master_key, mk->key, master_len);
	memset(kb->master_salt, 0, sizeof(kb->master_salt));
	memcpy(kb->master_salt, mk->salt, mk->salt_len);
	kb->master_key_len = (uint8_t)master_len;
	kb->mki_len = (uint8_t)mk->mki_len;
	if (mk->mki_len)
		memcpy(kb->mki, mk->mki, mk->mki_len);
	kb->lifetime_rtp = SRTPO_RTP_KEY_LIMIT;
	kb->lifetime_rtcp = SRTPO_RTCP_KEY_LIMIT;
	if (mk->lifetime && mk->lifetime < kb->lifetime_rtp)
		kb->lifetime_rtp = mk->lifetime;
	if (mk->lifetime && mk->lifetime < kb->lifetime_rtcp)
		kb->lifetime_rtcp = mk->lifetime;
	rc = derive_slot(kb, &pol->rtp, false, 0, &kb->rtp);
	if (!rc)
		rc = derive_slot(kb, &pol->rtcp, true, 0, &kb->rtcp);
	if (!rc && pol->num_encrypted_extension_ids && pol->rtp.cipher != SRTPO_CIPHER_NULL)
		rc = derive_xtn(kb, pol->rtp.cipher, 0);
	if (rc) {
		if (place)
			keyblock_release(kb); /* the stream's memory goes with the caller's cleanup */
		else
			keyblock_put(kb);
		return rc;
	}
	*out = kb;
	return SRTPO_OK;
}

/* A private copy of a key block (for a stream whose keys change with its index). */
static struct srtpo_keyblock *keyblock_copy(const struct srtpo_keyblock *src)
{
	struct srtpo_keyblock *kb = srtpo_obj_alloc(sizeof(*kb));

	if (!kb)
		return NULL;
	memcpy(kb, src, sizeof(*kb));
	kb->refs = 1;
	kb->embedded = false;
	/* what lives outside the block is the source's: make this copy's own */
	kb->rtp.gcm = kb->rtcp.gcm = NULL;
	kb->rtp_xtn = NULL;
	/* same GCM keys: a fresh precompute (new gens too, which is harmless) */
	if (srtpo_cipher_is_gcm((srtpo_cipher_t)src->rtp.cipher))
		srtpo_keyslot_init(&kb->rtp, (srtpo_cipher_t)src->rtp.cipher, src->rtp.aes_key,
				   src->rtp.key_len, src->rtp.salt, (srtpo_auth_t)src->rtp.auth, NULL,
				   src->rtp.tag_len);
	if (srtpo_cipher_is_gcm((srtpo_cipher_t)src->rtcp.cipher))
		srtpo_keyslot_init(&kb->rtcp, (srtpo_cipher_t)src->rtcp.cipher, src->rtcp.aes_key,
				   src->rtcp.key_len, src->rtcp.salt, (srtpo_auth_t)src->rtcp.auth,
				   NULL, src->rtcp.tag_len);
	if (src->rtp_xtn) {
		kb->rtp_xtn = srtpo_obj_alloc(sizeof(*kb->rtp_xtn));
		if (!kb->rtp_xtn) {
			keyblock_release(kb);
			srtpo_obj_free(kb, sizeof(*kb));
			return NULL;
		}
		memcpy(kb->rtp_xtn, src->rtp_xtn, sizeof(*kb->rtp_xtn));
	}
	return kb;
}

int srtpo_stream_rederive(struct srtpo_stream *st, struct srtpo_stream_key *k, bool rtcp,
			  uint64_t index)
{
	uint64_t r = index >> (st->kdr_shift - 1);
	struct srtpo_keyblock *kb = k->kb;
	int rc;

	if (rtcp) {
		rc = derive_slot(kb, &st->rtcp_policy, true, r, &kb->rtcp);
		if (!rc)
			kb->rtcp_r = r;
	} else {
		rc = derive_slot(kb, &st->rtp_policy, false, r, &kb->rtp);
		if (!rc && kb->rtp_xtn)
			rc = derive_xtn(kb, st->rtp_policy.cipher, r);
		if (!rc)
			kb->rtp_r = r;
	}
	return rc;
}

/* ---- policies ---- */

static bool crypto_policy_ok(const srtpo_crypto_policy_t *p)
{
	bool gcm_auth = p->auth == SRTPO_AUTH_GCM || p->auth == SRTPO_AUTH_GCM_ONLY;

	if ((unsigned)p->cipher > SRTPO_CIPHER_AES_256_GCM || (unsigned)p->auth > SRTPO_AUTH_GCM_ONLY)
		return false;
	if (srtpo_cipher_is_gcm(p->cipher) != gcm_auth)
		return false; /* a GCM cipher authenticates itself, and only it can */
	if (gcm_auth)
		return p->tag_len == 16 || p->tag_len == 8;
	if (p->auth == SRTPO_AUTH_HMAC_SHA1)
		return p->tag_len >= 4 && p->tag_len <= 20;
	return p->tag_len == 0;
}

/* Checks a policy; on success *master_len is the master key length it needs. */
static int policy_check(const srtpo_policy_t *pol, size_t *master_len)
{
	size_t salt_len = SRTPO_SALT_LEN;

	if ((unsigned)pol->ssrc_type > SRTPO_SSRC_ANY_OUTBOUND)
		return SRTPO_ERR_BAD_PARAM;
	if (!crypto_policy_ok(&pol->rtp) || !crypto_policy_ok(&pol->rtcp))
		return SRTPO_ERR_BAD_PARAM;
	if (pol->rtp.auth == SRTPO_AUTH_GCM_ONLY)
		return SRTPO_ERR_BAD_PARAM; /* RFC 7714 has no unencrypted SRTP */
	/* One master key and salt serve RTP and RTCP: the ciphers must agree on their lengths
	 * (a null cipher takes whatever the other one needs). */
	*master_len = 16;
	if (pol->rtp.cipher != SRTPO_CIPHER_NULL || pol->rtcp.cipher != SRTPO_CIPHER_NULL) {
		srtpo_cipher_t a = pol->rtp.cipher != SRTPO_CIPHER_NULL ? pol->rtp.cipher
									 : pol->rtcp.cipher;
		srtpo_cipher_t b = pol->rtcp.cipher != SRTPO_CIPHER_NULL ? pol->rtcp.cipher : a;

		if (srtpo_master_key_len(a) != srtpo_master_key_len(b) ||
		    srtpo_master_salt_len(a) != srtpo_master_salt_len(b))
			return SRTPO_ERR_UNSUPPORTED;
		*master_len = srtpo_master_key_len(a);
		salt_len = srtpo_master_salt_len(a);
	}
	if (pol->num_encrypted_extension_ids && !pol->encrypted_extension_ids)
		return SRTPO_ERR_BAD_PARAM;
	for (size_t i = 0; i < pol->num_encrypted_extension_ids; i++)
		if (pol->encrypted_extension_ids[i] == 0)
			return SRTPO_ERR_BAD_PARAM; /* ID 0 is padding (RFC 8285) */
	if (pol->kdr && ((pol->kdr & (pol->kdr - 1)) || pol->kdr > (1u << 24)))
		return SRTPO_ERR_BAD_PARAM;
	if (pol->window_size && (pol->window_size < 64 || pol->window_size > 32767))
		return SRTPO_ERR_BAD_PARAM;
	if (!pol->keys || pol->num_keys < 1 || pol->num_keys > SRTPO_MAX_MASTER_KEYS)
		return SRTPO_ERR_BAD_PARAM;
	for (size_t i = 0; i < pol->num_keys; i++) {
		const srtpo_master_key_t *k = &pol->keys[i];

		if (!k->key || !k->salt || k->key_len != *master_len || k->salt_len != salt_len)
			return SRTPO_ERR_BAD_KEY;
		if (k->mki_len != pol->keys[0].mki_len || k->mki_len > SRTPO_MAX_MKI_LEN ||
		    (k->mki_len && !k->mki))
			return SRTPO_ERR_BAD_PARAM;
		for (size_t j = 0; j < i && k->mki_len; j++)
			if (!memcmp(pol->keys[j].mki, k->mki, k->mki_len))
				return SRTPO_ERR_BAD_PARAM; /* MKIs must tell keys apart */
	}
	if (pol->num_keys > 1 && pol->keys[0].mki_len == 0)
		return SRTPO_ERR_BAD_PARAM;
	return SRTPO_OK;
}

/* ---- streams ---- */

static size_t bitmap_words(uint32_t window)
{
	size_t cap = 64;

	while (cap < window)
		cap <<= 1;
	return cap / 64;
}

static size_t stream_size(size_t num_keys, size_t rtp_words)
{
	return sizeof(struct srtpo_stream) + num_keys * sizeof(struct srtpo_stream_key) +
	       (rtp_words + bitmap_words(SRTPO_RTCP_WINDOW)) * sizeof(uint64_t) +
	       sizeof(struct srtpo_stream_cold);
}

/*
 * Allocates a stream with room for its keys and replay bitmaps; no keys yet. A stream that owns
 * its first key block gets it right before the stream (srtpo_stream_embedded_kb), so the packet
 * path can prefetch stream and key slot together without first reading a pointer.
 */
static struct srtpo_stream *stream_alloc(size_t num_keys, uint32_t window, bool embed)
{
	size_t rtp_words = bitmap_words(window);
	size_t pre = embed ? sizeof(struct srtpo_keyblock) : 0;
	uint8_t *mem = srtpo_obj_alloc(pre + stream_size(num_keys, rtp_words));
	struct srtpo_stream *st;
	uint64_t *bits;

	if (!mem)
		return NULL;
	st = (struct srtpo_stream *)(mem + pre);
	st->embeds_kb = embed;
	st->num_keys = (uint8_t)num_keys;
	bits = (uint64_t *)(st->keys + num_keys);
	st->rtp_replay.bits = bits;
	st->rtp_replay.size = window;
	st->rtp_replay.mask = (uint32_t)(rtp_words * 64 - 1);
	st->rtcp_replay.bits = bits + rtp_words;
	st->rtcp_replay.size = SRTPO_RTCP_WINDOW;
	st->rtcp_replay.mask = (uint32_t)(bitmap_words(SRTPO_RTCP_WINDOW) * 64 - 1);
	return st;
}

void srtpo_stream_free(struct srtpo_stream *st)
{
	if (!st)
		return;
	size_t pre = st->embeds_kb ? sizeof(struct srtpo_keyblock) : 0;

	for (size_t i = 0; i < st->num_keys; i++) {
		if (i == 0 && st->embeds_kb && st->keys[0].kb)
			keyblock_release(st->keys[0].kb);
		keyblock_put(st->keys[i].kb);
	}
	srtpo_obj_free((uint8_t *)st - pre,
		       pre + stream_size(st->num_keys, (st->rtp_replay.mask + 1) / 64));
}

static int kdr_shift_of(uint32_t kdr)
{
	return kdr ? __builtin_ctz(kdr) + 1 : 0;
}

static int stream_from_policy(const srtpo_policy_t *pol, struct srtpo_stream **out)
{
	size_t master_len;
	uint32_t window;
	struct srtpo_stream *st;
	int rc = policy_check(pol, &master_len);

	if (rc)
		return rc;
	window = pol->window_size ? pol->window_size : SRTPO_DEFAULT_WINDOW;
	/* A template's key blocks are shared by its clones: they live on their own. */
	st = stream_alloc(pol->num_keys, window, pol->ssrc_type == SRTPO_SSRC_SPECIFIC);
	if (!st)
		return SRTPO_ERR_NO_MEMORY;
	st->ssrc = pol->ssrc;
	st->mki_len = (uint8_t)pol->keys[0].mki_len;
	st->kdr_shift = (uint8_t)kdr_shift_of(pol->kdr);
	st->allow_repeat_tx = pol->allow_repeat_tx != 0;
	st->is_template = pol->ssrc_type != SRTPO_SSRC_SPECIFIC;
	st->rtp_policy = pol->rtp;
	st->rtcp_policy = pol->rtcp;
	st->rtp_replay.highest = (uint64_t)pol->roc << 16;
	if (pol->cryptex)
		st->ext_mode |= SRTPO_EXT_CRYPTEX;
	if (pol->num_encrypted_extension_ids && pol->rtp.cipher != SRTPO_CIPHER_NULL) {
		/* (a null cipher encrypts no extension either, as in libsrtp2) */
		st->ext_mode |= SRTPO_EXT_XTN;
		for (size_t i = 0; i < pol->num_encrypted_extension_ids; i++) {
			uint8_t id = pol->encrypted_extension_ids[i];

			srtpo_stream_cold(st)->xtn_ids[id >> 3] |= (uint8_t)(1u << (id & 7));
		}
	}
	st->general = st->mki_len || st->kdr_shift || st->ext_mode;
	for (size_t i = 0; i < pol->num_keys; i++) {
		rc = keyblock_new(&pol->keys[i], pol, master_len,
				  i == 0 && st->embeds_kb ? srtpo_stream_embedded_kb(st) : NULL,
				  &st->keys[i].kb);
		if (rc) {
			srtpo_stream_free(st);
			return rc;
		}
		st->keys[i].rtp_left = st->keys[i].kb->lifetime_rtp;
		st->keys[i].rtcp_left = st->keys[i].kb->lifetime_rtcp;
	}
	*out = st;
	return SRTPO_OK;
}

struct srtpo_stream *srtpo_stream_clone(srtpo_session_t *s, const struct srtpo_stream *tmpl,
					uint32_t ssrc)
{
	struct srtpo_stream *st = stream_alloc(tmpl->num_keys, tmpl->rtp_replay.size, false);

	(void)s;
	if (!st)
		return NULL;
	st->ssrc = ssrc;
	st->mki_len = tmpl->mki_len;
	st->kdr_shift = tmpl->kdr_shift;
	st->allow_repeat_tx = tmpl->allow_repeat_tx;
	st->active_key = tmpl->active_key;
	st->rtp_policy = tmpl->rtp_policy;
	st->rtcp_policy = tmpl->rtcp_policy;
	st->ext_mode = tmpl->ext_mode;
	st->general = tmpl->general;
	memcpy(srtpo_stream_cold(st)->xtn_ids, srtpo_stream_cold(tmpl)->xtn_ids,
	       sizeof(srtpo_stream_cold(st)->xtn_ids));
	st->rtp_replay.highest = tmpl->rtp_replay.highest & ~0xffffULL; /* the template's ROC */
	for (size_t i = 0; i < tmpl->num_keys; i++) {
		if (tmpl->kdr_shift) {
			/* Keys move with this stream's own index: it needs its own copy. */
			st->keys[i].kb = keyblock_copy(tmpl->keys[i].kb);
			if (!st->keys[i].kb) {
				srtpo_stream_free(st);
				return NULL;
			}
		} else {
			/* Session keys depend only on the master key: share them. */
			st->keys[i].kb = tmpl->keys[i].kb;
			st->keys[i].kb->refs++;
		}
		st->keys[i].rtp_left = st->keys[i].kb->lifetime_rtp;
		st->keys[i].rtcp_left = st->keys[i].kb->lifetime_rtcp;
	}
	return st;
}

void srtpo_replay_clear(struct srtpo_replay *rp)
{
	memset(rp->bits, 0, ((size_t)rp->mask + 1) / 8);
}

/* ---- sessions ---- */

SRTPO_API int srtpo_add_stream(srtpo_session_t *s, const srtpo_policy_t *pol)
{
	struct srtpo_stream *st, **slot;
	int rc;

	if (!s || !pol)
		return SRTPO_ERR_BAD_PARAM;
	srtpo_async_drain(s);
	rc = stream_from_policy(pol, &st);
	if (rc)
		return rc;
	if (st->ext_mode & SRTPO_EXT_XTN)
		s->has_xtn = true;
	if (pol->ssrc_type == SRTPO_SSRC_SPECIFIC) {
		rc = srtpo_table_insert(&s->table, st);
		if (rc)
			srtpo_stream_free(st);
		return rc;
	}
	slot = pol->ssrc_type == SRTPO_SSRC_ANY_INBOUND ? &s->template_in : &s->template_out;
	srtpo_stream_free(*slot);
	*slot = st;
	return SRTPO_OK;
}

SRTPO_API int srtpo_create(srtpo_session_t **out, const srtpo_policy_t *policies, size_t n,
			   const srtpo_session_config_t *config)
{
	srtpo_session_t *s;
	size_t expected = config ? config->expected_streams : 0;
	int rc;

	if (!out)
		return SRTPO_ERR_BAD_PARAM;
	*out = NULL;
	if (n && !policies)
		return SRTPO_ERR_BAD_PARAM;
	if (config && (unsigned)config->backend > SRTPO_BACKEND_CARD)
		return SRTPO_ERR_BAD_PARAM;
	s = aligned_alloc(64, (sizeof(*s) + 63) & ~(size_t)63);
	if (!s)
		return SRTPO_ERR_NO_MEMORY;
	memset(s, 0, sizeof(*s));
	if (srtpo_table_init(&s->table, expected < n ? n : expected)) {
		free(s);
		return SRTPO_ERR_NO_MEMORY;
	}
	errno = 0;
	s->engine = srtpo_sw_engine_create(NULL);
	if (!s->engine && errno == ENOTSUP) {
		/* $SRTPO_ENGINE names an engine this build or CPU does not have */
		srtpo_destroy(s);
		return SRTPO_ERR_UNSUPPORTED;
	}
	s->scratch = malloc((SRTPO_BURST_MAX + 1) * SRTPO_SCRATCH_SLOT);
	if (!s->engine || !s->scratch) {
		srtpo_destroy(s);
		return SRTPO_ERR_NO_MEMORY;
	}
	rc = srtpo_backend_open(s, config ? config->backend : SRTPO_BACKEND_AUTO,
				config ? config->device : NULL);
	if (rc) {
		int err = errno;

		srtpo_destroy(s);
		errno = err;    /* BACKEND: why the device or simulated card did not open */
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		rc = srtpo_add_stream(s, &policies[i]);
		if (rc) {
			srtpo_destroy(s);
			return rc;
		}
	}
	*out = s;
	return SRTPO_OK;
}

SRTPO_API void srtpo_destroy(srtpo_session_t *s)
{
	if (!s)
		return;
	srtpo_async_free(s);   /* finishes what is in flight first */
	for (size_t i = 0; s->table.slots && i <= s->table.mask; i++)
		if (s->table.slots[i].key)
			srtpo_stream_free(s->table.slots[i].stream);
	srtpo_table_free(&s->table);
	srtpo_stream_free(s->template_in);
	srtpo_stream_free(s->template_out);
	srtpo_backend_close(s);
	srtpo_sw_engine_destroy(s->engine);
	srtpo_wipe_free(s->scratch, (SRTPO_BURST_MAX + 1) * SRTPO_SCRATCH_SLOT);
	srtpo_wipe_free(s, sizeof(*s)); /* the burst scratch may hold packet bytes */
}

SRTPO_API int srtpo_remove_stream(srtpo_session_t *s, uint32_t ssrc)
{
	struct srtpo_stream *st;

	if (!s)
		return SRTPO_ERR_BAD_PARAM;
	srtpo_async_drain(s);
	st = srtpo_table_remove(&s->table, ssrc);
	if (!st)
		return SRTPO_ERR_NO_STREAM;
	srtpo_stream_free(st);
	return SRTPO_OK;
}

SRTPO_API int srtpo_update_stream(srtpo_session_t *s, const srtpo_policy_t *pol)
{
	struct srtpo_stream *old, *st;
	int rc;

	if (!s || !pol || pol->ssrc_type != SRTPO_SSRC_SPECIFIC)
		return SRTPO_ERR_BAD_PARAM;
	srtpo_async_drain(s);
	old = srtpo_table_find(&s->table, pol->ssrc);
	if (!old)
		return SRTPO_ERR_NO_STREAM;
	rc = stream_from_policy(pol, &st);
	if (rc)
		return rc;
	if (st->ext_mode & SRTPO_EXT_XTN)
		s->has_xtn = true;
	/* Keep where the stream is (ROC, highest index, replay window, SRTCP index, counters). */
	st->rtp_replay.highest = old->rtp_replay.highest;
	st->rtp_seen = old->rtp_seen;
	if (st->rtp_replay.mask == old->rtp_replay.mask)
		memcpy(st->rtp_replay.bits, old->rtp_replay.bits, ((size_t)st->rtp_replay.mask + 1) / 8);
	else
		for (uint64_t i = 0; i < st->rtp_replay.size && i <= old->rtp_replay.highest; i++) {
			uint64_t idx = old->rtp_replay.highest - i;

			if (i < old->rtp_replay.size && srtpo_replay_bit(&old->rtp_replay, idx))
				srtpo_replay_add(&st->rtp_replay, idx);
		}
	st->rtcp_tx_index = old->rtcp_tx_index;
	st->rtcp_replay.highest = old->rtcp_replay.highest;
	memcpy(st->rtcp_replay.bits, old->rtcp_replay.bits, ((size_t)st->rtcp_replay.mask + 1) / 8);
	st->rtp_protected = old->rtp_protected;
	st->rtp_unprotected = old->rtp_unprotected;
	{
		/* counters carry over; the extension IDs are the new policy's */
		struct srtpo_stream_cold *c = srtpo_stream_cold(st);
		uint8_t ids[sizeof(c->xtn_ids)];

		memcpy(ids, c->xtn_ids, sizeof(ids));
		*c = *srtpo_stream_cold(old);
		memcpy(c->xtn_ids, ids, sizeof(ids));
	}
	srtpo_table_remove(&s->table, old->ssrc);
	srtpo_table_insert(&s->table, st); /* cannot fail: a slot was just freed */
	srtpo_stream_free(old);
	return SRTPO_OK;
}

SRTPO_API size_t srtpo_stream_count(const srtpo_session_t *s)
{
	return s ? s->table.count : 0;
}

SRTPO_API const char *srtpo_backend_name(const srtpo_session_t *s)
{
	return s ? srtpo_backend_label(s) : "none";
}

SRTPO_API int srtpo_get_roc(const srtpo_session_t *s, uint32_t ssrc, uint32_t *roc)
{
	const struct srtpo_stream *st;

	if (!s || !roc)
		return SRTPO_ERR_BAD_PARAM;
	st = srtpo_table_find(&s->table, ssrc);
	if (!st)
		return SRTPO_ERR_NO_STREAM;
	*roc = (uint32_t)(st->rtp_replay.highest >> 16);
	return SRTPO_OK;
}

SRTPO_API int srtpo_set_roc(srtpo_session_t *s, uint32_t ssrc, uint32_t roc)
{
	struct srtpo_stream *st;

	if (!s)
		return SRTPO_ERR_BAD_PARAM;
	srtpo_async_drain(s);
	st = srtpo_table_find(&s->table, ssrc);
	if (!st)
		return SRTPO_ERR_NO_STREAM;
	if (roc < (uint32_t)(st->rtp_replay.highest >> 16))
		return SRTPO_ERR_REPLAY_OLD; /* never move backwards */
	/* Keep s_l, forget the window (its bits belong to the old ROC). */
	st->rtp_replay.highest = ((uint64_t)roc << 16) | (st->rtp_replay.highest & 0xffff);
	srtpo_replay_clear(&st->rtp_replay);
	return SRTPO_OK;
}

SRTPO_API int srtpo_set_active_key(srtpo_session_t *s, uint32_t ssrc, size_t key_index)
{
	struct srtpo_stream *st;

	if (!s)
		return SRTPO_ERR_BAD_PARAM;
	srtpo_async_drain(s);
	st = srtpo_table_find(&s->table, ssrc);
	if (!st)
		return SRTPO_ERR_NO_STREAM;
	if (key_index >= st->num_keys)
		return SRTPO_ERR_BAD_PARAM;
	st->active_key = (uint8_t)key_index;
	return SRTPO_OK;
}

SRTPO_API int srtpo_stream_stats(const srtpo_session_t *s, uint32_t ssrc, srtpo_stream_stats_t *out)
{
	const struct srtpo_stream *st;
	const struct srtpo_stream_cold *cold;

	if (!s || !out)
		return SRTPO_ERR_BAD_PARAM;
	st = srtpo_table_find(&s->table, ssrc);
	if (!st)
		return SRTPO_ERR_NO_STREAM;
	cold = srtpo_stream_cold(st);
	memset(out, 0, sizeof(*out));
	out->rtp_protected = st->rtp_protected;
	out->rtp_unprotected = st->rtp_unprotected;
	out->rtcp_protected = cold->rtcp_protected;
	out->rtcp_unprotected = cold->rtcp_unprotected;
	out->auth_failures = cold->auth_failures;
	out->replays = cold->replays;
	out->malformed = cold->malformed;
	out->roc = (uint32_t)(st->rtp_replay.highest >> 16);
	out->rtcp_tx_index = st->rtcp_tx_index;
	return SRTPO_OK;
}
