/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtpo_srtp_engine against libsrtpo's software engine, bit for bit.
 *
 * A seeded generator writes a stream of descriptors: key loads (every suite: AES-128/256/null
 * cipher x HMAC-SHA1 80/32/null auth, often re-keying the slot the next packet uses), protect and
 * unprotect of RTP packets with CSRCs, header extensions and MKI gaps, SRTCP packets, arbitrary
 * shapes of 0..1500 bytes, tampered packets that must fail authentication, and descriptors that
 * break a rule and must complete with an error. The expected bytes and status of every packet
 * come from srtpo_sw_engine_run() on a copy, with the key slot made by srtpo_keyslot_init().
 * Descriptors, input beats, output beats and completions move with random gaps and backpressure.
 * A mismatch prints the seed, the descriptor, and the expected and actual bytes.
 *
 *   Vsrtpo_srtp_engine +seed=N +count=M     differential run
 *   Vsrtpo_srtp_engine +bench               clocks per packet, bytes per clock, latency
 */
#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "engine.h"
#include "srtpo.h"
}

#include "Vsrtpo_srtp_engine.h"
#include "tb_util.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

/* Must match rtl/srtp/srtpo_srtp_engine.sv (see rtl/README.md). */
enum { OP_PROTECT = 1, OP_UNPROTECT = 2, OP_LOAD_KEY = 3 };
enum { ST_OK = 0, ST_AUTH = 1, ST_BAD_OP = 2, ST_BAD_SLOT = 3, ST_BAD_LEN = 4, ST_BAD_TAG = 5,
       ST_BAD_KEY = 6 };
const unsigned kNumSlots = 64;
const unsigned kMaxPkt = 2048;
const unsigned kKeyRec = 96;

struct Desc {
	unsigned op = 0, slot = 0;
	uint64_t index = 0;
	uint32_t ssrc = 0, roc = 0;
	unsigned roc_append = 0;
	unsigned enc_off = 0, enc_len = 0, auth_len = 0, tag_off = 0, tag_len = 0, pkt_len = 0;
	unsigned id = 0;
};

struct Item {
	Desc d;
	std::string what;           /* shape, for the failure report */
	std::vector<uint8_t> in;    /* bytes streamed in (pkt_len) */
	std::vector<uint8_t> out;   /* expected bytes out (empty: no data beats) */
	unsigned status = ST_OK;
	uint64_t t_accept = 0;
};

struct Slot {
	bool loaded = false;
	struct srtpo_keyslot ks;
};

const char *status_name(unsigned s)
{
	static const char *n[] = {"OK", "AUTH", "BAD_OP", "BAD_SLOT", "BAD_LEN", "BAD_TAG", "BAD_KEY"};
	return s < 7 ? n[s] : "?";
}

std::string desc_str(const Desc &d)
{
	char b[320];
	snprintf(b, sizeof b,
		 "id %u op %u slot %u index %012llx ssrc %08x roc %08x roc_append %u enc_off %u "
		 "enc_len %u auth_len %u tag_off %u tag_len %u pkt_len %u",
		 d.id, d.op, d.slot, (unsigned long long)d.index, d.ssrc, d.roc, d.roc_append,
		 d.enc_off, d.enc_len, d.auth_len, d.tag_off, d.tag_len, d.pkt_len);
	return b;
}

class Gen {
public:
	Gen(uint64_t seed) : rng_(seed), eng_(srtpo_sw_engine_create(nullptr))
	{
		if (!eng_) {
			fprintf(stderr, "tb_engine: srtpo_sw_engine_create failed\n");
			exit(2);
		}
	}
	~Gen() { srtpo_sw_engine_destroy(eng_); }
	const char *engine_name() const { return srtpo_sw_engine_name(eng_); }

	/* What the card must say about a descriptor, in the RTL's priority order. */
	unsigned check(const Desc &d) const
	{
		if (d.op < 1 || d.op > 3)
			return ST_BAD_OP;
		if (d.slot >= kNumSlots)
			return ST_BAD_SLOT;
		if (d.op == OP_LOAD_KEY)
			return d.pkt_len == kKeyRec ? ST_OK : ST_BAD_KEY;
		const struct srtpo_keyslot &ks = slots_[d.slot].ks;
		bool hmac = slots_[d.slot].loaded && ks.auth == SRTPO_AUTH_HMAC_SHA1;
		if (hmac ? !(d.tag_len == 10 || d.tag_len == 4) : d.tag_len != 0)
			return ST_BAD_TAG;
		if (d.pkt_len > kMaxPkt || d.enc_off + d.enc_len > d.pkt_len || d.auth_len > d.pkt_len ||
		    d.tag_off + d.tag_len > d.pkt_len)
			return ST_BAD_LEN;
		return ST_OK;
	}

	/* A key load of a random suite into slot (or a broken one when bad). */
	Item load_key(unsigned slot, int bad, int force_cipher = -1, int force_tag = -1)
	{
		Item it;
		it.d.op = OP_LOAD_KEY;
		it.d.slot = slot;
		it.d.pkt_len = kKeyRec;
		unsigned cipher = rng_.below(3), auth = rng_.below(2);
		unsigned tag_len = auth ? (rng_.chance(50) ? 10 : 4) : 0;
		if (force_cipher >= 0)
			cipher = (unsigned)force_cipher;
		if (force_tag >= 0) {
			auth = force_tag ? 1 : 0;
			tag_len = (unsigned)force_tag;
		}
		uint8_t key[32], salt[14], akey[20];
		rng_.fill(key, 32);
		rng_.fill(salt, 14);
		rng_.fill(akey, 20);
		size_t klen = cipher == SRTPO_CIPHER_AES_256_CM ? 32 : 16;
		struct srtpo_keyslot ks;
		srtpo_keyslot_init(&ks, (srtpo_cipher_t)cipher, key, klen, salt, (srtpo_auth_t)auth, akey,
				   (uint8_t)tag_len);
		it.in.assign(kKeyRec, 0);
		memcpy(&it.in[0], ks.aes_key, klen);
		memcpy(&it.in[32], ks.salt, 14);
		it.in[46] = (uint8_t)cipher;
		it.in[47] = (uint8_t)auth;
		for (int i = 0; i < 5; i++)
			for (int j = 0; j < 4; j++) {
				it.in[48 + 4 * i + j] = (uint8_t)(ks.hmac_ipad_state[i] >> (24 - 8 * j));
				it.in[68 + 4 * i + j] = (uint8_t)(ks.hmac_opad_state[i] >> (24 - 8 * j));
			}
		char w[96];
		snprintf(w, sizeof w, "LOAD_KEY cipher %u auth %u tag %u", cipher, auth, tag_len);
		it.what = w;
		bool rec_bad = false;
		switch (bad) {
		case 1: it.d.slot = kNumSlots + rng_.below(1000); it.what += " (slot out of range)"; break;
		case 2: it.d.pkt_len = rng_.chance(50) ? 80 : 112; it.in.resize(it.d.pkt_len);
			it.what += " (wrong record size)"; break;
		case 3: it.in[46] = (uint8_t)(3 + rng_.below(250)); rec_bad = true;
			it.what += " (bad cipher byte)"; break;
		case 4: it.in[88 + rng_.below(8)] = (uint8_t)(1 + rng_.below(255)); rec_bad = true;
			it.what += " (reserved byte set)"; break;
		default: break;
		}
		it.status = check(it.d);
		if (it.status == ST_OK && rec_bad)
			it.status = ST_BAD_KEY;
		if (it.status == ST_OK) {
			slots_[it.d.slot].loaded = true;
			slots_[it.d.slot].ks = ks;
		}
		return it;
	}

	/* A packet for a loaded slot; the expected result comes from the software engine. */
	Item packet(unsigned slot, int op, int shape_pick, unsigned size_cap, int exact = -1)
	{
		Item it;
		Desc &d = it.d;
		const struct srtpo_keyslot &ks = slots_[slot].ks;
		unsigned tag = ks.tag_len;
		unsigned mki = exact < 0 && rng_.chance(15) ? 4 : 0;
		d.op = (unsigned)op;
		d.slot = slot;
		d.tag_len = tag;
		d.ssrc = (uint32_t)rng_.next();
		unsigned target = exact >= 0 ? (unsigned)exact : rng_.below(size_cap + 1);
		int shape = shape_pick >= 0 ? shape_pick : (int)rng_.below(10);
		char w[128];
		if (shape < 6) { /* RTP: 12-byte header, CSRCs, optional extension */
			unsigned cc = exact < 0 && rng_.chance(30) ? rng_.below(16) : 0;
			unsigned ext = exact < 0 && rng_.chance(30) ? 4 + 4 * rng_.below(16) : 0;
			unsigned hdr = 12 + 4 * cc + ext;
			unsigned fixed = hdr + mki + tag;
			unsigned payload = target > fixed ? target - fixed : rng_.below(4);
			d.enc_off = hdr;
			d.enc_len = payload;
			d.auth_len = hdr + payload;
			d.roc_append = 1;
			d.roc = (uint32_t)rng_.next();
			uint16_t seq = (uint16_t)rng_.next();
			d.index = ((uint64_t)d.roc << 16 | seq) & 0xffffffffffffull;
			d.tag_off = d.auth_len + mki;
			d.pkt_len = d.tag_off + tag;
			it.in.resize(d.pkt_len);
			rng_.fill(it.in.data(), d.pkt_len);
			it.in[0] = (uint8_t)(0x80 | (ext ? 0x10 : 0) | cc);
			snprintf(w, sizeof w, "RTP cc %u ext %u payload %u mki %u", cc, ext, payload, mki);
		} else if (shape < 9) { /* SRTCP: 8-byte header, payload, E||index, MKI, tag */
			unsigned fixed = 8 + 4 + mki + tag;
			unsigned payload = target > fixed ? target - fixed : rng_.below(4) * 4;
			bool e = !rng_.chance(10);
			d.index = rng_.next() & 0x7fffffff;
			d.enc_off = 8;
			d.enc_len = e ? payload : 0;
			d.auth_len = 8 + payload + 4;
			d.roc_append = 0;
			d.roc = (uint32_t)rng_.next(); /* must not matter */
			d.tag_off = d.auth_len + mki;
			d.pkt_len = d.tag_off + tag;
			it.in.resize(d.pkt_len);
			rng_.fill(it.in.data(), d.pkt_len);
			uint32_t ei = (e ? 0x80000000u : 0) | (uint32_t)d.index;
			for (int i = 0; i < 4; i++)
				it.in[8 + payload + i] = (uint8_t)(ei >> (24 - 8 * i));
			snprintf(w, sizeof w, "RTCP payload %u E %d mki %u", payload, e, mki);
		} else { /* any shape the rules allow: enc range, auth span and tag anywhere in order */
			d.pkt_len = tag + rng_.below(size_cap + 1 - tag);
			d.auth_len = rng_.below(d.pkt_len - tag + 1);
			d.tag_off = d.auth_len + rng_.below(d.pkt_len - tag - d.auth_len + 1);
			d.enc_off = rng_.below(d.auth_len + 1);
			d.enc_len = rng_.below(d.auth_len - d.enc_off + 1);
			d.roc_append = rng_.below(2);
			d.roc = (uint32_t)rng_.next();
			d.index = rng_.next() & 0xffffffffffffull;
			it.in.resize(d.pkt_len);
			rng_.fill(it.in.data(), d.pkt_len);
			snprintf(w, sizeof w, "raw shape");
		}
		it.what = std::string(op == OP_PROTECT ? "protect " : "unprotect ") + w;

		if (op == OP_UNPROTECT) {
			/* Make a packet that authenticates, then sometimes tamper with it. */
			run_sw(d, OP_PROTECT, it.in);
			if (tag && rng_.chance(12)) {
				unsigned pos = rng_.chance(50) && d.auth_len ? rng_.below(d.auth_len)
									     : d.tag_off + rng_.below(tag);
				it.in[pos] ^= (uint8_t)(1u << rng_.below(8));
				it.what += " (tampered)";
			}
		}
		it.out = it.in;
		int st = run_sw(d, op, it.out);
		it.status = st == SRTPO_OK ? ST_OK : ST_AUTH;
		if (st != SRTPO_OK && st != SRTPO_ERR_AUTH) {
			fprintf(stderr, "tb_engine: software engine returned %d\n", st);
			exit(2);
		}
		if (d.pkt_len == 0)
			it.out.clear();
		return it;
	}

	/* A packet with one rule broken (or several): it must complete with an error, no data. */
	Item bad_packet(unsigned slot)
	{
		Item it = packet(slot, rng_.chance(50) ? OP_PROTECT : OP_UNPROTECT, -1, 1500);
		Desc &d = it.d;
		switch (rng_.below(7)) {
		case 0: d.op = 0; it.what += " / bad opcode"; break;
		case 1: d.slot = kNumSlots + rng_.below(60000); it.what += " / slot out of range"; break;
		case 2: /* a length the slot does not allow (the software engine takes the slot's) */
			do
				d.tag_len = rng_.below(32);
			while (d.tag_len == 4 || d.tag_len == 10 ||
			       (d.tag_len == 0 && slots_[d.slot].ks.auth == SRTPO_AUTH_NULL));
			it.what += " / tag length";
			break;
		case 3: d.enc_len = d.pkt_len - d.enc_off + 1 + rng_.below(100);
			it.what += " / enc past end"; break;
		case 4: d.auth_len = d.pkt_len + 1 + rng_.below(100); it.what += " / auth past end"; break;
		case 5: d.tag_off = d.pkt_len - d.tag_len + 1 + rng_.below(40);
			it.what += " / tag past end"; break;
		default: /* longer than the card takes: the beats are still drained */
			d.pkt_len = kMaxPkt + 1 + rng_.below(2000);
			it.in.resize(d.pkt_len);
			rng_.fill(it.in.data(), d.pkt_len);
			it.what += " / packet too long";
			break;
		}
		d.enc_len &= 0xffff;
		d.auth_len &= 0xffff;
		d.tag_off &= 0xffff;
		it.status = check(d);
		if (it.status == ST_OK) { /* the change happened to be harmless: keep it valid */
			it.what += " (still valid)";
			it.out = it.in;
			if (d.op == OP_PROTECT || d.op == OP_UNPROTECT) {
				int st = run_sw(d, (int)d.op, it.out);
				it.status = st == SRTPO_OK ? ST_OK : ST_AUTH;
			}
			if (d.pkt_len == 0)
				it.out.clear();
		} else {
			it.out.clear();
		}
		return it;
	}

	bool loaded(unsigned s) const { return slots_[s].loaded; }
	tb::Rng &rng() { return rng_; }

private:
	int run_sw(const Desc &d, int op, std::vector<uint8_t> &buf)
	{
		struct srtpo_op o;
		memset(&o, 0, sizeof o);
		uint8_t dummy = 0;
		o.buf = buf.empty() ? &dummy : buf.data();
		o.ks = &slots_[d.slot].ks;
		o.index = d.index;
		o.ssrc = d.ssrc;
		o.roc = d.roc;
		o.enc_off = (uint16_t)d.enc_off;
		o.enc_len = (uint16_t)d.enc_len;
		o.auth_len = (uint16_t)d.auth_len;
		o.tag_off = (uint16_t)d.tag_off;
		o.opcode = (uint8_t)op;
		o.roc_append = (uint8_t)d.roc_append;
		srtpo_sw_engine_run(eng_, &o, 1);
		return o.status;
	}

	tb::Rng rng_;
	struct srtpo_sw_engine *eng_;
	Slot slots_[kNumSlots];
};

struct Harness {
	std::unique_ptr<Vsrtpo_srtp_engine> dut;
#if VM_TRACE
	std::unique_ptr<VerilatedFstC> tfp;
#endif
	uint64_t t = 0;

	Harness()
	{
		dut = std::make_unique<Vsrtpo_srtp_engine>();
#if VM_TRACE
		Verilated::traceEverOn(true);
		tfp = std::make_unique<VerilatedFstC>();
		dut->trace(tfp.get(), 99);
		tfp->open("tb_engine.fst");
#endif
	}
	~Harness()
	{
		dut->final();
#if VM_TRACE
		tfp->close();
#endif
	}
	void eval_low()
	{
		dut->clk_i = 0;
		dut->eval();
	}
	void rise()
	{
#if VM_TRACE
		tfp->dump(2 * t);
#endif
		dut->clk_i = 1;
		dut->eval();
#if VM_TRACE
		tfp->dump(2 * t + 1);
#endif
		t++;
	}
	void reset()
	{
		dut->rst_ni = 0;
		dut->desc_valid_i = 0;
		dut->in_valid_i = 0;
		dut->out_ready_i = 0;
		dut->cpl_ready_i = 0;
		for (int i = 0; i < 3; i++) {
			eval_low();
			rise();
		}
		dut->rst_ni = 1;
	}
	void drive_desc(const Desc &d)
	{
		dut->desc_op_i = d.op & 3;
		dut->desc_slot_i = (uint16_t)d.slot;
		dut->desc_index_i = d.index;
		dut->desc_ssrc_i = d.ssrc;
		dut->desc_roc_i = d.roc;
		dut->desc_roc_append_i = d.roc_append;
		dut->desc_enc_off_i = (uint16_t)d.enc_off;
		dut->desc_enc_len_i = (uint16_t)d.enc_len;
		dut->desc_auth_len_i = (uint16_t)d.auth_len;
		dut->desc_tag_off_i = (uint16_t)d.tag_off;
		dut->desc_tag_len_i = d.tag_len & 31;
		dut->desc_pkt_len_i = (uint16_t)d.pkt_len;
		dut->desc_id_i = (uint16_t)d.id;
	}
};

/* Pace of each channel: percent of clocks a valid/ready is offered. */
struct Pace {
	unsigned desc = 100, in = 100, out = 100, cpl = 100;
};

/* Runs items through the engine; checks every output. Returns the number of errors. */
struct Runner {
	Harness &h;
	uint64_t seed;
	tb::Rng rng;
	std::deque<std::unique_ptr<Item>> store;
	/* input beat stream */
	std::deque<std::pair<Item *, unsigned>> beats; /* item, beat number */
	/* output checking */
	std::vector<uint8_t> got;
	unsigned errors = 0, checked = 0, max_errors = 5;
	uint64_t lat_sum = 0, lat_max = 0, last_cpl_t = 0, first_cpl_t = 0;
	unsigned cpl_count = 0;
	std::vector<uint64_t> cpl_times, lats;

	Runner(Harness &hh, uint64_t s) : h(hh), seed(s), rng(s ^ 0x5eedull) {}

	void fail(const Item &it, const char *why, const uint8_t *act, size_t act_len)
	{
		errors++;
		printf("FAIL seed=%llu: %s\n  item: %s\n  desc: %s\n  expected status %s, %zu bytes\n",
		       (unsigned long long)seed, why, it.what.c_str(), desc_str(it.d).c_str(),
		       status_name(it.status), it.out.size());
		printf("  in      =%s\n", tb::hex(it.in.data(), it.in.size()).c_str());
		printf("  expected=%s\n", tb::hex(it.out.data(), it.out.size()).c_str());
		if (act)
			printf("  actual  =%s\n", tb::hex(act, act_len).c_str());
	}

	bool run(std::vector<Item> items, const Pace &p)
	{
		/* Items live in store (stable addresses) until the run ends. */
		std::deque<Item *> queue;
		for (auto &it : items) {
			store.push_back(std::make_unique<Item>(std::move(it)));
			queue.push_back(store.back().get());
			for (unsigned b = 0; b < (queue.back()->in.size() + 15) / 16; b++)
				beats.emplace_back(queue.back(), b);
		}

		uint64_t idle = 0;
		Item *out_item = nullptr; /* item whose data beats are coming out */
		unsigned out_beat = 0;
		std::deque<Item *> data_order; /* items expecting data beats, in order */
		std::deque<Item *> cpl_order;
		while ((!queue.empty() || !cpl_order.empty()) && errors < max_errors) {
			Vsrtpo_srtp_engine *d = h.dut.get();
			bool dv = !queue.empty() && rng.chance(p.desc);
			d->desc_valid_i = dv;
			if (dv)
				h.drive_desc(queue.front()->d);
			bool iv = !beats.empty() && rng.chance(p.in);
			d->in_valid_i = iv;
			if (iv) {
				uint8_t b[16];
				Item *ip = beats.front().first;
				unsigned k = beats.front().second;
				size_t n = ip->in.size() - 16 * k;
				if (n > 16)
					n = 16;
				memcpy(b, &ip->in[16 * k], n);
				rng.fill(b + n, 16 - n); /* bytes past the packet must not matter */
				tb::set_le(d->in_data_i, b, 16);
			}
			d->out_ready_i = rng.chance(p.out);
			d->cpl_ready_i = rng.chance(p.cpl);
			h.eval_low();
			bool progress = false;
			if (dv && d->desc_ready_o) {
				Item *ip = queue.front();
				queue.pop_front();
				ip->t_accept = h.t;
				cpl_order.push_back(ip);
				if (!ip->out.empty())
					data_order.push_back(ip);
				progress = true;
			}
			if (iv && d->in_ready_o) {
				beats.pop_front();
				progress = true;
			}
			if (d->out_valid_o && d->out_ready_i) {
				progress = true;
				if (!out_item) {
					if (data_order.empty()) {
						uint8_t b[16];
						tb::get_le(d->out_data_o, b, 16);
						errors++;
						printf("FAIL seed=%llu: data beat with no packet expecting one: %s\n",
						       (unsigned long long)seed, tb::hex(b, 16).c_str());
						break;
					}
					out_item = data_order.front();
					data_order.pop_front();
					out_beat = 0;
					got.assign(out_item->out.size(), 0);
				}
				uint8_t b[16];
				tb::get_le(d->out_data_o, b, 16);
				size_t n = out_item->out.size() - 16 * out_beat;
				if (n > 16)
					n = 16;
				memcpy(&got[16 * out_beat], b, n);
				out_beat++;
				bool last = 16 * out_beat >= out_item->out.size();
				if (last != (bool)d->out_last_o) {
					fail(*out_item, "out_last_o wrong", nullptr, 0);
				}
				if (last) {
					if (got != out_item->out)
						fail(*out_item, "data mismatch", got.data(), got.size());
					out_item = nullptr;
				}
			}
			if (d->cpl_valid_o && d->cpl_ready_i) {
				progress = true;
				if (cpl_order.empty()) {
					errors++;
					printf("FAIL seed=%llu: completion id %u with none outstanding\n",
					       (unsigned long long)seed, d->cpl_id_o);
					break;
				}
				Item *ip = cpl_order.front();
				cpl_order.pop_front();
				unsigned elen = (unsigned)ip->out.size();
				if (d->cpl_id_o != (ip->d.id & 0xffff) || d->cpl_status_o != ip->status ||
				    d->cpl_len_o != elen) {
					char why[160];
					snprintf(why, sizeof why, "completion id %u status %s len %u, expected id %u len %u",
						 d->cpl_id_o, status_name(d->cpl_status_o), d->cpl_len_o,
						 ip->d.id & 0xffff, elen);
					fail(*ip, why, nullptr, 0);
				} else if (!ip->out.empty() && (out_item == ip ||
						std::find(data_order.begin(), data_order.end(), ip) != data_order.end())) {
					fail(*ip, "completion before its data", nullptr, 0);
				}
				checked++;
				uint64_t lat = h.t - ip->t_accept;
				lat_sum += lat;
				if (lat > lat_max)
					lat_max = lat;
				cpl_times.push_back(h.t);
				lats.push_back(lat);
			}
			h.rise();
			idle = progress ? 0 : idle + 1;
			if (idle > 20000) {
				errors++;
				printf("FAIL seed=%llu: engine stuck at clock %llu: %zu descriptors waiting, "
				       "%zu beats to send, %zu completions outstanding\n",
				       (unsigned long long)seed, (unsigned long long)h.t, queue.size(),
				       beats.size(), cpl_order.size());
				if (!cpl_order.empty())
					printf("  oldest: %s\n  desc: %s\n", cpl_order.front()->what.c_str(),
					       desc_str(cpl_order.front()->d).c_str());
				break;
			}
		}
		store.clear();
		return errors == 0;
	}
};

int differential(uint64_t seed, uint64_t count)
{
	Gen g(seed);
	Harness h;
	h.reset();
	Runner r(h, seed);
	tb::Rng &rng = g.rng();
	unsigned id = 0;
	std::vector<Item> items;
	unsigned active_slots = 8;
	/* Every slot starts with a key so any slot number is usable. */
	for (unsigned s = 0; s < kNumSlots; s++)
		items.push_back(g.load_key(s, 0));
	unsigned last_slot = 0;
	uint64_t made = 0;
	unsigned counts[8] = {0};
	const uint64_t chunk = 512;
	uint64_t phase = 0;
	while (made < count && r.errors == 0) {
		for (uint64_t i = 0; i < chunk && made < count; i++, made++) {
			unsigned roll = rng.below(100);
			if (rng.chance(2))
				active_slots = 1 + rng.below(kNumSlots);
			unsigned slot = rng.below(active_slots);
			if (roll < 6) { /* re-key, often the slot just used or about to be used */
				unsigned s = rng.chance(50) ? last_slot : slot;
				items.push_back(g.load_key(s, 0));
				counts[0]++;
				if (rng.chance(30)) { /* and a packet on it straight after */
					items.push_back(g.packet(s, rng.chance(50) ? OP_PROTECT : OP_UNPROTECT, -1,
								 1500));
					counts[1]++;
				}
			} else if (roll < 8) {
				items.push_back(g.load_key(slot, 1 + (int)rng.below(4)));
				counts[2]++;
			} else if (roll < 13) {
				items.push_back(g.bad_packet(slot));
				counts[3]++;
			} else {
				unsigned cap = rng.chance(70) ? 300 : 1500;
				items.push_back(g.packet(slot, rng.chance(50) ? OP_PROTECT : OP_UNPROTECT, -1, cap));
				counts[1]++;
			}
			last_slot = slot;
		}
		for (auto &it : items)
			it.d.id = id++ & 0xffff;
		/* Alternate full speed with random gaps and backpressure on every channel. */
		Pace p;
		switch (phase++ % 4) {
		case 0: break;
		case 1: p.desc = 70; p.in = 60; p.out = 50; p.cpl = 60; break;
		case 2: p.out = 20; p.cpl = 30; break;
		default: p.in = 30; break;
		}
		r.run(std::move(items), p);
		items.clear();
	}
	printf("tb_engine: seed %llu, software engine %s: %u completions checked (%u packets, %u key "
	       "loads, %u bad key loads, %u bad descriptors), %u errors, %llu clocks\n",
	       (unsigned long long)seed, g.engine_name(), r.checked, counts[1], counts[0], counts[2],
	       counts[3], r.errors, (unsigned long long)h.t);
	return r.errors ? 1 : 0;
}

/* Steady stream of one packet shape at full speed: clocks per packet and bytes per clock over the
 * second half of the run, and latency from descriptor accepted to completion taken. */
int bench_one(const char *name, int cipher, int tag, unsigned pkt_len, int op, unsigned n)
{
	Gen g(7);
	Harness h;
	h.reset();
	Runner r(h, 7);
	std::vector<Item> items;
	items.push_back(g.load_key(0, 0, cipher, tag));
	for (unsigned i = 0; i < n; i++)
		items.push_back(g.packet(0, op, 0, 0, (int)pkt_len));
	for (unsigned i = 0; i < items.size(); i++)
		items[i].d.id = i;
	r.run(std::move(items), Pace());
	size_t a = r.cpl_times.size() / 2, b = r.cpl_times.size() - 1;
	double cpp = (double)(r.cpl_times[b] - r.cpl_times[a]) / (double)(b - a);
	/* Unloaded latency: one packet alone. */
	Harness h1;
	h1.reset();
	Runner r1(h1, 7);
	std::vector<Item> one;
	one.push_back(g.load_key(0, 0, cipher, tag));
	one.push_back(g.packet(0, op, 0, 0, (int)pkt_len));
	r1.run(std::move(one), Pace());
	printf("%-32s %5u B %7.2f clk/pkt %6.2f B/clk   latency %5llu clk alone, %5.0f loaded%s\n",
	       name, pkt_len, cpp, pkt_len / cpp, (unsigned long long)r1.lats.at(1),
	       (double)r.lat_sum / r.checked,
	       (r.errors || r1.errors) ? "  ERRORS" : "");
	return r.errors || r1.errors;
}

int bench()
{
	int bad = 0;
	printf("srtpo_srtp_engine, steady descriptor stream, no backpressure (clk = engine clock)\n");
	bad |= bench_one("AES-128 HMAC-SHA1-80 protect", 1, 10, 172, OP_PROTECT, 2000);
	bad |= bench_one("AES-128 HMAC-SHA1-80 unprotect", 1, 10, 172, OP_UNPROTECT, 2000);
	bad |= bench_one("AES-256 HMAC-SHA1-80 protect", 2, 10, 172, OP_PROTECT, 2000);
	bad |= bench_one("AES-128 HMAC-SHA1-80 protect", 1, 10, 1200, OP_PROTECT, 1000);
	bad |= bench_one("AES-128 HMAC-SHA1-80 unprotect", 1, 10, 1200, OP_UNPROTECT, 1000);
	bad |= bench_one("AES-128 HMAC-SHA1-32 protect", 1, 4, 60, OP_PROTECT, 2000);
	bad |= bench_one("AES-128 null auth protect", 1, 0, 172, OP_PROTECT, 2000);
	return bad;
}

} // namespace

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = tb::arg_u64(argc, argv, "seed", 1);
	uint64_t count = tb::arg_u64(argc, argv, "count", 20000);
	if (tb::arg_flag(argc, argv, "bench"))
		return bench();
	return differential(seed, count);
}
