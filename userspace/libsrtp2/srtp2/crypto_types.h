/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtp2/crypto_types.h - libsrtp2 2.5's cipher and authentication type identifiers, the values
 * that go in srtp_crypto_policy_t.cipher_type and .auth_type. Part of srtpo's libsrtp2 drop-in:
 * the numbers are libsrtp2's (they are ABI), the file is ours.
 */
#ifndef SRTP_CRYPTO_TYPES_H
#define SRTP_CRYPTO_TYPES_H

#define SRTP_NULL_CIPHER 0  /* no encryption */
#define SRTP_AES_ICM_128 1  /* AES-128 counter mode (RFC 3711) */
#define SRTP_AES_ICM_192 4  /* AES-192 counter mode (RFC 6188) */
#define SRTP_AES_ICM_256 5  /* AES-256 counter mode (RFC 6188) */
#define SRTP_AES_GCM_128 6  /* AEAD_AES_128_GCM (RFC 7714) */
#define SRTP_AES_GCM_256 7  /* AEAD_AES_256_GCM (RFC 7714) */

#define SRTP_NULL_AUTH 0    /* no authentication */
#define SRTP_HMAC_SHA1 3    /* HMAC-SHA1 (RFC 2104) truncated to the tag length */

#endif /* SRTP_CRYPTO_TYPES_H */
