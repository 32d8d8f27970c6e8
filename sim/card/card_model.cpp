/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Verilated srtpo_core as a card transport (userspace/lib/card.h).
 *
 * Host memory is an arena the card reaches through an AXI4 slave model: read and write bursts
 * wait a random latency (lat_min..lat_max clocks), every channel sees random backpressure
 * (ready_pct), and faults can be injected (error responses, a stalled bus, lost doorbells, a
 * lost device). BAR0 accesses are AXI4-Lite transactions that run the clock until they finish.
 * Interrupt pulses are latched until wait_irq collects them.
 */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <new>
#include <random>
#include <vector>

extern "C" {
#include "card.h"
#include "srtpo_regs.h"
}

#include "Vsrtpo_core.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#ifndef CARD_DATAW
#define CARD_DATAW 256
#endif

namespace {

const unsigned kBytes = CARD_DATAW / 8;
const uint64_t kBusBase = 0x100000000ull;  /* above 4 GiB: the card must drive 64-bit addresses */

struct Burst {
	uint64_t addr;
	unsigned beats, done;
	uint64_t due;
	bool err;
};

/* Host memory on page boundaries, so that a CPU pointer is aligned as its bus address is (the
 * library hands out 64-byte-aligned packet buffers from the DMA window). */
template <class T> struct PageAlloc {
	using value_type = T;
	PageAlloc() = default;
	template <class U> PageAlloc(const PageAlloc<U> &) {}
	T *allocate(size_t n)
	{
		void *p = aligned_alloc(4096, (n * sizeof(T) + 4095) & ~(size_t)4095);
		if (!p)
			throw std::bad_alloc();
		return static_cast<T *>(p);
	}
	void deallocate(T *p, size_t) { free(p); }
	template <class U> bool operator==(const PageAlloc<U> &) const { return true; }
	template <class U> bool operator!=(const PageAlloc<U> &) const { return false; }
};

struct Model {
	srtpo_card base;
	VerilatedContext *ctx;
	Vsrtpo_core *top;
#if VM_TRACE
	VerilatedFstC *trace = nullptr;
#endif
	std::mt19937_64 rng;
	srtpo_card_sim_cfg cfg;
	srtpo_card_sim_hooks hooks{};
	std::vector<uint8_t, PageAlloc<uint8_t>> mem;
	size_t mem_used = 0;
	uint64_t now = 0;
	uint32_t irq = 0;
	std::deque<Burst> rd, wr, bq;
	/* faults */
	uint64_t rd_err_left = 0, wr_err_left = 0, stall_until = 0, hang_left = 0;
	uint32_t hang_q = 0;
	bool lost = false;
	struct srtpo_card_sim_stats st{};

	bool chance() { return cfg.ready_pct >= 100 || rng() % 100 < cfg.ready_pct; }
	uint64_t lat()
	{
		return cfg.lat_min + (cfg.lat_max > cfg.lat_min ? rng() % (cfg.lat_max - cfg.lat_min + 1) : 0);
	}
	uint8_t *host(uint64_t bus, size_t n)
	{
		if (hooks.host_mem)
			return hooks.host_mem(hooks.ctx, bus, n);
		if (bus < kBusBase || bus - kBusBase + n > mem_used)
			return nullptr;
		return &mem[bus - kBusBase];
	}
	void cycle();
	void power_on();
	bool reload_due = false;
};

template <typename W> void put_wide(W &w, const uint8_t *p)
{
	for (unsigned i = 0; i < kBytes / 4; i++) {
		uint32_t v;
		memcpy(&v, p + 4 * i, 4);
		w[i] = v;
	}
}

template <typename W> void get_wide(const W &w, uint8_t *p)
{
	for (unsigned i = 0; i < kBytes / 4; i++) {
		uint32_t v = w[i];
		memcpy(p + 4 * i, &v, 4);
	}
}

/* One clock. Inputs are decided first, handshakes are sampled on the settled signals, then the
 * edge, then the model takes what was transferred. */
void Model::cycle()
{
	Vsrtpo_core *t = top;
	bool stalled = now < stall_until;

	/* read data: the head burst, once its latency has passed */
	bool rv = false;
	if (!stalled && !rd.empty() && rd.front().due <= now && chance()) {
		Burst &b = rd.front();
		uint8_t beat[kBytes];
		uint8_t *p = b.err ? nullptr : host(b.addr + (uint64_t)b.done * kBytes, kBytes);
		if (p)
			memcpy(beat, p, kBytes);
		else
			memset(beat, 0xee, kBytes);
		put_wide(t->m_axi_rdata, beat);
		t->m_axi_rresp = (b.err || !p) ? 2 : 0;
		t->m_axi_rlast = b.done + 1 == b.beats;
		rv = true;
	}
	t->m_axi_rvalid = rv;
	t->m_axi_arready = !stalled && chance();
	t->m_axi_awready = !stalled && chance();
	/* W only for a burst whose address has arrived */
	bool wopen = false;
	for (auto &b : wr)
		if (b.done < b.beats) {
			wopen = true;
			break;
		}
	t->m_axi_wready = !stalled && wopen && chance();
	bool bv = !stalled && !bq.empty() && bq.front().due <= now;
	t->m_axi_bvalid = bv;
	t->m_axi_bresp = bv && bq.front().err ? 2 : 0;
	t->m_axi_bid = 0;
	t->m_axi_rid = 0;

	t->clk_i = 0;
	t->eval();
#if VM_TRACE
	if (trace)
		trace->dump(2 * now);
#endif
	/* The host side of the bus is held in reset with the card: nothing transfers meanwhile. */
	bool live = t->rst_ni;
	bool ar = live && t->m_axi_arvalid && t->m_axi_arready;
	bool r = live && rv && t->m_axi_rready;
	bool aw = live && t->m_axi_awvalid && t->m_axi_awready;
	bool w = live && t->m_axi_wvalid && t->m_axi_wready;
	bool b = live && bv && t->m_axi_bready;
	uint64_t araddr = t->m_axi_araddr, awaddr = t->m_axi_awaddr;
	unsigned arlen = t->m_axi_arlen, awlen = t->m_axi_awlen;
	uint8_t wbeat[kBytes];
	uint64_t wstrb = t->m_axi_wstrb;
	bool wlast = t->m_axi_wlast;
	if (w)
		get_wide(t->m_axi_wdata, wbeat);

	t->clk_i = 1;
	t->eval();
#if VM_TRACE
	if (trace)
		trace->dump(2 * now + 1);
#endif
	uint32_t lines = (uint32_t)t->irq_o;
	if (lines) {
		irq |= lines;
		if (hooks.irq)
			hooks.irq(hooks.ctx, lines);
	}
	if (hooks.spi)
		t->spi_miso_i = hooks.spi(hooks.ctx, t->spi_cs_no, t->spi_sck_o, t->spi_mosi_o) ? 1 : 0;
	if (t->reload_o && t->rst_ni)
		reload_due = true;
	now++;
	st.clocks = now;

	if (r) {
		st.rd_beats++;
		if (t->m_axi_rresp)
			st.rd_err_beats++;
		if (++rd.front().done == rd.front().beats)
			rd.pop_front();
	}
	if (ar) {
		bool err = rd_err_left > 0;
		if (err)
			rd_err_left--;
		if (!host(araddr, (size_t)(arlen + 1) * kBytes))
			st.outside++;
		rd.push_back({araddr, arlen + 1, 0, now + lat(), err});
		st.rd_bursts++;
	}
	if (w) {
		Burst *cur = nullptr;
		for (auto &x : wr)
			if (x.done < x.beats) {
				cur = &x;
				break;
			}
		uint64_t a = cur->addr + (uint64_t)cur->done * kBytes;
		uint8_t *p = host(a, kBytes);
		if (!cur->err && p) {
			for (unsigned i = 0; i < kBytes; i++)
				if (wstrb >> i & 1)
					p[i] = wbeat[i];
		}
		st.wr_beats++;
		cur->done++;
		if ((cur->done == cur->beats) != wlast) {
			fprintf(stderr, "card model: WLAST wrong at beat %u of %u (addr 0x%llx)\n",
				cur->done, cur->beats, (unsigned long long)cur->addr);
			abort();
		}
		if (cur->done == cur->beats) {
			Burst done = *cur;
			done.due = now + lat();
			bq.push_back(done);
			wr.pop_front();
		}
	}
	if (aw) {
		bool err = wr_err_left > 0;
		if (err)
			wr_err_left--;
		if (!host(awaddr, (size_t)(awlen + 1) * kBytes)) {
			st.outside++;
			err = true;
		}
		wr.push_back({awaddr, awlen + 1, 0, 0, err});
		st.wr_bursts++;
	}
	if (b)
		bq.pop_front();
	if (t->engine_order_err_o) {
		fprintf(stderr, "card model: the engine completed out of order\n");
		abort();
	}
}

Model *M(srtpo_card *c) { return reinterpret_cast<Model *>(c); }

uint32_t m_read32(srtpo_card *c, uint32_t off)
{
	Model *m = M(c);
	if (m->reload_due)
		m->power_on();
	if (m->lost)
		return 0xffffffffu;
	Vsrtpo_core *t = m->top;
	t->s_axil_araddr = off;
	t->s_axil_arvalid = 1;
	t->s_axil_rready = 1;
	for (int i = 0; i < 1000; i++) {
		bool ar = t->s_axil_arready;
		bool rv = t->s_axil_rvalid;
		uint32_t v = t->s_axil_rdata;
		m->cycle();
		if (ar)
			t->s_axil_arvalid = 0;
		if (rv && !t->s_axil_arvalid) {
			t->s_axil_rready = 0;
			return v;
		}
	}
	return 0xffffffffu;
}

void m_write32(srtpo_card *c, uint32_t off, uint32_t val)
{
	Model *m = M(c);
	if (m->reload_due)
		m->power_on();
	if (m->lost)
		return;
	if (m->hang_left && off == SRTPO_QU(m->hang_q, SRTPO_QU_SQ_TAIL)) {
		m->hang_left--;
		return;
	}
	Vsrtpo_core *t = m->top;
	t->s_axil_awaddr = off;
	t->s_axil_wdata = val;
	t->s_axil_wstrb = 0xf;
	t->s_axil_awvalid = 1;
	t->s_axil_wvalid = 1;
	t->s_axil_bready = 1;
	t->clk_i = 0;
	t->eval();
	for (int i = 0; i < 1000; i++) {
		bool aw = t->s_axil_awready;
		bool bv = t->s_axil_bvalid;
		m->cycle();
		if (aw)
			t->s_axil_awvalid = t->s_axil_wvalid = 0;
		if (bv && !t->s_axil_awvalid) {
			t->s_axil_bready = 0;
			return;
		}
	}
}

void *m_dma_alloc(srtpo_card *c, size_t size, size_t align, uint64_t *bus)
{
	Model *m = M(c);
	if (m->hooks.host_mem)
		return nullptr;
	if (align < 64)
		align = 64;
	size_t off = (m->mem_used + align - 1) & ~(align - 1);
	if (off + size > m->mem.size())
		return nullptr;
	m->mem_used = off + size;
	memset(&m->mem[off], 0, size);
	*bus = kBusBase + off;
	return &m->mem[off];
}

uint32_t m_wait_irq(srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	Model *m = M(c);
	if (m->reload_due)
		m->power_on();
	for (uint64_t i = 0; !(m->irq & mask) && i < timeout && !m->lost; i++)
		m->cycle();
	uint32_t got = m->irq & mask;
	m->irq &= ~got;
	return got;
}

void m_step(srtpo_card *c, uint64_t clocks)
{
	Model *m = M(c);
	if (m->reload_due)
		m->power_on();
	if (m->lost)
		return;
	for (uint64_t i = 0; i < clocks; i++)
		m->cycle();
	if (m->reload_due)
		m->power_on();
}

void m_close(srtpo_card *c)
{
	Model *m = M(c);
	m->top->final();
#if VM_TRACE
	if (m->trace)
		m->trace->close();
	delete m->trace;
#endif
	delete m->top;
	delete m->ctx;
	delete m;
}

const srtpo_card_ops kOps = {m_read32, m_write32, m_dma_alloc, m_wait_irq, m_step, m_close};

} /* namespace */

extern "C" srtpo_card *srtpo_card_open_sim(const srtpo_card_sim_cfg *cfg)
{
	return srtpo_card_open_sim_hooks(cfg, nullptr);
}

extern "C" srtpo_card *srtpo_card_open_sim_hooks(const srtpo_card_sim_cfg *cfg,
						 const srtpo_card_sim_hooks *hooks)
{
	Model *m = new (std::nothrow) Model();
	if (!m)
		return nullptr;
	m->base.ops = &kOps;
	m->base.cnt = srtpo_card_counters{};
	if (hooks)
		m->hooks = *hooks;
	if (cfg)
		m->cfg = *cfg;
	else
		m->cfg = {1, 0, 4, 40, 80, nullptr};
	if (!m->cfg.mem_bytes)
		m->cfg.mem_bytes = 32u << 20;
	if (!m->cfg.ready_pct)
		m->cfg.ready_pct = 100;
	if (m->cfg.lat_max < m->cfg.lat_min)
		m->cfg.lat_max = m->cfg.lat_min;
	m->rng.seed(m->cfg.seed);
	m->mem.assign(m->cfg.mem_bytes, 0);
	m->ctx = new VerilatedContext;
	m->top = new Vsrtpo_core{m->ctx};
#if VM_TRACE
	if (m->cfg.wave_file) {
		m->ctx->traceEverOn(true);
		m->trace = new VerilatedFstC;
		m->top->trace(m->trace, 99);
		m->trace->open(m->cfg.wave_file);
	}
#endif
	m->power_on();
	return &m->base;
}

/* A reload reconfigures the FPGA: everything, key memory included, starts from the bitstream's
 * initial state. A fresh model instance is exactly that (the waveform, if any, follows only the
 * first configuration). */
void Model::power_on()
{
	if (reload_due) {
		reload_due = false;
		if (hooks.reload)
			hooks.reload(hooks.ctx, top->reload_addr_o);
#if VM_TRACE
		if (trace) {
			trace->close();
			delete trace;
			trace = nullptr;
		}
#endif
		top->final();
		delete top;
		top = new Vsrtpo_core{ctx};
		rd.clear();
		wr.clear();
		bq.clear();
		irq = 0;
	}
	Vsrtpo_core *t = top;
	t->rst_ni = 0;
	t->spi_miso_i = 1;
	t->boot_status_i = hooks.boot_status ? hooks.boot_status(hooks.ctx) : SRTPO_RELOAD_BOOT_STATUS_VALID_MASK;
	t->s_axil_awvalid = t->s_axil_wvalid = t->s_axil_arvalid = 0;
	t->s_axil_bready = t->s_axil_rready = 0;
	for (int i = 0; i < 8; i++)
		cycle();
	t->rst_ni = 1;
	cycle();
}

extern "C" void srtpo_card_sim_reset(srtpo_card *c)
{
	Model *m = M(c);
	m->reload_due = true;
	bool had = m->hooks.reload != nullptr;
	auto saved = m->hooks.reload;
	m->hooks.reload = nullptr;   /* a plain reset is not a reload */
	m->power_on();
	if (had)
		m->hooks.reload = saved;
}

extern "C" int srtpo_card_sim_bus_busy(srtpo_card *c)
{
	Model *m = M(c);
	return !m->rd.empty() || !m->wr.empty() || !m->bq.empty();
}

extern "C" int srtpo_card_sim_fault(srtpo_card *c, int kind, uint32_t arg, uint64_t count)
{
	Model *m = M(c);
	switch (kind) {
	case SRTPO_FAULT_RD_ERR: m->rd_err_left = count; return 0;
	case SRTPO_FAULT_WR_ERR: m->wr_err_left = count; return 0;
	case SRTPO_FAULT_STALL: m->stall_until = m->now + count; return 0;
	case SRTPO_FAULT_HANG_QUEUE: m->hang_q = arg; m->hang_left = count; return 0;
	case SRTPO_FAULT_LOST: m->lost = true; return 0;
	case SRTPO_FAULT_CLEAR:
		m->rd_err_left = m->wr_err_left = m->hang_left = 0;
		m->stall_until = 0;
		m->lost = false;
		return 0;
	default: return -1;
	}
}

extern "C" void srtpo_card_sim_stats(srtpo_card *c, struct srtpo_card_sim_stats *st)
{
	*st = M(c)->st;
}
