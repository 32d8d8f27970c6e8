// SPDX-License-Identifier: BSD-3-Clause
/*
 * diff_dropin.c - the libsrtp2 drop-in against Debian's libsrtp2, through libsrtp2's API.
 *
 * Built against Debian's own <srtp2/srtp.h> (/usr/include/srtp2, never the drop-in's) and linked
 * with -lsrtp2, then run with LD_LIBRARY_PATH at the drop-in's directory: the libsrtp2 this
 * program links IS the drop-in (the ABI check), and it proves so by finding the drop-in's
 * extension symbol. Debian's libsrtp2.so.1 is loaded a second time by path with RTLD_DEEPBIND,
 * so that its calls to its own names (and NSS's) stay inside it: both libraries, with the same
 * symbol names, live in one process. (Not dlmopen: a second libc in the process breaks OpenSSL's
 * locks inside the drop-in.)
 *
 * Every case draws a configuration (suite for RTP and RTCP, one key or several with MKIs, a
 * specific SSRC or templates, replay window, allow_repeat_tx, starting ROC and sequence numbers
 * near a rollover) and runs the same calls on both libraries in lockstep:
 *   - a sender on each side protects the same RTP/RTCP packets: results, lengths and bytes equal;
 *   - the drop-in's output goes to a libsrtp2 receiver and libsrtp2's to a drop-in receiver,
 *     delivered with losses, reordering, replays, old packets and corrupted tags: verdicts,
 *     lengths and bytes equal; a packet the drop-in refuses is left as it was;
 *   - mid-case rekeys (srtp_update), remove + add, ROC get/set, trailer lengths, events.
 * A mismatch prints the case, the call, both results and the seed: `diff_dropin SEED CASES`.
 * DIFF_TRACE=<case> prints that case's calls; DIFF_VERBOSE=1 the packet of each mismatch.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <srtp2/srtp.h>
#include <stdarg.h>

#include "testutil.h"

#define SYSTEM_LIBSRTP2 "/usr/lib/x86_64-linux-gnu/libsrtp2.so.1"
#define BUF 2048

/* ---- the two libraries ------------------------------------------------------------------- */

#define FN(x) __typeof__(&x) x
struct api {
	const char *name;
	FN(srtp_init);
	FN(srtp_create);
	FN(srtp_dealloc);
	FN(srtp_add_stream);
	FN(srtp_remove_stream);
	FN(srtp_update);
	FN(srtp_update_stream);
	FN(srtp_protect_mki);
	FN(srtp_unprotect_mki);
	FN(srtp_protect_rtcp_mki);
	FN(srtp_unprotect_rtcp_mki);
	FN(srtp_protect);
	FN(srtp_unprotect);
	FN(srtp_protect_rtcp);
	FN(srtp_unprotect_rtcp);
	FN(srtp_get_stream_roc);
	FN(srtp_set_stream_roc);
	FN(srtp_get_protect_trailer_length);
	FN(srtp_get_protect_rtcp_trailer_length);
	FN(srtp_install_event_handler);
	FN(srtp_set_user_data);
	FN(srtp_get_user_data);
	FN(srtp_crypto_policy_set_from_profile_for_rtp);
	FN(srtp_crypto_policy_set_from_profile_for_rtcp);
	FN(srtp_profile_get_master_key_length);
	FN(srtp_profile_get_master_salt_length);
	FN(srtp_get_version);
	FN(srtp_get_version_string);
	FN(srtp_append_salt_to_key);
	void (*setters[18])(srtp_crypto_policy_t *);
};

static const char *const setter_names[18] = {
	"srtp_crypto_policy_set_rtp_default",
	"srtp_crypto_policy_set_rtcp_default",
	"srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32",
	"srtp_crypto_policy_set_aes_cm_128_null_auth",
	"srtp_crypto_policy_set_null_cipher_hmac_sha1_80",
	"srtp_crypto_policy_set_null_cipher_hmac_null",
	"srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80",
	"srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32",
	"srtp_crypto_policy_set_aes_cm_256_null_auth",
	"srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80",
	"srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32",
	"srtp_crypto_policy_set_aes_cm_192_null_auth",
	"srtp_crypto_policy_set_aes_gcm_128_8_auth",
	"srtp_crypto_policy_set_aes_gcm_256_8_auth",
	"srtp_crypto_policy_set_aes_gcm_128_8_only_auth",
	"srtp_crypto_policy_set_aes_gcm_256_8_only_auth",
	"srtp_crypto_policy_set_aes_gcm_128_16_auth",
	"srtp_crypto_policy_set_aes_gcm_256_16_auth",
};
/* setters 9..11 are AES-192: srtpo derives its keys as RFC 6188 says, libsrtp2 2.5 does not (it
 * runs AES-256 over the 24-byte key), so no byte can agree: the drop-in must take the policies,
 * the lockstep runs skip them (README) */
#define IS_AES192(i) ((i) >= 9 && (i) <= 11)

static struct api dropin, ref;
static void *ref_handle;

#define LINK(a, x) (a).x = x
#define LOOK(h, a, x) do { *(void **)&(a).x = dlsym(h, #x); if (!(a).x) die("dlsym " #x); } while (0)
#define EACH(M, ...) \
	M(__VA_ARGS__, srtp_init); M(__VA_ARGS__, srtp_create); M(__VA_ARGS__, srtp_dealloc); \
	M(__VA_ARGS__, srtp_add_stream); M(__VA_ARGS__, srtp_remove_stream); \
	M(__VA_ARGS__, srtp_update); M(__VA_ARGS__, srtp_update_stream); \
	M(__VA_ARGS__, srtp_protect_mki); M(__VA_ARGS__, srtp_unprotect_mki); \
	M(__VA_ARGS__, srtp_protect_rtcp_mki); M(__VA_ARGS__, srtp_unprotect_rtcp_mki); \
	M(__VA_ARGS__, srtp_protect); M(__VA_ARGS__, srtp_unprotect); \
	M(__VA_ARGS__, srtp_protect_rtcp); M(__VA_ARGS__, srtp_unprotect_rtcp); \
	M(__VA_ARGS__, srtp_get_stream_roc); M(__VA_ARGS__, srtp_set_stream_roc); \
	M(__VA_ARGS__, srtp_get_protect_trailer_length); \
	M(__VA_ARGS__, srtp_get_protect_rtcp_trailer_length); \
	M(__VA_ARGS__, srtp_install_event_handler); M(__VA_ARGS__, srtp_set_user_data); \
	M(__VA_ARGS__, srtp_get_user_data); \
	M(__VA_ARGS__, srtp_crypto_policy_set_from_profile_for_rtp); \
	M(__VA_ARGS__, srtp_crypto_policy_set_from_profile_for_rtcp); \
	M(__VA_ARGS__, srtp_profile_get_master_key_length); \
	M(__VA_ARGS__, srtp_profile_get_master_salt_length); \
	M(__VA_ARGS__, srtp_get_version); M(__VA_ARGS__, srtp_get_version_string); \
	M(__VA_ARGS__, srtp_append_salt_to_key)

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "diff_dropin: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void load(void)
{
	void *h;

	/* the drop-in is what this program linked: prove it before trusting anything */
	if (!dlsym(RTLD_DEFAULT, "srtpo_libsrtp2_session"))
		die("the libsrtp2 this program runs on is not the drop-in (set LD_LIBRARY_PATH)");
	dropin.name = "drop-in";
	EACH(LINK, dropin);
	dropin.setters[0] = srtp_crypto_policy_set_rtp_default;
	dropin.setters[1] = srtp_crypto_policy_set_rtcp_default;
	dropin.setters[2] = srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32;
	dropin.setters[3] = srtp_crypto_policy_set_aes_cm_128_null_auth;
	dropin.setters[4] = srtp_crypto_policy_set_null_cipher_hmac_sha1_80;
	dropin.setters[5] = srtp_crypto_policy_set_null_cipher_hmac_null;
	dropin.setters[6] = srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80;
	dropin.setters[7] = srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32;
	dropin.setters[8] = srtp_crypto_policy_set_aes_cm_256_null_auth;
	dropin.setters[9] = srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80;
	dropin.setters[10] = srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32;
	dropin.setters[11] = srtp_crypto_policy_set_aes_cm_192_null_auth;
	dropin.setters[12] = srtp_crypto_policy_set_aes_gcm_128_8_auth;
	dropin.setters[13] = srtp_crypto_policy_set_aes_gcm_256_8_auth;
	dropin.setters[14] = srtp_crypto_policy_set_aes_gcm_128_8_only_auth;
	dropin.setters[15] = srtp_crypto_policy_set_aes_gcm_256_8_only_auth;
	dropin.setters[16] = srtp_crypto_policy_set_aes_gcm_128_16_auth;
	dropin.setters[17] = srtp_crypto_policy_set_aes_gcm_256_16_auth;

	h = dlopen(SYSTEM_LIBSRTP2, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!h)
		die("dlopen %s: %s", SYSTEM_LIBSRTP2, dlerror());
	ref_handle = h;
	if (dlsym(h, "srtpo_libsrtp2_session") || (void *)dlsym(h, "srtp_protect") == (void *)srtp_protect)
		die("%s is the drop-in, not Debian's libsrtp2", SYSTEM_LIBSRTP2);
	ref.name = "libsrtp2";
	EACH(LOOK, h, ref);
	for (int i = 0; i < 18; i++) {
		*(void **)&ref.setters[i] = dlsym(h, setter_names[i]);
		if (!ref.setters[i])
			die("dlsym %s", setter_names[i]);
	}
}

/* ---- checking ------------------------------------------------------------------------------ */

static uint64_t seed;
static const char *delivery = "";
static int trace_case = -1;
static int rx_rtp_ok;                 /* an RTP packet was accepted by the receivers */
static int case_no;
static const char *case_desc = "";
static unsigned long checks, failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	if (failures > 20)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "MISMATCH seed %llu case %d (%s): ", (unsigned long long)seed, case_no,
		case_desc);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

#define SAME(what, a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); checks++; \
	if (a_ != b_) fail("%s: drop-in %lld, libsrtp2 %lld", what, a_, b_); } while (0)

/* ---- events -------------------------------------------------------------------------------- */

struct evlog {
	int n;
	uint32_t ssrc[64];
	int ev[64];
	void *session[64];
};
static struct evlog ev_dropin, ev_ref;

static void log_event(struct evlog *l, srtp_event_data_t *d)
{
	if (l->n < 64) {
		l->ssrc[l->n] = d->ssrc;
		l->ev[l->n] = d->event;
		l->session[l->n] = d->session;
	}
	l->n++;
}

static void on_event_dropin(srtp_event_data_t *d)
{
	log_event(&ev_dropin, d);
}

static void on_event_ref(srtp_event_data_t *d)
{
	log_event(&ev_ref, d);
}

static void compare_events(const char *when)
{
	SAME("event count", ev_dropin.n, ev_ref.n);
	for (int i = 0; i < ev_dropin.n && i < ev_ref.n && i < 64; i++) {
		SAME("event", ev_dropin.ev[i], ev_ref.ev[i]);
		SAME("event ssrc", ev_dropin.ssrc[i], ev_ref.ssrc[i]);
	}
	(void)when;
	ev_dropin.n = ev_ref.n = 0;
}

/* ---- static facts: setters, profiles, version ---------------------------------------------- */

static void check_static(void)
{
	case_desc = "setters and profiles";
	for (int i = 0; i < 18; i++) {
		srtp_crypto_policy_t a, b;

		memset(&a, 0x5a, sizeof(a));
		memset(&b, 0x5a, sizeof(b));
		dropin.setters[i](&a);
		ref.setters[i](&b);
		checks++;
		if (memcmp(&a, &b, sizeof(a)))
			fail("%s fills a different policy", setter_names[i]);
	}
	for (int pr = 0; pr < 12; pr++) {
		srtp_crypto_policy_t a, b;

		memset(&a, 0x11, sizeof(a));
		memset(&b, 0x11, sizeof(b));
		SAME("profile rtp rc", dropin.srtp_crypto_policy_set_from_profile_for_rtp(&a, pr),
		     ref.srtp_crypto_policy_set_from_profile_for_rtp(&b, pr));
		SAME("profile rtp policy", memcmp(&a, &b, sizeof(a)), 0);
		memset(&a, 0x11, sizeof(a));
		memset(&b, 0x11, sizeof(b));
		SAME("profile rtcp rc", dropin.srtp_crypto_policy_set_from_profile_for_rtcp(&a, pr),
		     ref.srtp_crypto_policy_set_from_profile_for_rtcp(&b, pr));
		SAME("profile rtcp policy", memcmp(&a, &b, sizeof(a)), 0);
		SAME("profile key length", dropin.srtp_profile_get_master_key_length(pr),
		     ref.srtp_profile_get_master_key_length(pr));
		SAME("profile salt length", dropin.srtp_profile_get_master_salt_length(pr),
		     ref.srtp_profile_get_master_salt_length(pr));
	}
	SAME("version", dropin.srtp_get_version(), ref.srtp_get_version());
	checks++;
	if (strcmp(dropin.srtp_get_version_string(), ref.srtp_get_version_string()))
		fail("version string %s vs %s", dropin.srtp_get_version_string(),
		     ref.srtp_get_version_string());
	{
		unsigned char ka[64] = { 1, 2, 3 }, kb[64] = { 1, 2, 3 }, salt[14];

		for (int i = 0; i < 14; i++)
			salt[i] = (unsigned char)(0xa0 + i);
		dropin.srtp_append_salt_to_key(ka, 16, salt, 14);
		ref.srtp_append_salt_to_key(kb, 16, salt, 14);
		SAME("append_salt_to_key", memcmp(ka, kb, sizeof(ka)), 0);
	}
}

/* ---- one case ------------------------------------------------------------------------------ */

struct config {
	int rtp_setter, rtcp_setter;
	int nkeys;                    /* 0: policy.key, else keys[] with MKIs */
	unsigned mki_size;
	int use_template;
	unsigned long window;
	int allow_repeat_tx;
	uint32_t ssrc;
	int xtn[4], nxtn;             /* RFC 6904: header extension IDs to encrypt */
	unsigned char key[16][64];
	unsigned char mki[16][SRTP_MAX_MKI_LEN];
	srtp_master_key_t mk[16];
	srtp_master_key_t *mkp[16];
};

static void fill_policy(const struct api *a, struct config *c, srtp_policy_t *p, int inbound)
{
	memset(p, 0, sizeof(*p));
	a->setters[c->rtp_setter](&p->rtp);
	a->setters[c->rtcp_setter](&p->rtcp);
	if (c->use_template) {
		p->ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
	} else {
		p->ssrc.type = ssrc_specific;
		p->ssrc.value = c->ssrc;
	}
	if (c->nkeys == 0) {
		p->key = c->key[0];
	} else {
		for (int i = 0; i < c->nkeys; i++) {
			c->mk[i].key = c->key[i];
			c->mk[i].mki_id = c->mki[i];
			c->mk[i].mki_size = c->mki_size;
			c->mkp[i] = &c->mk[i];
		}
		p->keys = c->mkp;
		p->num_master_keys = (unsigned long)c->nkeys;
	}
	p->window_size = c->window;
	p->allow_repeat_tx = c->allow_repeat_tx;
	p->enc_xtn_hdr = c->nxtn ? c->xtn : NULL;
	p->enc_xtn_hdr_count = c->nxtn;
}

/* Setters that work on both sides in this build (AES-192/GCM need srtpo's AEAD suites). */
static int usable_setters[18], n_usable;

static void random_config(struct rng *r, struct config *c)
{
	static const unsigned mki_sizes[] = { 1, 2, 4, 16, 128 };

	memset(c, 0, sizeof(*c));
	c->rtp_setter = usable_setters[rng_below(r, (uint32_t)n_usable)];
	c->rtcp_setter = c->rtp_setter;
	/* same key size on both: the _32/_80 and null-auth variants of the same cipher */
	if (rng_chance(r, 1, 3)) {
		int alt = usable_setters[rng_below(r, (uint32_t)n_usable)];
		srtp_crypto_policy_t x, y;

		ref.setters[alt](&x);
		ref.setters[c->rtp_setter](&y);
		if (x.cipher_key_len == y.cipher_key_len && x.cipher_type == y.cipher_type)
			c->rtcp_setter = alt;
	}
	if (rng_chance(r, 1, 3)) {
		c->nkeys = (int)rng_range(r, 1, 4);
		c->mki_size = mki_sizes[rng_below(r, 5)];
		/* libsrtp2 finds an SRTCP packet's MKI at the RTP tag's distance from the end */
		c->rtcp_setter = c->rtp_setter;
	}
	for (int i = 0; i < 16; i++) {
		rng_fill(r, c->key[i], sizeof(c->key[i]));
		rng_fill(r, c->mki[i], sizeof(c->mki[i]));
		c->mki[i][0] = (unsigned char)i; /* MKIs of one stream differ */
	}
	if (rng_chance(r, 1, 4)) {
		c->nxtn = (int)rng_range(r, 1, 4);
		for (int i = 0; i < c->nxtn; i++)
			c->xtn[i] = (int)rng_range(r, 1, 14);
	}
	c->use_template = rng_chance(r, 1, 4);
	/* (32767: libsrtp2's bitmap makes it 32768, one more than srtpo allows; see README) */
	static const unsigned long windows[] = { 0, 64, 100, 128, 1024, 32736 };
	c->window = windows[rng_below(r, 6)];
	c->allow_repeat_tx = rng_chance(r, 1, 4);
	c->ssrc = (uint32_t)rng_next(r);
}

struct side {
	const struct api *a;
	srtp_t tx, rx;
};

static int create_side(struct side *s, const struct api *a, struct config *c)
{
	srtp_policy_t p;
	int rc;

	s->a = a;
	fill_policy(a, c, &p, 0);
	rc = a->srtp_create(&s->tx, &p);
	if (rc)
		return rc;
	fill_policy(a, c, &p, 1);
	return a->srtp_create(&s->rx, &p);
}

/* An RTP packet: CSRCs and an extension sometimes, payload of 0..300 bytes. */
/* With RFC 6904 on, extensions are well formed (see the drop-in's README: srtpo parses them as
 * RFC 8285 says, libsrtp2 2.5 not quite); without, any bytes. */
static int well_formed_xtn;

static int make_rtp(struct rng *r, uint8_t *p, uint32_t ssrc, uint16_t seq)
{
	int cc = rng_chance(r, 1, 8) ? (int)rng_range(r, 1, 3) : 0;
	int x = rng_chance(r, 1, 4), len = 12 + 4 * cc;

	p[0] = (uint8_t)(0x80 | (x ? 0x10 : 0) | cc);
	p[1] = (uint8_t)rng_below(r, 128);
	wr16(p + 2, seq);
	wr32(p + 4, (uint32_t)rng_next(r));
	wr32(p + 8, ssrc);
	rng_fill(r, p + 12, (size_t)(4 * cc));
	if (x) {
		int words = (int)rng_range(r, 0, 3);

		wr16(p + len, 0xbede);
		wr16(p + len + 2, (uint16_t)words);
		rng_fill(r, p + len + 4, (size_t)(4 * words));
		if (words && (well_formed_xtn || rng_chance(r, 1, 2))) {
			/* well-formed one-byte elements (RFC 8285): ID 1..4, 1..4 bytes, then padding */
			uint8_t *e = p + len + 4, *end = e + 4 * words;

			while (end - e >= 2) {
				int n = (int)rng_range(r, 1, (uint32_t)(end - e - 1 < 4 ? end - e - 1 : 4));

				e[0] = (uint8_t)(rng_range(r, 1, 4) << 4 | (n - 1));
				e += 1 + n;
			}
			while (e < end)
				*e++ = 0;
		}
		len += 4 + 4 * words;
	}
	int payload = (int)rng_below(r, 301);

	rng_fill(r, p + len, (size_t)payload);
	return len + payload;
}

static int make_rtcp(struct rng *r, uint8_t *p, uint32_t ssrc)
{
	int words = (int)rng_range(r, 1, 20);

	p[0] = 0x80;
	p[1] = 200;
	wr16(p + 2, (uint16_t)words);
	wr32(p + 4, ssrc);
	rng_fill(r, p + 8, (size_t)(4 * words));
	return 8 + 4 * words;
}

/* Both senders protect the same packet; results must be identical. */
static int protect_both(struct side *A, struct side *B, int rtcp, const uint8_t *in, int len,
			int use_mki, unsigned idx, uint8_t *out_a, int *la, uint8_t *out_b, int *lb)
{
	int ra, rb;

	memcpy(out_a, in, (size_t)len);
	memcpy(out_b, in, (size_t)len);
	*la = *lb = len;
	if (rtcp) {
		ra = A->a->srtp_protect_rtcp_mki(A->tx, out_a, la, (unsigned)use_mki, idx);
		rb = B->a->srtp_protect_rtcp_mki(B->tx, out_b, lb, (unsigned)use_mki, idx);
	} else {
		ra = A->a->srtp_protect_mki(A->tx, out_a, la, (unsigned)use_mki, idx);
		rb = B->a->srtp_protect_mki(B->tx, out_b, lb, (unsigned)use_mki, idx);
	}
	if (trace_case == case_no) {
		uint32_t roca = 0, rocb = 0;

		A->a->srtp_get_stream_roc(A->tx, rd32(in + (rtcp ? 4 : 8)), &roca);
		B->a->srtp_get_stream_roc(B->tx, rd32(in + (rtcp ? 4 : 8)), &rocb);
		fprintf(stderr, "  tx %s seq %u len %d: drop-in %d libsrtp2 %d (roc %u %u)\n",
			rtcp ? "rtcp" : "rtp", rtcp ? 0 : rd16(in + 2), len, ra, rb, roca, rocb);
	}
	SAME(rtcp ? "protect_rtcp rc" : "protect rc", ra, rb);
	SAME(rtcp ? "protect_rtcp len" : "protect len", *la, *lb);
	if (ra == 0 && rb == 0 && *la == *lb && memcmp(out_a, out_b, (size_t)*la)) {
		fail("%s output differs", rtcp ? "protect_rtcp" : "protect");
		if (failures <= 3)
			show_diff(stderr, out_b, (size_t)*lb, out_a, (size_t)*la);
	}
	if (ra != 0) {
		checks++;
		if (*la != len || memcmp(out_a, in, (size_t)len))
			fail("refused protect changed the packet");
	}
	return ra == 0 && rb == 0;
}

/* pkt_a goes to B's receiver (libsrtp2 unprotects the drop-in's packet) and pkt_b to A's. */
static void unprotect_cross(struct side *A, struct side *B, int rtcp, const uint8_t *pkt_a,
			    const uint8_t *pkt_b, int len, int use_mki)
{
	uint8_t xa[BUF], xb[BUF];
	int la = len, lb = len, ra, rb;

	memcpy(xa, pkt_b, (size_t)len); /* the drop-in receives libsrtp2's packet */
	memcpy(xb, pkt_a, (size_t)len); /* libsrtp2 receives the drop-in's */
	if (rtcp) {
		ra = A->a->srtp_unprotect_rtcp_mki(A->rx, xa, &la, (unsigned)use_mki);
		rb = B->a->srtp_unprotect_rtcp_mki(B->rx, xb, &lb, (unsigned)use_mki);
	} else {
		ra = A->a->srtp_unprotect_mki(A->rx, xa, &la, (unsigned)use_mki);
		rb = B->a->srtp_unprotect_mki(B->rx, xb, &lb, (unsigned)use_mki);
	}
	SAME(rtcp ? "unprotect_rtcp rc" : "unprotect rc", ra, rb);
	if (!rtcp && ra == 0 && rb == 0)
		rx_rtp_ok = 1;
	if (trace_case == case_no) {
		uint32_t roca = 0, rocb = 0;

		A->a->srtp_get_stream_roc(A->rx, rd32(pkt_b + (rtcp ? 4 : 8)), &roca);
		B->a->srtp_get_stream_roc(B->rx, rd32(pkt_b + (rtcp ? 4 : 8)), &rocb);
		fprintf(stderr, "  rx %s seq %u len %d: drop-in %d libsrtp2 %d (roc %u %u)\n",
			rtcp ? "rtcp" : "rtp", rtcp ? 0 : rd16(pkt_b + 2), len, ra, rb, roca, rocb);
	}
	if (ra != rb && getenv("DIFF_VERBOSE"))
		fprintf(stderr, "  packet seq %u len %d delivery %s\n", rtcp ? 0 : rd16(pkt_b + 2), len,
			delivery);
	if (ra == 0 && rb == 0) {
		SAME(rtcp ? "unprotect_rtcp len" : "unprotect len", la, lb);
		if (la == lb && memcmp(xa, xb, (size_t)la))
			fail("%s output differs", rtcp ? "unprotect_rtcp" : "unprotect");
	}
	if (ra != 0) {
		checks++;
		if (la != len || memcmp(xa, pkt_b, (size_t)len))
			fail("refused unprotect (%d) changed the packet", ra);
	}
}

struct sent {
	uint8_t a[BUF], b[BUF];
	int len, rtcp, ok;
};

static void compare_roc(struct side *A, struct side *B, uint32_t ssrc)
{
	uint32_t ra = 0, rb = 0;

	SAME("get_stream_roc rc tx", A->a->srtp_get_stream_roc(A->tx, ssrc, &ra),
	     B->a->srtp_get_stream_roc(B->tx, ssrc, &rb));
	SAME("roc tx", ra, rb);
	ra = rb = 0;
	SAME("get_stream_roc rc rx", A->a->srtp_get_stream_roc(A->rx, ssrc, &ra),
	     B->a->srtp_get_stream_roc(B->rx, ssrc, &rb));
	SAME("roc rx", ra, rb);
}

static void compare_trailers(struct side *A, struct side *B, struct config *c)
{
	for (int use = 0; use < 2; use++)
		for (unsigned idx = 0; idx < (unsigned)c->nkeys + 2; idx++) {
			uint32_t la = 7, lb = 7;

			SAME("trailer rc", A->a->srtp_get_protect_trailer_length(A->tx, (uint32_t)use, idx, &la),
			     B->a->srtp_get_protect_trailer_length(B->tx, (uint32_t)use, idx, &lb));
			SAME("trailer length", la, lb);
			la = lb = 7;
			SAME("rtcp trailer rc",
			     A->a->srtp_get_protect_rtcp_trailer_length(A->tx, (uint32_t)use, idx, &la),
			     B->a->srtp_get_protect_rtcp_trailer_length(B->tx, (uint32_t)use, idx, &lb));
			SAME("rtcp trailer length", la, lb);
		}
}

static void run_case(struct rng *r, int packets)
{
	struct config c;
	struct side A, B;
	static struct sent hist[64];
	int nhist = 0, use_mki, roc_set = 0;
	uint32_t ssrcs[3];
	uint16_t seq[3];
	char desc[160];

	random_config(r, &c);
	rx_rtp_ok = 0;
	well_formed_xtn = c.nxtn > 0;
	snprintf(desc, sizeof(desc), "rtp %s rtcp %s keys %d mki %u %s window %lu repeat %d xtn %d",
		 setter_names[c.rtp_setter] + 23, setter_names[c.rtcp_setter] + 23, c.nkeys,
		 c.mki_size, c.use_template ? "template" : "specific", c.window, c.allow_repeat_tx,
		 c.nxtn);
	case_desc = desc;
	SAME("create", create_side(&A, &dropin, &c), create_side(&B, &ref, &c));
	use_mki = c.nkeys > 0 && c.mki_size > 0;
	ssrcs[0] = c.ssrc;
	ssrcs[1] = c.ssrc ^ 0x01010101u;
	ssrcs[2] = c.ssrc ^ 0x80000000u;
	for (int i = 0; i < 3; i++)
		seq[i] = rng_chance(r, 1, 2) ? (uint16_t)rng_range(r, 65400, 65535)
					     : (uint16_t)rng_next(r);
	compare_trailers(&A, &B, &c);

	/* a ROC from signalling, on both ends (specific streams only: templates have none yet) */
	if (!c.use_template && rng_chance(r, 1, 4)) {
		/* (the end of the index is checked in check_edges: there the two differ on purpose) */
		uint32_t roc = rng_below(r, 3) == 0 ? 0xfffffff0u : rng_below(r, 1000);

		roc_set = 1;
		if (trace_case == case_no)
			fprintf(stderr, "  set roc %u\n", roc);
		SAME("set_stream_roc tx", A.a->srtp_set_stream_roc(A.tx, c.ssrc, roc),
		     B.a->srtp_set_stream_roc(B.tx, c.ssrc, roc));
		SAME("set_stream_roc rx", A.a->srtp_set_stream_roc(A.rx, c.ssrc, roc),
		     B.a->srtp_set_stream_roc(B.rx, c.ssrc, roc));
	}

	for (int i = 0; i < packets; i++) {
		uint8_t in[BUF];
		struct sent *s = &hist[nhist % 64];
		int which = c.use_template ? (int)rng_below(r, 3) : 0;
		unsigned idx = c.nkeys ? rng_below(r, (uint32_t)c.nkeys) : 0;
		int la, lb, len;

		s->rtcp = rng_chance(r, 1, 5);
		if (s->rtcp) {
			len = make_rtcp(r, in, ssrcs[which]);
		} else {
			uint32_t step = rng_chance(r, 1, 20) ? rng_range(r, 2, 40000) : 1;

			if (rng_chance(r, 1, 30))
				step = 0; /* the same sequence number again */
			seq[which] = (uint16_t)(seq[which] + step);
			len = make_rtp(r, in, ssrcs[which], seq[which]);
		}
		s->ok = protect_both(&A, &B, s->rtcp, in, len, use_mki, idx, s->a, &la, s->b, &lb);
		s->len = la;
		compare_events("protect");
		if (!s->ok)
			continue;
		nhist++;

		/* delivery: usually this packet; sometimes an older one (reordered or replayed), a
		 * corrupted one, or nothing (lost) */
		uint32_t what = rng_below(r, 20);
		struct sent *d = s;

		if (what == 0)
			continue;
		delivery = "in order";
		if (what <= 2 && nhist > 1)
			delivery = "older packet";
		if (what <= 2 && nhist > 1)
			d = &hist[(nhist - 1 - (int)rng_range(r, 1, nhist < 64 ? (uint32_t)nhist - 1 : 63)) % 64];
		/* with neither cipher nor tag a corrupted packet is just another packet, except that
		 * srtpo refuses a header longer than the packet where libsrtp2 takes it (README) */
		if (what == 3 && c.rtp_setter == 5)
			what = 4;
		if (what == 3) {
			uint8_t ca[BUF], cb[BUF];
			int pos = (int)rng_below(r, (uint32_t)d->len);
			/* not the RTP version bits: srtpo refuses a version other than 2 (README) */
			uint8_t bit = (uint8_t)(1u << rng_below(r, pos == 0 ? 6 : 8));

			memcpy(ca, d->a, (size_t)d->len);
			memcpy(cb, d->b, (size_t)d->len);
			delivery = "corrupted";
			ca[pos] ^= bit;
			cb[pos] ^= bit;
			unprotect_cross(&A, &B, d->rtcp, ca, cb, d->len, use_mki);
		} else {
			unprotect_cross(&A, &B, d->rtcp, d->a, d->b, d->len, use_mki);
		}
		compare_events("unprotect");

		if (i % 50 == 49) {
			for (int k = 0; k < 3; k++)
				compare_roc(&A, &B, ssrcs[k]);
			compare_trailers(&A, &B, &c);
		}
		/* a rekey of everything, keeping ROC and replay state (not while a ROC from signalling
		 * waits for its first good packet: see README, "pending ROC") */
		if (rng_chance(r, 1, 150) && (!roc_set || rx_rtp_ok)) {
			srtp_policy_t pa, pb;

			for (int k = 0; k < 16; k++)
				c.key[k][3] ^= 0x5a;
			fill_policy(&dropin, &c, &pa, 0);
			fill_policy(&ref, &c, &pb, 0);
			if (trace_case == case_no)
				fprintf(stderr, "  update\n");
			SAME("update tx", A.a->srtp_update(A.tx, &pa), B.a->srtp_update(B.tx, &pb));
			fill_policy(&dropin, &c, &pa, 1);
			fill_policy(&ref, &c, &pb, 1);
			SAME("update rx", A.a->srtp_update(A.rx, &pa), B.a->srtp_update(B.rx, &pb));
		}
		/* a stream removed and added again: a fresh start on both ends */
		if (!c.use_template && rng_chance(r, 1, 200)) {
			srtp_policy_t pa, pb;

			if (trace_case == case_no)
				fprintf(stderr, "  remove + add\n");
			/* host order is the wrong one here: both refuse it */
			SAME("remove host order", A.a->srtp_remove_stream(A.tx, c.ssrc),
			     B.a->srtp_remove_stream(B.tx, c.ssrc));
			SAME("remove tx", A.a->srtp_remove_stream(A.tx, htonl(c.ssrc)),
			     B.a->srtp_remove_stream(B.tx, htonl(c.ssrc)));
			SAME("remove rx", A.a->srtp_remove_stream(A.rx, htonl(c.ssrc)),
			     B.a->srtp_remove_stream(B.rx, htonl(c.ssrc)));
			fill_policy(&dropin, &c, &pa, 0);
			fill_policy(&ref, &c, &pb, 0);
			SAME("add tx", A.a->srtp_add_stream(A.tx, &pa), B.a->srtp_add_stream(B.tx, &pb));
			SAME("add rx", A.a->srtp_add_stream(A.rx, &pa), B.a->srtp_add_stream(B.rx, &pb));
			nhist = 0;
		}
	}
	for (int k = 0; k < 3; k++)
		compare_roc(&A, &B, ssrcs[k]);
	SAME("remove unknown", A.a->srtp_remove_stream(A.tx, c.ssrc ^ 0x5555u),
	     B.a->srtp_remove_stream(B.tx, c.ssrc ^ 0x5555u));
	A.a->srtp_dealloc(A.tx);
	A.a->srtp_dealloc(A.rx);
	B.a->srtp_dealloc(B.tx);
	B.a->srtp_dealloc(B.rx);
}

/* ---- where the drop-in differs on purpose (userspace/libsrtp2/README.md) -------------------- */

#define EXPECT(what, cond) do { checks++; if (!(cond)) fail("%s", what); } while (0)

static void check_differences(struct rng *r)
{
	struct config c;
	struct side A, B;
	uint8_t in[BUF], pa[BUF], pb[BUF];
	int la, lb, len;

	case_desc = "deliberate differences";
	random_config(r, &c);
	c.rtp_setter = c.rtcp_setter = 0;
	c.nkeys = 0;
	c.use_template = 0;
	c.nxtn = 0;
	c.allow_repeat_tx = 0;
	SAME("create", create_side(&A, &dropin, &c), create_side(&B, &ref, &c));

	/* RTP version 0: libsrtp2 protects it, the drop-in refuses it and leaves it alone */
	len = make_rtp(r, in, c.ssrc, 10);
	in[0] &= 0x3f;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	la = lb = len;
	EXPECT("version 0: drop-in bad_param",
	       A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_bad_param);
	EXPECT("version 0: packet untouched", la == len && !memcmp(pa, in, (size_t)len));
	EXPECT("version 0: libsrtp2 protects it", B.a->srtp_protect(B.tx, pb, &lb) == 0);

	/* the end of the 48-bit index: libsrtp2 wraps the ROC to 0 (keystream reuse), the drop-in
	 * refuses with key_expired and event_packet_index_limit */
	SAME("roc to the end", A.a->srtp_set_stream_roc(A.tx, c.ssrc, 0xffffffffu),
	     B.a->srtp_set_stream_roc(B.tx, c.ssrc, 0xffffffffu));
	len = make_rtp(r, in, c.ssrc, 65535);
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	la = lb = len;
	SAME("last index", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
	SAME("last index bytes", memcmp(pa, pb, (size_t)la), 0);
	ev_dropin.n = ev_ref.n = 0;
	len = make_rtp(r, in, c.ssrc, 0);
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	la = lb = len;
	EXPECT("index exhausted: drop-in key_expired",
	       A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_key_expired);
	EXPECT("index exhausted: packet untouched", la == len && !memcmp(pa, in, (size_t)len));
	EXPECT("index exhausted: event_packet_index_limit",
	       ev_dropin.n == 1 && ev_dropin.ev[0] == event_packet_index_limit &&
	       ev_dropin.ssrc[0] == c.ssrc && ev_dropin.session[0] == A.tx);
	EXPECT("index exhausted: libsrtp2 wraps the ROC to 0", B.a->srtp_protect(B.tx, pb, &lb) == 0);
	ev_dropin.n = ev_ref.n = 0;
	A.a->srtp_dealloc(A.tx);
	A.a->srtp_dealloc(A.rx);
	B.a->srtp_dealloc(B.tx);
	B.a->srtp_dealloc(B.rx);

	/* a stream with MKIs used without one: libsrtp2 takes the first key, the drop-in refuses */
	random_config(r, &c);
	c.rtp_setter = c.rtcp_setter = 0;
	c.nkeys = 2;
	c.mki_size = 4;
	c.use_template = 0;
	c.nxtn = 0;
	SAME("create mki", create_side(&A, &dropin, &c), create_side(&B, &ref, &c));
	len = make_rtp(r, in, c.ssrc, 10);
	memcpy(pa, in, BUF);
	la = len;
	EXPECT("MKI stream without MKI: bad_mki",
	       A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_bad_mki && la == len);
	A.a->srtp_dealloc(A.tx);
	A.a->srtp_dealloc(A.rx);
	B.a->srtp_dealloc(B.tx);
	B.a->srtp_dealloc(B.rx);
}

/* ---- key usage limits and the log handler (drop-in: srtpo_libsrtp2_set_key_limit) ---------- */

static int log_count, log_last_level;

static void on_log(srtp_log_level_t level, const char *msg, void *data)
{
	(void)msg;
	if (data == &log_count) {
		log_count++;
		log_last_level = (int)level;
	}
}

static void check_key_limits(struct rng *r)
{
	srtp_err_status_t (*set_limit)(srtp_t, uint32_t, uint64_t);
	srtp_err_status_t (*install_log)(srtp_log_handler_func_t *, void *);
	srtp_err_status_t (*set_debug)(const char *, int);
	struct config c;
	struct side A;
	uint8_t in[BUF], pa[BUF], keep[BUF];
	int la, len, lk;

	case_desc = "key limits";
	*(void **)&set_limit = dlsym(RTLD_DEFAULT, "srtpo_libsrtp2_set_key_limit");
	*(void **)&install_log = dlsym(RTLD_DEFAULT, "srtp_install_log_handler");
	*(void **)&set_debug = dlsym(RTLD_DEFAULT, "srtp_set_debug_module");
	if (!set_limit || !install_log || !set_debug) {
		fail("the drop-in's srtpo_libsrtp2_set_key_limit/log calls are missing");
		return;
	}
	random_config(r, &c);
	c.rtp_setter = c.rtcp_setter = 0;
	c.nkeys = 0;
	c.use_template = 0;
	c.nxtn = 0;
	SAME("create", create_side(&A, &dropin, &c), 0);
	EXPECT("set limit on an unknown SSRC", set_limit(A.tx, c.ssrc ^ 1, 5) == srtp_err_status_bad_param);
	/* 0x10002 packets left: two quiet, then a soft limit event per packet */
	EXPECT("set limit", set_limit(A.tx, c.ssrc, 0x10002) == 0);
	ev_dropin.n = 0;
	for (int i = 0; i < 4; i++) {
		len = make_rtp(r, in, c.ssrc, (uint16_t)(10 + i));
		la = len;
		memcpy(pa, in, (size_t)len);
		EXPECT("protect under the limit", A.a->srtp_protect(A.tx, pa, &la) == 0);
	}
	EXPECT("soft limit events", ev_dropin.n == 2 && ev_dropin.ev[0] == event_key_soft_limit &&
				    ev_dropin.ev[1] == event_key_soft_limit &&
				    ev_dropin.ssrc[0] == c.ssrc && ev_dropin.session[0] == A.tx);
	/* the last packet: soft, then hard limit with key_expired and the packet left alone */
	EXPECT("set limit 2", set_limit(A.tx, c.ssrc, 2) == 0);
	ev_dropin.n = 0;
	len = make_rtp(r, in, c.ssrc, 20);
	la = len;
	memcpy(pa, in, (size_t)len);
	memcpy(keep, pa, (size_t)len);
	EXPECT("last packet", A.a->srtp_protect(A.tx, pa, &la) == 0 && ev_dropin.n == 1 &&
			      ev_dropin.ev[0] == event_key_soft_limit);
	lk = la;
	memcpy(keep, pa, (size_t)la);
	len = make_rtp(r, in, c.ssrc, 21);
	la = len;
	memcpy(pa, in, (size_t)len);
	EXPECT("hard limit: key_expired", A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_key_expired &&
					  la == len && !memcmp(pa, in, (size_t)len));
	EXPECT("hard limit event", ev_dropin.n == 2 && ev_dropin.ev[1] == event_key_hard_limit);
	EXPECT("hard limit stays", A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_key_expired);
	/* a receiver at its hard limit refuses, the packet as it was */
	EXPECT("rx limit", set_limit(A.rx, c.ssrc, 1) == 0);
	memcpy(pa, keep, (size_t)lk);
	la = lk;
	EXPECT("rx hard limit", A.a->srtp_unprotect(A.rx, pa, &la) == srtp_err_status_key_expired &&
				la == lk && !memcmp(pa, keep, (size_t)lk));
	ev_dropin.n = ev_ref.n = 0;
	/* the log handler hears the events with the "srtp" debug module on */
	SAME("debug module srtp", set_debug("srtp", 1), 0);
	SAME("debug module unknown", set_debug("no such module", 1), srtp_err_status_fail);
	EXPECT("install log handler", install_log(on_log, &log_count) == 0);
	EXPECT("hard limit again", A.a->srtp_protect(A.tx, pa, &la) == srtp_err_status_key_expired);
	EXPECT("log message", log_count == 1 && log_last_level == srtp_log_level_debug);
	install_log(NULL, NULL);
	set_debug("srtp", 0);
	ev_dropin.n = ev_ref.n = 0;
	A.a->srtp_dealloc(A.tx);
	A.a->srtp_dealloc(A.rx);
}

/* ---- calls on bad input, SSRC collisions, user data ---------------------------------------- */

static void check_edges(struct rng *r)
{
	struct config c;
	struct side A, B;
	uint8_t pa[BUF], pb[BUF], in[BUF];
	int la, lb, len;

	case_desc = "edges";
	random_config(r, &c);
	c.rtp_setter = c.rtcp_setter = 0;
	c.nkeys = 0;
	c.use_template = 0;
	c.nxtn = 0;
	SAME("create", create_side(&A, &dropin, &c), create_side(&B, &ref, &c));
	/* debug modules: the same answers */
	{
		srtp_err_status_t (*da)(const char *, int), (*db)(const char *, int);

		*(void **)&da = dlsym(RTLD_DEFAULT, "srtp_set_debug_module");
		*(void **)&db = dlsym(ref_handle, "srtp_set_debug_module");
		if (da && db) {
			SAME("debug srtp", da("srtp", 0), db("srtp", 0));
			SAME("debug aes icm nss", da("aes icm nss", 0), db("aes icm nss", 0));
			SAME("debug aes icm", da("aes icm", 0), db("aes icm", 0));
			SAME("debug unknown", da("nonsense", 0), db("nonsense", 0));
		} else {
			fail("srtp_set_debug_module missing");
		}
	}
	/* user data */
	A.a->srtp_set_user_data(A.tx, &c);
	checks++;
	if (A.a->srtp_get_user_data(A.tx) != &c)
		fail("user data lost");
	/* short and bad packets */
	for (int l = 0; l < 40; l++) {
		memset(in, 0, sizeof(in));
		in[0] = 0x80;
		wr32(in + 8, c.ssrc);
		wr16(in + 2, (uint16_t)(1000 + l));
		la = lb = l;
		memcpy(pa, in, BUF);
		memcpy(pb, in, BUF);
		SAME("protect short", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
		SAME("protect short len", la, lb);
		la = lb = l;
		memcpy(pa, in, BUF);
		memcpy(pb, in, BUF);
		pa[0] = pb[0] = 0x80;
		SAME("protect_rtcp short", A.a->srtp_protect_rtcp(A.tx, pa, &la),
		     B.a->srtp_protect_rtcp(B.tx, pb, &lb));
	}
	/* CSRC count and extension length beyond the packet */
	memset(in, 0, sizeof(in));
	in[0] = 0x8f;
	wr32(in + 8, c.ssrc);
	la = lb = 40;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	SAME("protect cc past end", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
	in[0] = 0x90;
	wr16(in + 14, 100);
	la = lb = 40;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	SAME("protect ext past end", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
	/* unknown SSRC without a template */
	len = make_rtp(r, in, c.ssrc ^ 1, 5);
	la = lb = len;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	SAME("protect unknown ssrc", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
	SAME("unprotect unknown ssrc", A.a->srtp_unprotect(A.rx, pa, &la),
	     B.a->srtp_unprotect(B.rx, pb, &lb));
	/* MKI index out of range */
	len = make_rtp(r, in, c.ssrc, 77);
	la = lb = len;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	SAME("protect_mki bad index", A.a->srtp_protect_mki(A.tx, pa, &la, 1, 3),
	     B.a->srtp_protect_mki(B.tx, pb, &lb, 1, 3));
	/* SSRC collision: the sender's own SSRC comes in (a sequence number ahead of the short
	 * packets above, so that it is protected) */
	len = make_rtp(r, in, c.ssrc, 5000);
	la = lb = len;
	memcpy(pa, in, BUF);
	memcpy(pb, in, BUF);
	SAME("protect", A.a->srtp_protect(A.tx, pa, &la), B.a->srtp_protect(B.tx, pb, &lb));
	compare_events("protect");
	SAME("unprotect own packet", A.a->srtp_unprotect(A.tx, pa, &la), B.a->srtp_unprotect(B.tx, pb, &lb));
	compare_events("collision");
	/* second template, undefined SSRC type, bad window */
	{
		srtp_policy_t p1, p2;

		fill_policy(&dropin, &c, &p1, 1);
		fill_policy(&ref, &c, &p2, 1);
		p1.ssrc.type = p2.ssrc.type = ssrc_any_inbound;
		SAME("add template", A.a->srtp_add_stream(A.tx, &p1), B.a->srtp_add_stream(B.tx, &p2));
		p1.ssrc.type = p2.ssrc.type = ssrc_any_outbound;
		SAME("add second template", A.a->srtp_add_stream(A.tx, &p1),
		     B.a->srtp_add_stream(B.tx, &p2));
		p1.ssrc.type = p2.ssrc.type = ssrc_undefined;
		SAME("add undefined", A.a->srtp_add_stream(A.tx, &p1), B.a->srtp_add_stream(B.tx, &p2));
		p1.ssrc.type = p2.ssrc.type = ssrc_specific;
		p1.ssrc.value = p2.ssrc.value = 4242;
		p1.window_size = p2.window_size = 63;
		SAME("window 63", A.a->srtp_add_stream(A.tx, &p1), B.a->srtp_add_stream(B.tx, &p2));
		p1.window_size = p2.window_size = 0x8000;
		SAME("window 0x8000", A.a->srtp_add_stream(A.tx, &p1), B.a->srtp_add_stream(B.tx, &p2));
		p1.window_size = p2.window_size = 0x7fff;
		SAME("window 0x7fff", A.a->srtp_add_stream(A.tx, &p1), B.a->srtp_add_stream(B.tx, &p2));
		p1.ssrc.value = p2.ssrc.value = 999;
		SAME("update unknown", A.a->srtp_update_stream(A.tx, &p1),
		     B.a->srtp_update_stream(B.tx, &p2));
	}
	{
		uint32_t x = 1, y = 1;

		SAME("get roc unknown", A.a->srtp_get_stream_roc(A.tx, 31337, &x),
		     B.a->srtp_get_stream_roc(B.tx, 31337, &y));
		SAME("set roc unknown", A.a->srtp_set_stream_roc(A.tx, 31337, 5),
		     B.a->srtp_set_stream_roc(B.tx, 31337, 5));
		SAME("set roc", A.a->srtp_set_stream_roc(A.tx, c.ssrc, 9),
		     B.a->srtp_set_stream_roc(B.tx, c.ssrc, 9));
		SAME("set roc back", A.a->srtp_set_stream_roc(A.tx, c.ssrc, 3),
		     B.a->srtp_set_stream_roc(B.tx, c.ssrc, 3));
		x = y = 0;
		SAME("get roc", A.a->srtp_get_stream_roc(A.tx, c.ssrc, &x),
		     B.a->srtp_get_stream_roc(B.tx, c.ssrc, &y));
		SAME("roc", x, y);
	}
	A.a->srtp_dealloc(A.tx);
	A.a->srtp_dealloc(A.rx);
	B.a->srtp_dealloc(B.tx);
	B.a->srtp_dealloc(B.rx);
	check_differences(r);
	check_key_limits(r);
	/* an empty session */
	{
		srtp_t ea, eb;
		uint32_t x = 0, y = 0;

		SAME("create empty", dropin.srtp_create(&ea, NULL), ref.srtp_create(&eb, NULL));
		SAME("trailer empty", dropin.srtp_get_protect_trailer_length(ea, 0, 0, &x),
		     ref.srtp_get_protect_trailer_length(eb, 0, 0, &y));
		len = make_rtp(r, in, 1, 1);
		la = lb = len;
		memcpy(pa, in, BUF);
		memcpy(pb, in, BUF);
		SAME("unprotect empty", dropin.srtp_unprotect(ea, pa, &la), ref.srtp_unprotect(eb, pb, &lb));
		dropin.srtp_dealloc(ea);
		ref.srtp_dealloc(eb);
	}
}

int main(int argc, char **argv)
{
	int cases = 300, packets = 200;
	struct rng r;

	seed = seed_from_clock();
	if (argc > 1 && strcmp(argv[1], "random") && !parse_u64(argv[1], &seed))
		die("usage: diff_dropin [SEED|random [CASES [PACKETS]]]");
	if (argc > 2)
		cases = atoi(argv[2]);
	if (argc > 3)
		packets = atoi(argv[3]);
	r.s = seed;
	if (getenv("DIFF_TRACE"))
		trace_case = atoi(getenv("DIFF_TRACE"));
	load();
	if (dropin.srtp_init() || ref.srtp_init())
		die("srtp_init failed");
	dropin.srtp_install_event_handler(on_event_dropin);
	ref.srtp_install_event_handler(on_event_ref);

	check_static();
	/* which suites both sides can create (AES-192/GCM once srtpo has them) */
	for (int i = 0; i < 18; i++) {
		srtp_policy_t p;
		srtp_t s;
		unsigned char key[64] = { 0 };
		int ok;

		memset(&p, 0, sizeof(p));
		dropin.setters[i](&p.rtp);
		dropin.setters[i](&p.rtcp);
		p.ssrc.type = ssrc_specific;
		p.ssrc.value = 1;
		p.key = key;
		ok = dropin.srtp_create(&s, &p) == 0;
		if (ok)
			dropin.srtp_dealloc(s);
		if (!ok)
			fail("%s: the drop-in cannot create it", setter_names[i]);
		else if (!IS_AES192(i))
			usable_setters[n_usable++] = i;
	}
	printf("diff_dropin: seed %llu, %d cases x %d packets, suites:", (unsigned long long)seed,
	       cases, packets);
	for (int i = 0; i < n_usable; i++)
		printf(" %s", setter_names[usable_setters[i]] + 23);
	printf("\n");
	check_edges(&r);
	for (case_no = 1; case_no <= cases; case_no++)
		run_case(&r, packets);
	printf("diff_dropin: %lu checks, %lu mismatches\n", checks, failures);
	return failures ? 1 : 0;
}
