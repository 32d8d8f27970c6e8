// SPDX-License-Identifier: BSD-3-Clause
/*
 * engine_sw.c - the software engine: runs srtpo_ops on the fastest path this CPU has.
 *
 *   x86       AVX-512 multi-buffer HMAC-SHA1 + VAES counter mode (sw_x86.c), when built and usable
 *   ipsec-mb  intel-ipsec-mb synchronous cipher and hash bursts (engine_imb.c)
 *   openssl   OpenSSL: EVP AES-CTR and SHA-1 from the HMAC midstates; runs everywhere
 *
 * GCM (RFC 7714) runs on ipsec-mb's GCM with the key slot's precomputed key whenever ipsec-mb is
 * usable (also under the x86 engine), else on OpenSSL's EVP GCM; AES-192 counter mode runs on
 * OpenSSL. Header-extension ops (RFC 6904, cryptex) take srtpo_sw_engine_run_ext.
 *
 * SRTPO_ENGINE=openssl|ipsec-mb|x86 in the environment overrides the choice (tests use it to
 * compare the paths); SRTPO_NO_X86=1 rules out the x86 path (valgrind does not know AVX-512).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif

#define OPENSSL_SUPPRESS_DEPRECATED /* SHA1_Update from a midstate has no EVP form */
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "engine_priv.h"

/* ---- OpenSSL path ---- */

static void sha1_from_state(SHA_CTX *c, const uint32_t state[5])
{
	memset(c, 0, sizeof(*c));
	c->h0 = state[0];
	c->h1 = state[1];
	c->h2 = state[2];
	c->h3 = state[3];
	c->h4 = state[4];
	c->Nl = 512; /* one block (the key pad) already compressed */
}

void srtpo_op_tag_openssl(const struct srtpo_op *op, uint8_t tag[20])
{
	const struct srtpo_keyslot *ks = op->ks;
	uint8_t inner[20], roc[4];
	SHA_CTX c;

	sha1_from_state(&c, ks->hmac_ipad_state);
	SHA1_Update(&c, op->buf, op->auth_len);
	if (op->roc_append) {
		srtpo_put_be32(roc, op->roc);
		SHA1_Update(&c, roc, 4);
	}
	SHA1_Final(inner, &c);
	sha1_from_state(&c, ks->hmac_opad_state);
	SHA1_Update(&c, inner, 20);
	SHA1_Final(tag, &c);
	srtpo_wipe(&c, sizeof(c));
}

static int ctr_openssl(struct srtpo_sw_engine *eng, const struct srtpo_op *op)
{
	const struct srtpo_keyslot *ks = op->ks;
	const EVP_CIPHER *cipher = ks->key_len == 32   ? eng->aes256_ctr
				   : ks->key_len == 24 ? eng->aes192_ctr
						       : eng->aes128_ctr;
	uint8_t iv[16];
	int len = 0;

	srtpo_op_iv(op, iv);
	if (EVP_EncryptInit_ex(eng->evp, cipher, NULL, ks->aes_key, iv) != 1 ||
	    EVP_EncryptUpdate(eng->evp, op->buf + op->enc_off, &len, op->buf + op->enc_off,
			      op->enc_len) != 1)
		return -1;
	return 0;
}

int srtpo_gcm_openssl(struct srtpo_sw_engine *eng, const struct srtpo_op *op)
{
	const struct srtpo_keyslot *ks = op->ks;
	EVP_CIPHER_CTX *c = eng->evp;
	const EVP_CIPHER *cipher = ks->key_len == 32 ? eng->aes256_gcm : eng->aes128_gcm;
	uint8_t iv[12], tail[4], *data = op->buf + op->enc_off;
	bool protect = op->opcode == SRTPO_OP_PROTECT;
	int len = 0, ok;

	srtpo_op_gcm_iv(op, iv);
	srtpo_put_be32(tail, op->roc);
	ok = EVP_CipherInit_ex(c, cipher, NULL, ks->aes_key, iv, protect) == 1 &&
	     (!op->enc_off || EVP_CipherUpdate(c, NULL, &len, op->buf, op->enc_off) == 1) &&
	     (!op->roc_append || EVP_CipherUpdate(c, NULL, &len, tail, 4) == 1) &&
	     (!protect || !op->enc_len ||
	      EVP_CipherUpdate(c, data, &len, data, op->enc_len) == 1);
	if (!ok)
		return SRTPO_ERR_BACKEND;
	if (protect) {
		if (EVP_CipherFinal_ex(c, tail, &len) != 1 ||
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, ks->tag_len,
					op->buf + op->tag_off) != 1)
			return SRTPO_ERR_BACKEND;
		return SRTPO_OK;
	}
	/* Unprotect: decrypt in place, check; on a mismatch encrypt again (counter mode gives the
	 * ciphertext back), so a forged packet leaves the buffer as it was. */
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, ks->tag_len, op->buf + op->tag_off) != 1 ||
	    (op->enc_len && EVP_CipherUpdate(c, data, &len, data, op->enc_len) != 1))
		return SRTPO_ERR_BACKEND;
	if (EVP_CipherFinal_ex(c, tail, &len) == 1) /* GCM's final writes no bytes */
		return SRTPO_OK;
	if (op->enc_len &&
	    (EVP_CipherInit_ex(c, cipher, NULL, ks->aes_key, iv, 1) != 1 ||
	     EVP_CipherUpdate(c, data, &len, data, op->enc_len) != 1))
		return SRTPO_ERR_BACKEND;
	return SRTPO_ERR_AUTH;
}

static void run_openssl(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct srtpo_op *op = &ops[i];
		const struct srtpo_keyslot *ks = op->ks;
		bool enc = ks->cipher != SRTPO_CIPHER_NULL && op->enc_len;
		uint8_t tag[20];

		if (srtpo_cipher_is_gcm((srtpo_cipher_t)ks->cipher)) {
			op->status = (int16_t)srtpo_gcm_openssl(eng, op);
			continue;
		}
		op->status = SRTPO_OK;
		if (op->opcode == SRTPO_OP_PROTECT) {
			if (enc && ctr_openssl(eng, op)) {
				op->status = SRTPO_ERR_BACKEND;
				continue;
			}
			if (ks->auth != SRTPO_AUTH_NULL) {
				srtpo_op_tag_openssl(op, tag);
				memcpy(op->buf + op->tag_off, tag, ks->tag_len);
			}
		} else {
			if (ks->auth != SRTPO_AUTH_NULL) {
				srtpo_op_tag_openssl(op, tag);
				if (!srtpo_tag_equal(tag, op->buf + op->tag_off, ks->tag_len)) {
					op->status = SRTPO_ERR_AUTH;
					continue;
				}
			}
			if (enc && ctr_openssl(eng, op))
				op->status = SRTPO_ERR_BACKEND;
		}
	}
}

/* ---- dispatcher ---- */

struct srtpo_sw_engine *srtpo_sw_engine_create(const char *kind)
{
	struct srtpo_sw_engine *eng = calloc(1, sizeof(*eng));
	const char *env = getenv("SRTPO_ENGINE");
	bool no_x86 = getenv("SRTPO_NO_X86") && strcmp(getenv("SRTPO_NO_X86"), "0");

	if (!eng)
		return NULL;
	if (!kind && env && *env)
		kind = env;
	eng->evp = EVP_CIPHER_CTX_new();
	eng->aes128_ctr = EVP_aes_128_ctr();
	eng->aes192_ctr = EVP_aes_192_ctr();
	eng->aes256_ctr = EVP_aes_256_ctr();
	eng->aes128_gcm = EVP_aes_128_gcm();
	eng->aes256_gcm = EVP_aes_256_gcm();
	eng->aad = malloc(SRTPO_MAX_PACKET + 4);
	if (!eng->evp || !eng->aad) {
		srtpo_sw_engine_destroy(eng);
		errno = ENOMEM;
		return NULL;
	}
	eng->kind = SRTPO_ENGINE_OPENSSL;
	eng->name = "sw-openssl";
	if (kind && !strcmp(kind, "openssl"))
		return eng;
#ifdef SRTPO_HAVE_X86
	if ((!kind || !strcmp(kind, "x86")) && !no_x86 && srtpo_x86_available()) {
		/* GCM runs on ipsec-mb's VAES GCM beside the x86 CM/HMAC engine, set up at the
		 * first GCM op (lazy_imb): a manager is large, most sessions never need it */
		eng->kind = SRTPO_ENGINE_X86;
		eng->name = "sw-x86-avx512";
		return eng;
	}
	if (kind && !strcmp(kind, "x86"))
		goto fail;
#else
	(void)no_x86;
#endif
	if (!kind || !strcmp(kind, "ipsec-mb")) {
		if (srtpo_imb_init(eng) == 0) {
			eng->kind = SRTPO_ENGINE_IMB;
			return eng;
		}
		if (kind)
			goto fail;
		return eng; /* no usable ipsec-mb: OpenSSL */
	}
fail:
	srtpo_sw_engine_destroy(eng);
	/* not memory: an engine this build or CPU cannot run, or a name that is none (the caller
	 * tells the two apart by errno) */
	errno = ENOTSUP;
	return NULL;
}

void srtpo_sw_engine_destroy(struct srtpo_sw_engine *eng)
{
	if (!eng)
		return;
	srtpo_imb_free(eng);
	EVP_CIPHER_CTX_free(eng->evp);
	if (eng->aad)
		srtpo_wipe_free(eng->aad, SRTPO_MAX_PACKET + 4);
	srtpo_wipe_free(eng, sizeof(*eng));
}

const char *srtpo_sw_engine_name(const struct srtpo_sw_engine *eng)
{
	return eng->name;
}

/* What the batch paths (x86, ipsec-mb CTR + HMAC) take: counter mode of 16/32-byte keys, null. */
static inline bool op_batchable(const struct srtpo_op *op)
{
	uint8_t c = op->ks->cipher;

	return c == SRTPO_CIPHER_AES_128_CM || c == SRTPO_CIPHER_AES_256_CM || c == SRTPO_CIPHER_NULL;
}

static void run_batch(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n);

/* The x86 engine's ipsec-mb manager, made when first needed; keeps the engine's name. */
static inline void lazy_imb(struct srtpo_sw_engine *eng)
{
	if (!eng->imb && !eng->imb_tried && eng->kind == SRTPO_ENGINE_X86) {
		const char *name = eng->name;

		eng->imb_tried = true;
		srtpo_imb_init(eng);
		eng->name = name;
	}
}

/* One op the batch paths do not take: GCM (ipsec-mb, else OpenSSL), AES-192 (OpenSSL). */
static void run_other(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	lazy_imb(eng);
	if (srtpo_cipher_is_gcm((srtpo_cipher_t)op->ks->cipher) && eng->imb && op->ks->gcm)
		op->status = (int16_t)srtpo_imb_gcm(eng, op);
	else
		run_openssl(eng, op, 1);
}

void srtpo_sw_engine_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	struct srtpo_op batch[64];
	uint16_t pos[64];
	size_t i, m;

	for (i = 0; i < n && op_batchable(&ops[i]); i++)
		;
	if (i == n) {
		run_batch(eng, ops, n);
		return;
	}
	/* Mixed: the others one by one, the batchable ones as a batch of copies (same buffers),
	 * statuses copied back; positions in ops[] do not move. */
	for (size_t base = 0; base < n; base += 64) {
		size_t end = n - base < 64 ? n : base + 64;

		m = 0;
		for (i = base; i < end; i++) {
			if (op_batchable(&ops[i])) {
				batch[m] = ops[i];
				pos[m++] = (uint16_t)i;
			} else {
				run_other(eng, &ops[i]);
			}
		}
		if (m) {
			run_batch(eng, batch, m);
			for (size_t j = 0; j < m; j++)
				ops[pos[j]].status = batch[j].status;
		}
	}
}

static void run_batch(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	switch (eng->kind) {
#ifdef SRTPO_HAVE_X86
	case SRTPO_ENGINE_X86:
		srtpo_x86_run(ops, n);
		return;
#endif
	case SRTPO_ENGINE_IMB:
		srtpo_imb_run(eng, ops, n);
		return;
	default:
		run_openssl(eng, ops, n);
		return;
	}
}

/* ---- header extensions: RFC 6904 elements and RFC 9335 cryptex, one op at a time ---- */

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One op without header-extension work, on whichever path takes it. */
static int run_single(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	if (srtpo_cipher_is_gcm((srtpo_cipher_t)op->ks->cipher))
		return eng->imb && op->ks->gcm ? srtpo_imb_gcm(eng, op) : srtpo_gcm_openssl(eng, op);
	if (eng->imb && op->ks->key_len != 24)
		srtpo_imb_run(eng, op, 1);
	else
		run_openssl(eng, op, 1);
	return op->status;
}

/* Counter mode alone over op's enc range: ipsec-mb when it can, else OpenSSL. */
static int ctr_one(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	if (eng->imb && op->ks->key_len != 24) {
		srtpo_imb_ctr(eng, op);
		return 0;
	}
	return ctr_openssl(eng, op);
}

#ifdef __x86_64__
/*
 * A few blocks of AES-CM keystream with AES-NI from the key slot's expanded round keys: RFC 6904
 * needs a block or two per packet, where a cipher call's set-up would cost more than the AES.
 */
__attribute__((target("aes,sse4.1"))) static void ks_aesni(const struct srtpo_keyslot *ks,
							    const uint8_t iv[16], uint8_t *out,
							    size_t n)
{
	const __m128i *rk = (const __m128i *)ks->aes_enc_rk;
	int rounds = ks->key_len / 4 + 6;
	uint8_t ctr[16];
	size_t off = 0;

	memcpy(ctr, iv, 16);
	while (off < n) {
		__m128i b = _mm_xor_si128(_mm_loadu_si128((const __m128i *)ctr), rk[0]);
		uint8_t blk[16];
		size_t m = n - off < 16 ? n - off : 16;

		for (int r = 1; r < rounds; r++)
			b = _mm_aesenc_si128(b, rk[r]);
		b = _mm_aesenclast_si128(b, rk[rounds]);
		_mm_storeu_si128((__m128i *)blk, b);
		memcpy(out + off, blk, m);
		off += m;
		/* RFC 3711 4.1.1: the counter is the low 16 bits */
		if (++ctr[15] == 0)
			ctr[14]++;
	}
}
#endif

/* n bytes of op->xtn's keystream for this packet into out. */
static int xtn_keystream(struct srtpo_sw_engine *eng, const struct srtpo_op *op, uint8_t *out,
			 size_t n)
{
	struct srtpo_op t;

#ifdef __x86_64__
	if (__builtin_cpu_supports("aes")) {
		uint8_t iv[16];

		srtpo_iv_of(op->xtn, op->ssrc, op->index, iv);
		ks_aesni(op->xtn, iv, out, n);
		return 0;
	}
#endif
	t = *op;
	t.ks = op->xtn;
	memset(out, 0, n);
	t.buf = out;
	t.enc_off = 0;
	t.enc_len = (uint16_t)n;
	return ctr_one(eng, &t);
}

#ifdef __x86_64__
/*
 * The first keystream block of up to 8 ops' extensions at once: the AES rounds of the packets
 * interleave, so their latencies overlap (one block alone waits ~40 cycles on its rounds).
 */
__attribute__((target("aes,sse4.1"))) static void ks_aesni_first(struct srtpo_op *const *ops,
								  size_t n, uint8_t (*out)[16])
{
	__m128i b[8];
	int rounds = 14;

	for (size_t k = 0; k < n; k++) {
		const struct srtpo_keyslot *ks = ops[k]->xtn;
		uint8_t iv[16];

		srtpo_iv_of(ks, ops[k]->ssrc, ops[k]->index, iv);
		b[k] = _mm_xor_si128(_mm_loadu_si128((const __m128i *)iv),
				     _mm_load_si128((const __m128i *)ks->aes_enc_rk));
		if (ks->key_len / 4 + 6 < rounds)
			rounds = ks->key_len / 4 + 6;
	}
	/* rounds common to every key size first, then each key's own tail */
	for (int r = 1; r < rounds; r++)
		for (size_t k = 0; k < n; k++)
			b[k] = _mm_aesenc_si128(
				b[k], _mm_load_si128((const __m128i *)ops[k]->xtn->aes_enc_rk + r));
	for (size_t k = 0; k < n; k++) {
		const __m128i *rk = (const __m128i *)ops[k]->xtn->aes_enc_rk;
		int last = ops[k]->xtn->key_len / 4 + 6;

		for (int r = rounds; r < last; r++)
			b[k] = _mm_aesenc_si128(b[k], rk[r]);
		_mm_storeu_si128((__m128i *)out[k], _mm_aesenclast_si128(b[k], rk[last]));
	}
}
/*
 * The same for exactly 8 ops whose extension keys share one length: the 8 blocks live in
 * registers through the rounds (the general form above keeps them in memory: ~3x the
 * instructions). Lanes past the real ops repeat the last one.
 */
#define EACH8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
__attribute__((target("aes,sse4.1"))) static void ks_aesni_first8(struct srtpo_op *const *ops,
								   int rounds, uint8_t (*out)[16])
{
	uint8_t iv[8][16] __attribute__((aligned(16)));
#define LANE(k)                                                                                   \
	const __m128i *rk##k = (const __m128i *)ops[k]->xtn->aes_enc_rk;                          \
	__m128i b##k;                                                                             \
	srtpo_iv_of(ops[k]->xtn, ops[k]->ssrc, ops[k]->index, iv[k]);                             \
	b##k = _mm_xor_si128(_mm_load_si128((const __m128i *)iv[k]), _mm_load_si128(rk##k));
	EACH8(LANE)
#undef LANE
	for (int r = 1; r < rounds; r++) {
#define ROUND(k) b##k = _mm_aesenc_si128(b##k, _mm_load_si128(rk##k + r));
		EACH8(ROUND)
#undef ROUND
	}
#define LAST(k) _mm_storeu_si128((__m128i *)out[k], _mm_aesenclast_si128(b##k, rk##k[rounds]));
	EACH8(LAST)
#undef LAST
}
#undef EACH8

/* First keystream blocks of ops[0..n) (n <= 8) into out[0..n). */
__attribute__((target("aes,sse4.1"))) static void ks_first(struct srtpo_op **ops, size_t n,
							   uint8_t (*out)[16])
{
	unsigned key_len = ops[0]->xtn->key_len;
	bool same = true;

	for (size_t k = 1; k < n; k++)
		same &= ops[k]->xtn->key_len == key_len;
	if (!same) {
		ks_aesni_first(ops, n, out);
		return;
	}
	for (size_t k = n; k < 8; k++)
		ops[k] = ops[n - 1];
	ks_aesni_first8(ops, (int)key_len / 4 + 6, out);
}
#endif

/*
 * RFC 6904: the keystream of op->xtn (AES-CM, the SRTP IV of this packet) laid over the
 * extension body byte for byte, applied to the data of the elements whose IDs are listed.
 * Padding bytes and unlisted elements stay as they are; parsing stops at a one-byte ID 15 or at
 * an element that runs past the body (srtp.c refuses those before they get here). first16, when
 * given, is the keystream's first block (a body of up to 16 bytes needs no more).
 */
/*
 * xtn_walk's common case: the one-byte form (0xBEDE) with a body of at most 16 bytes whose
 * keystream block is made already (WebRTC's audio level, video orientation, ...). The same
 * walk with no keystream to make and no two-byte form to tell apart.
 */
static void xtn_walk_small(uint8_t *body, size_t n, const uint8_t *ids, const uint8_t *ks)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = body[i], id = c >> 4, len = (c & 0x0f) + 1u;

		if (c == 0) {
			i++; /* padding */
			continue;
		}
		if (id == 15 || i + 1 + len > n)
			break;
		if (ids[id >> 3] & (1u << (id & 7)))
			for (size_t j = i + 1; j < i + 1 + len; j++)
				body[j] ^= ks[j];
		i += 1 + len;
	}
}

static int xtn_walk(struct srtpo_sw_engine *eng, const struct srtpo_op *op, uint8_t *first16)
{
	uint8_t *x = op->buf + op->xtn_off, *body = x + 4, small[64];
	size_t n = 4u * get_be16(x + 2), i = 0;
	bool one_byte = get_be16(x) == 0xbede;
	uint8_t *ks = first16 && n <= 16 ? first16 : n <= sizeof(small) ? small : eng->aad;
	size_t done = ks == first16 ? n : 0; /* keystream bytes made (0 until one is needed) */

	if (ks == first16 && one_byte) {
		xtn_walk_small(body, n, op->xtn_ids, first16);
		return SRTPO_OK;
	}

	while (i < n) {
		unsigned id, len, hdr = one_byte ? 1 : 2;

		if (body[i] == 0) {
			i++; /* padding */
			continue;
		}
		if (i + hdr > n)
			break;
		id = body[i];
		len = body[i + 1];
		if (one_byte) {
			id = body[i] >> 4;
			len = (body[i] & 0x0f) + 1u;
			if (id == 15)
				break;
		}
		if (i + hdr + len > n)
			break;
		if (op->xtn_ids[id >> 3] & (1u << (id & 7))) {
			if (!done) {
				/* the keystream over the whole body, once (the body lies inside the
				 * packet: at most SRTPO_MAX_PACKET bytes, what eng->aad holds) */
				if (xtn_keystream(eng, op, ks, n))
					return SRTPO_ERR_BACKEND;
				done = n;
			}
			for (size_t j = i + hdr; j < i + hdr + len; j++)
				body[j] ^= ks[j];
		}
		i += hdr + len;
	}
	if (done && ks != first16)
		srtpo_wipe(ks, done); /* first16 is the caller's, wiped once for the burst */
	return SRTPO_OK;
}

int srtpo_xtn_apply(struct srtpo_sw_engine *eng, const struct srtpo_op *op)
{
	return xtn_walk(eng, op, NULL);
}

void srtpo_xtn_apply_burst(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n,
			   bool only_ok)
{
	struct srtpo_op *sel[8];
	uint8_t ks[8][16];
	size_t m = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && ((ops[i].flags & SRTPO_OPF_XTN) && (!only_ok || ops[i].status == SRTPO_OK)))
			sel[m++] = &ops[i];
		if (m == 8 || (i == n && m)) {
			bool first = false;
#ifdef __x86_64__
			first = __builtin_cpu_supports("aes");
			if (first)
				ks_first(sel, m, ks);
#endif
			for (size_t k = 0; k < m; k++) {
				int rc = xtn_walk(eng, sel[k], first ? ks[k] : NULL);

				if (rc)
					sel[k]->status = (int16_t)rc;
			}
			srtpo_wipe(ks, sizeof(ks));
			m = 0;
		}
	}
}

/* Cryptex works on CSRCs || extension body as one region: the 4-byte extension header moves in
 * front of the CSRCs for the cipher (to_front) and back after it. */
static void cryptex_rotate(uint8_t *buf, bool to_front)
{
	size_t n = 4u * (buf[0] & 0x0f);
	uint8_t h[4];

	if (!n)
		return;
	if (to_front) {
		memcpy(h, buf + 12 + n, 4);
		memmove(buf + 16, buf + 12, n);
		memcpy(buf + 12, h, 4);
	} else {
		memcpy(h, buf + 12, 4);
		memmove(buf + 12, buf + 16, n);
		memcpy(buf + 12 + n, h, 4);
	}
}

static int run_cryptex(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	bool protect = op->opcode == SRTPO_OP_PROTECT;
	bool gcm = srtpo_cipher_is_gcm((srtpo_cipher_t)op->ks->cipher);
	bool hmac = op->ks->auth == SRTPO_AUTH_HMAC_SHA1 && op->ks->tag_len;
	uint8_t *prof = op->buf + op->xtn_off, tag[20];
	struct srtpo_op t = *op;
	int rc = SRTPO_OK;

	/* CSRCs, extension body and payload: one region after the moved extension header; for
	 * GCM the 12-byte header and the extension header are the AAD (RFC 9335 5.2) */
	t.enc_off = 16;
	t.enc_len = (uint16_t)(op->enc_off + op->enc_len - 16);
	if (protect) {
		/* 0xBEDE -> 0xC0DE, 0x100X -> 0xC2DE (an added empty block is 0xC0DE already) */
		bool two = (get_be16(prof) & 0xfff0) == 0x1000;

		prof[0] = two ? 0xc2 : 0xc0;
		prof[1] = 0xde;
	}
	if (hmac && !protect) {
		srtpo_op_tag_openssl(op, tag);
		if (!srtpo_tag_equal(tag, op->buf + op->tag_off, op->ks->tag_len))
			return SRTPO_ERR_AUTH;
	}
	cryptex_rotate(op->buf, true);
	if (gcm)
		rc = run_single(eng, &t);
	else if (op->ks->cipher != SRTPO_CIPHER_NULL && t.enc_len && ctr_one(eng, &t))
		rc = SRTPO_ERR_BACKEND;
	cryptex_rotate(op->buf, false);
	if (rc)
		return rc;
	if (protect && hmac) {
		srtpo_op_tag_openssl(op, tag);
		memcpy(op->buf + op->tag_off, tag, op->ks->tag_len);
	}
	if (!protect) {
		/* hand the packet on in its RFC 8285 form (RFC 9335 5.3 allows either) */
		bool two = get_be16(prof) == 0xc2de;

		prof[0] = two ? 0x10 : 0xbe;
		prof[1] = two ? 0x00 : 0xde;
	}
	return SRTPO_OK;
}

void srtpo_sw_engine_run_ext(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	lazy_imb(eng);
	for (size_t i = 0; i < n; i++) {
		struct srtpo_op *op = &ops[i];
		int rc;

		if (op->flags & SRTPO_OPF_CRYPTEX) {
			rc = run_cryptex(eng, op);
		} else if (op->opcode == SRTPO_OP_PROTECT) {
			rc = srtpo_xtn_apply(eng, op);
			if (!rc)
				rc = run_single(eng, op);
		} else {
			rc = run_single(eng, op);
			if (!rc)
				rc = srtpo_xtn_apply(eng, op);
		}
		op->status = (int16_t)rc;
	}
}
