/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtp2/srtp.h - libsrtp2 2.5's public API, served by srtpo's drop-in (userspace/libsrtp2/).
 *
 * Every name, type, struct layout, enum value and error code here is libsrtp2 2.5's: a program
 * built against Debian's libsrtp2-dev runs unchanged on the drop-in's libsrtp2.so.1, and a
 * program built against this header runs on libsrtp2. Underneath, each srtp_t is a libsrtpo
 * session (userspace/include/srtpo.h): streams are found by SSRC in O(1), the crypto runs on
 * srtpo's software engine or on the card. <srtp2/srtpo_ext.h> reaches that session.
 *
 * Buffers: srtp_protect() and srtp_protect_rtcp() write the trailer after the packet, so the
 * buffer must hold *len + SRTP_MAX_TRAILER_LEN bytes (+ 4 for RTCP). On an error the packet,
 * its length and the stream are left as they were.
 *
 * Threads: an srtp_t is not thread-safe (as in libsrtp2); different srtp_t may be used from
 * different threads at once. The event and log handlers are process-wide.
 */
#ifndef SRTP_SRTP_H
#define SRTP_SRTP_H

#include <stdint.h>

/* This srtp.h is srtpo's drop-in (libsrtp2's has no such macro). */
#define SRTPO_LIBSRTP2_DROPIN 1

#ifdef __cplusplus
extern "C" {
#endif

/* Master key + salt length of the default suite (AES_CM_128_HMAC_SHA1_80), in octets. */
#define SRTP_MASTER_KEY_LEN 30
/* Largest master key + salt accepted. */
#define SRTP_MAX_KEY_LEN 64
/* Largest authentication tag (GCM's 16 octets). */
#define SRTP_MAX_TAG_LEN 16
/* Largest MKI. */
#define SRTP_MAX_MKI_LEN 128
/* Room protect needs after an RTP packet (tag + MKI); RTCP needs 4 more (the SRTCP index). */
#define SRTP_MAX_TRAILER_LEN (SRTP_MAX_TAG_LEN + SRTP_MAX_MKI_LEN)
/* Master keys a stream may hold (srtp_policy_t.keys). */
#define SRTP_MAX_NUM_MASTER_KEYS 16

#define SRTP_SALT_LEN 14      /* master salt of the AES-CM suites */
#define SRTP_AEAD_SALT_LEN 12 /* master salt of the AEAD (GCM) suites */

#define SRTP_AES_128_KEY_LEN 16
#define SRTP_AES_192_KEY_LEN 24
#define SRTP_AES_256_KEY_LEN 32

#define SRTP_AES_ICM_128_KEY_LEN_WSALT (SRTP_SALT_LEN + SRTP_AES_128_KEY_LEN)
#define SRTP_AES_ICM_192_KEY_LEN_WSALT (SRTP_SALT_LEN + SRTP_AES_192_KEY_LEN)
#define SRTP_AES_ICM_256_KEY_LEN_WSALT (SRTP_SALT_LEN + SRTP_AES_256_KEY_LEN)
#define SRTP_AES_GCM_128_KEY_LEN_WSALT (SRTP_AEAD_SALT_LEN + SRTP_AES_128_KEY_LEN)
#define SRTP_AES_GCM_192_KEY_LEN_WSALT (SRTP_AEAD_SALT_LEN + SRTP_AES_192_KEY_LEN)
#define SRTP_AES_GCM_256_KEY_LEN_WSALT (SRTP_AEAD_SALT_LEN + SRTP_AES_256_KEY_LEN)

/* Cipher and authentication identifiers: the SRTP_AES_ICM_128 ... values of crypto_types.h. */
typedef uint32_t srtp_cipher_type_id_t;
typedef uint32_t srtp_auth_type_id_t;

/* Results of every call. The values are libsrtp2's. */
typedef enum {
	srtp_err_status_ok = 0,             /* nothing to report */
	srtp_err_status_fail = 1,           /* unspecified failure */
	srtp_err_status_bad_param = 2,      /* bad argument or malformed packet */
	srtp_err_status_alloc_fail = 3,     /* out of memory */
	srtp_err_status_dealloc_fail = 4,
	srtp_err_status_init_fail = 5,      /* srtp_init not called, or a backend failed */
	srtp_err_status_terminus = 6,
	srtp_err_status_auth_fail = 7,      /* authentication tag did not match */
	srtp_err_status_cipher_fail = 8,
	srtp_err_status_replay_fail = 9,    /* packet index already seen */
	srtp_err_status_replay_old = 10,    /* packet index older than the replay window */
	srtp_err_status_algo_fail = 11,
	srtp_err_status_no_such_op = 12,
	srtp_err_status_no_ctx = 13,        /* no stream for this SSRC and no template */
	srtp_err_status_cant_check = 14,
	srtp_err_status_key_expired = 15,   /* the master key may protect no more packets */
	srtp_err_status_socket_err = 16,
	srtp_err_status_signal_err = 17,
	srtp_err_status_nonce_bad = 18,
	srtp_err_status_read_fail = 19,
	srtp_err_status_write_fail = 20,
	srtp_err_status_parse_err = 21,
	srtp_err_status_encode_err = 22,
	srtp_err_status_semaphore_err = 23,
	srtp_err_status_pfkey_err = 24,
	srtp_err_status_bad_mki = 25,       /* the packet's MKI names no master key of the stream */
	srtp_err_status_pkt_idx_old = 26,
	srtp_err_status_pkt_idx_adv = 27
} srtp_err_status_t;

typedef struct srtp_ctx_t_ srtp_ctx_t;

/* Which services a crypto policy applies. */
typedef enum {
	sec_serv_none = 0,
	sec_serv_conf = 1,          /* confidentiality */
	sec_serv_auth = 2,          /* authentication */
	sec_serv_conf_and_auth = 3
} srtp_sec_serv_t;

/* How one kind of traffic (RTP or RTCP) is protected. Fill it with a srtp_crypto_policy_set_*
 * call rather than by hand. */
typedef struct srtp_crypto_policy_t {
	srtp_cipher_type_id_t cipher_type; /* SRTP_AES_ICM_128, ... */
	int cipher_key_len;                /* master key + salt, in octets */
	srtp_auth_type_id_t auth_type;     /* SRTP_HMAC_SHA1 or SRTP_NULL_AUTH */
	int auth_key_len;                  /* 20 for HMAC-SHA1 */
	int auth_tag_len;                  /* tag octets: 10 or 4 (HMAC-SHA1), 8 or 16 (GCM) */
	srtp_sec_serv_t sec_serv;
} srtp_crypto_policy_t;

typedef enum {
	ssrc_undefined = 0,
	ssrc_specific = 1,     /* a stream for ssrc.value */
	ssrc_any_inbound = 2,  /* template: a stream is made for each new SSRC unprotected */
	ssrc_any_outbound = 3  /* template: a stream is made for each new SSRC protected */
} srtp_ssrc_type_t;

typedef struct {
	srtp_ssrc_type_t type;
	unsigned int value;    /* the SSRC, for ssrc_specific */
} srtp_ssrc_t;

/* One of several master keys of a stream (RFC 3711 MKI). */
typedef struct srtp_master_key_t {
	unsigned char *key;    /* master key followed by its salt */
	unsigned char *mki_id; /* the MKI sent in packets */
	unsigned int mki_size; /* the same for every key of a stream */
} srtp_master_key_t;

/*
 * A stream (or template) and its keys. Either key (one master key + salt, no MKI) or keys and
 * num_master_keys (1..SRTP_MAX_NUM_MASTER_KEYS, with MKIs) is set. Keys are copied by the call
 * that takes the policy. next chains policies for srtp_create.
 */
typedef struct srtp_policy_t {
	srtp_ssrc_t ssrc;
	srtp_crypto_policy_t rtp;
	srtp_crypto_policy_t rtcp;
	unsigned char *key;
	srtp_master_key_t **keys;
	unsigned long num_master_keys;
	void *deprecated_ekt;          /* must be NULL */
	unsigned long window_size;     /* SRTP replay window: 0 = 128, else 64 .. 32767 (0x8000) */
	int allow_repeat_tx;           /* protecting the same sequence number again is allowed */
	int *enc_xtn_hdr;              /* RTP header extension IDs to encrypt (RFC 6904) */
	int enc_xtn_hdr_count;
	struct srtp_policy_t *next;
} srtp_policy_t;

typedef srtp_ctx_t *srtp_t;

/* Initialises the library; call once before anything else. */
srtp_err_status_t srtp_init(void);
/* Releases what srtp_init set up. */
srtp_err_status_t srtp_shutdown(void);

/*
 * Protects an RTP packet in place: encrypts the payload and appends the MKI and tag. *len_ptr is
 * the packet's length on entry and the SRTP packet's length on success; the buffer must hold
 * SRTP_MAX_TRAILER_LEN more bytes. The _mki form with use_mki appends the MKI of the stream's
 * master key mki_index.
 */
srtp_err_status_t srtp_protect(srtp_t ctx, void *rtp_hdr, int *len_ptr);
srtp_err_status_t srtp_protect_mki(srtp_ctx_t *ctx, void *rtp_hdr, int *pkt_octet_len,
				   unsigned int use_mki, unsigned int mki_index);

/*
 * Unprotects an SRTP packet in place: checks replay and the tag, then decrypts. *len_ptr becomes
 * the RTP packet's length. With use_mki the master key is the one the packet's MKI names.
 */
srtp_err_status_t srtp_unprotect(srtp_t ctx, void *srtp_hdr, int *len_ptr);
srtp_err_status_t srtp_unprotect_mki(srtp_t ctx, void *srtp_hdr, int *len_ptr,
				     unsigned int use_mki);

/* Creates a session with the streams of the policy chain (policy may be NULL: no streams). */
srtp_err_status_t srtp_create(srtp_t *session, const srtp_policy_t *policy);
/* Adds a stream, or the template of its direction. */
srtp_err_status_t srtp_add_stream(srtp_t session, const srtp_policy_t *policy);
/* Removes the stream of an SSRC, given in NETWORK byte order (libsrtp2 2.5 does so here and
 * only here; srtp_get/set_stream_roc take host order). */
srtp_err_status_t srtp_remove_stream(srtp_t session, unsigned int ssrc);
/* New keys for the streams (and templates) of the policy chain, keeping ROC and replay state. */
srtp_err_status_t srtp_update(srtp_t session, const srtp_policy_t *policy);
srtp_err_status_t srtp_update_stream(srtp_t session, const srtp_policy_t *policy);

/* Crypto policy setters, one per suite. */
void srtp_crypto_policy_set_rtp_default(srtp_crypto_policy_t *p);  /* AES_CM_128_HMAC_SHA1_80 */
void srtp_crypto_policy_set_rtcp_default(srtp_crypto_policy_t *p); /* AES_CM_128_HMAC_SHA1_80 */
#define srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p) srtp_crypto_policy_set_rtp_default(p)
void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_128_null_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_null_cipher_hmac_sha1_80(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_null_cipher_hmac_null(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_256_null_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_cm_192_null_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_128_8_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_256_8_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_128_8_only_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_256_8_only_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_128_16_auth(srtp_crypto_policy_t *p);
void srtp_crypto_policy_set_aes_gcm_256_16_auth(srtp_crypto_policy_t *p);

/* Frees a session, its streams and templates, wiping their keys. */
srtp_err_status_t srtp_dealloc(srtp_t s);

/* DTLS-SRTP protection profiles (RFC 5764, RFC 7714). */
typedef enum {
	srtp_profile_reserved = 0,
	srtp_profile_aes128_cm_sha1_80 = 1,
	srtp_profile_aes128_cm_sha1_32 = 2,
	srtp_profile_null_sha1_80 = 5,
	srtp_profile_null_sha1_32 = 6,
	srtp_profile_aead_aes_128_gcm = 7,
	srtp_profile_aead_aes_256_gcm = 8,
} srtp_profile_t;

/* The crypto policy of a profile; srtp_err_status_bad_param for one without a policy. */
srtp_err_status_t srtp_crypto_policy_set_from_profile_for_rtp(srtp_crypto_policy_t *policy,
							      srtp_profile_t profile);
srtp_err_status_t srtp_crypto_policy_set_from_profile_for_rtcp(srtp_crypto_policy_t *policy,
							       srtp_profile_t profile);
/* Master key and salt lengths of a profile in octets, 0 for an unknown one. */
unsigned int srtp_profile_get_master_key_length(srtp_profile_t profile);
unsigned int srtp_profile_get_master_salt_length(srtp_profile_t profile);
/* Copies the salt to just after the key (key must have room for both). */
void srtp_append_salt_to_key(unsigned char *key, unsigned int bytes_in_key,
			     unsigned char *salt, unsigned int bytes_in_salt);

/*
 * Protects an RTCP packet in place, appending the SRTCP index (E flag set when encrypted), the
 * MKI and the tag. The buffer must hold SRTP_MAX_TRAILER_LEN + 4 more bytes.
 */
srtp_err_status_t srtp_protect_rtcp(srtp_t ctx, void *rtcp_hdr, int *pkt_octet_len);
srtp_err_status_t srtp_protect_rtcp_mki(srtp_t ctx, void *rtcp_hdr, int *pkt_octet_len,
					unsigned int use_mki, unsigned int mki_index);
srtp_err_status_t srtp_unprotect_rtcp(srtp_t ctx, void *srtcp_hdr, int *pkt_octet_len);
srtp_err_status_t srtp_unprotect_rtcp_mki(srtp_t ctx, void *srtcp_hdr, int *pkt_octet_len,
					  unsigned int use_mki);

/* An opaque pointer kept with a session for the caller. */
void srtp_set_user_data(srtp_t ctx, void *data);
void *srtp_get_user_data(srtp_t ctx);

typedef enum {
	event_ssrc_collision,    /* a stream both sent and received */
	event_key_soft_limit,    /* the master key is near the end of its life */
	event_key_hard_limit,    /* the master key may protect no more packets */
	event_packet_index_limit /* the packet index is about to run out */
} srtp_event_t;

typedef struct srtp_event_data_t {
	srtp_t session;
	uint32_t ssrc;           /* host order */
	srtp_event_t event;
} srtp_event_data_t;

typedef void(srtp_event_handler_func_t)(srtp_event_data_t *data);
/* Sets the process-wide event handler (NULL: none). */
srtp_err_status_t srtp_install_event_handler(srtp_event_handler_func_t func);

/* "libsrtp2 2.5.0" and 0x02050000: the API level served. */
const char *srtp_get_version_string(void);
unsigned int srtp_get_version(void);

/* libsrtp2's debug modules: the drop-in has one, "srtp", which logs through the log handler. */
srtp_err_status_t srtp_set_debug_module(const char *mod_name, int v);
srtp_err_status_t srtp_list_debug_modules(void);

typedef enum {
	srtp_log_level_error,
	srtp_log_level_warning,
	srtp_log_level_info,
	srtp_log_level_debug
} srtp_log_level_t;

typedef void(srtp_log_handler_func_t)(srtp_log_level_t level, const char *msg, void *data);
/* Sets the process-wide log handler and its data (NULL: messages go nowhere). */
srtp_err_status_t srtp_install_log_handler(srtp_log_handler_func_t func, void *data);

/* How many octets protect will append (tag + MKI, + 4 for RTCP) with these MKI arguments, over
 * the streams of the session (the largest). srtp_err_status_bad_mki for a key out of range. */
srtp_err_status_t srtp_get_protect_trailer_length(srtp_t session, uint32_t use_mki,
						  uint32_t mki_index, uint32_t *length);
srtp_err_status_t srtp_get_protect_rtcp_trailer_length(srtp_t session, uint32_t use_mki,
						       uint32_t mki_index, uint32_t *length);

/* Rollover counter of a stream (RFC 3711 3.3.1), e.g. for a receiver that joined late. */
srtp_err_status_t srtp_set_stream_roc(srtp_t session, uint32_t ssrc, uint32_t roc);
srtp_err_status_t srtp_get_stream_roc(srtp_t session, uint32_t ssrc, uint32_t *roc);

/* The SRTCP E flag and index, host order and byte-wise. */
#define SRTCP_E_BIT 0x80000000
#define SRTCP_E_BYTE_BIT 0x80
#define SRTCP_INDEX_MASK 0x7fffffff

#ifdef __cplusplus
}
#endif

#endif /* SRTP_SRTP_H */
