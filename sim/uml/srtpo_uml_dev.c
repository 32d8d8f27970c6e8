// SPDX-License-Identifier: BSD-3-Clause
/*
 * srtpo_uml_dev.c - the Verilated srtpo card as a PCI device of User-Mode Linux.
 *
 * UML's virt-pci driver reaches a PCI function through a vhost-user device speaking the
 * virtio_pcidev protocol: queue 0 carries config-space and BAR accesses (reads wait for the
 * answer in the same descriptor chain), queue 1 holds buffers the device fills with MSI
 * messages. This server accepts one such connection on a unix socket, answers the accesses from
 * pcidev.c (config space, MSI-X table) and the card model (BAR0, via its AXI4-Lite port), lets
 * the card's DMA reach UML's memory through the shared memory table, and turns the card's
 * interrupt pulses into messages.
 *
 * The model's clock runs only while the card may have work: after a register write, while
 * GLB STATUS.BUSY or the host bus is busy, and long enough afterwards for an IRQ_TIME
 * interrupt to come due. Otherwise the server sleeps in poll().
 *
 * Usage: srtpo-uml-dev --socket PATH [--msi-only] [--seed N] [--lat MIN:MAX] [--slice CLOCKS] [-v]
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "card.h"
#include "pcidev.h"
#include "srtpo_regs.h"
#include "vhost_user.h"

/* virtio_pcidev protocol (include/uapi/linux/virtio_pcidev.h) */
enum {
	PCIDEV_OP_CFG_READ = 1,
	PCIDEV_OP_CFG_WRITE,
	PCIDEV_OP_MMIO_READ,
	PCIDEV_OP_MMIO_WRITE,
	PCIDEV_OP_MMIO_MEMSET,
	PCIDEV_OP_INT,
	PCIDEV_OP_MSI,
	PCIDEV_OP_PME,
};

struct pcidev_msg {
	uint8_t op;
	uint8_t bar;
	uint16_t reserved;
	uint32_t size;
	uint64_t addr;
} __attribute__((packed));

#define Q_CMD 0
#define Q_IRQ 1

/* the largest single access we take (memcpy_toio/fromio come as one message) */
#define MAX_ACCESS (64u * 1024u)

struct server {
	struct vu_dev vu;
	struct pcidev pci;
	struct srtpo_card *card;
	uint64_t lines;              /* interrupt lines waiting to be turned into messages */
	uint64_t run_until;          /* model clock up to which the clock keeps running */
	uint32_t grace;              /* clocks to run after the last sign of work */
	uint32_t irq_time[SRTPO_HW_MAX_QUEUES];
	uint32_t slice;
	int verbose;
	/* counters, printed at exit */
	uint64_t cfg_rd, cfg_wr, mmio_rd, mmio_wr, mmio_bad, irq_sent, irq_dropped, dma_refused;
	uint8_t buf[MAX_ACCESS + sizeof(struct pcidev_msg)];
	uint8_t out[MAX_ACCESS];
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint64_t model_clock(struct server *s)
{
	struct srtpo_card_sim_stats st;

	srtpo_card_sim_stats(s->card, &st);
	return st.clocks;
}

/* ---- model hooks -------------------------------------------------------------------------- */

static uint8_t *hook_host_mem(void *ctx, uint64_t bus, size_t n)
{
	struct server *s = ctx;
	uint8_t *p;

	/* a function without bus mastering cannot reach memory */
	if (!pcidev_bus_master(&s->pci)) {
		s->dma_refused++;
		return NULL;
	}
	p = vu_gpa(&s->vu, bus, n);
	if (!p)
		s->dma_refused++;
	return p;
}

static void hook_irq(void *ctx, uint32_t lines)
{
	struct server *s = ctx;

	s->lines |= lines;
}

/* ---- interrupts --------------------------------------------------------------------------- */

static int send_msi(struct server *s, uint64_t addr, uint32_t data, uint32_t size)
{
	struct vu_chain c;
	uint8_t m[sizeof(struct pcidev_msg) + 4];
	struct pcidev_msg h = { .op = PCIDEV_OP_MSI, .size = size, .addr = addr };
	uint32_t len = (uint32_t)sizeof(h) + size, done = 0;
	int r;

	do
		r = vu_queue_pop(&s->vu, Q_IRQ, &c);
	while (r < 0);
	if (r == 0)
		return -1;    /* no buffer: the line stays pending until the front end adds one */
	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), &data, size);
	for (unsigned int i = 0; i < c.n_in && done < len; i++) {
		uint32_t n = c.in[i].len < len - done ? c.in[i].len : len - done;

		memcpy(c.in[i].p, m + done, n);
		done += n;
	}
	vu_queue_push(&s->vu, Q_IRQ, &c, done);
	vu_queue_notify(&s->vu, Q_IRQ);
	if (done < len) {
		fprintf(stderr, "srtpo-uml-dev: interrupt buffer of %u bytes is too small\n", done);
		return 0;
	}
	s->irq_sent++;
	return 0;
}

static void deliver_irqs(struct server *s)
{
	s->lines |= pcidev_msix_unmasked(&s->pci);
	for (unsigned int v = 0; v < 64 && s->lines; v++) {
		uint64_t addr;
		uint32_t data, size;

		if (!(s->lines >> v & 1))
			continue;
		switch (pcidev_irq(&s->pci, v, &addr, &data, &size)) {
		case PCIDEV_IRQ_SEND:
			if (send_msi(s, addr, data, size))
				return;
			s->lines &= ~(1ull << v);
			break;
		case PCIDEV_IRQ_HOLD:
			/* MSI-X keeps it in the pending-bit array; MSI waits here */
			if (s->pci.pba >> v & 1)
				s->lines &= ~(1ull << v);
			break;
		case PCIDEV_IRQ_DROP:
			s->irq_dropped++;
			s->lines &= ~(1ull << v);
			break;
		}
	}
}

/* ---- BAR0: the card's registers ----------------------------------------------------------- */

static void note_work(struct server *s)
{
	uint64_t now = model_clock(s);

	if (s->run_until < now + s->grace)
		s->run_until = now + s->grace;
}

static void bar0_read(struct server *s, uint64_t off, uint32_t size, uint8_t *out)
{
	uint64_t first = off & ~3ull, end = off + size;

	for (uint64_t a = first; a < end; a += 4) {
		uint32_t v = srtpo_card_read32(s->card, (uint32_t)a);

		for (unsigned int i = 0; i < 4; i++)
			if (a + i >= off && a + i < end)
				out[a + i - off] = (uint8_t)(v >> (8 * i));
	}
}

static void bar0_write(struct server *s, uint64_t off, uint32_t size, const uint8_t *in)
{
	/* the register file takes whole dwords; a narrower write has no byte enables to carry */
	if ((off & 3) || (size & 3)) {
		s->mmio_bad++;
		fprintf(stderr, "srtpo-uml-dev: BAR0 write of %u bytes at 0x%llx dropped (registers "
			"are 32-bit)\n", size, (unsigned long long)off);
		return;
	}
	for (uint32_t i = 0; i < size; i += 4) {
		uint32_t v, a = (uint32_t)(off + i);

		memcpy(&v, in + i, 4);
		/* an IRQ_TIME interrupt comes due that many clocks after a completion */
		if (a >= SRTPO_QU_BASE && (a - SRTPO_QU_BASE) % SRTPO_QU_STRIDE == SRTPO_QU_IRQ_TIME &&
		    (a - SRTPO_QU_BASE) / SRTPO_QU_STRIDE < SRTPO_HW_MAX_QUEUES) {
			uint32_t q = (a - SRTPO_QU_BASE) / SRTPO_QU_STRIDE, max = 0;

			s->irq_time[q] = v;
			for (unsigned int k = 0; k < SRTPO_HW_MAX_QUEUES; k++)
				if (s->irq_time[k] > max)
					max = s->irq_time[k];
			s->grace = 4096 + max;
		}
		srtpo_card_write32(s->card, a, v);
	}
	note_work(s);
}

/* ---- the command queue -------------------------------------------------------------------- */

/* Handles one access; returns the bytes written back. */
static uint32_t handle_access(struct server *s, const struct pcidev_msg *h, const uint8_t *data,
			      uint32_t data_len, uint8_t *out, uint32_t out_len)
{
	uint32_t size = h->size;

	switch (h->op) {
	case PCIDEV_OP_CFG_READ:
		s->cfg_rd++;
		if (size > 8 || out_len < size)
			break;
		pcidev_cfg_read(&s->pci, (uint32_t)h->addr, size, out);
		if (s->verbose > 2)
			fprintf(stderr, "cfg rd %u @0x%llx\n", size, (unsigned long long)h->addr);
		return size;
	case PCIDEV_OP_CFG_WRITE:
		s->cfg_wr++;
		if (size > 8 || data_len < size) {
			s->mmio_bad++;
			break;
		}
		/* 6.1's memset_io path sends CFG_WRITE with a BAR; nothing uses it on this card */
		if (pcidev_cfg_write(&s->pci, (uint32_t)h->addr, size, data))
			s->mmio_bad++;
		if (s->verbose > 1) {
			char d[200];

			pcidev_describe(&s->pci, d, sizeof(d));
			fprintf(stderr, "cfg wr %u @0x%llx: %s\n", size, (unsigned long long)h->addr,
				d);
		}
		break;
	case PCIDEV_OP_MMIO_READ:
		s->mmio_rd++;
		if (size > out_len)
			break;
		memset(out, 0xff, size);
		if (!pcidev_mem_enabled(&s->pci)) {
			s->mmio_bad++;
		} else if (h->bar == 0 && h->addr < PCIDEV_BAR0_BYTES &&
			   size <= PCIDEV_BAR0_BYTES - h->addr) {
			bar0_read(s, h->addr, size, out);
		} else if (h->bar == 2) {
			if (pcidev_bar2_read(&s->pci, h->addr, size, out))
				s->mmio_bad++;
		} else {
			s->mmio_bad++;
		}
		return size;
	case PCIDEV_OP_MMIO_WRITE:
	case PCIDEV_OP_MMIO_MEMSET: {
		uint8_t fill[256];
		const uint8_t *src = data;

		s->mmio_wr++;
		if (h->op == PCIDEV_OP_MMIO_MEMSET) {
			if (data_len < 1 || size > sizeof(fill)) {
				s->mmio_bad++;
				break;
			}
			memset(fill, data[0], size);
			src = fill;
		} else if (data_len < size) {
			s->mmio_bad++;
			break;
		}
		if (!pcidev_mem_enabled(&s->pci)) {
			s->mmio_bad++;
		} else if (h->bar == 0 && h->addr < PCIDEV_BAR0_BYTES &&
			   size <= PCIDEV_BAR0_BYTES - h->addr) {
			bar0_write(s, h->addr, size, src);
		} else if (h->bar == 2) {
			if (pcidev_bar2_write(&s->pci, h->addr, size, src))
				s->mmio_bad++;
		} else {
			s->mmio_bad++;
		}
		break;
	}
	default:
		fprintf(stderr, "srtpo-uml-dev: unknown virtio_pcidev op %u\n", h->op);
		s->mmio_bad++;
		break;
	}
	return 0;
}

static void process_cmds(struct server *s)
{
	struct vu_chain c;
	int r, any = 0;

	while ((r = vu_queue_pop(&s->vu, Q_CMD, &c)) != 0) {
		uint32_t n = 0, out_len = 0, written;
		struct pcidev_msg h;

		any = 1;
		if (r < 0)
			continue;
		for (unsigned int i = 0; i < c.n_out; i++) {
			if (c.out[i].len > sizeof(s->buf) - n) {
				n = UINT32_MAX;
				break;
			}
			memcpy(s->buf + n, c.out[i].p, c.out[i].len);
			n += c.out[i].len;
		}
		for (unsigned int i = 0; i < c.n_in; i++)
			out_len += c.in[i].len;
		if (n == UINT32_MAX || n < sizeof(h) || out_len > sizeof(s->out)) {
			fprintf(stderr, "srtpo-uml-dev: command of %u/%u bytes refused\n", n, out_len);
			s->mmio_bad++;
			vu_queue_push(&s->vu, Q_CMD, &c, 0);
			continue;
		}
		memcpy(&h, s->buf, sizeof(h));
		written = handle_access(s, &h, s->buf + sizeof(h), n - (uint32_t)sizeof(h), s->out,
					out_len);
		for (unsigned int i = 0, done = 0; i < c.n_in && done < written; i++) {
			uint32_t k = c.in[i].len < written - done ? c.in[i].len : written - done;

			memcpy(c.in[i].p, s->out + done, k);
			done += k;
		}
		vu_queue_push(&s->vu, Q_CMD, &c, written);
	}
	if (any)
		vu_queue_notify(&s->vu, Q_CMD);
}

/* ---- main loop ---------------------------------------------------------------------------- */

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "srtpo-uml-dev: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
		fprintf(stderr, "srtpo-uml-dev: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void run_slice(struct server *s)
{
	uint64_t now;

	srtpo_card_step(s->card, s->slice);
	now = model_clock(s);
	if (srtpo_card_sim_bus_busy(s->card) ||
	    (srtpo_card_read32(s->card, SRTPO_GLB_STATUS) & SRTPO_GLB_STATUS_BUSY_MASK)) {
		if (s->run_until < now + s->grace)
			s->run_until = now + s->grace;
	}
}

static int serve(struct server *s)
{
	for (;;) {
		struct pollfd pf[3];
		unsigned int n = 0;
		int active, idx_kick_cmd = -1, idx_kick_irq = -1;

		process_cmds(s);
		deliver_irqs(s);
		if (stop_requested)
			return 0;
		active = model_clock(s) < s->run_until;

		pf[n++] = (struct pollfd){ .fd = s->vu.fd, .events = POLLIN };
		if (s->vu.q[Q_CMD].kick_fd >= 0) {
			idx_kick_cmd = (int)n;
			pf[n++] = (struct pollfd){ .fd = s->vu.q[Q_CMD].kick_fd, .events = POLLIN };
		}
		if (s->vu.q[Q_IRQ].kick_fd >= 0) {
			idx_kick_irq = (int)n;
			pf[n++] = (struct pollfd){ .fd = s->vu.q[Q_IRQ].kick_fd, .events = POLLIN };
		}
		if (poll(pf, n, active ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("srtpo-uml-dev: poll");
			return -1;
		}
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (vu_handle_message(&s->vu)) {
				if (s->verbose)
					fprintf(stderr, "srtpo-uml-dev: front end gone\n");
				return 0;
			}
		}
		if (idx_kick_cmd >= 0 && (pf[idx_kick_cmd].revents & POLLIN))
			vu_drain_kick(&s->vu, Q_CMD);
		if (idx_kick_irq >= 0 && (pf[idx_kick_irq].revents & POLLIN))
			vu_drain_kick(&s->vu, Q_IRQ);
		if (active) {
			/* accesses first: the front end busy-waits for read answers */
			process_cmds(s);
			run_slice(s);
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: srtpo-uml-dev --socket PATH [--msi-only] [--seed N] [--lat MIN:MAX] "
		"[--slice CLOCKS] [-v]...\n"
		"Presents the Verilated srtpo card as a vhost-user virtio_pcidev device for\n"
		"User-Mode Linux (virtio_uml.device=PATH:ID). Serves one connection, then exits.\n"
		"  --msi-only      offer MSI without the MSI-X capability\n"
		"  --seed N        the model's random latencies\n"
		"  --lat MIN:MAX   host memory latency in clocks (default 4:24)\n"
		"  --slice CLOCKS  clocks run between looks at the sockets (default 256)\n"
		"  -v              log the session (repeat for every message and access)\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "msi-only", no_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 'S' },
		{ "lat", required_argument, NULL, 'l' },
		{ "slice", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct server s;
	struct srtpo_card_sim_cfg cfg = { .seed = 1, .mem_bytes = 4096, .lat_min = 4, .lat_max = 24,
					  .ready_pct = 100 };
	struct srtpo_card_sim_hooks hooks = { .ctx = &s, .host_mem = hook_host_mem,
					      .irq = hook_irq };
	struct sigaction sa = { .sa_handler = on_signal };
	struct srtpo_card_sim_stats st;
	const char *path = NULL;
	uint32_t magic, version, nq;
	int lfd, cfd, o, rc, msix = 1;
	char *end;

	s.slice = 256;
	s.grace = 4096;
	while ((o = getopt_long(argc, argv, "s:vh", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			path = optarg;
			break;
		case 'm':
			msix = 0;
			break;
		case 'S':
			cfg.seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg)
				goto bad;
			break;
		case 'l':
			if (sscanf(optarg, "%u:%u", &cfg.lat_min, &cfg.lat_max) != 2 ||
			    cfg.lat_max < cfg.lat_min || cfg.lat_max > 100000)
				goto bad;
			break;
		case 'c':
			s.slice = (uint32_t)strtoul(optarg, &end, 0);
			if (*end || !s.slice || s.slice > 1000000)
				goto bad;
			break;
		case 'v':
			s.verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (!path || optind != argc)
		goto bad;

	s.card = srtpo_card_open_sim_hooks(&cfg, &hooks);
	if (!s.card) {
		fprintf(stderr, "srtpo-uml-dev: cannot open the card model\n");
		return 1;
	}
	magic = srtpo_card_read32(s.card, SRTPO_FW_MAGIC);
	version = srtpo_card_read32(s.card, SRTPO_FW_VERSION);
	nq = srtpo_card_read32(s.card, SRTPO_FW_CAP_QUEUES);
	if (magic != SRTPO_HW_MAGIC || !nq || nq > SRTPO_HW_MAX_QUEUES) {
		fprintf(stderr, "srtpo-uml-dev: the model answers magic 0x%08x, %u queues\n", magic,
			nq);
		srtpo_card_close(s.card);
		return 1;
	}
	pcidev_init(&s.pci, nq, msix);

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(path);
	if (lfd < 0) {
		srtpo_card_close(s.card);
		return 1;
	}
	fprintf(stderr, "srtpo-uml-dev: card 0x%08x v%u.%u, %u queues, %s %u vectors; listening on "
		"%s\n", magic, version >> 16, version & 0xffff, nq, msix ? "MSI-X" : "MSI",
		s.pci.nvec, path);
	do
		cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (cfd < 0 && errno == EINTR && !stop_requested);
	close(lfd);
	unlink(path);
	if (cfd < 0) {
		if (!stop_requested)
			perror("srtpo-uml-dev: accept");
		srtpo_card_close(s.card);
		return stop_requested ? 0 : 1;
	}
	vu_init(&s.vu, cfd, s.verbose);
	rc = serve(&s);

	srtpo_card_sim_stats(s.card, &st);
	fprintf(stderr, "srtpo-uml-dev: done: %llu clocks, cfg %llu/%llu, mmio %llu rd %llu wr, "
		"%llu refused accesses, %llu interrupts sent, %llu dropped, DMA outside memory %llu, "
		"bad chains %llu\n", (unsigned long long)st.clocks, (unsigned long long)s.cfg_rd,
		(unsigned long long)s.cfg_wr, (unsigned long long)s.mmio_rd,
		(unsigned long long)s.mmio_wr, (unsigned long long)s.mmio_bad,
		(unsigned long long)s.irq_sent, (unsigned long long)s.irq_dropped,
		(unsigned long long)st.outside, (unsigned long long)s.vu.bad_chains);
	vu_close(&s.vu);
	srtpo_card_close(s.card);
	return rc ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
