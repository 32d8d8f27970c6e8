// SPDX-License-Identifier: BSD-3-Clause
/*
 * sw_x86.c - the x86-64 software engine (see sw_x86.h for the contract).
 *
 * Per burst, in chunks of up to X86_CHUNK ops:
 *   1. protect ops are encrypted (VAES on zmm: four counter blocks per instruction, 16 blocks in
 *      flight), and each authenticated op gets its last one or two inner SHA-1 blocks (data tail,
 *      ROC, padding, length) built in a small scratch area;
 *   2. all HMACs run together on 16 AVX-512 lanes, one 64-byte block per lane per step. A lane
 *      takes the next message as soon as its current one ends, so packets of different lengths
 *      share the lanes without gaps; when an inner hash ends, its outer hash (one block from the
 *      opad midstate) joins the queue. Blocks come straight from the packets and are transposed
 *      into lanes with shuffles (gathers are slow on AMD Zen). When only a few messages are left
 *      and the CPU has SHA-NI, a scalar SHA-NI loop finishes them: cheaper than 16-lane steps
 *      that are mostly empty (single packets, the end of a burst);
 *   3. tags are written (protect) or compared in constant time, and matching unprotect ops are
 *      decrypted.
 * Why AVX-512 lanes rather than SHA-NI everywhere: on Zen 4, SHA1RNDS4 has a long latency and low
 * throughput; measured on a 2.6 GHz-TSC EPYC (Zen 4), one SHA-NI stream costs ~97 TSC cycles per
 * block and two interleaved ~52 (more streams spill: SHA-NI has only xmm0-15), while 16 AVX-512
 * lanes cost ~22 per block. With AES-CTR and the bookkeeping, a burst of 32 protects in ~186 TSC
 * cycles per 172-byte packet and ~670 per 1200-byte packet (tests/x86/bench_x86).
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sw_x86.h"

#define X86_TARGET __attribute__((target("avx2,avx512f,avx512bw,avx512vl,vaes,aes")))
/* The SHA-1 rounds are bound by vector ALU throughput; GCC 12's generic schedule of them runs
 * ~15% slower on Zen 4 than its znver3 schedule (25.8 vs 21.9 TSC cycles per block). The tuning
 * changes instruction order only, so the code still runs on any AVX-512 CPU. */
#define SHA16_TARGET __attribute__((target("avx2,avx512f,avx512bw,avx512vl,tune=znver3")))
#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#define ALWAYS_INLINE __attribute__((always_inline)) inline

#define X86_CHUNK 64   /* ops per chunk: bounds the stack scratch (~17 KiB) */
#define LANES 16
#define SHANI_TAIL 4   /* finish with SHA-NI once this few messages are left */

enum { CAP_NONE = 0, CAP_AVX512 = 1, CAP_SHANI = 2, CAP_UNKNOWN = -1 };

static int x86_caps = CAP_UNKNOWN;

static int x86_detect(void)
{
	unsigned int a, b, c, d, xcr0_lo, xcr0_hi;
	int caps = CAP_NONE;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return CAP_NONE;
	if (!(c & (1u << 27)))      /* OSXSAVE: xgetbv usable */
		return CAP_NONE;
	__asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	if ((xcr0_lo & 0xe6) != 0xe6) /* OS saves XMM, YMM, opmask, ZMM0-15 upper, ZMM16-31 */
		return CAP_NONE;
	int ssse3 = !!(c & (1u << 9)), sse41 = !!(c & (1u << 19)), aesni = !!(c & (1u << 25));

	if (__get_cpuid_max(0, NULL) < 7)
		return CAP_NONE;
	__cpuid_count(7, 0, a, b, c, d);
	int avx512f = !!(b & (1u << 16)), avx512bw = !!(b & (1u << 30)),
	    avx512vl = !!(b & (1u << 31)), avx2 = !!(b & (1u << 5)), sha = !!(b & (1u << 29)),
	    vaes = !!(c & (1u << 9));

	if (avx512f && avx512bw && avx512vl && avx2 && vaes && aesni)
		caps |= CAP_AVX512;
	if (sha && ssse3 && sse41)
		caps |= CAP_SHANI;
	return caps;
}

static int x86_caps_get(void)
{
	int caps = __atomic_load_n(&x86_caps, __ATOMIC_RELAXED);

	if (caps == CAP_UNKNOWN) {
		caps = x86_detect();
		__atomic_store_n(&x86_caps, caps, __ATOMIC_RELAXED);
	}
	return caps;
}

int srtpo_x86_available(void)
{
	const char *no = getenv("SRTPO_NO_X86");

	if (no && *no && strcmp(no, "0") != 0)
		return 0;
	return (x86_caps_get() & CAP_AVX512) ? 1 : 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* SHA-1, 16 lanes of AVX-512                                                                      */

/* Lane state: word j of lane l at st[j][l]. Message block of lane l at p[l] (64 bytes). */
SHA16_TARGET __attribute__((noinline)) static void sha1_x16(uint32_t st[5][LANES],
							   const uint8_t *const p[LANES])
{
	const __m512i bswap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
	__m512i r[16], t[16], w[16];

	/* 16x16 dword transpose: row i = lane i's block; afterwards w[k] holds word k of every lane. */
#pragma GCC unroll 16
	for (int i = 0; i < 16; i++)
		r[i] = _mm512_loadu_si512(p[i]);
#pragma GCC unroll 8
	for (int i = 0; i < 16; i += 2) {
		t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
		t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
	}
#pragma GCC unroll 4
	for (int i = 0; i < 16; i += 4) {
		r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
		r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
		r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
		r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
	}
	/* r[4g + k], 128-bit chunk c: word 4c + k of rows 4g..4g+3. Gather the chunks of the four
	 * row groups: chunk c of the result is word 4c + k of all 16 rows. */
#pragma GCC unroll 4
	for (int k = 0; k < 4; k++) {
		__m512i a = _mm512_shuffle_i32x4(r[k], r[4 + k], 0x88);
		__m512i b = _mm512_shuffle_i32x4(r[k], r[4 + k], 0xdd);
		__m512i c = _mm512_shuffle_i32x4(r[8 + k], r[12 + k], 0x88);
		__m512i d = _mm512_shuffle_i32x4(r[8 + k], r[12 + k], 0xdd);

		t[k] = _mm512_shuffle_i32x4(a, c, 0x88);
		t[8 + k] = _mm512_shuffle_i32x4(a, c, 0xdd);
		t[4 + k] = _mm512_shuffle_i32x4(b, d, 0x88);
		t[12 + k] = _mm512_shuffle_i32x4(b, d, 0xdd);
	}
#pragma GCC unroll 16
	for (int i = 0; i < 16; i++)
		w[i] = _mm512_shuffle_epi8(t[i], bswap);

	__m512i a = _mm512_load_si512(st[0]), b = _mm512_load_si512(st[1]);
	__m512i c = _mm512_load_si512(st[2]), d = _mm512_load_si512(st[3]);
	__m512i e = _mm512_load_si512(st[4]);

	/* W[i] = rol1(W[i-3] ^ W[i-8] ^ W[i-14] ^ W[i-16]) in a 16-entry ring. The first xor is
	 * into the dead W[i-16] so that the three-input xor needs no register copy. */
#define SCHED(i)                                                                               \
	do {                                                                                   \
		if ((i) >= 16) {                                                               \
			__m512i x_ = _mm512_xor_si512(w[(i) & 15], w[((i) - 14) & 15]);        \
			x_ = _mm512_ternarylogic_epi32(x_, w[((i) - 8) & 15], w[((i) - 3) & 15], \
						       0x96);                                  \
			w[(i) & 15] = _mm512_rol_epi32(x_, 1);                                 \
		}                                                                              \
	} while (0)
	/* f is computed into B's register after B's rotation is taken (B is then dead), which
	 * again saves a copy. fimm: 0xca = choose, 0x96 = parity, 0xe8 = majority. */
#define RND(A, B, C, D, E, i, fimm, K)                                                         \
	do {                                                                                   \
		SCHED(i);                                                                      \
		E = _mm512_add_epi32(E, _mm512_add_epi32(w[(i) & 15], _mm512_set1_epi32((int)(K)))); \
		__m512i nb_ = _mm512_rol_epi32(B, 30);                                         \
		B = _mm512_ternarylogic_epi32(B, C, D, fimm);                                  \
		E = _mm512_add_epi32(E, B);                                                    \
		E = _mm512_add_epi32(E, _mm512_rol_epi32(A, 5));                               \
		B = nb_;                                                                       \
	} while (0)
#define R5(i, f, K)                                                                            \
	do {                                                                                   \
		RND(a, b, c, d, e, (i), f, K);                                                 \
		RND(e, a, b, c, d, (i) + 1, f, K);                                             \
		RND(d, e, a, b, c, (i) + 2, f, K);                                             \
		RND(c, d, e, a, b, (i) + 3, f, K);                                             \
		RND(b, c, d, e, a, (i) + 4, f, K);                                             \
	} while (0)
	R5(0, 0xca, 0x5a827999);
	R5(5, 0xca, 0x5a827999);
	R5(10, 0xca, 0x5a827999);
	R5(15, 0xca, 0x5a827999);
	R5(20, 0x96, 0x6ed9eba1);
	R5(25, 0x96, 0x6ed9eba1);
	R5(30, 0x96, 0x6ed9eba1);
	R5(35, 0x96, 0x6ed9eba1);
	R5(40, 0xe8, 0x8f1bbcdc);
	R5(45, 0xe8, 0x8f1bbcdc);
	R5(50, 0xe8, 0x8f1bbcdc);
	R5(55, 0xe8, 0x8f1bbcdc);
	R5(60, 0x96, 0xca62c1d6);
	R5(65, 0x96, 0xca62c1d6);
	R5(70, 0x96, 0xca62c1d6);
	R5(75, 0x96, 0xca62c1d6);
#undef R5
#undef RND
#undef SCHED
	_mm512_store_si512(st[0], _mm512_add_epi32(_mm512_load_si512(st[0]), a));
	_mm512_store_si512(st[1], _mm512_add_epi32(_mm512_load_si512(st[1]), b));
	_mm512_store_si512(st[2], _mm512_add_epi32(_mm512_load_si512(st[2]), c));
	_mm512_store_si512(st[3], _mm512_add_epi32(_mm512_load_si512(st[3]), d));
	_mm512_store_si512(st[4], _mm512_add_epi32(_mm512_load_si512(st[4]), e));
}

/* ---------------------------------------------------------------------------------------------- */
/* SHA-1 with SHA-NI, one message                                                                  */

SHANI_TARGET __attribute__((noinline)) static void sha1_shani(uint32_t h[5], const uint8_t *p,
							      size_t nblocks)
{
	/* Reverses the 16 bytes: big-endian words, and word 0 in the top lane as SHA1RNDS4 wants. */
	const __m128i rev = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
	__m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0x1b);
	__m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0);

	for (; nblocks; nblocks--, p += 64) {
		__m128i abcd_in = abcd, e_in = e0, m[4], e = e0, prev = abcd;

#pragma GCC unroll 20
		for (int i = 0; i < 20; i++) {
			__m128i wv;

			if (i < 4)
				wv = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), rev);
			else
				wv = _mm_sha1msg2_epu32(
					_mm_xor_si128(_mm_sha1msg1_epu32(m[i & 3], m[(i + 1) & 3]),
						      m[(i + 2) & 3]),
					m[(i + 3) & 3]);
			m[i & 3] = wv;
			/* E for rounds 4i..4i+3: the state's E for the first group, then rol30 of the
			 * A four rounds back (sha1nexte), plus the schedule words. */
			e = i == 0 ? _mm_add_epi32(e_in, wv) : _mm_sha1nexte_epu32(prev, wv);
			prev = abcd;
			switch (i / 5) {
			case 0: abcd = _mm_sha1rnds4_epu32(abcd, e, 0); break;
			case 1: abcd = _mm_sha1rnds4_epu32(abcd, e, 1); break;
			case 2: abcd = _mm_sha1rnds4_epu32(abcd, e, 2); break;
			default: abcd = _mm_sha1rnds4_epu32(abcd, e, 3); break;
			}
		}
		e0 = _mm_sha1nexte_epu32(prev, e_in);
		abcd = _mm_add_epi32(abcd, abcd_in);
	}
	_mm_storeu_si128((__m128i *)h, _mm_shuffle_epi32(abcd, 0x1b));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

/* ---------------------------------------------------------------------------------------------- */
/* HMAC-SHA1 over many messages                                                                    */

/* One op's HMAC: the inner message is nfull blocks straight from the packet, then ntail (1 or 2)
 * blocks in tail[]; the outer message is outer[], which ends up holding the HMAC. */
struct hmsg {
	uint8_t tail[128] __attribute__((aligned(64)));
	uint8_t outer[64] __attribute__((aligned(64)));
	const uint8_t *data;
	const uint32_t *ipad, *opad;
	uint32_t nfull, ntail;
};

enum { PH_DIRECT = 0, PH_TAIL = 1, PH_OUTER = 2 };

struct lanes {
	uint32_t st[5][LANES] __attribute__((aligned(64)));
	const uint8_t *p[LANES];
	uint32_t left[LANES];         /* blocks left in the current segment */
	int16_t msg[LANES];           /* hmsg index, -1 when idle */
	uint8_t phase[LANES];
};

static const uint8_t zero_block[64] __attribute__((aligned(64)));

static inline void put_be32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static void lane_start(struct lanes *L, int l, struct hmsg *hm, unsigned job)
{
	struct hmsg *h = &hm[job >> 1];
	const uint32_t *s = (job & 1) ? h->opad : h->ipad;

	for (int j = 0; j < 5; j++)
		L->st[j][l] = s[j];
	L->msg[l] = (int16_t)(job >> 1);
	if (job & 1) {
		L->p[l] = h->outer;
		L->left[l] = 1;
		L->phase[l] = PH_OUTER;
	} else if (h->nfull) {
		L->p[l] = h->data;
		L->left[l] = h->nfull;
		L->phase[l] = PH_DIRECT;
	} else {
		L->p[l] = h->tail;
		L->left[l] = h->ntail;
		L->phase[l] = PH_TAIL;
	}
}

static void lane_idle(struct lanes *L, int l)
{
	L->msg[l] = -1;
	L->p[l] = zero_block;
	L->left[l] = 0;
}

/* Finishes one message (and its outer hash) from where a lane left it, with SHA-NI. */
static void shani_finish(struct hmsg *h, uint32_t s[5], int phase, const uint8_t *p, uint32_t left)
{
	for (;;) {
		sha1_shani(s, p, left);
		if (phase == PH_DIRECT) {
			phase = PH_TAIL;
			p = h->tail;
			left = h->ntail;
			continue;
		}
		for (int j = 0; j < 5; j++)
			put_be32(h->outer + 4 * j, s[j]);
		if (phase == PH_OUTER)
			return;
		memcpy(s, h->opad, 20);
		phase = PH_OUTER;
		p = h->outer;
		left = 1;
	}
}

X86_TARGET static void hmac_run(struct hmsg *hm, unsigned nh, int shani)
{
	struct lanes L;
	uint16_t queue[2 * X86_CHUNK];  /* jobs: msg << 1 | outer */
	unsigned qh = 0, qt = 0, active = 0;

	for (unsigned i = 0; i < nh; i++)
		queue[qt++] = (uint16_t)(i << 1);
	for (int l = 0; l < LANES; l++) {
		if (qh < qt) {
			lane_start(&L, l, hm, queue[qh++]);
			active++;
		} else {
			lane_idle(&L, l);
		}
	}
	while (active) {
		if (shani && qh == qt && active <= SHANI_TAIL) {
			for (int l = 0; l < LANES; l++) {
				if (L.msg[l] < 0)
					continue;
				uint32_t s[5];

				for (int j = 0; j < 5; j++)
					s[j] = L.st[j][l];
				shani_finish(&hm[L.msg[l]], s, L.phase[l], L.p[l], L.left[l]);
				memset(s, 0, sizeof(s));
				__asm__ __volatile__("" : : "r"(s) : "memory");
			}
			break;
		}
		sha1_x16(L.st, L.p);
		for (int l = 0; l < LANES; l++) {
			if (L.msg[l] < 0)
				continue;
			L.p[l] += 64;
			if (--L.left[l])
				continue;
			struct hmsg *h = &hm[L.msg[l]];

			if (L.phase[l] == PH_DIRECT) {
				L.p[l] = h->tail;
				L.left[l] = h->ntail;
				L.phase[l] = PH_TAIL;
				continue;
			}
			/* Inner digest into the outer block, or the final HMAC over it. */
			for (int j = 0; j < 5; j++)
				put_be32(h->outer + 4 * j, L.st[j][l]);
			if (L.phase[l] == PH_TAIL)
				queue[qt++] = (uint16_t)(L.msg[l] << 1 | 1);
			if (qh < qt) {
				lane_start(&L, l, hm, queue[qh++]);
			} else {
				lane_idle(&L, l);
				active--;
			}
		}
	}
	/* The lanes held HMAC midstates, which are as good as the key. */
	memset(L.st, 0, sizeof(L.st));
	__asm__ __volatile__("" : : "r"(L.st) : "memory");
}

/* The outer message's only block: 20 digest bytes, 0x80, zeros, the length 672 bits (64 + 20
 * bytes) big-endian. */
static const uint8_t outer_pad[64] __attribute__((aligned(64))) = {
	[20] = 0x80, [62] = 0x02, [63] = 0xa0,
};

/* Sets up an op's inner tail blocks (data tail, ROC, 0x80, zeros, bit length) and outer block. */
X86_TARGET static void hmsg_prep(struct hmsg *h, const struct srtpo_op *op)
{
	const uint32_t len = op->auth_len, r = len & 63, rocn = op->roc_append ? 4 : 0;
	const uint64_t bits = ((uint64_t)len + rocn + 64) * 8; /* the ipad block counts too */
	const __mmask64 m = (1ULL << r) - 1;                    /* r < 64 */

	h->data = op->buf;
	h->nfull = len >> 6;
	h->ipad = op->ks->hmac_ipad_state;
	h->opad = op->ks->hmac_opad_state;
	/* The masked load reads only the r tail bytes: nothing past the packet is touched. */
	_mm512_store_si512(h->tail, _mm512_maskz_loadu_epi8(m, op->buf + (len & ~63u)));
	_mm512_store_si512(h->tail + 64, _mm512_setzero_si512());
	if (rocn)
		put_be32(h->tail + r, op->roc);
	h->tail[r + rocn] = 0x80;
	h->ntail = r + rocn + 1 + 8 <= 64 ? 1 : 2;
	uint64_t be = __builtin_bswap64(bits);

	memcpy(h->tail + 64 * h->ntail - 8, &be, 8);
	_mm512_store_si512(h->outer, _mm512_load_si512(outer_pad));
}

/* ---------------------------------------------------------------------------------------------- */
/* AES counter mode                                                                                */

/* x[i] = AES(x[i]) for nz zmm of four blocks each; nz and nr are constants after inlining. */
X86_TARGET static ALWAYS_INLINE void aes_zmm(__m512i *x, const int nz, const __m512i *rk,
					     const int nr)
{
#pragma GCC unroll 16
	for (int i = 0; i < nz; i++)
		x[i] = _mm512_xor_si512(x[i], rk[0]);
#pragma GCC unroll 14
	for (int r = 1; r < nr; r++)
#pragma GCC unroll 16
		for (int i = 0; i < nz; i++)
			x[i] = _mm512_aesenc_epi128(x[i], rk[r]);
#pragma GCC unroll 16
	for (int i = 0; i < nz; i++)
		x[i] = _mm512_aesenclast_epi128(x[i], rk[nr]);
}

/* Bytes 14 and 15 of each block swap places: the 16-bit block counter is big-endian in the
 * counter block, and little-endian in the form that _mm512_add_epi16 counts in. */
#define CTR_SWAP_BYTES 0x0e0f0d0c0b0a0908LL, 0x0706050403020100LL

X86_TARGET static ALWAYS_INLINE void ctr_tail(__m512i ctr, const __m512i swap, const __m512i inc4,
					      const __m512i *rk, const int nr, uint8_t *p,
					      size_t len, const int nz)
{
	__m512i x[4];

#pragma GCC unroll 16
	for (int i = 0; i < nz; i++) {
		x[i] = _mm512_shuffle_epi8(ctr, swap);
		ctr = _mm512_add_epi16(ctr, inc4);
	}
	aes_zmm(x, nz, rk, nr);
#pragma GCC unroll 16
	for (int i = 0; i < nz - 1; i++)
		_mm512_storeu_si512(p + 64 * i,
				    _mm512_xor_si512(x[i], _mm512_loadu_si512(p + 64 * i)));
	size_t rem = len - 64 * (size_t)(nz - 1); /* 1..64 */
	__mmask64 m = rem == 64 ? ~0ULL : (1ULL << rem) - 1;
	uint8_t *q = p + 64 * (nz - 1);

	_mm512_mask_storeu_epi8(q, m, _mm512_xor_si512(x[nz - 1], _mm512_maskz_loadu_epi8(m, q)));
}

X86_TARGET static ALWAYS_INLINE void ctr_xor_nr(const struct srtpo_op *op, const int nr)
{
	const struct srtpo_keyslot *ks = op->ks;
	const __m512i swap = _mm512_broadcast_i32x4(_mm_set_epi64x(CTR_SWAP_BYTES));
	/* Block j of a zmm gets counter + j; zmm to zmm, + 4. Word 7 of each block is the counter. */
	const __m512i lane_inc = _mm512_set_epi32(3 << 16, 0, 0, 0, 2 << 16, 0, 0, 0, 1 << 16, 0, 0,
						  0, 0, 0, 0, 0);
	const __m512i inc4 = _mm512_broadcast_i32x4(_mm_set_epi32(4 << 16, 0, 0, 0));
	__m512i rk[15];
	uint8_t *p = op->buf + op->enc_off;
	size_t len = op->enc_len;

#pragma GCC unroll 16
	for (int r = 0; r <= nr; r++)
		rk[r] = _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)ks->aes_enc_rk + r));

	/* IV = salt ^ (SSRC << 64) ^ (index << 16), big-endian; salt bytes 14-15 are not salt. */
	__m128i iv = _mm_set_epi64x((long long)__builtin_bswap64(op->index << 16),
				    (long long)__builtin_bswap64((uint64_t)op->ssrc));
	iv = _mm_xor_si128(iv, _mm_loadu_si128((const __m128i *)ks->salt));
	iv = _mm_and_si128(iv, _mm_set_epi64x(0x0000ffffffffffffLL, -1LL));
	__m512i ctr = _mm512_add_epi16(_mm512_broadcast_i32x4(_mm_shuffle_epi8(
					       iv, _mm_set_epi64x(CTR_SWAP_BYTES))),
				       lane_inc);

	for (; len >= 256; len -= 256, p += 256) {
		__m512i x[4];

#pragma GCC unroll 16
		for (int i = 0; i < 4; i++) {
			x[i] = _mm512_shuffle_epi8(ctr, swap);
			ctr = _mm512_add_epi16(ctr, inc4);
		}
		aes_zmm(x, 4, rk, nr);
#pragma GCC unroll 16
		for (int i = 0; i < 4; i++)
			_mm512_storeu_si512(p + 64 * i,
					    _mm512_xor_si512(x[i], _mm512_loadu_si512(p + 64 * i)));
	}
	switch ((len + 63) >> 6) {
	case 1: ctr_tail(ctr, swap, inc4, rk, nr, p, len, 1); break;
	case 2: ctr_tail(ctr, swap, inc4, rk, nr, p, len, 2); break;
	case 3: ctr_tail(ctr, swap, inc4, rk, nr, p, len, 3); break;
	case 4: ctr_tail(ctr, swap, inc4, rk, nr, p, len, 4); break;
	default: break;
	}
}

X86_TARGET static void ctr_xor(const struct srtpo_op *op)
{
	if (op->ks->cipher == SRTPO_CIPHER_AES_128_CM)
		ctr_xor_nr(op, 10);
	else
		ctr_xor_nr(op, 14);
}

/* ---------------------------------------------------------------------------------------------- */
/* Ops                                                                                             */

enum { HM_NONE = 0xff, HM_BAD = 0xfe };

static int op_valid(const struct srtpo_op *op)
{
	const struct srtpo_keyslot *ks = op->ks;

	if (!op->buf || !ks)
		return 0;
	if (op->opcode != SRTPO_OP_PROTECT && op->opcode != SRTPO_OP_UNPROTECT)
		return 0;
	switch (ks->cipher) {
	case SRTPO_CIPHER_NULL: break;
	case SRTPO_CIPHER_AES_128_CM: if (ks->key_len != 16) return 0; break;
	case SRTPO_CIPHER_AES_256_CM: if (ks->key_len != 32) return 0; break;
	default: return 0;
	}
	if (ks->auth != SRTPO_AUTH_NULL && ks->auth != SRTPO_AUTH_HMAC_SHA1)
		return 0;
	return ks->tag_len <= 20;
}

X86_TARGET static void run_chunk(struct srtpo_op *ops, size_t n, int shani)
{
	struct hmsg hm[X86_CHUNK];
	uint8_t which[X86_CHUNK];
	unsigned nh = 0;

	for (size_t i = 0; i < n; i++) {
		struct srtpo_op *op = &ops[i];

		if (!op_valid(op)) {
			op->status = SRTPO_ERR_BAD_PARAM;
			which[i] = HM_BAD;
			continue;
		}
		op->status = SRTPO_OK;
		which[i] = HM_NONE;
		if (op->opcode == SRTPO_OP_PROTECT && op->ks->cipher != SRTPO_CIPHER_NULL &&
		    op->enc_len)
			ctr_xor(op);
	}
	/* A second pass: reading a packet's tail right after its masked store of ciphertext would
	 * stall on store forwarding; by now those stores have drained. */
	for (size_t i = 0; i < n; i++) {
		const struct srtpo_op *op = &ops[i];

		if (which[i] != HM_BAD && op->ks->auth == SRTPO_AUTH_HMAC_SHA1 && op->ks->tag_len) {
			hmsg_prep(&hm[nh], op);
			which[i] = (uint8_t)nh++;
		}
	}
	if (nh)
		hmac_run(hm, nh, shani);
	for (size_t i = 0; i < n; i++) {
		struct srtpo_op *op = &ops[i];

		if (which[i] == HM_BAD)
			continue;
		if (which[i] != HM_NONE) {
			const uint8_t *tag = hm[which[i]].outer;
			uint8_t *at = op->buf + op->tag_off;
			unsigned tl = op->ks->tag_len;

			if (op->opcode == SRTPO_OP_PROTECT) {
				memcpy(at, tag, tl);
				continue;
			}
			/* Constant time: no early exit on the first differing byte. */
			uint8_t d = 0;

			for (unsigned k = 0; k < tl; k++)
				d |= tag[k] ^ at[k];
			if (d) {
				op->status = SRTPO_ERR_AUTH;
				continue;
			}
		}
		if (op->opcode == SRTPO_OP_UNPROTECT && op->ks->cipher != SRTPO_CIPHER_NULL &&
		    op->enc_len)
			ctr_xor(op);
	}
}

X86_TARGET void srtpo_x86_run(struct srtpo_op *ops, size_t n)
{
	const int shani = (x86_caps_get() & CAP_SHANI) != 0;

	while (n) {
		size_t m = n < X86_CHUNK ? n : X86_CHUNK;

		run_chunk(ops, m, shani);
		ops += m;
		n -= m;
	}
}
