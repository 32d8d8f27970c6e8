// SPDX-License-Identifier: BSD-3-Clause
/* keys.c - key contexts for protect/unprotect: --key, --keys files, --sdp-keys; see keys.h. */
#include "keys.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

struct key_ctx *key_set_add(struct key_set *ks, const struct key_ctx *c)
{
	struct key_ctx *n;

	if (ks->n == ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 8;
		struct key_ctx **nv = realloc(ks->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		ks->v = nv;
		ks->cap = ncap;
	}
	n = malloc(sizeof(*n));
	if (!n)
		return NULL;
	memcpy(n, c, sizeof(*n));
	n->s = NULL;
	ks->v[ks->n++] = n;
	return n;
}

void key_set_free(struct key_set *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++) {
		srtpo_destroy(ks->v[i]->s);
		explicit_bzero(ks->v[i], sizeof(*ks->v[i]));
		free(ks->v[i]);
	}
	free(ks->v);
	ks->v = NULL;
	ks->n = ks->cap = 0;
}

/* ---- SDES key text --------------------------------------------------------------------- */

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '/')
		return c == '+' ? 62 : 63;
	return -1;
}

/* One key parameter (no ';'): the base64 part decodes to the suite's key + salt length. */
static int check_one(const char *s, size_t len, srtpo_suite_t suite, const char *what, char *err,
		     size_t cap)
{
	srtpo_crypto_policy_t cp;
	size_t n, i, pad = 0, bytes, want, salt_len;

	if (srtpo_suite_policy(suite, &cp)) {
		snprintf(err, cap, "%s: unknown suite", what);
		return -1;
	}
	salt_len = srtpo_master_salt_len(cp.cipher);
	want = srtpo_master_key_len(cp.cipher) + salt_len;
	if (len >= 7 && !strncasecmp(s, "inline:", 7)) {
		s += 7;
		len -= 7;
	}
	n = strcspn(s, "|;");
	if (n > len)
		n = len;
	if (n == 0) {
		snprintf(err, cap, "%s is empty", what);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad || b64_val(s[i]) < 0) {
			snprintf(err, cap, "%s is not valid base64 (bad character '%c' at position %zu)",
				 what, isprint((unsigned char)s[i]) ? s[i] : '?', i + 1);
			return -1;
		}
	}
	if (pad > 2 || (n - pad) % 4 == 1 || (pad && n % 4)) {
		snprintf(err, cap, "%s is not valid base64 (bad length or padding)", what);
		return -1;
	}
	bytes = (n - pad) * 3 / 4;
	if (bytes != want) {
		snprintf(err, cap, "%s decodes to %zu bytes; %s needs %zu (%zu-byte master key + %zu-byte "
			 "salt)", what, bytes, srtpo_suite_name(suite), want, want - salt_len,
			 salt_len);
		return -1;
	}
	return 0;
}

int key_text_check(const char *text, srtpo_suite_t suite, const char *what, char *err,
		   size_t cap)
{
	const char *p = text;
	int count = 0;

	for (;;) {
		size_t len = strcspn(p, ";");
		char one[KEY_TEXT_MAX];
		srtpo_sdes_key_t sk;
		int rc;

		if (check_one(p, len, suite, what, err, cap))
			return -1;
		if (len >= sizeof(one)) {
			snprintf(err, cap, "%s is too long", what);
			return -1;
		}
		memcpy(one, p, len);
		one[len] = 0;
		rc = srtpo_sdes_parse(one, suite, &sk);
		explicit_bzero(&sk, sizeof(sk));
		explicit_bzero(one, sizeof(one));
		if (rc) {
			snprintf(err, cap, "%s: bad lifetime or MKI in '%.*s...' (%s)", what,
				 (int)(len > 12 ? 12 : len), p, srtpo_strerror(rc));
			return -1;
		}
		if (++count > KEY_MAX_MKIS) {
			snprintf(err, cap, "%s: more than %d keys", what, KEY_MAX_MKIS);
			return -1;
		}
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int key_ctx_policy(const struct key_ctx *c, struct key_policy *kp)
{
	const char *p = c->key;
	size_t n = 0, i;
	int rc;

	memset(kp, 0, sizeof(*kp));
	for (;;) {
		size_t len = strcspn(p, ";");
		char one[KEY_TEXT_MAX];

		if (n == KEY_MAX_MKIS || len >= sizeof(one))
			return SRTPO_ERR_BAD_KEY;
		memcpy(one, p, len);
		one[len] = 0;
		rc = srtpo_sdes_parse(one, c->suite, &kp->sk[n]);
		explicit_bzero(one, sizeof(one));
		if (rc)
			return rc;
		n++;
		if (!p[len])
			break;
		p += len + 1;
	}
	srtpo_policy_init(&kp->pol, &kp->mk[0], c->suite, kp->sk[0].key, kp->sk[0].salt);
	for (i = 0; i < n; i++) {
		if (i)
			kp->mk[i] = kp->mk[0];
		kp->mk[i].key = kp->sk[i].key;
		kp->mk[i].key_len = kp->sk[i].key_len;
		kp->mk[i].salt = kp->sk[i].salt;
		kp->mk[i].salt_len = kp->sk[i].salt_len;
		kp->mk[i].mki = kp->sk[i].mki_len ? kp->sk[i].mki : NULL;
		kp->mk[i].mki_len = kp->sk[i].mki_len;
		kp->mk[i].lifetime = kp->sk[i].lifetime;
	}
	kp->pol.keys = kp->mk;
	kp->pol.num_keys = n;
	kp->pol.roc = c->have_roc ? c->roc : 0;
	return 0;
}

void key_policy_wipe(struct key_policy *kp)
{
	explicit_bzero(kp, sizeof(*kp));
}

int key_file_read(const char *path, char *out, size_t cap, char *err, size_t err_cap)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t n;

	if (!fp) {
		snprintf(err, err_cap, "--key-file %s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(out, (int)cap, fp)) {
		snprintf(err, err_cap, "--key-file %s: empty", path);
		if (fp != stdin)
			fclose(fp);
		return -1;
	}
	if (fp != stdin)
		fclose(fp);
	n = strcspn(out, "\r\n");
	out[n] = 0;
	while (n && isspace((unsigned char)out[n - 1]))
		out[--n] = 0;
	return 0;
}

/* ---- addresses ---------------------------------------------------------------------------- */

static int parse_addr(const char *s, size_t len, struct endpoint *e)
{
	char buf[64];

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (inet_pton(AF_INET, buf, e->addr) == 1) {
		e->ipver = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, e->addr) == 1) {
		e->ipver = 6;
		return 0;
	}
	return -1;
}

/* "192.0.2.10:40000" or "[2001:db8::a]:40000". */
static int parse_hostport(const char *s, struct endpoint *e)
{
	const char *colon;
	uint64_t port;

	memset(e, 0, sizeof(*e));
	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (!end || end[1] != ':' || parse_addr(s + 1, (size_t)(end - s - 1), e))
			return -1;
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || parse_addr(s, (size_t)(colon - s), e) || e->ipver != 4)
			return -1;
	}
	if (parse_u64(colon + 1, 65535, &port) || port == 0)
		return -1;
	e->rtp_port = (uint16_t)port;
	e->rtcp_port = (uint16_t)(port == 65535 ? port : port + 1);
	e->set = 1;
	return 0;
}

void endpoint_format(const struct endpoint *e, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(e->ipver == 6 ? AF_INET6 : AF_INET, e->addr, a, sizeof(a));
	snprintf(out, cap, e->ipver == 6 ? "[%s]:%u" : "%s:%u", a, e->rtp_port);
}

static int ep_match(const struct endpoint *e, const uint8_t *addr, uint8_t ipver, uint16_t port)
{
	if (!e->set || e->ipver != ipver || memcmp(e->addr, addr, ipver == 6 ? 16 : 4))
		return 0;
	return port == e->rtp_port || port == e->rtcp_port;
}

struct key_ctx *key_set_find(struct key_set *ks, const struct net_pkt *np, uint32_t ssrc, int rtcp)
{
	size_t i;
	int pass;

	(void)rtcp;
	/* precedence: SSRC, then address rules, then SDP (newest first), then any */
	for (pass = 0; pass < 4; pass++) {
		for (i = ks->n; i-- > 0;) {
			struct key_ctx *c = ks->v[i];

			if (c->retired)
				continue;
			switch (pass) {
			case 0:
				if (c->match == KEY_MATCH_SSRC && c->ssrc == ssrc)
					return c;
				break;
			case 1:
				if ((c->match == KEY_MATCH_SRC &&
				     ep_match(&c->own, np->src, np->ipver, np->sport)) ||
				    (c->match == KEY_MATCH_DST &&
				     ep_match(&c->peer, np->dst, np->ipver, np->dport)))
					return c;
				break;
			case 2:
				if (c->match == KEY_MATCH_SDP &&
				    (ep_match(&c->own, np->src, np->ipver, np->sport) ||
				     ep_match(&c->peer, np->dst, np->ipver, np->dport)))
					return c;
				break;
			default:
				if (c->match == KEY_MATCH_ANY)
					return c;
			}
		}
	}
	return NULL;
}

/* ---- --keys files ------------------------------------------------------------------------- */

int keys_file_load(struct key_set *ks, const char *path, srtpo_suite_t default_suite, char *err,
		   size_t cap)
{
	FILE *fp = fopen(path, "r");
	char line[2048];
	unsigned lineno = 0;
	int rc = 0;

	if (!fp) {
		snprintf(err, cap, "--keys %s: %s", path, strerror(errno));
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), fp)) {
		struct key_ctx c;
		char *tok[12], *save = NULL, *t, *hash;
		char what[96];
		int nt = 0, k = 0;

		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		for (t = strtok_r(line, " \t\r\n", &save); t && nt < 12;
		     t = strtok_r(NULL, " \t\r\n", &save))
			tok[nt++] = t;
		if (nt == 0)
			continue;
		snprintf(what, sizeof(what), "%s:%u", path, lineno);
		memset(&c, 0, sizeof(c));
		c.suite = default_suite;
		snprintf(c.origin, sizeof(c.origin), "%s", what);
		if (!strcmp(tok[0], "ssrc") || !strcmp(tok[0], "src") || !strcmp(tok[0], "dst")) {
			if (nt < 3) {
				snprintf(err, cap, "%s: '%s' needs a value and a key", what, tok[0]);
				rc = -1;
				break;
			}
			if (!strcmp(tok[0], "ssrc")) {
				c.match = KEY_MATCH_SSRC;
				if (parse_ssrc(tok[1], &c.ssrc)) {
					snprintf(err, cap, "%s: bad SSRC '%s'", what, tok[1]);
					rc = -1;
					break;
				}
			} else {
				struct endpoint *e = tok[0][0] == 's' ? &c.own : &c.peer;

				c.match = tok[0][0] == 's' ? KEY_MATCH_SRC : KEY_MATCH_DST;
				if (parse_hostport(tok[1], e)) {
					snprintf(err, cap, "%s: bad address '%s' (want 192.0.2.1:5004 or "
						 "[2001:db8::1]:5004)", what, tok[1]);
					rc = -1;
					break;
				}
			}
			k = 2;
		} else {
			c.match = KEY_MATCH_ANY;
			k = !strcmp(tok[0], "any") ? 1 : 0;
			if (k >= nt) {
				snprintf(err, cap, "%s: missing key", what);
				rc = -1;
				break;
			}
		}
		if (strlen(tok[k]) >= sizeof(c.key)) {
			snprintf(err, cap, "%s: key too long", what);
			rc = -1;
			break;
		}
		strcpy(c.key, tok[k]);
		for (k++; k < nt && !rc; k++) {
			uint64_t v;

			if (!strcmp(tok[k], "suite") && k + 1 < nt) {
				if (srtpo_suite_from_name(tok[++k], &c.suite)) {
					snprintf(err, cap, "%s: unknown suite '%s'", what, tok[k]);
					rc = -1;
				}
			} else if (!strcmp(tok[k], "roc") && k + 1 < nt) {
				if (parse_u64(tok[++k], UINT32_MAX, &v)) {
					snprintf(err, cap, "%s: bad roc '%s'", what, tok[k]);
					rc = -1;
				}
				c.roc = (uint32_t)v;
				c.have_roc = 1;
			} else if (!strcmp(tok[k], "rtcp") && k + 1 < nt &&
				   (c.match == KEY_MATCH_SRC || c.match == KEY_MATCH_DST)) {
				struct endpoint *e = c.match == KEY_MATCH_SRC ? &c.own : &c.peer;

				if (parse_u64(tok[++k], 65535, &v) || v == 0) {
					snprintf(err, cap, "%s: bad rtcp port '%s'", what, tok[k]);
					rc = -1;
				}
				e->rtcp_port = (uint16_t)v;
			} else if (!strcmp(tok[k], "rtcp-mux") &&
				   (c.match == KEY_MATCH_SRC || c.match == KEY_MATCH_DST)) {
				struct endpoint *e = c.match == KEY_MATCH_SRC ? &c.own : &c.peer;

				e->rtcp_port = e->rtp_port;
			} else {
				snprintf(err, cap, "%s: unexpected '%s' (after the key: suite NAME, roc "
					 "N, rtcp PORT, rtcp-mux)", what, tok[k]);
				rc = -1;
			}
		}
		if (!rc && key_text_check(c.key, c.suite, what, err, cap))
			rc = -1;
		if (!rc && !key_set_add(ks, &c)) {
			snprintf(err, cap, "%s: out of memory", what);
			rc = -1;
		}
		explicit_bzero(&c, sizeof(c));
		explicit_bzero(line, sizeof(line));
	}
	fclose(fp);
	if (!rc && lineno == 0) {
		snprintf(err, cap, "--keys %s: no keys in it", path);
		rc = -1;
	}
	return rc;
}

/* ---- SDP in SIP (--sdp-keys) ---------------------------------------------------------------- */

#define SDP_MAX_MEDIA 8

struct sdp_media {
	struct endpoint ep;
	int n_alts;
	int tags[4];
	srtpo_suite_t suites[4];
	char keys[4][KEY_TEXT_MAX];
	int bad_suite;
};

/* The next line of [p, end): returns its length (without CR LF) and advances *p. */
static size_t next_line(const char **p, const char *end, const char **line)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	size_t len;

	*line = s;
	if (!nl)
		nl = end;
	len = (size_t)(nl - s);
	if (len && s[len - 1] == '\r')
		len--;
	*p = nl < end ? nl + 1 : end;
	return len;
}

/* "c=IN IP4 192.0.2.10[/ttl]" into e (address only). */
static int parse_c_line(const char *v, size_t len, struct endpoint *e)
{
	char buf[96];
	char *sp, *slash;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, v, len);
	buf[len] = 0;
	if (strncmp(buf, "IN IP4 ", 7) && strncmp(buf, "IN IP6 ", 7))
		return -1;
	sp = buf + 7;
	slash = strchr(sp, '/');
	if (slash)
		*slash = 0;
	return parse_addr(sp, strlen(sp), e);
}

static int header_value(const char *msg, size_t hdr_len, const char *name, const char *compact,
			char *out, size_t cap)
{
	const char *p = msg, *end = msg + hdr_len, *line;
	size_t len, nl = strlen(name);

	while (p < end) {
		len = next_line(&p, end, &line);
		if ((len > nl && !strncasecmp(line, name, nl) && line[nl] == ':') ||
		    (len > 2 && tolower((unsigned char)line[0]) == compact[0] && line[1] == ':')) {
			const char *v = memchr(line, ':', len) + 1;
			size_t vl = len - (size_t)(v - line);

			while (vl && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			if (vl >= cap)
				vl = cap - 1;
			memcpy(out, v, vl);
			out[vl] = 0;
			return 0;
		}
	}
	return -1;
}

static int ep_equal(const struct endpoint *a, const struct endpoint *b)
{
	return a->ipver == b->ipver && !memcmp(a->addr, b->addr, 16) &&
	       a->rtp_port == b->rtp_port && a->rtcp_port == b->rtcp_port;
}

/* Picks the a=crypto line a context uses: the tag the peer answered with, else the first. */
static int pick_alt(const struct key_ctx *c, const struct key_ctx *peer)
{
	int i, j;

	if (peer)
		for (i = 0; i < c->n_alts; i++)
			for (j = 0; j < peer->n_alts; j++)
				if (c->alts[i].tag == peer->alts[j].tag &&
				    (peer->n_alts == 1 || c->n_alts == 1))
					return i;
	return 0;
}

static struct key_ctx *find_side(struct key_set *ks, const char *call_id, const char *side,
				 int m, int other)
{
	size_t i;

	for (i = ks->n; i-- > 0;) {
		struct key_ctx *c = ks->v[i];

		if (c->match != KEY_MATCH_SDP || c->retired || c->m_index != m ||
		    strcmp(c->call_id, call_id))
			continue;
		if (other ? strcmp(c->side, side) != 0 : strcmp(c->side, side) == 0)
			return c;
	}
	return NULL;
}

/* Makes ctx use alternative `alt`; a context already in use is retired and a new one added. */
static struct key_ctx *apply_alt(struct key_set *ks, struct key_ctx *c, int alt)
{
	struct key_ctx nc;

	if (c->tag == c->alts[alt].tag && c->suite == c->alts[alt].suite &&
	    !strcmp(c->key, c->alts[alt].key))
		return c;
	if (!c->packets) {
		c->tag = c->alts[alt].tag;
		c->suite = c->alts[alt].suite;
		strcpy(c->key, c->alts[alt].key);
		srtpo_destroy(c->s);
		c->s = NULL;
		c->failed = 0;
		return c;
	}
	memcpy(&nc, c, sizeof(nc));
	c->retired = 1;
	nc.tag = nc.alts[alt].tag;
	nc.suite = nc.alts[alt].suite;
	strcpy(nc.key, nc.alts[alt].key);
	nc.packets = 0;
	nc.failed = 0;
	c = key_set_add(ks, &nc);
	explicit_bzero(&nc, sizeof(nc));
	return c;
}

int sdp_keys_scan(struct key_set *ks, const uint8_t *pl, size_t n, uint64_t record_no,
		  void (*warn)(const char *msg, void *arg), void *arg)
{
	const char *msg = (const char *)pl, *end = msg + n, *body, *p, *line;
	static struct sdp_media media[SDP_MAX_MEDIA];
	struct endpoint session_c;
	char call_id[128], side[128] = "", wbuf[256];
	size_t len, hdr_len;
	int nm = 0, m, changed = 0;

	/* A SIP request or response with a body. */
	if (n < 12 || (memcmp(msg, "SIP/2.0 ", 8) && !memmem(msg, n < 200 ? n : 200, " SIP/2.0\r\n", 10)))
		return 0;
	body = memmem(msg, n, "\r\n\r\n", 4);
	if (!body)
		return 0;
	hdr_len = (size_t)(body - msg);
	body += 4;
	if (end - body < 4 || memcmp(body, "v=0", 3))
		return 0;
	if (header_value(msg, hdr_len, "Call-ID", "i", call_id, sizeof(call_id)))
		strcpy(call_id, "-");
	memset(&session_c, 0, sizeof(session_c));
	memset(media, 0, sizeof(media));
	for (p = body; p < end;) {
		len = next_line(&p, end, &line);
		if (len < 2 || line[1] != '=')
			continue;
		if (line[0] == 'o') {
			/* o=username sess-id sess-version ...: the side */
			const char *sp1 = memchr(line + 2, ' ', len - 2);
			const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line)) :
					  NULL;
			size_t sl = sp2 ? (size_t)(sp2 - line - 2) : len - 2;

			if (sl >= sizeof(side))
				sl = sizeof(side) - 1;
			memcpy(side, line + 2, sl);
			side[sl] = 0;
		} else if (line[0] == 'c') {
			struct endpoint e = { 0 };

			if (parse_c_line(line + 2, len - 2, &e) == 0) {
				if (nm) {
					memcpy(media[nm - 1].ep.addr, e.addr, 16);
					media[nm - 1].ep.ipver = e.ipver;
				} else {
					session_c = e;
				}
			}
		} else if (line[0] == 'm') {
			/* m=audio 40000 RTP/SAVP 0 101 */
			char buf[128];
			unsigned port = 0;

			if (nm == SDP_MAX_MEDIA)
				break;
			snprintf(buf, sizeof(buf), "%.*s", (int)(len - 2), line + 2);
			if (sscanf(buf, "%*s %u", &port) != 1 || port == 0 || port > 65535)
				port = 0;
			memset(&media[nm], 0, sizeof(media[nm]));
			media[nm].ep = session_c;
			media[nm].ep.rtp_port = (uint16_t)port;
			media[nm].ep.rtcp_port = (uint16_t)(port < 65535 ? port + 1 : port);
			nm++;
		} else if (line[0] == 'a' && nm) {
			struct sdp_media *md = &media[nm - 1];
			char buf[KEY_TEXT_MAX + 128];

			snprintf(buf, sizeof(buf), "%.*s", (int)(len - 2), line + 2);
			if (!strcmp(buf, "rtcp-mux")) {
				md->ep.rtcp_port = md->ep.rtp_port;
			} else if (!strncmp(buf, "rtcp:", 5)) {
				unsigned port;

				if (sscanf(buf + 5, "%u", &port) == 1 && port && port <= 65535)
					md->ep.rtcp_port = (uint16_t)port;
			} else if (!strncmp(buf, "crypto:", 7) && md->n_alts < 4) {
				/* a=crypto:TAG SUITE inline:KEY[|..][;inline:KEY2|..] [params] */
				char suite[64], keyp[KEY_TEXT_MAX];
				int tag, k = md->n_alts;
				srtpo_suite_t su;
				char *o, *q;

				if (sscanf(buf + 7, "%d %63s %1023s", &tag, suite, keyp) != 3)
					continue;
				if (srtpo_suite_from_name(suite, &su)) {
					snprintf(wbuf, sizeof(wbuf), "record %llu: a=crypto:%d suite %s "
						 "is not one srtpo knows; line ignored",
						 (unsigned long long)record_no, tag, suite);
					warn(wbuf, arg);
					continue;
				}
				/* keep "inline:..." parameters, ';'-separated */
				o = md->keys[k];
				o[0] = 0;
				for (q = strtok(keyp, ";"); q; q = strtok(NULL, ";")) {
					if (strncasecmp(q, "inline:", 7))
						continue;
					if (strlen(o) + strlen(q) + 2 >= KEY_TEXT_MAX)
						break;
					if (o[0])
						strcat(o, ";");
					strcat(o, q);
				}
				explicit_bzero(keyp, sizeof(keyp));
				if (!o[0] || key_text_check(o, su, "a=crypto", wbuf, sizeof(wbuf))) {
					char w2[300];

					snprintf(w2, sizeof(w2), "record %llu: a=crypto:%d ignored: %s",
						 (unsigned long long)record_no, tag,
						 o[0] ? wbuf : "no inline key");
					warn(w2, arg);
					continue;
				}
				md->tags[k] = tag;
				md->suites[k] = su;
				md->n_alts++;
			}
		}
	}
	for (m = 0; m < nm; m++) {
		struct sdp_media *md = &media[m];
		struct key_ctx *c, *peer;
		int i;

		if (!md->n_alts || !md->ep.ipver || !md->ep.rtp_port)
			continue;
		md->ep.set = 1;
		c = find_side(ks, call_id, side, m, 0);
		if (c && (!ep_equal(&c->own, &md->ep) || c->n_alts != md->n_alts ||
			  memcmp(c->alts[0].key, md->keys[0], KEY_TEXT_MAX))) {
			/* this side changed its media or keys (a re-INVITE): a new context */
			if (c->packets) {
				c->retired = 1;
				c = NULL;
			}
		}
		if (!c) {
			struct key_ctx nc;

			memset(&nc, 0, sizeof(nc));
			nc.match = KEY_MATCH_SDP;
			snprintf(nc.call_id, sizeof(nc.call_id), "%s", call_id);
			snprintf(nc.side, sizeof(nc.side), "%s", side);
			nc.m_index = m;
			nc.tag = -1;
			c = key_set_add(ks, &nc);
			if (!c)
				return changed;
		}
		c->own = md->ep;
		c->n_alts = md->n_alts;
		for (i = 0; i < md->n_alts; i++) {
			c->alts[i].tag = md->tags[i];
			c->alts[i].suite = md->suites[i];
			memcpy(c->alts[i].key, md->keys[i], KEY_TEXT_MAX);
		}
		peer = find_side(ks, call_id, side, m, 1);
		if (peer) {
			c->peer = peer->own;
			peer->peer = c->own;
		}
		c = apply_alt(ks, c, pick_alt(c, peer));
		if (!c)
			return changed;
		snprintf(c->origin, sizeof(c->origin), "SDP in record %llu (a=crypto:%d)",
			 (unsigned long long)record_no, c->tag);
		if (peer) {
			struct key_ctx *np = apply_alt(ks, peer, pick_alt(peer, c));

			if (np)
				np->peer = c->own;
		}
		changed++;
	}
	explicit_bzero(media, sizeof(media));
	return changed;
}
