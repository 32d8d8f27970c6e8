/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ref.h - an independent SRTP/SRTCP written for the tests straight from RFC 3711, on OpenSSL's
 * AES block cipher (ECB, one block at a time) and HMAC-SHA1. It shares no code with libsrtpo:
 * where a published vector does not exist (key derivation rate, MKI, CSRC lists, SRTCP with
 * other suites), the tests compare the library against this. Slow on purpose: plain and
 * literal, one counter block at a time.
 */
#ifndef SRTPO_TEST_REF_H
#define SRTPO_TEST_REF_H

#include <stddef.h>
#include <stdint.h>

#include "srtpo.h"

/* The session keys of one kind of traffic (RFC 3711 4.3). */
struct ref_keys {
	srtpo_crypto_policy_t pol;
	uint8_t enc[32];
	size_t enc_len;               /* 16 or 32 */
	uint8_t salt[14];
	uint8_t auth[20];
};

/* AES encryption of one block; key_len 16 or 32. */
void ref_aes_block(const uint8_t *key, size_t key_len, const uint8_t in[16], uint8_t out[16]);
/* HMAC-SHA1 of the concatenation a || b (b may be NULL). */
void ref_hmac_sha1(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
		   const uint8_t *b, size_t b_len, uint8_t out[20]);
/* The AES-CM PRF of RFC 3711 4.3.1/4.3.3: n bytes for a label and r = index DIV kdr. */
void ref_kdf(const uint8_t *master_key, size_t mk_len, const uint8_t master_salt[14],
	     uint8_t label, uint64_t r, uint8_t *out, size_t n);
/* Session keys for RTP (rtcp = 0, labels 0..2) or RTCP (labels 3..5) at r. */
void ref_derive(struct ref_keys *k, const srtpo_crypto_policy_t *pol, const uint8_t *master_key,
		size_t mk_len, const uint8_t master_salt[14], int rtcp, uint64_t r);
/* XORs n bytes of AES-CM keystream (RFC 3711 4.1.1) for (ssrc, index) into buf. */
void ref_keystream_xor(const uint8_t *key, size_t key_len, const uint8_t salt[14], uint32_t ssrc,
		       uint64_t index, uint8_t *buf, size_t n);
/* Length of an RTP header with its CSRCs and extension, or 0 when the packet is too short. */
size_t ref_rtp_header_len(const uint8_t *pkt, size_t len);
/* SRTP protect of an RTP packet with packet index roc << 16 | seq. Writes the result to out
 * (len + mki_len + tag_len bytes) and returns its length. */
size_t ref_srtp_protect(const struct ref_keys *k, const uint8_t *in, size_t len, uint32_t roc,
			const uint8_t *mki, size_t mki_len, uint8_t *out);
/* SRTCP protect of an RTCP compound packet with the given 31-bit SRTCP index. The E bit is set
 * when the policy encrypts. Returns the length written to out. */
size_t ref_srtcp_protect(const struct ref_keys *k, const uint8_t *in, size_t len, uint32_t index,
			 const uint8_t *mki, size_t mki_len, uint8_t *out);

#endif /* SRTPO_TEST_REF_H */
