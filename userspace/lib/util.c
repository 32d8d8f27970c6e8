// SPDX-License-Identifier: BSD-3-Clause
/* util.c - error texts, version, suites, SDES inline keys, wiping. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

void srtpo_wipe(void *p, size_t n)
{
	if (!p)
		return;
	memset(p, 0, n);
	/* The barrier keeps the compiler from treating the memset as a dead store. */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

void srtpo_wipe_free(void *p, size_t n)
{
	srtpo_wipe(p, n);
	free(p);
}

SRTPO_API const char *srtpo_version(void)
{
	return "1.0.0";
}

SRTPO_API const char *srtpo_strerror(int err)
{
	switch (err) {
	case SRTPO_OK: return "success";
	case SRTPO_ERR_BAD_PARAM: return "bad parameter";
	case SRTPO_ERR_NO_MEMORY: return "out of memory";
	case SRTPO_ERR_BAD_KEY: return "bad key, salt or SDES key parameter";
	case SRTPO_ERR_MALFORMED: return "malformed packet";
	case SRTPO_ERR_TOO_SHORT: return "packet too short";
	case SRTPO_ERR_NO_SPACE: return "output buffer too small";
	case SRTPO_ERR_NO_STREAM: return "no stream for this SSRC";
	case SRTPO_ERR_STREAM_EXISTS: return "stream already exists";
	case SRTPO_ERR_REPLAY: return "replayed packet";
	case SRTPO_ERR_REPLAY_OLD: return "packet older than the replay window";
	case SRTPO_ERR_AUTH: return "authentication failed";
	case SRTPO_ERR_KEY_EXPIRED: return "master key lifetime exhausted";
	case SRTPO_ERR_BAD_MKI: return "unknown MKI";
	case SRTPO_ERR_UNSUPPORTED: return "not supported";
	case SRTPO_ERR_BACKEND: return "backend failure";
	case SRTPO_ERR_AGAIN: return "too many bursts in flight: poll first";
	default: return "unknown error";
	}
}

static const struct {
	const char *name;
	srtpo_crypto_policy_t policy;
} suites[SRTPO_SUITE_COUNT] = {
	[SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80] = { "AES_CM_128_HMAC_SHA1_80",
		{ SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 10 } },
	[SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32] = { "AES_CM_128_HMAC_SHA1_32",
		{ SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 4 } },
	[SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80] = { "AES_256_CM_HMAC_SHA1_80",
		{ SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 10 } },
	[SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32] = { "AES_256_CM_HMAC_SHA1_32",
		{ SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 4 } },
	[SRTPO_SUITE_AES_CM_128_NULL_AUTH] = { "AES_CM_128_NULL_AUTH",
		{ SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_NULL, 0 } },
	[SRTPO_SUITE_AES_256_CM_NULL_AUTH] = { "AES_256_CM_NULL_AUTH",
		{ SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_NULL, 0 } },
	[SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_80] = { "NULL_CIPHER_HMAC_SHA1_80",
		{ SRTPO_CIPHER_NULL, SRTPO_AUTH_HMAC_SHA1, 10 } },
	[SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_32] = { "NULL_CIPHER_HMAC_SHA1_32",
		{ SRTPO_CIPHER_NULL, SRTPO_AUTH_HMAC_SHA1, 4 } },
	[SRTPO_SUITE_NULL_CIPHER_NULL_AUTH] = { "NULL_CIPHER_NULL_AUTH",
		{ SRTPO_CIPHER_NULL, SRTPO_AUTH_NULL, 0 } },
	[SRTPO_SUITE_AEAD_AES_128_GCM] = { "AEAD_AES_128_GCM",
		{ SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 16 } },
	[SRTPO_SUITE_AEAD_AES_256_GCM] = { "AEAD_AES_256_GCM",
		{ SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 16 } },
	[SRTPO_SUITE_AEAD_AES_128_GCM_8] = { "AEAD_AES_128_GCM_8",
		{ SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 8 } },
	[SRTPO_SUITE_AEAD_AES_256_GCM_8] = { "AEAD_AES_256_GCM_8",
		{ SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 8 } },
	[SRTPO_SUITE_AEAD_AES_128_GCM_8_AUTH_ONLY] = { "AEAD_AES_128_GCM_8_AUTH_ONLY",
		{ SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 8 } },
	[SRTPO_SUITE_AEAD_AES_256_GCM_8_AUTH_ONLY] = { "AEAD_AES_256_GCM_8_AUTH_ONLY",
		{ SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 8 } },
	[SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80] = { "AES_192_CM_HMAC_SHA1_80",
		{ SRTPO_CIPHER_AES_192_CM, SRTPO_AUTH_HMAC_SHA1, 10 } },
	[SRTPO_SUITE_AES_192_CM_HMAC_SHA1_32] = { "AES_192_CM_HMAC_SHA1_32",
		{ SRTPO_CIPHER_AES_192_CM, SRTPO_AUTH_HMAC_SHA1, 4 } },
};

SRTPO_API int srtpo_suite_policy(srtpo_suite_t suite, srtpo_crypto_policy_t *out)
{
	if ((unsigned)suite >= SRTPO_SUITE_COUNT || !out)
		return SRTPO_ERR_BAD_PARAM;
	*out = suites[suite].policy;
	return SRTPO_OK;
}

SRTPO_API int srtpo_suite_rtcp_policy(srtpo_suite_t suite, srtpo_crypto_policy_t *out)
{
	int rc = srtpo_suite_policy(suite, out);

	if (rc)
		return rc;
	/* RFC 4568 6.2: the _32 suites keep an 80-bit tag on SRTCP (as libsrtp2 does). */
	if (out->auth == SRTPO_AUTH_HMAC_SHA1 && out->tag_len == 4)
		out->tag_len = 10;
	if (suite == SRTPO_SUITE_AEAD_AES_128_GCM_8_AUTH_ONLY ||
	    suite == SRTPO_SUITE_AEAD_AES_256_GCM_8_AUTH_ONLY)
		out->auth = SRTPO_AUTH_GCM_ONLY;
	return SRTPO_OK;
}

SRTPO_API int srtpo_suite_from_name(const char *name, srtpo_suite_t *out)
{
	if (!name || !out)
		return SRTPO_ERR_BAD_PARAM;
	for (int i = 0; i < SRTPO_SUITE_COUNT; i++) {
		if (!strcasecmp(name, suites[i].name)) {
			*out = (srtpo_suite_t)i;
			return SRTPO_OK;
		}
	}
	return SRTPO_ERR_BAD_PARAM;
}

SRTPO_API const char *srtpo_suite_name(srtpo_suite_t suite)
{
	return (unsigned)suite < SRTPO_SUITE_COUNT ? suites[suite].name : NULL;
}

SRTPO_API size_t srtpo_master_key_len(srtpo_cipher_t cipher)
{
	switch (cipher) {
	case SRTPO_CIPHER_AES_256_CM:
	case SRTPO_CIPHER_AES_256_GCM:
		return 32;
	case SRTPO_CIPHER_AES_192_CM:
		return 24;
	default:
		return 16;
	}
}

SRTPO_API size_t srtpo_master_salt_len(srtpo_cipher_t cipher)
{
	return srtpo_cipher_is_gcm(cipher) ? SRTPO_GCM_SALT_LEN : SRTPO_SALT_LEN;
}

SRTPO_API void srtpo_policy_init(srtpo_policy_t *policy, srtpo_master_key_t *key_storage,
				 srtpo_suite_t suite, const uint8_t *key, const uint8_t *salt)
{
	if (!policy || !key_storage)
		return;
	memset(policy, 0, sizeof(*policy));
	memset(key_storage, 0, sizeof(*key_storage));
	srtpo_suite_policy(suite, &policy->rtp);
	srtpo_suite_rtcp_policy(suite, &policy->rtcp);
	key_storage->key = key;
	key_storage->key_len = srtpo_master_key_len(policy->rtp.cipher);
	key_storage->salt = salt;
	key_storage->salt_len = srtpo_master_salt_len(policy->rtp.cipher);
	policy->keys = key_storage;
	policy->num_keys = 1;
	policy->window_size = SRTPO_DEFAULT_WINDOW;
}

/* ---- base64 (RFC 4648, with padding) ---- */

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes exactly len characters; returns the byte count or -1. */
static int b64_decode(const char *in, size_t len, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0, pad = 0;

	for (size_t i = 0; i < len; i++) {
		int v;

		if (in[i] == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1; /* data after padding */
		v = b64_value((unsigned char)in[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (len % 4 != 0 && pad) || bits >= 6)
		return -1;
	/* Leftover bits must be zero (canonical encoding). */
	if (bits && (acc & ((1u << bits) - 1)))
		return -1;
	acc = 0;
	return (int)n;
}

SRTPO_API int srtpo_sdes_format(const uint8_t *key, size_t key_len, const uint8_t *salt, char *out,
				size_t out_cap)
{
	return srtpo_sdes_format_salt(key, key_len, salt, SRTPO_SALT_LEN, out, out_cap);
}

SRTPO_API int srtpo_sdes_format_salt(const uint8_t *key, size_t key_len, const uint8_t *salt,
				     size_t salt_len, char *out, size_t out_cap)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint8_t raw[SRTPO_MAX_KEY_LEN + SRTPO_MAX_SALT_LEN];
	size_t n = key_len + salt_len, o = 0;

	if (!key || !salt || !out || key_len > SRTPO_MAX_KEY_LEN || salt_len > SRTPO_MAX_SALT_LEN)
		return SRTPO_ERR_BAD_PARAM;
	if (out_cap < (n + 2) / 3 * 4 + 1)
		return SRTPO_ERR_NO_SPACE;
	memcpy(raw, key, key_len);
	memcpy(raw + key_len, salt, salt_len);
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)raw[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)raw[i + 1] << 8;
		if (i + 2 < n)
			v |= raw[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = 0;
	srtpo_wipe(raw, sizeof(raw));
	return (int)o;
}

/* Parses a decimal number or "2^N" lifetime. */
static int parse_lifetime(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len > 2 && p[0] == '2' && p[1] == '^') {
		unsigned e = 0;

		if (len > 4)
			return -1;
		for (size_t i = 2; i < len; i++) {
			if (!isdigit((unsigned char)p[i]))
				return -1;
			e = e * 10 + (unsigned)(p[i] - '0');
		}
		if (e == 0 || e > 48)
			return -1;
		*out = 1ULL << e;
		return 0;
	}
	if (len == 0 || len > 15)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * Parses "value:length" (RFC 4568 MKI): the value in decimal, length 1..128 bytes
 * (SRTPO_MAX_MKI_LEN, as libsrtp2's SRTP_MAX_MKI_LEN). The value is accumulated big-endian into
 * the length's bytes (times ten plus digit over the whole byte string), so values past 64 bits
 * work; one that does not fit in the length is refused.
 */
static int parse_mki(const char *p, size_t len, srtpo_sdes_key_t *out)
{
	const char *colon = memchr(p, ':', len);
	unsigned mlen = 0;

	if (!colon || colon == p || colon == p + len - 1)
		return -1;
	for (const char *q = colon + 1; q < p + len; q++) {
		if (!isdigit((unsigned char)*q) || mlen > SRTPO_MAX_MKI_LEN)
			return -1;
		mlen = mlen * 10 + (unsigned)(*q - '0');
	}
	if (mlen < 1 || mlen > SRTPO_MAX_MKI_LEN)
		return -1;
	memset(out->mki, 0, sizeof(out->mki));
	for (const char *q = p; q < colon; q++) {
		unsigned carry;

		if (!isdigit((unsigned char)*q))
			return -1;
		carry = (unsigned)(*q - '0');
		for (unsigned i = mlen; i-- > 0;) {
			unsigned v = out->mki[i] * 10u + carry;

			out->mki[i] = (uint8_t)v;
			carry = v >> 8;
		}
		if (carry)
			return -1; /* does not fit in mlen bytes */
	}
	out->mki_len = mlen;
	return 0;
}

SRTPO_API int srtpo_sdes_parse(const char *text, srtpo_suite_t suite, srtpo_sdes_key_t *out)
{
	srtpo_crypto_policy_t pol;
	uint8_t raw[SRTPO_MAX_KEY_LEN + SRTPO_MAX_SALT_LEN + 3];
	const char *p, *end, *bar;
	size_t key_len, salt_len;
	int n;

	if (!text || !out || srtpo_suite_policy(suite, &pol) != SRTPO_OK)
		return SRTPO_ERR_BAD_PARAM;
	memset(out, 0, sizeof(*out));
	key_len = srtpo_master_key_len(pol.cipher);
	salt_len = srtpo_master_salt_len(pol.cipher);
	p = text;
	if (!strncasecmp(p, "inline:", 7))
		p += 7;
	end = p + strlen(p);
	bar = memchr(p, '|', (size_t)(end - p));
	n = b64_decode(p, (size_t)((bar ? bar : end) - p), raw, sizeof(raw));
	if (n != (int)(key_len + salt_len)) {
		srtpo_wipe(raw, sizeof(raw));
		return SRTPO_ERR_BAD_KEY;
	}
	memcpy(out->key, raw, key_len);
	memcpy(out->salt, raw + key_len, salt_len);
	out->key_len = key_len;
	out->salt_len = salt_len;
	srtpo_wipe(raw, sizeof(raw));
	/* Optional "|lifetime" then "|mki:len"; a field with ':' is the MKI (RFC 4568 6.1). */
	while (bar) {
		const char *f = bar + 1, *next = memchr(f, '|', (size_t)(end - f));
		size_t flen = (size_t)((next ? next : end) - f);
		int rc;

		if (memchr(f, ':', flen))
			rc = out->mki_len ? -1 : parse_mki(f, flen, out);
		else
			rc = out->lifetime || out->mki_len ? -1 : parse_lifetime(f, flen, &out->lifetime);
		if (rc) {
			srtpo_wipe(out, sizeof(*out));
			return SRTPO_ERR_BAD_KEY;
		}
		bar = next;
	}
	return SRTPO_OK;
}
