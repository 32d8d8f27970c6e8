// SPDX-License-Identifier: BSD-3-Clause
/*
 * policy.c - libsrtp2's crypto policy setters and DTLS-SRTP profiles, and the translation of an
 * srtp_crypto_policy_t into srtpo's (userspace/include/srtpo.h).
 *
 * The setters fill the same six fields with the same numbers as libsrtp2 2.5 (tests/libsrtp2
 * compares them); what a policy means is decided in dropin_crypto_from_srtp().
 */
#include <string.h>

#include "dropin.h"

static void set(srtp_crypto_policy_t *p, srtp_cipher_type_id_t cipher, int key_len,
		srtp_auth_type_id_t auth, int auth_key_len, int tag_len, srtp_sec_serv_t serv)
{
	if (!p)
		return;
	p->cipher_type = cipher;
	p->cipher_key_len = key_len;
	p->auth_type = auth;
	p->auth_key_len = auth_key_len;
	p->auth_tag_len = tag_len;
	p->sec_serv = serv;
}

DROPIN_API void srtp_crypto_policy_set_rtp_default(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_128, SRTP_AES_ICM_128_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 10,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_rtcp_default(srtp_crypto_policy_t *p)
{
	srtp_crypto_policy_set_rtp_default(p);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_128, SRTP_AES_ICM_128_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 4,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_128_null_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_128, SRTP_AES_ICM_128_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 0,
	    sec_serv_conf);
}

DROPIN_API void srtp_crypto_policy_set_null_cipher_hmac_sha1_80(srtp_crypto_policy_t *p)
{
	set(p, SRTP_NULL_CIPHER, SRTP_AES_ICM_128_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 10,
	    sec_serv_auth);
}

DROPIN_API void srtp_crypto_policy_set_null_cipher_hmac_null(srtp_crypto_policy_t *p)
{
	set(p, SRTP_NULL_CIPHER, SRTP_AES_ICM_128_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 0,
	    sec_serv_none);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_256, SRTP_AES_ICM_256_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 10,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_256, SRTP_AES_ICM_256_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 4,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_256_null_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_256, SRTP_AES_ICM_256_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 0,
	    sec_serv_conf);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_192, SRTP_AES_ICM_192_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 10,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_192, SRTP_AES_ICM_192_KEY_LEN_WSALT, SRTP_HMAC_SHA1, 20, 4,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_cm_192_null_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_ICM_192, SRTP_AES_ICM_192_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 0,
	    sec_serv_conf);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_128_8_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_128, SRTP_AES_GCM_128_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 8,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_256_8_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_256, SRTP_AES_GCM_256_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 8,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_128_8_only_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_128, SRTP_AES_GCM_128_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 8,
	    sec_serv_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_256_8_only_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_256, SRTP_AES_GCM_256_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 8,
	    sec_serv_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_128_16_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_128, SRTP_AES_GCM_128_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 16,
	    sec_serv_conf_and_auth);
}

DROPIN_API void srtp_crypto_policy_set_aes_gcm_256_16_auth(srtp_crypto_policy_t *p)
{
	set(p, SRTP_AES_GCM_256, SRTP_AES_GCM_256_KEY_LEN_WSALT, SRTP_NULL_AUTH, 0, 16,
	    sec_serv_conf_and_auth);
}

/* DTLS-SRTP profiles: RTCP keeps the 80-bit tag of the _32 profile (RFC 5764 4.1.2). */
static srtp_err_status_t from_profile(srtp_crypto_policy_t *policy, srtp_profile_t profile,
				      int rtcp)
{
	switch (profile) {
	case srtp_profile_aes128_cm_sha1_80:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(policy);
		return srtp_err_status_ok;
	case srtp_profile_aes128_cm_sha1_32:
		if (rtcp)
			srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(policy);
		else
			srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(policy);
		return srtp_err_status_ok;
	case srtp_profile_null_sha1_80:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(policy);
		return srtp_err_status_ok;
	case srtp_profile_aead_aes_128_gcm:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(policy);
		return srtp_err_status_ok;
	case srtp_profile_aead_aes_256_gcm:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(policy);
		return srtp_err_status_ok;
	default:
		/* libsrtp2 has no policy for null_sha1_32 (nor for unknown numbers) */
		return srtp_err_status_bad_param;
	}
}

DROPIN_API srtp_err_status_t srtp_crypto_policy_set_from_profile_for_rtp(
	srtp_crypto_policy_t *policy, srtp_profile_t profile)
{
	return from_profile(policy, profile, 0);
}

DROPIN_API srtp_err_status_t srtp_crypto_policy_set_from_profile_for_rtcp(
	srtp_crypto_policy_t *policy, srtp_profile_t profile)
{
	return from_profile(policy, profile, 1);
}

DROPIN_API unsigned int srtp_profile_get_master_key_length(srtp_profile_t profile)
{
	switch (profile) {
	case srtp_profile_aes128_cm_sha1_80:
	case srtp_profile_aes128_cm_sha1_32:
	case srtp_profile_null_sha1_80:
	case srtp_profile_aead_aes_128_gcm:
		return SRTP_AES_128_KEY_LEN;
	case srtp_profile_aead_aes_256_gcm:
		return SRTP_AES_256_KEY_LEN;
	default:
		return 0;
	}
}

DROPIN_API unsigned int srtp_profile_get_master_salt_length(srtp_profile_t profile)
{
	switch (profile) {
	case srtp_profile_aes128_cm_sha1_80:
	case srtp_profile_aes128_cm_sha1_32:
	case srtp_profile_null_sha1_80:
		return SRTP_SALT_LEN;
	case srtp_profile_aead_aes_128_gcm:
	case srtp_profile_aead_aes_256_gcm:
		return SRTP_AEAD_SALT_LEN;
	default:
		return 0;
	}
}

DROPIN_API void srtp_append_salt_to_key(unsigned char *key, unsigned int bytes_in_key,
					unsigned char *salt, unsigned int bytes_in_salt)
{
	if (key && salt)
		memmove(key + bytes_in_key, salt, bytes_in_salt);
}

/*
 * One srtp_crypto_policy_t as srtpo sees it. The services decide what runs, as in libsrtp2: a
 * cipher without sec_serv_conf does not encrypt, a tag without sec_serv_auth is not sent.
 * key_len/salt_len: how policy->key splits into master key and salt.
 */
srtp_err_status_t dropin_crypto_from_srtp(const srtp_crypto_policy_t *in,
					  srtpo_crypto_policy_t *out, size_t *key_len,
					  size_t *salt_len, int rtcp)
{
	int conf = in->sec_serv & sec_serv_conf;

	if ((unsigned)in->sec_serv > sec_serv_conf_and_auth)
		return srtp_err_status_bad_param;
	memset(out, 0, sizeof(*out));
	*salt_len = SRTP_SALT_LEN;
	switch (in->cipher_type) {
	case SRTP_NULL_CIPHER:
		/* the key length still says which KDF runs: AES-128's for 30 octets */
		if (in->cipher_key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT)
			return srtp_err_status_bad_param;
		out->cipher = SRTPO_CIPHER_NULL;
		*key_len = SRTP_AES_128_KEY_LEN;
		break;
	case SRTP_AES_ICM_128:
		if (in->cipher_key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT)
			return srtp_err_status_bad_param;
		out->cipher = conf ? SRTPO_CIPHER_AES_128_CM : SRTPO_CIPHER_NULL;
		*key_len = SRTP_AES_128_KEY_LEN;
		break;
	case SRTP_AES_ICM_256:
		if (in->cipher_key_len != SRTP_AES_ICM_256_KEY_LEN_WSALT)
			return srtp_err_status_bad_param;
		/* authentication only with an AES-256 KDF has no srtpo equivalent */
		if (!conf)
			return srtp_err_status_bad_param;
		out->cipher = SRTPO_CIPHER_AES_256_CM;
		*key_len = SRTP_AES_256_KEY_LEN;
		break;
	default:
		return dropin_crypto_extra(in, out, key_len, salt_len, rtcp);
	}
	return dropin_auth_from_srtp(in, out);
}

/* The HMAC-SHA1 or null authentication of a counter-mode or null-cipher policy. */
srtp_err_status_t dropin_auth_from_srtp(const srtp_crypto_policy_t *in, srtpo_crypto_policy_t *out)
{
	int auth = in->sec_serv & sec_serv_auth;

	switch (in->auth_type) {
	case SRTP_NULL_AUTH:
		out->auth = SRTPO_AUTH_NULL;
		out->tag_len = 0;
		break;
	case SRTP_HMAC_SHA1:
		if (!auth) {
			out->auth = SRTPO_AUTH_NULL;
			out->tag_len = 0;
			break;
		}
		if (in->auth_tag_len < 4 || in->auth_tag_len > 20 || in->auth_key_len != 20)
			return srtp_err_status_bad_param;
		out->auth = SRTPO_AUTH_HMAC_SHA1;
		out->tag_len = (uint8_t)in->auth_tag_len;
		break;
	default:
		return srtp_err_status_bad_param;
	}
	return srtp_err_status_ok;
}

/*
 * AES-192 (RFC 6188) and AEAD_AES_128/256_GCM (RFC 7714). GCM's tag length comes from
 * auth_tag_len (8 or 16); libsrtp2's "only_auth" GCM policies (sec_serv_auth) still encrypt SRTP
 * and authenticate SRTCP without encrypting it.
 */
srtp_err_status_t dropin_crypto_extra(const srtp_crypto_policy_t *in, srtpo_crypto_policy_t *out,
				      size_t *key_len, size_t *salt_len, int rtcp)
{
	int conf = in->sec_serv & sec_serv_conf;

	switch (in->cipher_type) {
	case SRTP_AES_ICM_192:
		if (in->cipher_key_len != SRTP_AES_ICM_192_KEY_LEN_WSALT || !conf)
			return srtp_err_status_bad_param;
		out->cipher = SRTPO_CIPHER_AES_192_CM;
		*key_len = SRTP_AES_192_KEY_LEN;
		*salt_len = SRTP_SALT_LEN;
		return dropin_auth_from_srtp(in, out);
	case SRTP_AES_GCM_128:
	case SRTP_AES_GCM_256: {
		int k256 = in->cipher_type == SRTP_AES_GCM_256;

		if (in->cipher_key_len != (k256 ? SRTP_AES_GCM_256_KEY_LEN_WSALT
						: SRTP_AES_GCM_128_KEY_LEN_WSALT))
			return srtp_err_status_bad_param;
		if ((in->auth_tag_len != 8 && in->auth_tag_len != 16) ||
		    in->auth_type != SRTP_NULL_AUTH)
			return srtp_err_status_bad_param;
		/* GCM always authenticates and always encrypts SRTP, whatever sec_serv says (GStreamer
		 * sets sec_serv_conf for it); SRTCP is encrypted only with sec_serv_conf */
		out->cipher = k256 ? SRTPO_CIPHER_AES_256_GCM : SRTPO_CIPHER_AES_128_GCM;
		out->auth = conf || !rtcp ? SRTPO_AUTH_GCM : SRTPO_AUTH_GCM_ONLY;
		out->tag_len = (uint8_t)in->auth_tag_len;
		*key_len = k256 ? SRTP_AES_256_KEY_LEN : SRTP_AES_128_KEY_LEN;
		*salt_len = SRTP_AEAD_SALT_LEN;
		return srtp_err_status_ok;
	}
	default:
		return srtp_err_status_bad_param;
	}
}
