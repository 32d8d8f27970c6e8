/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dropin.h - private declarations of the libsrtp2 drop-in (userspace/libsrtp2/).
 */
#ifndef SRTPO_DROPIN_H
#define SRTPO_DROPIN_H

#include <stddef.h>
#include <stdint.h>

#include "srtp2/crypto_types.h"
#include "srtp2/srtp.h"
#include "srtpo.h"

/* The drop-in exports libsrtp2's names (and srtpo's, for srtpo_ext.h); nothing else. */
#define DROPIN_API __attribute__((visibility("default")))

/* policy.c */
/* One libsrtp2 crypto policy (of RTP, or of RTCP with rtcp) as srtpo's, and how policy->key
 * splits into master key and salt. */
srtp_err_status_t dropin_crypto_from_srtp(const srtp_crypto_policy_t *in,
					  srtpo_crypto_policy_t *out, size_t *key_len,
					  size_t *salt_len, int rtcp);
srtp_err_status_t dropin_crypto_extra(const srtp_crypto_policy_t *in, srtpo_crypto_policy_t *out,
				      size_t *key_len, size_t *salt_len, int rtcp);
srtp_err_status_t dropin_auth_from_srtp(const srtp_crypto_policy_t *in,
					srtpo_crypto_policy_t *out);

/* log.c */
void dropin_log(srtp_log_level_t level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int dropin_debug_on(void);

#endif /* SRTPO_DROPIN_H */
