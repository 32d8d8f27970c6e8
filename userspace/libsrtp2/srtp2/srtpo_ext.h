/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtp2/srtpo_ext.h - what srtpo's libsrtp2 drop-in offers beyond libsrtp2: the libsrtpo session
 * behind an srtp_t, for burst calls (srtpo_protect_burst(), ...), out-of-place calls, the
 * asynchronous card path and statistics. Present only in the drop-in; a program using it links
 * the drop-in (pkg-config srtpo-libsrtp2), which carries libsrtpo inside it.
 *
 *   srtpo_session_t *s = srtpo_libsrtp2_session(ctx);
 *   size_t ok = srtpo_protect_burst(s, pkts, n);
 *
 * The session stays owned by ctx (srtp_dealloc frees it); do not srtpo_destroy it. Packets sent
 * through srtpo calls share the streams' ROC and replay state with srtp_protect()/
 * srtp_unprotect(), but skip what only the libsrtp2 layer does: SSRC collision and key usage
 * events, and libsrtp2's count of packets per master key. Streams that a template creates in a
 * burst call are known to srtp_remove_stream()/srtp_get_stream_roc() once one of their packets
 * went through an srtp_* call, or after srtp_add_stream() for their SSRC.
 * Threads: as ctx (not thread-safe; one thread at a time per session).
 */
#ifndef SRTPO_LIBSRTP2_EXT_H
#define SRTPO_LIBSRTP2_EXT_H

#include <srtpo.h>

#include "srtp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The libsrtpo session behind ctx, or NULL for a NULL ctx. */
srtpo_session_t *srtpo_libsrtp2_session(srtp_t ctx);

/*
 * How many more packets (SRTP and SRTCP, protected or unprotected) each master key of the stream
 * of ssrc may take: libsrtp2 fixes this at 2^48 - 1 per key, a shorter life (an SDES lifetime,
 * a policy) is set here. As in libsrtp2, each of the last 2^16 packets raises
 * event_key_soft_limit, and the end event_key_hard_limit and srtp_err_status_key_expired (the
 * packet left as it was). Streams a template made share the template's count, as in libsrtp2.
 * Errors: bad_param (no such stream, or more than 2^48 - 1).
 */
srtp_err_status_t srtpo_libsrtp2_set_key_limit(srtp_t ctx, uint32_t ssrc, uint64_t packets);

#ifdef __cplusplus
}
#endif

#endif /* SRTPO_LIBSRTP2_EXT_H */
