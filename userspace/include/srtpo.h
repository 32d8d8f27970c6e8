/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtpo.h - the public API of libsrtpo, SRTP/SRTCP (RFC 3711, RFC 6188, RFC 7714 AES-GCM) with
 * encrypted header extensions (RFC 6904) and cryptex (RFC 9335), for media servers.
 *
 * Vocabulary follows libsrtp2 (policy, stream, protect, unprotect, ROC, window) so that a media
 * server can switch with little change. What differs:
 *   - streams are found by SSRC in O(1) (a hash table), flat from 1 to millions of streams;
 *   - burst calls (n packets, one status each) are the fast path;
 *   - every call has an out-of-place form;
 *   - errors are returned, never raised: no call aborts on bad input, and a call that fails leaves
 *     the packet buffer and the stream state as they were.
 *
 * Threads: a session is not thread-safe. Use one session per thread (the usual layout for a media
 * server worker), or serialise calls on a shared session yourself. Different sessions share nothing
 * and may be used from different threads at once. The free functions (srtpo_strerror,
 * srtpo_suite_*, srtpo_sdes_parse, srtpo_version) are thread-safe.
 *
 * Buffers: the library never keeps a pointer to a caller's buffer after a call returns. Keys passed
 * in a policy are copied; the caller may wipe its copy at once. Key material the library holds is
 * zeroed before its memory is freed.
 */
#ifndef SRTPO_H
#define SRTPO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SRTPO_VERSION_MAJOR 1
#define SRTPO_VERSION_MINOR 0
#define SRTPO_VERSION_PATCH 0

/* The library's version as "MAJOR.MINOR.PATCH". */
const char *srtpo_version(void);

/* ---------------------------------------------------------------------------------------------- */
/* Errors                                                                                          */

typedef enum srtpo_err {
	SRTPO_OK = 0,
	SRTPO_ERR_BAD_PARAM = -1,      /* a NULL pointer, a bad size, an out-of-range option */
	SRTPO_ERR_NO_MEMORY = -2,      /* allocation failed; nothing changed */
	SRTPO_ERR_BAD_KEY = -3,        /* master key or salt of the wrong length, or bad SDES text */
	SRTPO_ERR_MALFORMED = -4,      /* not a well-formed RTP/RTCP/SRTP/SRTCP packet */
	SRTPO_ERR_TOO_SHORT = -5,      /* packet shorter than its header (and tag) claim */
	SRTPO_ERR_NO_SPACE = -6,       /* the output buffer cannot hold the result */
	SRTPO_ERR_NO_STREAM = -7,      /* unknown SSRC and no template for that direction */
	SRTPO_ERR_STREAM_EXISTS = -8,  /* srtpo_add_stream for an SSRC already present */
	SRTPO_ERR_REPLAY = -9,         /* index already seen (or repeated send without allow_repeat_tx) */
	SRTPO_ERR_REPLAY_OLD = -10,    /* index older than the replay window */
	SRTPO_ERR_AUTH = -11,          /* authentication tag did not match */
	SRTPO_ERR_KEY_EXPIRED = -12,   /* master key lifetime (2^48 SRTP / 2^31 SRTCP or SDES) used up */
	SRTPO_ERR_BAD_MKI = -13,       /* MKI in the packet names no master key of the stream */
	SRTPO_ERR_UNSUPPORTED = -14,   /* a suite or option this build cannot do */
	SRTPO_ERR_BACKEND = -15,       /* the selected backend failed (the software engine took over) */
	SRTPO_ERR_AGAIN = -16,         /* SRTPO_ASYNC_DEPTH bursts outstanding: srtpo_poll first */
} srtpo_err_t;

/* A short English description of an error code ("authentication failed", ...). Never NULL. */
const char *srtpo_strerror(int err);

/* ---------------------------------------------------------------------------------------------- */
/* Suites and crypto policies                                                                      */

typedef enum srtpo_cipher {
	SRTPO_CIPHER_NULL = 0,        /* no encryption (master key is still AES-128 for the KDF) */
	SRTPO_CIPHER_AES_128_CM = 1,  /* AES-128 counter mode, RFC 3711 4.1.1 */
	SRTPO_CIPHER_AES_256_CM = 2,  /* AES-256 counter mode, RFC 6188 */
	SRTPO_CIPHER_AES_192_CM = 3,  /* AES-192 counter mode, RFC 6188 */
	SRTPO_CIPHER_AES_128_GCM = 4, /* AEAD_AES_128_GCM, RFC 7714: auth must be SRTPO_AUTH_GCM or
				       * SRTPO_AUTH_GCM_ONLY; 12-byte master and session salts */
	SRTPO_CIPHER_AES_256_GCM = 5, /* AEAD_AES_256_GCM, RFC 7714 (as above) */
} srtpo_cipher_t;

typedef enum srtpo_auth {
	SRTPO_AUTH_NULL = 0,          /* no authentication: tag length 0 */
	SRTPO_AUTH_HMAC_SHA1 = 1,     /* HMAC-SHA1 truncated to tag_len bytes, RFC 3711 4.2.1 */
	SRTPO_AUTH_GCM = 2,           /* the GCM tag of a GCM cipher (encrypt and authenticate):
				       * tag_len 16 (RFC 7714) or 8 (libsrtp2's _8 variants) */
	SRTPO_AUTH_GCM_ONLY = 3,      /* GCM authenticates, nothing is encrypted: SRTCP only (RFC 7714
				       * section 9, E bit clear, the whole packet is AAD); tag_len 16
				       * or 8. RTP has no such form: refused for policy.rtp */
} srtpo_auth_t;

/* What protects one kind of traffic (RTP or RTCP) of a stream. */
typedef struct srtpo_crypto_policy {
	srtpo_cipher_t cipher;
	srtpo_auth_t auth;
	uint8_t tag_len;              /* 10 or 4 for HMAC-SHA1 (any 4..20 accepted), 0 for null auth,
				       * 16 or 8 for GCM */
} srtpo_crypto_policy_t;

/* Named suites (RFC 4568, RFC 6188 names), plus the null variants libsrtp2 offers. */
typedef enum srtpo_suite {
	SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80 = 0,
	SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32,
	SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80,
	SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32,
	SRTPO_SUITE_AES_CM_128_NULL_AUTH,
	SRTPO_SUITE_AES_256_CM_NULL_AUTH,
	SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_80,
	SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_32,
	SRTPO_SUITE_NULL_CIPHER_NULL_AUTH,
	/* RFC 7714 (16-byte tag); master key 16 or 32 bytes, master salt 12 bytes */
	SRTPO_SUITE_AEAD_AES_128_GCM,
	SRTPO_SUITE_AEAD_AES_256_GCM,
	/* libsrtp2's 8-byte-tag variants (srtp_crypto_policy_set_aes_gcm_*_8_auth) */
	SRTPO_SUITE_AEAD_AES_128_GCM_8,
	SRTPO_SUITE_AEAD_AES_256_GCM_8,
	/* libsrtp2's "authentication only" variants (srtp_crypto_policy_set_aes_gcm_*_8_only_auth):
	 * SRTCP is authenticated only (E bit clear); RTP is still encrypted, exactly as libsrtp2
	 * does it (RFC 7714 has no unencrypted SRTP form), so bytes match libsrtp2's */
	SRTPO_SUITE_AEAD_AES_128_GCM_8_AUTH_ONLY,
	SRTPO_SUITE_AEAD_AES_256_GCM_8_AUTH_ONLY,
	/* RFC 6188 */
	SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80,
	SRTPO_SUITE_AES_192_CM_HMAC_SHA1_32,
	SRTPO_SUITE_COUNT
} srtpo_suite_t;

/* Fills *out with a suite's SRTP (RTP) crypto policy. Returns SRTPO_OK or SRTPO_ERR_BAD_PARAM. */
int srtpo_suite_policy(srtpo_suite_t suite, srtpo_crypto_policy_t *out);
/* Fills *out with a suite's SRTCP crypto policy: as srtpo_suite_policy, except that the
 * HMAC-SHA1 _32 suites keep an 80-bit SRTCP tag (RFC 4568 6.2) and the GCM _AUTH_ONLY suites
 * use SRTPO_AUTH_GCM_ONLY. This is what srtpo_policy_init puts in policy.rtcp. */
int srtpo_suite_rtcp_policy(srtpo_suite_t suite, srtpo_crypto_policy_t *out);
/* Looks a suite up by name, case-insensitively ("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM",
 * ...: the enum names without SRTPO_SUITE_; RFC 6188's "AES_192_CM_HMAC_SHA1_80" is one).
 * Returns SRTPO_OK or SRTPO_ERR_BAD_PARAM for an unknown name. */
int srtpo_suite_from_name(const char *name, srtpo_suite_t *out);
/* The suite's name, or NULL for a value out of range. */
const char *srtpo_suite_name(srtpo_suite_t suite);
/* Master key length in bytes for a cipher: 16 for NULL, AES-128 (CM and GCM), 24 for AES-192,
 * 32 for AES-256 (CM and GCM). */
size_t srtpo_master_key_len(srtpo_cipher_t cipher);
/* Master salt length in bytes for a cipher: 12 for the GCM ciphers (RFC 7714 section 12),
 * SRTPO_SALT_LEN (14) for the others. */
size_t srtpo_master_salt_len(srtpo_cipher_t cipher);

#define SRTPO_SALT_LEN 14             /* master salt length of the counter-mode and null suites */
#define SRTPO_GCM_SALT_LEN 12         /* master salt length of the GCM suites (RFC 7714) */
#define SRTPO_MAX_SALT_LEN 14
#define SRTPO_MAX_KEY_LEN 32
#define SRTPO_MAX_MKI_LEN 128
#define SRTPO_MAX_MASTER_KEYS 16
/* Worst growth of a protected packet: SRTCP index + MKI + tag, plus the empty extension header
 * cryptex adds to an RTP packet that has CSRCs and no extension (RFC 9335). */
#define SRTPO_MAX_TRAILER (4 + SRTPO_MAX_MKI_LEN + 20 + 4)
#define SRTPO_MAX_PACKET 65535

/* ---------------------------------------------------------------------------------------------- */
/* Policies and streams                                                                            */

typedef enum srtpo_ssrc_type {
	SRTPO_SSRC_SPECIFIC = 0,      /* a stream for policy.ssrc */
	SRTPO_SSRC_ANY_INBOUND = 1,   /* template: unprotect of an unknown SSRC creates a stream */
	SRTPO_SSRC_ANY_OUTBOUND = 2,  /* template: protect of an unknown SSRC creates a stream */
} srtpo_ssrc_type_t;

/* One master key of a stream. With MKI (mki_len > 0) a stream may hold several; all share mki_len. */
typedef struct srtpo_master_key {
	const uint8_t *key;           /* srtpo_master_key_len(rtp cipher) bytes */
	size_t key_len;
	const uint8_t *salt;          /* srtpo_master_salt_len(rtp cipher) bytes */
	size_t salt_len;
	const uint8_t *mki;           /* the MKI value sent in packets, mki_len bytes, or NULL */
	size_t mki_len;               /* 0 (no MKI) .. SRTPO_MAX_MKI_LEN */
	uint64_t lifetime;            /* packets this key may protect, 0 = the RFC 3711 maximum */
} srtpo_master_key_t;

typedef struct srtpo_policy {
	srtpo_ssrc_type_t ssrc_type;
	uint32_t ssrc;                /* for SRTPO_SSRC_SPECIFIC */
	srtpo_crypto_policy_t rtp;
	srtpo_crypto_policy_t rtcp;
	const srtpo_master_key_t *keys; /* 1 .. SRTPO_MAX_MASTER_KEYS; copied */
	size_t num_keys;
	uint32_t kdr;                 /* key derivation rate: 0, or a power of two 1 .. 2^24 */
	uint32_t window_size;         /* SRTP replay window: 0 = default 128, else 64 .. 32767 */
	int allow_repeat_tx;          /* nonzero: protecting the same index twice is allowed */
	uint32_t roc;                 /* initial rollover counter (e.g. from signalling) */
	/* RFC 6904 encrypted header extensions, for every suite: the values of the RTP header
	 * extension elements whose IDs are listed are encrypted (one-byte form 0xBEDE: IDs 1..14;
	 * two-byte form 0x100X: IDs 1..255). The keystream is AES-CM under the keys derived with
	 * labels 6 and 7 and the SRTP IV; for the GCM suites AES-CM with the GCM key length and the
	 * 12-byte session salt zero-padded (RFC 7714 section 8.3, as libsrtp2 does it), and the
	 * extension is encrypted before the header is taken as AAD. NULL/0: none. The list is
	 * copied; IDs outside 1..255 are BAD_PARAM. */
	const uint8_t *encrypted_extension_ids;
	size_t num_encrypted_extension_ids;
	/* RFC 9335 cryptex: nonzero encrypts, in every RTP packet the stream protects that has
	 * CSRCs or a header extension, the CSRC list and the whole extension block (profile 0xBEDE
	 * becomes 0xC0DE, 0x100X becomes 0xC2DE; a packet with CSRCs and no extension gets an empty
	 * one). Unprotect takes cryptex (0xC0DE/0xC2DE) and plain packets alike; plain packets
	 * still get encrypted_extension_ids. */
	int cryptex;
} srtpo_policy_t;

#define SRTPO_DEFAULT_WINDOW 128

/* Fills a policy with a suite for RTP and RTCP, one master key and defaults. As RFC 4568 6.2 says
 * (and libsrtp2 does), the _32 suites keep the 80-bit tag for SRTCP (srtpo_suite_rtcp_policy).
 * key and salt are srtpo_master_key_len / srtpo_master_salt_len of the suite's cipher long. The
 * policy points at key and salt; they must live until srtpo_add_stream/srtpo_create returns. */
void srtpo_policy_init(srtpo_policy_t *policy, srtpo_master_key_t *key_storage, srtpo_suite_t suite,
		       const uint8_t *key, const uint8_t *salt);

/* ---------------------------------------------------------------------------------------------- */
/* SDES inline keys (RFC 4568): "inline:BASE64[|LIFETIME][|MKI:LEN]" or just BASE64              */

typedef struct srtpo_sdes_key {
	uint8_t key[SRTPO_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[SRTPO_MAX_SALT_LEN]; /* salt_len bytes used */
	uint64_t lifetime;            /* 0 when absent */
	uint8_t mki[SRTPO_MAX_MKI_LEN]; /* MKI value, big-endian in mki_len bytes */
	size_t mki_len;               /* 0 when absent, else 1 .. SRTPO_MAX_MKI_LEN (RFC 4568) */
	size_t salt_len;              /* 14, or 12 for the GCM suites */
} srtpo_sdes_key_t;

/* Parses an SDES key parameter for a suite: base64 of master key || master salt, with an optional
 * "inline:" prefix, lifetime ("|2^31" or "|1048576") and MKI ("|1:4": the value in decimal, any
 * size, written big-endian into 1..128 bytes as RFC 4568 allows). key_len and salt_len are
 * taken from the suite (GCM: 16 or 32 + 12 bytes; AES-192: 24 + 14). Returns SRTPO_OK, or SRTPO_ERR_BAD_KEY (bad base64, wrong length, bad lifetime or
 * MKI). Wipe *out when done with it. */
int srtpo_sdes_parse(const char *text, srtpo_suite_t suite, srtpo_sdes_key_t *out);
/* Writes the base64 of key || salt (no prefix) into out (NUL-terminated), with SRTPO_SALT_LEN
 * bytes of salt; srtpo_sdes_format_salt takes the salt length (12 for GCM). Return the length
 * or SRTPO_ERR_NO_SPACE. */
int srtpo_sdes_format(const uint8_t *key, size_t key_len, const uint8_t *salt, char *out,
		      size_t out_cap);
int srtpo_sdes_format_salt(const uint8_t *key, size_t key_len, const uint8_t *salt, size_t salt_len,
			   char *out, size_t out_cap);

/* ---------------------------------------------------------------------------------------------- */
/* Sessions                                                                                        */

typedef struct srtpo_session srtpo_session_t;

typedef enum srtpo_backend {
	SRTPO_BACKEND_AUTO = 0,       /* a card through the kernel driver when one is present and
				       * has a free queue, else the software engine */
	SRTPO_BACKEND_SW = 1,         /* the software engine */
	SRTPO_BACKEND_SIM = 2,        /* the Verilated card in-process (libsrtpo_sim.so, found via
				       * $SRTPO_SIM_LIB or the library search path), with the
				       * software engine redoing anything the card does not finish */
	SRTPO_BACKEND_CARD = 3,       /* a card through the kernel driver (driver/): this session
				       * gets its own queue pair of /dev/srtpoN; fails when none */
} srtpo_backend_t;

typedef struct srtpo_session_config {
	srtpo_backend_t backend;
	size_t expected_streams;      /* sizing hint for the SSRC table, 0 = grow as needed */
	const char *device;           /* AUTO/CARD: the card's device, NULL = $SRTPO_DEVICE, else
				       * /dev/srtpo0 */
} srtpo_session_config_t;

/* Creates a session with the streams of policies[0..n) (n may be 0; config may be NULL). On error
 * nothing is allocated and *out is NULL. Errors: BAD_PARAM, BAD_KEY, STREAM_EXISTS, NO_MEMORY,
 * BACKEND (SRTPO_BACKEND_SIM and the simulated card cannot be loaded or does not answer;
 * SRTPO_BACKEND_CARD and the device cannot be opened or has no free queue). */
int srtpo_create(srtpo_session_t **out, const srtpo_policy_t *policies, size_t n,
		 const srtpo_session_config_t *config);
/* Frees a session and every stream in it, zeroing all key material. NULL is allowed. */
void srtpo_destroy(srtpo_session_t *session);
/* Adds a stream (or sets the template for SRTPO_SSRC_ANY_*; a second template replaces the first).
 * Errors: BAD_PARAM, BAD_KEY, STREAM_EXISTS, NO_MEMORY. */
int srtpo_add_stream(srtpo_session_t *session, const srtpo_policy_t *policy);
/* Removes the stream of an SSRC and wipes its keys. Errors: NO_STREAM. */
int srtpo_remove_stream(srtpo_session_t *session, uint32_t ssrc);
/* Replaces the master keys and crypto policy of an existing stream (rekey), keeping its ROC and
 * replay state. Errors: NO_STREAM, BAD_PARAM, BAD_KEY, NO_MEMORY. */
int srtpo_update_stream(srtpo_session_t *session, const srtpo_policy_t *policy);
/* Number of streams (templates not counted). */
size_t srtpo_stream_count(const srtpo_session_t *session);
/* Name of the backend the session runs on ("sw-x86-avx512", "sw-ipsec-mb-avx512", "sw-openssl",
 * "sim-card", ...). */
const char *srtpo_backend_name(const srtpo_session_t *session);

/* Rollover counter of a stream (RFC 3711 3.3.1). Set it when signalling tells the ROC of a stream
 * joined late. Errors: NO_STREAM. */
int srtpo_get_roc(const srtpo_session_t *session, uint32_t ssrc, uint32_t *roc);
int srtpo_set_roc(srtpo_session_t *session, uint32_t ssrc, uint32_t roc);

/* Which master key (by position in policy.keys) protect uses for a stream's next packets.
 * Errors: NO_STREAM, BAD_PARAM. */
int srtpo_set_active_key(srtpo_session_t *session, uint32_t ssrc, size_t key_index);

/* Per-stream counters. */
typedef struct srtpo_stream_stats {
	uint64_t rtp_protected, rtp_unprotected;
	uint64_t rtcp_protected, rtcp_unprotected;
	uint64_t auth_failures, replays, malformed;
	uint32_t roc;
	uint32_t rtcp_tx_index;
} srtpo_stream_stats_t;
int srtpo_stream_stats(const srtpo_session_t *session, uint32_t ssrc, srtpo_stream_stats_t *out);

/* Per-session counters of where the packets' crypto ran. On a card (SRTPO_BACKEND_SIM/CARD),
 * suites and options the card does not advertise in its capability register (today: GCM,
 * AES-192, cryptex) run in the software engine transparently; sw_suite counts those packets.
 * RFC 6904 elements are encrypted on the host around the card's work (not counted). All zero on
 * the software backend. */
typedef struct srtpo_session_stats {
	uint64_t card_ops;            /* packets the card did */
	uint64_t sw_suite;            /* packets run in software: suite or option not on the card */
	uint64_t sw_redo;             /* packets the software engine redid (card refused or failed) */
} srtpo_session_stats_t;
/* Errors: BAD_PARAM. */
int srtpo_session_stats(const srtpo_session_t *session, srtpo_session_stats_t *out);

/* ---------------------------------------------------------------------------------------------- */
/* Protect and unprotect, one packet                                                               */
/*
 * In place: pkt holds *len bytes in a buffer of cap bytes; on success *len is the new length.
 * Protect grows a packet by at most SRTPO_MAX_TRAILER bytes; unprotect shrinks it.
 * Out of place: in (in_len bytes) is read and never written; the result goes to out (out_cap
 * bytes, enough for the result) and its length to *out_len. in and out must not overlap unless
 * equal. Out-of-place unprotect writes out only when the packet authenticates.
 * On any error the packet, the output and the stream state are left as they were.
 */
int srtpo_protect(srtpo_session_t *s, uint8_t *pkt, size_t *len, size_t cap);
int srtpo_unprotect(srtpo_session_t *s, uint8_t *pkt, size_t *len);
int srtpo_protect_rtcp(srtpo_session_t *s, uint8_t *pkt, size_t *len, size_t cap);
int srtpo_unprotect_rtcp(srtpo_session_t *s, uint8_t *pkt, size_t *len);

int srtpo_protect_to(srtpo_session_t *s, const uint8_t *in, size_t in_len, uint8_t *out,
		     size_t out_cap, size_t *out_len);
int srtpo_unprotect_to(srtpo_session_t *s, const uint8_t *in, size_t in_len, uint8_t *out,
		       size_t out_cap, size_t *out_len);
int srtpo_protect_rtcp_to(srtpo_session_t *s, const uint8_t *in, size_t in_len, uint8_t *out,
			  size_t out_cap, size_t *out_len);
int srtpo_unprotect_rtcp_to(srtpo_session_t *s, const uint8_t *in, size_t in_len, uint8_t *out,
			    size_t out_cap, size_t *out_len);

/* ---------------------------------------------------------------------------------------------- */
/* Bursts: the fast path                                                                           */

typedef struct srtpo_packet {
	const uint8_t *in;            /* the packet; may equal out (in place) */
	size_t in_len;
	uint8_t *out;                 /* where the result goes */
	size_t out_cap;
	size_t out_len;               /* set by the call */
	int status;                   /* set by the call: SRTPO_OK or an srtpo_err_t */
} srtpo_packet_t;

/* Process n packets in order, as if by n single calls, but with the crypto of the whole burst
 * batched. Each packet gets its own status; a bad packet does not stop the others. Packets of the
 * same SSRC in one burst are handled in order (ROC and replay state advance packet by packet).
 * Returns the number of packets with status SRTPO_OK. Bursts of 16 to 64 run fastest. */
size_t srtpo_protect_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n);
size_t srtpo_unprotect_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n);
size_t srtpo_protect_rtcp_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n);
size_t srtpo_unprotect_rtcp_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n);

/* ---------------------------------------------------------------------------------------------- */
/* Asynchronous bursts: submit now, collect later                                                  */
/*
 * With a card the crypto runs while the caller prepares the next burst: srtpo_submit checks and
 * describes a burst and hands it to the card, srtpo_poll gives finished bursts back in the order
 * they were submitted, every packet's status and out_len set exactly as the burst call would
 * set them. Without a card the software engine does the work at submit time and poll only
 * hands it back. Until poll returns a burst, its srtpo_packet_t array and every in/out buffer
 * belong to the library: do not read, write or free them.
 *
 * Packets of one SSRC in bursts still in flight are checked against the stream state the
 * finished bursts left; a packet that repeats one still in flight is caught when its burst
 * completes (status REPLAY) and its buffers are left as they were. Unprotect works in session
 * memory in this mode, so a rejected packet never changes the caller's buffers.
 *
 * The burst calls, srtpo_add/remove/update_stream, srtpo_set_roc, srtpo_set_active_key and
 * srtpo_destroy first finish every burst in flight (results stay for srtpo_poll).
 */
#define SRTPO_ASYNC_DEPTH 8           /* bursts in flight per session */
#define SRTPO_ASYNC_BURST 64          /* packets per submitted burst, at most */

typedef enum srtpo_dir {
	SRTPO_DIR_PROTECT = 0,        /* SRTP protect */
	SRTPO_DIR_UNPROTECT = 1,      /* SRTP unprotect */
	SRTPO_DIR_PROTECT_RTCP = 2,   /* SRTCP protect */
	SRTPO_DIR_UNPROTECT_RTCP = 3, /* SRTCP unprotect */
} srtpo_dir_t;

typedef struct srtpo_completion {
	void *user;                   /* as given to srtpo_submit */
	srtpo_packet_t *pkts;         /* the burst, statuses and lengths set */
	size_t n;
	size_t ok;                    /* packets with status SRTPO_OK */
} srtpo_completion_t;

/* Starts a burst of 1..SRTPO_ASYNC_BURST packets. Errors: BAD_PARAM, AGAIN (SRTPO_ASYNC_DEPTH
 * bursts not yet collected: nothing was done), NO_MEMORY. */
int srtpo_submit(srtpo_session_t *s, srtpo_dir_t dir, srtpo_packet_t *pkts, size_t n, void *user);
/* Collects up to max finished bursts, oldest first, into done[]. With wait, blocks until at
 * least one is finished when any is outstanding. Returns how many were collected. */
size_t srtpo_poll(srtpo_session_t *s, srtpo_completion_t *done, size_t max, int wait);
/* Bursts submitted and not yet collected. */
size_t srtpo_pending(const srtpo_session_t *s);

/* ---------------------------------------------------------------------------------------------- */
/* Packet buffers the card reaches: zero copy                                                      */
/*
 * A session on a card has packet memory the card reaches by DMA (the queue's window: the
 * driver's srtpo.ko win_kib parameter sizes it; the simulated card has the same). Burst and async
 * calls whose packets are in place (in == out) in such buffers hand them to the card as they
 * are: no copy in, no copy out. Packets anywhere else still work, through a copy. On the
 * software backend the buffers are ordinary memory, so code written for a card runs anywhere.
 *
 * A buffer holds SRTPO_PACKET_BUF_SIZE bytes, 64-byte aligned (room for the largest packet the
 * card takes plus SRTPO_MAX_TRAILER). The guarantees of the burst calls hold unchanged: a
 * rejected unprotect leaves the bytes as they were, and whatever the card does not finish is
 * redone by the software engine. Free every buffer before srtpo_destroy, which wipes and
 * releases the memory.
 */
#define SRTPO_PACKET_BUF_SIZE 2048

/* A buffer, or NULL with errno ENOMEM when the session's packet memory is used up (or
 * EINVAL for a NULL session). */
uint8_t *srtpo_packet_buf_alloc(srtpo_session_t *s);
/* Gives a buffer back (NULL is allowed); its bytes are wiped. */
void srtpo_packet_buf_free(srtpo_session_t *s, uint8_t *buf);
/* How many buffers the session can hand out in all (on the software backend: as many as memory
 * allows, reported as SIZE_MAX), and whether they are card memory (1) or ordinary memory (0). */
size_t srtpo_packet_buf_capacity(const srtpo_session_t *s, int *card_memory);

#ifdef __cplusplus
}
#endif

#endif /* SRTPO_H */
