/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_common.h - the fixed sessions the libsrtpo fuzz targets run against, shared with the seed
 * corpus generator so that its packets authenticate in the fuzzers.
 *
 * Two key sets ("variants"):
 *   FUZZ_AUTH:  the real suites, so only packets built from the seeds get past the tag check and
 *               reach the decrypt, replay and ROC paths;
 *   FUZZ_NOAUTH: the same streams with null authentication, so any well-formed packet is accepted
 *               and the parsers, index estimation and replay window see arbitrary input.
 * Streams: four specific SSRCs (AES-128/80, AES-256/32 with ROC 7, null cipher/HMAC-80, AES-128/80
 * with two MKI keys), three of the newer shapes (AEAD_AES_128_GCM with RFC 6904 IDs 1 and 2 and
 * cryptex; AEAD_AES_256_GCM_8 with SRTCP authenticated only and two 3-byte MKIs; AES-192/80 with
 * RFC 6904 ID 1) plus a template for every other SSRC. GCM authenticates in both variants.
 *
 * Input format of every target (so the fuzzer can build packet sequences):
 *   byte 0        flags: bit 0 variant (1 = FUZZ_NOAUTH), bits 1-2 call form (0 single in place,
 *                 1 single out of place, 2 burst in place, 3 burst out of place), bit 3 RTCP,
 *                 bits 4-7 capacity slack (see the targets)
 *   then packets  each a 2-byte big-endian length and that many bytes (cut at the end of input)
 */
#ifndef SRTPO_FUZZ_COMMON_H
#define SRTPO_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "srtpo.h"

#define FUZZ_MAX_PKTS 32

enum fuzz_variant { FUZZ_AUTH = 0, FUZZ_NOAUTH = 1 };

#define FUZZ_SSRC_A 0x11111111u /* AES_CM_128_HMAC_SHA1_80 */
#define FUZZ_SSRC_B 0x22222222u /* AES_256_CM_HMAC_SHA1_32, SRTCP 80, ROC 7 */
#define FUZZ_SSRC_C 0x33333333u /* NULL_CIPHER_HMAC_SHA1_80 */
#define FUZZ_SSRC_D 0x44444444u /* AES_CM_128_HMAC_SHA1_80, two keys with 4-byte MKIs */
#define FUZZ_SSRC_E 0x66666666u /* AEAD_AES_128_GCM, RFC 6904 IDs 1 2, cryptex */
#define FUZZ_SSRC_F 0x77777777u /* AEAD_AES_256_GCM_8, SRTCP auth only, 3-byte MKIs */
#define FUZZ_SSRC_G 0x88888888u /* AES_192_CM_HMAC_SHA1_80, RFC 6904 ID 1 */

static const uint8_t fuzz_key[2][32] = {
	{ 0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
	  0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6, 0x11, 0x22 },
	{ 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	  0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f },
};
static const uint8_t fuzz_salt[2][14] = {
	{ 0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6 },
	{ 0x5a, 0x5a, 0xa5, 0xa5, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a },
};
static const uint8_t fuzz_mki[2][4] = { { 0, 0, 0, 1 }, { 0, 0, 0, 2 } };

static inline srtpo_crypto_policy_t fuzz_crypto(enum fuzz_variant v, srtpo_cipher_t c, uint8_t tag)
{
	srtpo_crypto_policy_t p = { c, SRTPO_AUTH_HMAC_SHA1, tag };

	if (v == FUZZ_NOAUTH) {
		p.auth = SRTPO_AUTH_NULL;
		p.tag_len = 0;
	}
	return p;
}

/* Creates the session of a variant. rx: the template is for inbound (else outbound) traffic.
 * Returns NULL if the library refused (the caller treats that as a bug). */
static inline srtpo_session_t *fuzz_session(enum fuzz_variant v, bool rx)
{
	srtpo_master_key_t k128 = { fuzz_key[0], 16, fuzz_salt[0], 14, NULL, 0, 0 };
	srtpo_master_key_t k256 = { fuzz_key[1], 32, fuzz_salt[1], 14, NULL, 0, 0 };
	srtpo_master_key_t kmki[2] = {
		{ fuzz_key[0], 16, fuzz_salt[1], 14, fuzz_mki[0], 4, 0 },
		{ fuzz_key[1], 16, fuzz_salt[0], 14, fuzz_mki[1], 4, 0 },
	};
	srtpo_master_key_t kgcm = { fuzz_key[1], 16, fuzz_salt[0], 12, NULL, 0, 0 };
	srtpo_master_key_t kgcm_mki[2] = {
		{ fuzz_key[0], 32, fuzz_salt[1], 12, fuzz_mki[0] + 1, 3, 0 },
		{ fuzz_key[1], 32, fuzz_salt[0], 12, fuzz_mki[1] + 1, 3, 0 },
	};
	srtpo_master_key_t k192 = { fuzz_key[1], 24, fuzz_salt[1], 14, NULL, 0, 0 };
	static const uint8_t xtn_ids[] = { 1, 2 };
	srtpo_policy_t p[8];
	srtpo_session_t *s = NULL;

	memset(p, 0, sizeof(p));
	p[0].ssrc = FUZZ_SSRC_A;
	p[0].rtp = p[0].rtcp = fuzz_crypto(v, SRTPO_CIPHER_AES_128_CM, 10);
	p[0].keys = &k128;
	p[0].num_keys = 1;

	p[1].ssrc = FUZZ_SSRC_B;
	p[1].rtp = fuzz_crypto(v, SRTPO_CIPHER_AES_256_CM, 4);
	p[1].rtcp = fuzz_crypto(v, SRTPO_CIPHER_AES_256_CM, 10);
	p[1].keys = &k256;
	p[1].num_keys = 1;
	p[1].roc = 7;
	p[1].window_size = 64;

	p[2].ssrc = FUZZ_SSRC_C;
	p[2].rtp = p[2].rtcp = fuzz_crypto(v, SRTPO_CIPHER_NULL, 10);
	p[2].keys = &k128;
	p[2].num_keys = 1;

	p[3].ssrc = FUZZ_SSRC_D;
	p[3].rtp = p[3].rtcp = fuzz_crypto(v, SRTPO_CIPHER_AES_128_CM, 10);
	p[3].keys = kmki;
	p[3].num_keys = 2;
	p[3].window_size = 1024;

	p[4].ssrc_type = rx ? SRTPO_SSRC_ANY_INBOUND : SRTPO_SSRC_ANY_OUTBOUND;
	p[4].rtp = fuzz_crypto(v, SRTPO_CIPHER_AES_128_CM, 4);
	p[4].rtcp = fuzz_crypto(v, SRTPO_CIPHER_AES_128_CM, 10);
	p[4].keys = &k128;
	p[4].num_keys = 1;

	p[5].ssrc = FUZZ_SSRC_E;
	p[5].rtp = p[5].rtcp =
		(srtpo_crypto_policy_t){ SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 16 };
	p[5].keys = &kgcm;
	p[5].num_keys = 1;
	p[5].encrypted_extension_ids = xtn_ids;
	p[5].num_encrypted_extension_ids = 2;
	p[5].cryptex = 1;

	p[6].ssrc = FUZZ_SSRC_F;
	p[6].rtp = (srtpo_crypto_policy_t){ SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 8 };
	p[6].rtcp = (srtpo_crypto_policy_t){ SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM_ONLY, 8 };
	p[6].keys = kgcm_mki;
	p[6].num_keys = 2;

	p[7].ssrc = FUZZ_SSRC_G;
	p[7].rtp = p[7].rtcp = fuzz_crypto(v, SRTPO_CIPHER_AES_192_CM, 10);
	p[7].keys = &k192;
	p[7].num_keys = 1;
	p[7].encrypted_extension_ids = xtn_ids;
	p[7].num_encrypted_extension_ids = 1;

	if (srtpo_create(&s, p, 8, NULL) != SRTPO_OK)
		return NULL;
	return s;
}

/* Splits an input into its flags and packets. Returns the packet count. */
struct fuzz_pkt {
	const uint8_t *p;
	size_t len;
};

static inline size_t fuzz_split(const uint8_t *data, size_t size, uint8_t *flags,
				struct fuzz_pkt *pk)
{
	size_t n = 0, pos = 1;

	if (size < 1)
		return 0;
	*flags = data[0];
	while (pos + 2 <= size && n < FUZZ_MAX_PKTS) {
		size_t len = (size_t)data[pos] << 8 | data[pos + 1];

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		pk[n].p = data + pos;
		pk[n].len = len;
		n++;
		pos += len;
	}
	return n;
}

#endif /* SRTPO_FUZZ_COMMON_H */
