// SPDX-License-Identifier: BSD-3-Clause
/*
 * srtp.c - SRTP and SRTCP protect/unprotect (RFC 3711 3.3, 3.4), in bursts.
 *
 * A burst runs in three steps:
 *   1. prepare: per packet, in order - parse, find the stream (or clone a template), estimate the
 *      index (Appendix A), check replay and key lifetime, pick the master key (MKI), copy for the
 *      out-of-place form, and describe the crypto as one srtpo_op;
 *   2. the engine runs every op of the burst at once (multi-buffer);
 *   3. commit: per packet, in order - on success advance ROC / replay window / counters.
 * Protect cannot fail in the engine, so it commits in step 1. Unprotect can: until its packet
 * authenticates, a stream's state moves only "tentatively" (tent_highest), so that later packets
 * of the same stream in the burst see the state they would see one by one. When a packet of a
 * stream fails, later packets of that stream whose verdict might have depended on it are
 * checked again against the committed state and, where needed, redone on their own.
 *
 * The common packet (RTP in place, no CSRC or extension, a known stream with no MKI, key
 * derivation rate or extension work, in order) takes prepare_rtp_fast and commit_fast: the same
 * results in one pass each; everything else, and anything they are not sure of, takes the
 * general code from the start.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine_priv.h"

#define NO_OP UINT32_MAX
/* Streams take ~1.4 KB with their keys: past ~2000 they outgrow a 1-2 MB L2. */
#define PREFETCH_MIN_STREAMS 2048
#define KDR_FLUSH 1 /* prepare's answer: run the burst so far, then retry this packet */

enum kind { KIND_RTP, KIND_RTCP };

struct burst {
	srtpo_session_t *s;
	enum kind kind;
	bool protect;
	struct srtpo_op *ops;
	struct srtpo_burst_item *items;
	size_t nops;
	bool nested;                  /* a packet redone on its own inside a burst */
	uint8_t *scratch;             /* SRTPO_SCRATCH_SLOT bytes per item (workspace()) */
	bool async;                   /* srtpo_submit: other bursts may be in flight */
	bool ran;                     /* the ops already ran (an async burst being finished) */
	size_t cap;                   /* ops[] holds this many */
	size_t nxops;                 /* header-extension ops, at ops[cap - nxops .. cap) */
};

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * RFC 3711 Appendix A, as libsrtp2 does it: v in {ROC-1, ROC, ROC+1} closest to the highest.
 * With d = SEQ - s_l, the same ROC whenever |d| <= 0x8000 (one range check: the common case);
 * otherwise ROC+1 when d < -0x8000 (only possible for s_l > 0x8000) and ROC-1 when d > 0x8000,
 * but not while the highest index is at most 0x8000 (too early to have wrapped). Before the
 * first packet s_l is unknown: ROC.
 */
static inline __attribute__((always_inline)) uint64_t estimate_index(bool seen, uint64_t highest,
								     uint16_t seq)
{
	uint32_t roc = (uint32_t)(highest >> 16);
	int32_t d = (int32_t)seq - (int32_t)(uint16_t)highest;

	if (unlikely(seen && (uint32_t)(d + 0x8000) > 0x10000))
		roc += d < 0 ? 1u : highest > 0x8000 ? (uint32_t)-1 : 0u;
	return ((uint64_t)roc << 16) | seq;
}

/* Length of the RTP header with CSRCs and extension, or a negative error. */
static int rtp_header_len(const uint8_t *p, size_t len)
{
	size_t h;

	if (len < 12)
		return SRTPO_ERR_TOO_SHORT;
	if ((p[0] >> 6) != 2)
		return SRTPO_ERR_MALFORMED;
	h = 12 + 4u * (p[0] & 0x0f);
	if (p[0] & 0x10) {
		if (h + 4 > len)
			return SRTPO_ERR_TOO_SHORT;
		h += 4 + 4u * be16(p + h + 2);
	}
	if (h > len)
		return SRTPO_ERR_TOO_SHORT;
	return (int)h;
}

/* RFC 8285 extension profiles, and their cryptex forms (RFC 9335). */
static inline bool profile_8285(uint16_t prof)
{
	return prof == 0xbede || (prof & 0xfff0) == 0x1000;
}

static inline bool profile_cryptex(uint16_t prof)
{
	return prof == 0xc0de || prof == 0xc2de;
}

/*
 * RFC 8285 elements of an extension body (n bytes): each must end inside the body (one-byte
 * form: ID 15 ends the list). What RFC 6904 needs to find the values it encrypts.
 */
static bool xtn_elements_ok(const uint8_t *body, size_t n, bool one_byte)
{
	size_t i = 0;

	while (i < n) {
		size_t len;

		if (body[i] == 0) {
			i++; /* padding */
			continue;
		}
		if (one_byte) {
			if (body[i] >> 4 == 15)
				return true;
			len = 1u + (body[i] & 0x0f) + 1u;
		} else {
			if (i + 2 > n)
				return false;
			len = 2u + body[i + 1];
		}
		if (i + len > n)
			return false;
		i += len;
	}
	return true;
}

/*
 * Which header-extension work an RTP packet of a stream with ext_mode gets (SRTPO_OPF_*), for a
 * packet whose header is h bytes. Protect: cryptex when the stream sends it and the packet has
 * an RFC 8285 extension or CSRCs (*grow = 4 when an empty extension must be added), else RFC
 * 6904 when the stream lists IDs and the packet has an RFC 8285 extension. Unprotect: cryptex
 * when the packet says so (0xC0DE/0xC2DE) and the stream takes it, else RFC 6904 as above.
 */
static int ext_flags(const struct srtpo_stream *st, const uint8_t *p, bool protect, size_t *grow)
{
	size_t xo = 12 + 4u * (p[0] & 0x0f);
	uint16_t prof = (p[0] & 0x10) ? be16(p + xo) : 0;

	*grow = 0;
	if (st->ext_mode & SRTPO_EXT_CRYPTEX) {
		if (protect && (p[0] & 0x10) && profile_8285(prof))
			return SRTPO_OPF_CRYPTEX;
		if (protect && !(p[0] & 0x10) && (p[0] & 0x0f)) {
			*grow = 4;
			return SRTPO_OPF_CRYPTEX;
		}
		if (!protect && (p[0] & 0x10) && profile_cryptex(prof))
			return SRTPO_OPF_CRYPTEX;
	}
	if ((st->ext_mode & SRTPO_EXT_XTN) && (p[0] & 0x10)) {
		/* a stream that encrypts extensions refuses one it cannot parse, as libsrtp2
		 * does (the header was checked to hold the body) */
		if (!profile_8285(prof) ||
		    !xtn_elements_ok(p + xo + 4, 4u * be16(p + xo + 2), prof == 0xbede))
			return SRTPO_ERR_MALFORMED;
		return SRTPO_OPF_XTN;
	}
	return 0;
}

static struct srtpo_replay *replay_of(struct srtpo_stream *st, enum kind kind)
{
	return kind == KIND_RTP ? &st->rtp_replay : &st->rtcp_replay;
}

/* Brings the stream's burst fields to this burst. */
static void burst_touch(const struct burst *b, struct srtpo_stream *st, uint32_t item)
{
	if (st->burst_gen != b->s->burst_gen) {
		st->burst_gen = b->s->burst_gen;
		st->tent_highest = replay_of(st, b->kind)->highest;
		st->tent_seen = b->kind == KIND_RTP ? st->rtp_seen : true;
		st->burst_failed = false;
		st->burst_ok = false;
		st->burst_first = item;
	}
}

/* Replay verdict of an unprotect against the state as the burst's earlier packets left it. */
static inline __attribute__((always_inline)) int
tentative_check(const struct burst *b, struct srtpo_stream *st, uint64_t index, uint32_t item)
{
	const struct srtpo_replay *rp = replay_of(st, b->kind);

	if (index > st->tent_highest)
		return SRTPO_REPLAY_NEW;
	if (st->tent_highest - index >= rp->size)
		return SRTPO_REPLAY_TOO_OLD;
	if (index <= rp->highest && srtpo_replay_bit(rp, index))
		return SRTPO_REPLAY_SEEN;
	for (uint32_t j = st->burst_first; j < item; j++) {
		const struct srtpo_burst_item *it = &b->items[j];

		if (it->stream == st && it->op != NO_OP && it->index == index)
			return SRTPO_REPLAY_SEEN;
	}
	return SRTPO_REPLAY_NEW;
}

static int verdict_error(int v)
{
	return v == SRTPO_REPLAY_SEEN ? SRTPO_ERR_REPLAY : SRTPO_ERR_REPLAY_OLD;
}

/* The master key an unprotect uses: by MKI, or the only/active one. */
static struct srtpo_stream_key *key_by_mki(struct srtpo_stream *st, const uint8_t *mki)
{
	if (!st->mki_len)
		return &st->keys[st->active_key];
	for (size_t i = 0; i < st->num_keys; i++)
		if (!memcmp(st->keys[i].kb->mki, mki, st->mki_len))
			return &st->keys[i];
	return NULL;
}

/* Finds the stream of an SSRC, or clones the template of this direction. */
static struct srtpo_stream *find_stream(const struct burst *b, uint32_t ssrc, int *err)
{
	srtpo_session_t *s = b->s;
	struct srtpo_stream *st = srtpo_table_find(&s->table, ssrc), *tmpl;

	if (likely(st != NULL))
		return st;
	tmpl = b->protect ? s->template_out : s->template_in;
	if (!tmpl) {
		*err = SRTPO_ERR_NO_STREAM;
		return NULL;
	}
	st = srtpo_stream_clone(s, tmpl, ssrc);
	if (!st || srtpo_table_insert(&s->table, st)) {
		*err = SRTPO_ERR_NO_MEMORY;
		srtpo_stream_free(st);
		return NULL;
	}
	/* A clone lives only if one of its packets goes through (for unprotect: authenticates);
	 * a refused packet leaves no stream behind. */
	st->provisional = true;
	return st;
}

/* Key derivation rate: re-derive when index DIV kdr moved. Ops already in the burst may use
 * the old keys, so they run first. */
static int kdr_check(struct burst *b, struct srtpo_stream *st, struct srtpo_stream_key *k,
		     uint64_t index);

/*
 * Where an unprotect works: in place, the packet itself (the engine leaves it untouched when the
 * tag fails). Out of place, a session scratch copy, so that the caller's output is written only
 * once the packet has authenticated (commit copies the result out).
 */
static uint8_t *workspace(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it,
			  uint32_t item)
{
	uint8_t *w;

	/* an async unprotect may still be refused at commit (a repeat of a packet in flight) */
	if (p->out == p->in && !b->async)
		return p->out;
	if (p->in_len <= SRTPO_SCRATCH_SLOT) {
		w = b->scratch + (size_t)item * SRTPO_SCRATCH_SLOT;
	} else {
		w = malloc(p->in_len);
		if (!w)
			return NULL;
		it->heap = w;
	}
	memcpy(w, p->in, p->in_len);
	return w;
}

/* An op for item it: plain ops (RFC 6904 ones too: srtp.c applies the extension around them)
 * from the front of ops[], cryptex ops (which run in software, one by one) from the back. */
static struct srtpo_op *new_op(struct burst *b, struct srtpo_burst_item *it, uint8_t flags)
{
	struct srtpo_op *op;

	if (unlikely(flags & SRTPO_OPF_CRYPTEX))
		it->op = (uint32_t)(b->cap - 1 - b->nxops++);
	else
		it->op = (uint32_t)b->nops++;
	op = &b->ops[it->op];
	op->flags = flags;
	op->xtn = NULL;
	op->xtn_ids = NULL;
	op->xtn_off = 0;
	return op;
}

/*
 * What an unprotect checks before its crypto, for RTP and RTCP alike: replay (against the burst's
 * tentative state), the master key named by the MKI, its lifetime, the key derivation rate; then
 * where the op works. On success *k and *work are set.
 */
static inline __attribute__((always_inline)) int
unprotect_checks(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it, uint32_t item,
		 struct srtpo_stream *st, uint64_t index, struct srtpo_stream_key **k,
		 uint8_t **work)
{
	size_t tag_len = b->kind == KIND_RTP ? st->rtp_policy.tag_len : st->rtcp_policy.tag_len;
	int v = tentative_check(b, st, index, item), rc;

	if (v != SRTPO_REPLAY_NEW) {
		it->index = index;
		return verdict_error(v);
	}
	/* the MKI sits before the tag, or after it for GCM (RFC 7714 figures 1 and 3) */
	*k = key_by_mki(st, p->in + p->in_len - st->mki_len -
				    (srtpo_cipher_is_gcm(b->kind == KIND_RTP ? st->rtp_policy.cipher
									     : st->rtcp_policy.cipher)
					     ? 0
					     : tag_len));
	if (!*k)
		return SRTPO_ERR_BAD_MKI;
	if ((b->kind == KIND_RTP ? (*k)->rtp_left : (*k)->rtcp_left) == 0)
		return SRTPO_ERR_KEY_EXPIRED;
	if (unlikely(st->kdr_shift) && (rc = kdr_check(b, st, *k, index)))
		return rc;
	*work = workspace(b, p, it, item);
	return *work ? SRTPO_OK : SRTPO_ERR_NO_MEMORY;
}

/* ---- RTP ---- */

static int prepare_rtp(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it,
		       uint32_t item)
{
	const uint8_t *in = p->in;
	size_t len = p->in_len, tag_len, mki_len, need, grow = 0;
	struct srtpo_stream *st;
	struct srtpo_stream_key *k;
	struct srtpo_op *op;
	uint64_t index;
	uint8_t *out = p->out, flags = 0;
	bool gcm;
	int h, rc = SRTPO_OK, v;
	int f;

	h = rtp_header_len(in, len);
	if (h < 0)
		return h;
	st = srtpo_table_find(&b->s->table, be32(in + 8));
	if (!st) {
		st = find_stream(b, be32(in + 8), &rc);
		if (!st)
			return rc;
	}
	it->stream = st; /* also lets a failed packet's template clone be dropped */
	tag_len = st->rtp_policy.tag_len;
	mki_len = st->mki_len;
	gcm = srtpo_cipher_is_gcm(st->rtp_policy.cipher);
	burst_touch(b, st, item);
	/* header-extension work is judged after the replay check, as libsrtp2 does */
	if (unlikely(st->ext_mode)) {
		f = ext_flags(st, in, b->protect, &grow);
		if (f < 0)
			flags = 0xff; /* refused below, once replay has had its say */
		else
			flags = (uint8_t)f;
	}
	if (b->protect) {
		need = len + grow + mki_len + tag_len;
		if (need > SRTPO_MAX_PACKET)
			return SRTPO_ERR_MALFORMED;
		if (p->out_cap < need)
			return SRTPO_ERR_NO_SPACE;
		index = estimate_index(st->rtp_seen, st->rtp_replay.highest, be16(in + 2));
		v = srtpo_replay_check(&st->rtp_replay, index);
		if (v == SRTPO_REPLAY_TOO_OLD || (v == SRTPO_REPLAY_SEEN && !st->allow_repeat_tx))
			return verdict_error(v);
		k = &st->keys[st->active_key];
		if (k->rtp_left == 0)
			return SRTPO_ERR_KEY_EXPIRED;
		if (unlikely(flags == 0xff))
			return SRTPO_ERR_MALFORMED;
		if (unlikely(st->kdr_shift) && (rc = kdr_check(b, st, k, index)))
			return rc;
		if (unlikely(grow)) {
			/* cryptex with CSRCs and no extension: an empty 0xC0DE block (RFC 9335) */
			memmove(out + h + 4, in + h, len - (size_t)h);
			if (out != in)
				memcpy(out, in, (size_t)h);
			out[0] |= 0x10;
			out[h] = 0xc0;
			out[h + 1] = 0xde;
			out[h + 2] = out[h + 3] = 0;
			h += 4;
			len += 4;
		} else if (out != in) {
			memcpy(out, in, len);
		}
		if (mki_len)
			memcpy(out + len + (gcm ? tag_len : 0), k->kb->mki, mki_len);
		op = new_op(b, it, flags);
		op->opcode = SRTPO_OP_PROTECT;
		op->auth_len = (uint16_t)len;
		op->tag_off = (uint16_t)(len + (gcm ? 0 : mki_len));
		p->out_len = need;
		/* Protect commits now: the engine cannot fail it. */
		srtpo_replay_add(&st->rtp_replay, index);
		st->rtp_seen = true;
		k->rtp_left--;
		st->rtp_protected++;
	} else {
		if ((size_t)h + mki_len + tag_len > len)
			return SRTPO_ERR_TOO_SHORT;
		if (out != in && p->out_cap < len - mki_len - tag_len)
			return SRTPO_ERR_NO_SPACE;
		index = estimate_index(st->tent_seen, st->tent_highest, be16(in + 2));
		if (unlikely(flags == 0xff)) {
			/* replay first; libsrtp2 then refuses the extension, authentic or not */
			int tv = tentative_check(b, st, index, item);

			it->index = index;
			return tv != SRTPO_REPLAY_NEW ? verdict_error(tv) : SRTPO_ERR_MALFORMED;
		}
		rc = unprotect_checks(b, p, it, item, st, index, &k, &out);
		if (rc)
			return rc;
		op = new_op(b, it, flags);
		op->opcode = SRTPO_OP_UNPROTECT;
		op->auth_len = (uint16_t)(len - tag_len - mki_len);
		op->tag_off = (uint16_t)(gcm ? len - mki_len - tag_len : len - tag_len);
		st->tent_seen = true;
		if (index > st->tent_highest)
			st->tent_highest = index;
	}
	op->buf = out;
	op->ks = &k->kb->rtp;
	op->index = index;
	op->ssrc = st->ssrc;
	op->roc = (uint32_t)(index >> 16);
	op->roc_append = st->rtp_policy.auth == SRTPO_AUTH_HMAC_SHA1;
	op->enc_off = (uint16_t)h;
	op->enc_len = (uint16_t)(op->auth_len - h);
	if (unlikely(flags)) {
		op->xtn_off = (uint16_t)(12 + 4u * (out[0] & 0x0f));
		op->xtn = k->kb->rtp_xtn;
		op->xtn_ids = srtpo_stream_cold(st)->xtn_ids;
	}
	it->stream = st;
	it->key = k;
	it->index = index;
	return SRTPO_OK;
}

/* ---- RTCP ---- */

static int prepare_rtcp(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it,
			uint32_t item)
{
	const uint8_t *in = p->in;
	size_t len = p->in_len, tag_len, mki_len, need;
	struct srtpo_stream *st;
	struct srtpo_stream_key *k;
	struct srtpo_op *op;
	uint64_t index;
	uint8_t *out = p->out;
	uint32_t trailer;
	bool encrypt, gcm;
	int rc = SRTPO_OK;

	if (len < 8)
		return SRTPO_ERR_TOO_SHORT;
	if ((in[0] >> 6) != 2)
		return SRTPO_ERR_MALFORMED;
	st = srtpo_table_find(&b->s->table, be32(in + 4));
	if (!st) {
		st = find_stream(b, be32(in + 4), &rc);
		if (!st)
			return rc;
	}
	it->stream = st; /* also lets a failed packet's template clone be dropped */
	tag_len = st->rtcp_policy.tag_len;
	mki_len = st->mki_len;
	gcm = srtpo_cipher_is_gcm(st->rtcp_policy.cipher);
	burst_touch(b, st, item);
	if (b->protect) {
		need = len + 4 + mki_len + tag_len;
		if (need > SRTPO_MAX_PACKET)
			return SRTPO_ERR_MALFORMED;
		if (p->out_cap < need)
			return SRTPO_ERR_NO_SPACE;
		if (st->rtcp_tx_index >= SRTPO_RTCP_MAX_INDEX)
			return SRTPO_ERR_KEY_EXPIRED;
		index = st->rtcp_tx_index + 1;
		k = &st->keys[st->active_key];
		if (k->rtcp_left == 0)
			return SRTPO_ERR_KEY_EXPIRED;
		if (unlikely(st->kdr_shift) && (rc = kdr_check(b, st, k, index)))
			return rc;
		encrypt = st->rtcp_policy.cipher != SRTPO_CIPHER_NULL &&
			  st->rtcp_policy.auth != SRTPO_AUTH_GCM_ONLY;
		trailer = (uint32_t)index | (encrypt ? 0x80000000u : 0);
		if (out != in)
			memcpy(out, in, len);
		op = new_op(b, it, 0);
		op->opcode = SRTPO_OP_PROTECT;
		if (gcm) {
			/* header | payload | tag | E || index | MKI (RFC 7714 9.1) */
			srtpo_put_be32(out + len + tag_len, trailer);
			if (mki_len)
				memcpy(out + len + tag_len + 4, k->kb->mki, mki_len);
			op->tag_off = (uint16_t)len;
		} else {
			srtpo_put_be32(out + len, trailer);
			if (mki_len)
				memcpy(out + len + 4, k->kb->mki, mki_len);
			op->tag_off = (uint16_t)(len + 4 + mki_len);
		}
		op->auth_len = (uint16_t)(len + 4);
		op->enc_len = encrypt ? (uint16_t)(len - 8) : 0;
		p->out_len = need;
		st->rtcp_tx_index = (uint32_t)index;
		k->rtcp_left--;
		srtpo_stream_cold(st)->rtcp_protected++;
	} else {
		if (8 + 4 + mki_len + tag_len > len)
			return SRTPO_ERR_TOO_SHORT;
		if (out != in && p->out_cap < len - tag_len - mki_len - 4)
			return SRTPO_ERR_NO_SPACE;
		trailer = be32(in + len - mki_len - 4 - (gcm ? 0 : tag_len));
		index = trailer & SRTPO_RTCP_MAX_INDEX;
		rc = unprotect_checks(b, p, it, item, st, index, &k, &out);
		if (rc)
			return rc;
		encrypt = (trailer & 0x80000000u) && st->rtcp_policy.cipher != SRTPO_CIPHER_NULL;
		op = new_op(b, it, 0);
		op->opcode = SRTPO_OP_UNPROTECT;
		op->auth_len = (uint16_t)(len - tag_len - mki_len);
		op->tag_off = (uint16_t)(gcm ? len - mki_len - 4 - tag_len : len - tag_len);
		op->enc_len = encrypt ? (uint16_t)(op->auth_len - 4 - 8) : 0;
		if (index > st->tent_highest)
			st->tent_highest = index;
	}
	op->buf = out;
	op->ks = &k->kb->rtcp;
	op->index = index;
	op->ssrc = st->ssrc;
	op->roc = 0;
	op->roc_append = 0;
	op->enc_off = 8;
	if (gcm) {
		/* AAD: the header (the whole packet when not encrypted), then E || index */
		op->roc = trailer;
		op->roc_append = 1;
		if (!encrypt)
			op->enc_off = (uint16_t)(op->auth_len - 4);
	}
	it->stream = st;
	it->key = k;
	it->index = index;
	return SRTPO_OK;
}

/* ---- the burst ---- */

static size_t run_burst(srtpo_session_t *s, enum kind kind, bool protect, srtpo_packet_t *pkts,
			size_t n, struct srtpo_op *ops, struct srtpo_burst_item *items, bool nested);

static int prepare(struct burst *b, srtpo_packet_t *p, uint32_t i)
{
	struct srtpo_burst_item *it = &b->items[i];

	it->stream = NULL;
	it->op = NO_OP;
	it->heap = NULL;
	if (unlikely(!p->in || !p->out || p->in_len > SRTPO_MAX_PACKET))
		return SRTPO_ERR_BAD_PARAM;
	if (unlikely(p->in != p->out && p->out < p->in + p->in_len && p->in < p->out + p->out_cap))
		return SRTPO_ERR_BAD_PARAM; /* overlapping but not equal */
	return b->kind == KIND_RTP ? prepare_rtp(b, p, it, i) : prepare_rtcp(b, p, it, i);
}

/*
 * The common RTP packet, in one pass and with no re-parsing: in place, version 2 with no CSRC and
 * no header extension, a known stream without MKI, key derivation rate or header-extension work,
 * a fresh index (Appendix A) and a live key; for unprotect also the stream's first packet in the
 * burst, so that its tentative state is the committed one. Everything is checked before anything
 * changes: on false nothing was touched and prepare() judges the packet from scratch, so every
 * refusal, error code and counter stays the general code's. On true the op, the item and the
 * stream are exactly what prepare() would have left.
 */
static inline __attribute__((always_inline)) bool
prepare_rtp_fast(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it, uint32_t item,
		 struct srtpo_stream *found)
{
	uint8_t *in = (uint8_t *)p->in;
	size_t len = p->in_len, tag_len;
	struct srtpo_stream *st;
	struct srtpo_stream_key *k;
	struct srtpo_op *op;
	uint64_t index, highest;

	if (unlikely(!in || in != p->out || len < 12 || len > SRTPO_MAX_PACKET ||
		     (in[0] & 0xdf) != 0x80))
		return false;
	st = found ? found : srtpo_table_find(&b->s->table, be32(in + 8));
	if (unlikely(!st || st->general || st->provisional))
		return false;
	tag_len = st->rtp_policy.tag_len;
	k = &st->keys[st->active_key];
	highest = st->rtp_replay.highest;
	index = estimate_index(st->rtp_seen, highest, be16(in + 2));
	if (unlikely(k->rtp_left == 0 ||
		     srtpo_replay_check(&st->rtp_replay, index) != SRTPO_REPLAY_NEW))
		return false;
	op = &b->ops[b->nops];
	if (b->protect) {
		if (unlikely(len + tag_len > SRTPO_MAX_PACKET || p->out_cap < len + tag_len))
			return false;
		op->opcode = SRTPO_OP_PROTECT;
		op->auth_len = (uint16_t)len;
		op->tag_off = (uint16_t)len;
		p->out_len = len + tag_len;
		/* protect commits now (the engine cannot fail it); no burst state is needed:
		 * only unprotect and template clones read it */
		srtpo_replay_add(&st->rtp_replay, index);
		st->rtp_seen = true;
		k->rtp_left--;
		st->rtp_protected++;
	} else {
		if (unlikely(12 + tag_len > len || st->burst_gen == b->s->burst_gen))
			return false;
		op->opcode = SRTPO_OP_UNPROTECT;
		op->auth_len = (uint16_t)(len - tag_len);
		op->tag_off = (uint16_t)(len - tag_len); /* no MKI: GCM's tag ends the packet too */
		st->burst_gen = b->s->burst_gen;
		st->tent_highest = index > highest ? index : highest;
		st->tent_seen = true;
		st->burst_failed = false;
		st->burst_ok = false;
		st->burst_first = (uint16_t)item;
	}
	op->buf = in;
	op->ks = &k->kb->rtp;
	op->index = index;
	op->ssrc = st->ssrc;
	op->roc = (uint32_t)(index >> 16);
	op->roc_append = st->rtp_policy.auth == SRTPO_AUTH_HMAC_SHA1;
	op->enc_off = 12;
	op->enc_len = (uint16_t)(op->auth_len - 12);
	op->flags = 0;
	op->xtn_off = 0;
	op->xtn = NULL;
	op->xtn_ids = NULL;
	it->stream = st;
	it->key = k;
	it->index = index;
	it->op = (uint32_t)b->nops++;
	it->heap = NULL;
	p->status = SRTPO_OK;
	return true;
}

/* Runs the ops gathered so far and commits their packets (items [from, to)). */
static void flush(struct burst *b, srtpo_packet_t *pkts, size_t from, size_t to);

static int kdr_check(struct burst *b, struct srtpo_stream *st, struct srtpo_stream_key *k,
		     uint64_t index)
{
	uint64_t r = index >> (st->kdr_shift - 1);
	bool rtcp = b->kind == KIND_RTCP;

	if ((rtcp ? k->kb->rtcp_r : k->kb->rtp_r) == r)
		return SRTPO_OK;
	if (b->nops || b->nxops)
		return KDR_FLUSH; /* ops in flight may use the current keys: run them first */
	return srtpo_stream_rederive(st, k, rtcp, index);
}

static inline __attribute__((always_inline)) void
commit_one(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it)
{
	struct srtpo_stream *st = it->stream;
	struct srtpo_op *op = &b->ops[it->op];

	if (op->status != SRTPO_OK) {
		p->status = op->status;
		if (op->status == SRTPO_ERR_AUTH)
			srtpo_stream_cold(st)->auth_failures++;
		st->burst_failed = true;
		return;
	}
	p->status = SRTPO_OK;
	if (b->protect) {
		st->burst_ok = true;
		return;
	}
	srtpo_replay_add(replay_of(st, b->kind), it->index);
	st->burst_ok = true;
	if (b->kind == KIND_RTP) {
		st->rtp_seen = true;
		it->key->rtp_left--;
		st->rtp_unprotected++;
		p->out_len = op->auth_len;
	} else {
		it->key->rtcp_left--;
		srtpo_stream_cold(st)->rtcp_unprotected++;
		p->out_len = (size_t)op->auth_len - 4;
	}
	if (op->buf != p->out)
		memcpy(p->out, op->buf, p->out_len);
}

/* After an earlier packet of the same stream failed: is this item's verdict still what the
 * committed state gives? */
static bool still_valid(const struct burst *b, const struct srtpo_burst_item *it,
			const srtpo_packet_t *p)
{
	const struct srtpo_stream *st = it->stream;
	const struct srtpo_replay *rp = replay_of((struct srtpo_stream *)st, b->kind);
	uint64_t index = it->index;

	if (b->kind == KIND_RTP)
		index = estimate_index(st->rtp_seen, rp->highest, be16(p->in + 2));
	return index == it->index && srtpo_replay_check(rp, index) == SRTPO_REPLAY_NEW;
}

static void drop_failed_clones(struct burst *b, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct srtpo_stream *st = b->items[i].stream;

		if (!st || !st->provisional)
			continue;
		if (st->burst_ok) {
			st->provisional = false;
			continue;
		}
		for (size_t j = i; j < to; j++)
			if (b->items[j].stream == st)
				b->items[j].stream = NULL;
		srtpo_remove_stream(b->s, st->ssrc);
	}
}

/*
 * Async bursts: a clone may be used by a burst still in flight, so none is removed until the
 * queue is empty (srtpo_poll / drain); one that authenticated stops being provisional now.
 */
static void keep_clones(struct burst *b, const srtpo_packet_t *pkts, size_t from, size_t to)
{
	struct srtpo_async *a = b->s->async;

	for (size_t i = from; i < to; i++) {
		struct srtpo_stream *st = b->items[i].stream;

		if (!st || !st->provisional)
			continue;
		if (pkts[i].status == SRTPO_OK)
			st->provisional = false;
		else if (a->nclones < sizeof(a->clones) / sizeof(a->clones[0]))
			a->clones[a->nclones++] = st->ssrc;
	}
}

/* Commits (or redoes) item i after the engine ran. */
static void flush_one(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it, size_t i)
{
	struct srtpo_stream *st = it->stream;
	bool redo = false;

	if (!st)
		return;
	if (b->protect) {
		if (it->op != NO_OP)
			commit_one(b, p, it);
		return;
	}
	if (st->burst_failed && st->burst_first < i) {
		/* An earlier packet of this stream failed after this one was judged. */
		if (it->op == NO_OP)
			redo = p->status == SRTPO_ERR_REPLAY || p->status == SRTPO_ERR_REPLAY_OLD;
		else if (b->ops[it->op].status != SRTPO_OK && !still_valid(b, it, p))
			redo = true;
	}
	if (redo) {
		struct srtpo_op op1;
		struct srtpo_burst_item it1;
		bool failed = st->burst_failed, ok = st->burst_ok;
		uint32_t first = st->burst_first;

		if (it->heap) {
			srtpo_wipe_free(it->heap, p->in_len);
			it->heap = NULL;
		}
		/* A burst of one sees only the committed state. */
		run_burst(b->s, b->kind, false, p, 1, &op1, &it1, true);
		st->burst_failed = failed || p->status != SRTPO_OK;
		st->burst_ok = ok || p->status == SRTPO_OK;
		st->burst_first = first;
		return;
	}
	if (it->op == NO_OP) {
		if (p->status == SRTPO_ERR_REPLAY || p->status == SRTPO_ERR_REPLAY_OLD)
			srtpo_stream_cold(st)->replays++;
		return;
	}
	if (b->async) {
		/* judged before the bursts ahead of it committed: one of them may have carried
		 * the same index (replay is judged before authentication, as one by one) */
		int v = srtpo_replay_check(replay_of(st, b->kind), it->index);

		if (v != SRTPO_REPLAY_NEW) {
			p->status = verdict_error(v);
			srtpo_stream_cold(st)->replays++;
			st->burst_failed = true;
			return;
		}
	}
	commit_one(b, p, it);
}

/*
 * flush_one's common case, for a burst of the synchronous calls: an op that succeeded, in place,
 * of a stream none of whose packets failed earlier in the burst (so nothing needs redoing).
 * Returns false, having changed nothing, for everything else.
 */
static inline __attribute__((always_inline)) bool
commit_fast(struct burst *b, srtpo_packet_t *p, struct srtpo_burst_item *it)
{
	struct srtpo_stream *st = it->stream;
	const struct srtpo_op *op;

	if (unlikely(!st || it->op == NO_OP))
		return false;
	op = &b->ops[it->op];
	if (unlikely(op->status != SRTPO_OK))
		return false;
	if (b->protect) {
		p->status = SRTPO_OK;
		st->burst_ok = true;
		return true;
	}
	if (unlikely(b->kind != KIND_RTP || st->burst_failed || op->buf != p->out))
		return false;
	p->out_len = op->auth_len;
	p->status = SRTPO_OK;
	srtpo_replay_add(&st->rtp_replay, it->index);
	it->key->rtp_left--;
	st->rtp_unprotected++;
	st->rtp_seen = true;
	st->burst_ok = true;
	return true;
}

/* Header-extension ops run in software (the card does none of it), counted on a card. */
static void run_ext(struct burst *b)
{
	if (!b->nxops)
		return;
	srtpo_sw_engine_run_ext(b->s->engine, b->ops + b->cap - b->nxops, b->nxops);
	if (b->s->card)
		b->s->sw_ext += b->nxops;
}

/*
 * RFC 6904 around the plain ops: protect encrypts the listed elements before the op runs (its
 * tag covers them); unprotect decrypts them once the op authenticated.
 */
static void xtn_around(struct burst *b, bool before)
{
	if (!b->s->has_xtn || b->protect != before)
		return;
	srtpo_xtn_apply_burst(b->s->engine, b->ops, b->nops, !before);
}

static void flush(struct burst *b, srtpo_packet_t *pkts, size_t from, size_t to)
{
	if (!b->ran) {
		run_ext(b);
		xtn_around(b, true);
		if (b->nops)
			srtpo_backend_run(b->s, b->ops, b->nops);
	}
	xtn_around(b, false);
	for (size_t i = from; i < to; i++) {
		struct srtpo_burst_item *it = &b->items[i];

		if (likely(!b->async) && commit_fast(b, &pkts[i], it))
			continue;
		flush_one(b, &pkts[i], it, i);
		if (it->heap) {
			srtpo_wipe_free(it->heap, pkts[i].in_len);
			it->heap = NULL;
		}
	}
	if (b->async)
		keep_clones(b, pkts, from, to);
	else if (!b->nested && (b->s->template_in || b->s->template_out))
		drop_failed_clones(b, from, to); /* only templates make clones */
	b->nops = 0;
	b->nxops = 0;
}

static inline uint32_t ssrc_of(enum kind kind, const srtpo_packet_t *p)
{
	if (kind == KIND_RTP)
		return p->in && p->in_len >= 12 ? be32(p->in + 8) : 0;
	return p->in && p->in_len >= 8 ? be32(p->in + 4) : 0;
}

/*
 * With many streams each packet's table slot, stream and key slot are cache misses. Three passes
 * over the burst start those loads for all packets before the first one needs them, so the
 * misses overlap instead of adding up: table slots, then streams, then key slots. The hint is
 * "to L2" (prefetcht2): a burst asks for ~250 lines, far more than the L1 can track at once, and
 * prefetches into L1 stall behind each other (measured: 100,000 streams, 5.9 -> 7.8 Mpps).
 */
static bool prefetch_burst(srtpo_session_t *s, enum kind kind, const srtpo_packet_t *pkts,
			   size_t n, struct srtpo_stream **st)
{
	if (s->table.count < 64)
		return false; /* a handful of streams stay in L1 */
	for (size_t i = 0; i < n; i++)
		srtpo_table_prefetch(&s->table, ssrc_of(kind, &pkts[i]));
	if (s->table.count < PREFETCH_MIN_STREAMS)
		return false; /* the streams stay in L2: another pass would only cost */
	for (size_t i = 0; i < n; i++) {
		const char *line;

		st[i] = srtpo_table_find(&s->table, ssrc_of(kind, &pkts[i]));
		if (!st[i])
			continue;
		for (size_t off = 0; off < 192; off += 64)
			__builtin_prefetch((const char *)st[i] + off, 1, 1);
		/* The embedded key block's slot: its address needs no load (a wrong guess for a
		 * stream without one costs a useless prefetch, never a fault). */
		line = (const char *)srtpo_stream_embedded_kb(st[i]) +
		       (kind == KIND_RTP ? offsetof(struct srtpo_keyblock, rtp)
					 : offsetof(struct srtpo_keyblock, rtcp));
		for (size_t off = 0; off < 64 + 16u * 11; off += 64)
			__builtin_prefetch(line + off, 0, 1);
	}
	for (size_t i = 0; i < n; i++) {
		const struct srtpo_keyslot *ks;

		if (!st[i] || (st[i]->embeds_kb && st[i]->active_key == 0))
			continue;
		ks = kind == KIND_RTP ? &st[i]->keys[st[i]->active_key].kb->rtp
				      : &st[i]->keys[st[i]->active_key].kb->rtcp;
		for (size_t off = 0; off < 64 + 16u * 15; off += 64)
			__builtin_prefetch((const char *)ks + off, 0, 1);
	}
	return true;
}

/*
 * Step 1 for every packet, in order. A key derivation rate boundary runs and commits the ops
 * before it (after finishing every asynchronous burst in flight), then retries the packet.
 * Returns the first item not yet flushed.
 */
static size_t prepare_all(struct burst *b, srtpo_packet_t *pkts, size_t n)
{
	srtpo_session_t *s = b->s;
	size_t start = 0;
	bool fast = b->kind == KIND_RTP && !b->async, found_ok;
	/* the streams prefetch_burst found (NULL: not found then); they stay valid until a
	 * flush, the only place a stream can go during a burst */
	struct srtpo_stream *found[SRTPO_BURST_MAX];

	s->burst_gen++;
	found_ok = prefetch_burst(s, b->kind, pkts, n, found);
	for (size_t i = 0; i < n; i++) {
		struct srtpo_burst_item *it = &b->items[i];
		int rc;

		if (fast && prepare_rtp_fast(b, &pkts[i], it, (uint32_t)i,
					     found_ok ? found[i] : NULL))
			continue;
		rc = prepare(b, &pkts[i], (uint32_t)i);
		if (rc == KDR_FLUSH) {
			if (b->async)
				srtpo_async_drain(s);
			flush(b, pkts, start, i);
			found_ok = false;
			start = i;
			s->burst_gen++;
			rc = prepare(b, &pkts[i], (uint32_t)i);
			if (rc == KDR_FLUSH)
				rc = SRTPO_ERR_BACKEND;
		}
		pkts[i].status = rc;
		if (rc && it->op != NO_OP) {
			if (it->op >= b->nops)
				b->nxops--;
			else
				b->nops--;
			it->op = NO_OP;
		}
		if ((rc == SRTPO_ERR_MALFORMED || rc == SRTPO_ERR_TOO_SHORT) && it->stream)
			srtpo_stream_cold(it->stream)->malformed++;
	}
	return start;
}

static size_t run_burst(srtpo_session_t *s, enum kind kind, bool protect, srtpo_packet_t *pkts,
			size_t n, struct srtpo_op *ops, struct srtpo_burst_item *items, bool nested)
{
	struct burst b = { s, kind, protect, ops, items, 0, nested,
			   s->scratch + (nested ? SRTPO_BURST_MAX * SRTPO_SCRATCH_SLOT : 0), false,
			   false, nested ? 1 : SRTPO_BURST_MAX, 0 };
	size_t ok = 0;

	flush(&b, pkts, prepare_all(&b, pkts, n), n);
	for (size_t i = 0; i < n; i++)
		ok += pkts[i].status == SRTPO_OK;
	return ok;
}

static size_t burst(srtpo_session_t *s, enum kind kind, bool protect, srtpo_packet_t *pkts,
		    size_t n)
{
	size_t ok = 0;

	if (!s || (!pkts && n))
		return 0;
	srtpo_async_drain(s);
	for (size_t i = 0; i < n; i += SRTPO_BURST_MAX) {
		size_t m = n - i < SRTPO_BURST_MAX ? n - i : SRTPO_BURST_MAX;

		ok += run_burst(s, kind, protect, pkts + i, m, s->ops, s->items, false);
	}
	return ok;
}

SRTPO_API size_t srtpo_protect_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n)
{
	return burst(s, KIND_RTP, true, pkts, n);
}

SRTPO_API size_t srtpo_unprotect_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n)
{
	return burst(s, KIND_RTP, false, pkts, n);
}

SRTPO_API size_t srtpo_protect_rtcp_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n)
{
	return burst(s, KIND_RTCP, true, pkts, n);
}

SRTPO_API size_t srtpo_unprotect_rtcp_burst(srtpo_session_t *s, srtpo_packet_t *pkts, size_t n)
{
	return burst(s, KIND_RTCP, false, pkts, n);
}

/* ---- one packet ---- */

static int one(srtpo_session_t *s, enum kind kind, bool protect, const uint8_t *in, size_t in_len,
	       uint8_t *out, size_t out_cap, size_t *out_len)
{
	srtpo_packet_t p = { in, in_len, out, out_cap, 0, SRTPO_ERR_BAD_PARAM };

	if (!s || !in || !out || !out_len)
		return SRTPO_ERR_BAD_PARAM;
	burst(s, kind, protect, &p, 1);
	if (p.status == SRTPO_OK)
		*out_len = p.out_len;
	return p.status;
}

SRTPO_API int srtpo_protect(srtpo_session_t *s, uint8_t *pkt, size_t *len, size_t cap)
{
	return len ? one(s, KIND_RTP, true, pkt, *len, pkt, cap, len) : SRTPO_ERR_BAD_PARAM;
}

SRTPO_API int srtpo_unprotect(srtpo_session_t *s, uint8_t *pkt, size_t *len)
{
	return len ? one(s, KIND_RTP, false, pkt, *len, pkt, *len, len) : SRTPO_ERR_BAD_PARAM;
}

SRTPO_API int srtpo_protect_rtcp(srtpo_session_t *s, uint8_t *pkt, size_t *len, size_t cap)
{
	return len ? one(s, KIND_RTCP, true, pkt, *len, pkt, cap, len) : SRTPO_ERR_BAD_PARAM;
}

SRTPO_API int srtpo_unprotect_rtcp(srtpo_session_t *s, uint8_t *pkt, size_t *len)
{
	return len ? one(s, KIND_RTCP, false, pkt, *len, pkt, *len, len) : SRTPO_ERR_BAD_PARAM;
}

SRTPO_API int srtpo_protect_to(srtpo_session_t *s, const uint8_t *in, size_t in_len, uint8_t *out,
			       size_t out_cap, size_t *out_len)
{
	return one(s, KIND_RTP, true, in, in_len, out, out_cap, out_len);
}

SRTPO_API int srtpo_unprotect_to(srtpo_session_t *s, const uint8_t *in, size_t in_len,
				 uint8_t *out, size_t out_cap, size_t *out_len)
{
	return one(s, KIND_RTP, false, in, in_len, out, out_cap, out_len);
}

SRTPO_API int srtpo_protect_rtcp_to(srtpo_session_t *s, const uint8_t *in, size_t in_len,
				    uint8_t *out, size_t out_cap, size_t *out_len)
{
	return one(s, KIND_RTCP, true, in, in_len, out, out_cap, out_len);
}

SRTPO_API int srtpo_unprotect_rtcp_to(srtpo_session_t *s, const uint8_t *in, size_t in_len,
				      uint8_t *out, size_t out_cap, size_t *out_len)
{
	return one(s, KIND_RTCP, false, in, in_len, out, out_cap, out_len);
}

/* ---- asynchronous bursts ---- */

static int async_init(srtpo_session_t *s)
{
	struct srtpo_async *a = calloc(1, sizeof(*a));

	if (!a)
		return SRTPO_ERR_NO_MEMORY;
	a->scratch = malloc((size_t)SRTPO_ASYNC_DEPTH * SRTPO_BURST_MAX * SRTPO_SCRATCH_SLOT);
	if (!a->scratch) {
		free(a);
		return SRTPO_ERR_NO_MEMORY;
	}
	for (uint32_t i = 0; i < SRTPO_ASYNC_DEPTH; i++)
		a->b[i].scratch = a->scratch + (size_t)i * SRTPO_BURST_MAX * SRTPO_SCRATCH_SLOT;
	s->async = a;
	return SRTPO_OK;
}

void srtpo_async_free(srtpo_session_t *s)
{
	struct srtpo_async *a = s->async;

	if (!a)
		return;
	srtpo_async_drain(s);
	/* the scratch held packet bytes; the bursts held key slot pointers */
	srtpo_wipe_free(a->scratch, (size_t)SRTPO_ASYNC_DEPTH * SRTPO_BURST_MAX * SRTPO_SCRATCH_SLOT);
	srtpo_wipe_free(a, sizeof(*a));
	s->async = NULL;
}

/* Removes the clones whose only packets failed, once no burst in flight can refer to them. */
static void async_drop_clones(srtpo_session_t *s)
{
	struct srtpo_async *a = s->async;
	uint32_t n = a->nclones;

	a->nclones = 0;
	a->finishing = true;   /* srtpo_remove_stream must not drain again */
	for (uint32_t i = 0; i < n; i++) {
		struct srtpo_stream *st = srtpo_table_find(&s->table, a->clones[i]);

		if (st && st->provisional)
			srtpo_remove_stream(s, a->clones[i]);
	}
	a->finishing = false;
}

/* Commits a burst whose crypto is done: the second half of run_burst. */
static void async_finish(srtpo_session_t *s, struct srtpo_async_burst *ab)
{
	struct burst b = { s, (enum kind)ab->kind, ab->protect, ab->ops, ab->items, ab->nops, false,
			   ab->scratch, true, true, SRTPO_BURST_MAX, ab->nxops };

	/* the per-stream burst fields belong to the last burst prepared: set them up again for
	 * this one (failures and successes inside it, its first item per stream) */
	s->burst_gen++;
	for (size_t i = 0; i < ab->n; i++) {
		struct srtpo_stream *st = ab->items[i].stream;

		if (st)
			burst_touch(&b, st, (uint32_t)i);
	}
	s->async->finishing = true;
	flush(&b, ab->pkts, 0, ab->n);
	s->async->finishing = false;
	ab->ok = 0;
	for (size_t i = 0; i < ab->n; i++)
		ab->ok += ab->pkts[i].status == SRTPO_OK;
	ab->done = true;
}

void srtpo_async_drain(srtpo_session_t *s)
{
	struct srtpo_async *a = s->async;

	if (!a || !a->count || a->finishing)
		return;
	for (uint32_t k = 0; k < a->count; k++) {
		struct srtpo_async_burst *ab = &a->b[(a->head + k) % SRTPO_ASYNC_DEPTH];

		if (ab->done)
			continue;
		if (ab->on_card)
			srtpo_backend_done(s, ab->ticket, 1);
		async_finish(s, ab);
	}
	async_drop_clones(s);
}

SRTPO_API int srtpo_submit(srtpo_session_t *s, srtpo_dir_t dir, srtpo_packet_t *pkts, size_t n,
			   void *user)
{
	struct srtpo_async_burst *ab;
	struct srtpo_async *a;
	struct burst b;
	size_t start;
	bool sync;

	if (!s || (unsigned)dir > SRTPO_DIR_UNPROTECT_RTCP || !pkts || !n || n > SRTPO_ASYNC_BURST)
		return SRTPO_ERR_BAD_PARAM;
	if (!s->async && async_init(s))
		return SRTPO_ERR_NO_MEMORY;
	a = s->async;
	if (a->count == SRTPO_ASYNC_DEPTH || a->finishing)
		return SRTPO_ERR_AGAIN;
	ab = &a->b[(a->head + a->count) % SRTPO_ASYNC_DEPTH];
	ab->pkts = pkts;
	ab->n = n;
	ab->user = user;
	ab->kind = dir >= SRTPO_DIR_PROTECT_RTCP ? KIND_RTCP : KIND_RTP;
	ab->protect = dir == SRTPO_DIR_PROTECT || dir == SRTPO_DIR_PROTECT_RTCP;
	ab->on_card = false;
	ab->done = false;
	b = (struct burst){ s, (enum kind)ab->kind, ab->protect, ab->ops, ab->items, 0, false,
			    ab->scratch, true, false, SRTPO_BURST_MAX, 0 };

	/* after a key derivation rate boundary the burst goes on in step (prepare_all) */
	start = prepare_all(&b, pkts, n);
	sync = start != 0;
	a->count++;
	if (sync) {
		flush(&b, pkts, start, n);
		ab->ok = 0;
		for (size_t i = 0; i < n; i++)
			ab->ok += pkts[i].status == SRTPO_OK;
		ab->done = true;
		return SRTPO_OK;
	}
	ab->nops = b.nops;
	ab->nxops = b.nxops;
	run_ext(&b); /* software, now: only the plain ops go to the card */
	xtn_around(&b, true);
	if (b.nops)
		ab->on_card = srtpo_backend_submit(s, ab->ops, b.nops, &ab->ticket);
	return SRTPO_OK;
}

SRTPO_API size_t srtpo_poll(srtpo_session_t *s, srtpo_completion_t *done, size_t max, int wait)
{
	struct srtpo_async *a = s ? s->async : NULL;
	size_t got = 0;

	if (!a || !done || a->finishing)
		return 0;
	while (got < max && a->count) {
		struct srtpo_async_burst *ab = &a->b[a->head];

		if (!ab->done) {
			if (ab->on_card && !srtpo_backend_done(s, ab->ticket, wait && !got))
				break;
			async_finish(s, ab);
		}
		done[got].user = ab->user;
		done[got].pkts = ab->pkts;
		done[got].n = ab->n;
		done[got].ok = ab->ok;
		got++;
		a->head = (a->head + 1) % SRTPO_ASYNC_DEPTH;
		a->count--;
	}
	if (!a->count)
		async_drop_clones(s);
	return got;
}

SRTPO_API size_t srtpo_pending(const srtpo_session_t *s)
{
	return s && s->async ? s->async->count : 0;
}
