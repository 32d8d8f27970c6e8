// SPDX-License-Identifier: BSD-3-Clause
/*
 * card_open.c - reaching one card for the management commands: the simulated card with its
 * configuration flash model, or a real card's BAR0 through sysfs (see card_open.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bitfile.h"
#include "card_open.h"
#include "spi_flash.h"
#include "srtpo_regs.h"

#define SYSFS_PCI "/sys/bus/pci/devices"

/* Clocks the simulated flash keeps WIP set by default: short, so tests stay quick, but long
 * enough that the status polling is exercised. */
#define SIM_BUSY_PAGE 200u

struct card_impl {
	struct card_dev pub;
	/* simulated card */
	void *dl;
	struct spi_flash *flash;
	struct flash_layout layout;
	uint32_t boot_status;
	int (*sim_fault)(struct srtpo_card *c, int kind, uint32_t arg, uint64_t count);
	/* real card */
	struct srtpo_card bar_card;
	volatile uint8_t *bar;
	size_t bar_len;
	int bar_fd;
	int enabled_by_us;
	int mode;
	/* a card bound to the srtpo driver, read through its sysfs attributes */
	struct srtpo_card drv_card;
	char drv_dir[PATH_MAX];
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static struct card_impl *impl_of(struct card_dev *d)
{
	return (struct card_impl *)d;
}

/* ---- the simulated card ------------------------------------------------------------------ */

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* The simulated FPGA configuration logic: an image boots when it is a complete stream for the
 * board's FPGA. */
static int image_boots(struct card_impl *ci, uint64_t addr, uint64_t size)
{
	const uint8_t *m = spi_flash_data(ci->flash);
	uint64_t flash = spi_flash_size(ci->flash);
	uint32_t id = 0;

	if (addr >= flash)
		return 0;
	if (size > flash - addr)
		size = flash - addr;
	if (bitstream_parse(m + addr, (size_t)size, &id, NULL, NULL, NULL, 0) != BITSTREAM_OK)
		return 0;
	return (id & SRTPO_IDCODE_MASK) == SRTPO_BOARD_IDCODE;
}

static int sim_spi(void *ctx, int cs_n, int sck, int mosi)
{
	struct card_impl *ci = ctx;

	return spi_flash_clock(ci->flash, cs_n, sck, mosi);
}

static void sim_reload(void *ctx, uint32_t addr)
{
	struct card_impl *ci = ctx;
	const struct flash_layout *l = &ci->layout;
	uint64_t size = addr >= l->update_addr ? l->update_size : l->golden_size;

	if (addr != l->golden_addr && image_boots(ci, addr, size)) {
		ci->boot_status = SRTPO_RELOAD_BOOT_STATUS_VALID_MASK |
				  SRTPO_RELOAD_BOOT_STATUS_UPDATE_MASK;
	} else if (image_boots(ci, l->golden_addr, l->golden_size)) {
		ci->boot_status = SRTPO_RELOAD_BOOT_STATUS_VALID_MASK;
		if (addr != l->golden_addr)
			ci->boot_status |= SRTPO_RELOAD_BOOT_STATUS_FALLBACK_MASK;
	} else {
		/* nothing loads: the FPGA stays unconfigured and the card is gone from the bus */
		ci->boot_status = 0;
		if (ci->sim_fault && ci->pub.card)
			ci->sim_fault(ci->pub.card, SRTPO_FAULT_LOST, 0, 0);
	}
}

static uint32_t sim_boot_status(void *ctx)
{
	struct card_impl *ci = ctx;

	return ci->boot_status;
}

static void *load_sim_lib(char *err, size_t errlen)
{
	const char *env = getenv("SRTPO_SIM_LIB");
	char exe[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n;
	void *dl;

	if (env && *env) {
		dl = dlopen(env, RTLD_NOW | RTLD_LOCAL);
		if (!dl)
			seterr(err, errlen, "cannot load the simulated card (SRTPO_SIM_LIB=%s): %s",
			       env, dlerror());
		return dl;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/libsrtpo_sim.so", exe);
			if (access(path, R_OK) == 0) {
				dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
				if (dl)
					return dl;
				seterr(err, errlen, "cannot load the simulated card %s: %s", path,
				       dlerror());
				return NULL;
			}
		}
	}
	dl = dlopen("libsrtpo_sim.so", RTLD_NOW | RTLD_LOCAL);
	if (!dl)
		seterr(err, errlen, "cannot load the simulated card libsrtpo_sim.so (build it with "
		       "`make sim-lib`, or set SRTPO_SIM_LIB): %s", dlerror());
	return dl;
}

static int open_sim(struct card_impl *ci, const char *path, char *err, size_t errlen)
{
	struct srtpo_card *(*open_hooks)(const struct srtpo_card_sim_cfg *cfg,
					 const struct srtpo_card_sim_hooks *hooks);
	struct srtpo_card_sim_hooks hooks = { 0 };
	struct spi_flash_cfg fc = { 0 };
	const char *s;
	char why[512];
	uint64_t v;

	if (!*path) {
		seterr(err, errlen, "sim: needs a flash file, e.g. sim:card.flash");
		return -1;
	}
	fc.path = path;
	fc.size = SRTPO_BOARD_FLASH_BYTES;
	fc.busy_page = SIM_BUSY_PAGE;
	s = getenv("SRTPO_SIM_FLASH_BYTES");
	if (s && *s) {
		if (parse_size(s, &v) || v < 2 * SRTPO_BOARD_ERASE_BYTES || v > (256u << 20) ||
		    (v & (v - 1))) {
			seterr(err, errlen, "SRTPO_SIM_FLASH_BYTES=%s: need a power of two from "
			       "128K to 256M", s);
			return -1;
		}
		fc.size = v;
	}
	s = getenv("SRTPO_SIM_FLASH_BUSY");
	if (s && *s) {
		if (parse_size(s, &v) || v == 0 || v > 100000000) {
			seterr(err, errlen, "SRTPO_SIM_FLASH_BUSY=%s: need clocks, 1 to "
			       "100000000", s);
			return -1;
		}
		fc.busy_page = (uint32_t)v;
	}
	fc.busy_subsector = fc.busy_page * 4;
	fc.busy_sector = fc.busy_page * 8;
	fc.busy_bulk = fc.busy_page * 64;
	s = getenv("SRTPO_SIM_FLASH_CUT");
	if (s && *s) {
		if (parse_size(s, &v) || v == 0) {
			seterr(err, errlen, "SRTPO_SIM_FLASH_CUT=%s: need a byte count above 0", s);
			return -1;
		}
		fc.cut_after = v;
	}

	ci->dl = load_sim_lib(err, errlen);
	if (!ci->dl)
		return -1;
	*(void **)&open_hooks = dlsym(ci->dl, "srtpo_card_open_sim_hooks");
	*(void **)&ci->sim_fault = dlsym(ci->dl, "srtpo_card_sim_fault");
	if (!open_hooks) {
		seterr(err, errlen, "the simulated card library has no srtpo_card_open_sim_hooks "
		       "(rebuild it with `make sim-lib`)");
		return -1;
	}
	ci->flash = spi_flash_open(&fc, why, sizeof(why));
	if (!ci->flash) {
		seterr(err, errlen, "flash file: %s", why);
		return -1;
	}
	flash_layout_for(fc.size, &ci->layout);
	/* a cold start loads the golden image */
	ci->boot_status = SRTPO_RELOAD_BOOT_STATUS_VALID_MASK;
	hooks.ctx = ci;
	hooks.spi = sim_spi;
	hooks.reload = sim_reload;
	hooks.boot_status = sim_boot_status;
	ci->pub.card = open_hooks(NULL, &hooks);
	if (!ci->pub.card) {
		seterr(err, errlen, "the simulated card did not open");
		return -1;
	}
	ci->pub.sim = 1;
	ci->pub.sim_flash_bytes = fc.size;
	snprintf(ci->pub.flash_path, sizeof(ci->pub.flash_path), "%s", path);
	return 0;
}

/* ---- a real card through sysfs ----------------------------------------------------------- */

static struct card_impl *bar_impl(struct srtpo_card *c)
{
	return (struct card_impl *)((char *)c - offsetof(struct card_impl, bar_card));
}

static uint32_t bar_read32(struct srtpo_card *c, uint32_t off)
{
	struct card_impl *ci = bar_impl(c);

	if (!ci->bar || (size_t)off + 4 > ci->bar_len || (off & 3))
		return 0xffffffffu;
	return le32toh(*(volatile uint32_t *)(ci->bar + off));
}

static void bar_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
	struct card_impl *ci = bar_impl(c);

	if (!ci->bar || ci->mode != CARD_OPEN_RW || (size_t)off + 4 > ci->bar_len || (off & 3))
		return;
	*(volatile uint32_t *)(ci->bar + off) = htole32(val);
}

static void *bar_dma_alloc(struct srtpo_card *c, size_t size, size_t align, uint64_t *bus)
{
	return NULL;   /* no DMA without the driver */
}

static uint32_t bar_wait_irq(struct srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	return 0;
}

static void bar_step(struct srtpo_card *c, uint64_t clocks)
{
	/* a few nanoseconds per clock of a 250 MHz card */
	struct timespec ts = { 0, (long)(clocks < 1000000 ? clocks * 4 : 4000000) };

	if (clocks > 256)
		nanosleep(&ts, NULL);
}

static void bar_close(struct srtpo_card *c)
{
}

static const struct srtpo_card_ops bar_ops = {
	.read32 = bar_read32, .write32 = bar_write32, .dma_alloc = bar_dma_alloc,
	.wait_irq = bar_wait_irq, .step = bar_step, .close = bar_close,
};

static int read_file(const char *path, char *buf, size_t len)
{
	FILE *fp;
	size_t n;

	fp = fopen(path, "r");
	if (!fp)
		return -1;
	n = fread(buf, 1, len - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int read_sysfs(const char *bdf, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", bdf, attr);
	return read_file(path, buf, len);
}

/* ---- a card bound to the srtpo driver, through its attributes --------------------------------- */

/*
 * `info` and `stats` need only the FW block and the counters, which the driver publishes in
 * /sys/class/srtpo/srtpoN/: no root, and nothing touches BAR0 behind the driver's back. read32
 * answers those registers from the attributes (all ones for anything else, as a lost device).
 */
static struct card_impl *drv_impl(struct srtpo_card *c)
{
	return (struct card_impl *)((char *)c - offsetof(struct card_impl, drv_card));
}

static int drv_attr(struct card_impl *ci, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", ci->drv_dir, attr);
	return read_file(path, buf, len);
}

static uint32_t drv_num(struct card_impl *ci, const char *attr)
{
	char buf[64];

	if (drv_attr(ci, attr, buf, sizeof(buf)))
		return 0xffffffffu;
	return (uint32_t)strtoul(buf, NULL, 0);
}

/* One field of fw_caps ("queues=4 slots=64 suites=0x3f max_pkt=2048 bus_bits=256"). */
static uint32_t drv_cap(struct card_impl *ci, const char *key)
{
	char buf[256], *p;
	size_t k = strlen(key);

	if (drv_attr(ci, "fw_caps", buf, sizeof(buf)))
		return 0xffffffffu;
	for (p = buf; (p = strstr(p, key)); p += k)
		if ((p == buf || p[-1] == ' ') && p[k] == '=')
			return (uint32_t)strtoul(p + k + 1, NULL, 0);
	return 0xffffffffu;
}

/* A column of queue q's line in queue_counters ("queue in_use done errors rejects irqs status"). */
static uint32_t drv_queue(struct card_impl *ci, uint32_t q, int col)
{
	char buf[8192], *line, *save = NULL;

	if (drv_attr(ci, "queue_counters", buf, sizeof(buf)))
		return 0xffffffffu;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long v[7];

		if (sscanf(line, "%lu %lu %lu %lu %lu %lu %lx", &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5], &v[6]) == 7 && v[0] == q)
			return (uint32_t)v[col];
	}
	return 0xffffffffu;
}

static uint32_t drv_read32(struct srtpo_card *c, uint32_t off)
{
	struct card_impl *ci = drv_impl(c);
	char buf[64];
	unsigned a, b, y, m, d;

	switch (off) {
	case SRTPO_FW_MAGIC: return drv_num(ci, "fw_magic");
	case SRTPO_FW_VERSION:
		if (drv_attr(ci, "fw_version", buf, sizeof(buf)) || sscanf(buf, "%u.%u", &a, &b) != 2)
			return 0xffffffffu;
		return a << 16 | (b & 0xffff);
	case SRTPO_FW_BUILD_DATE:
		/* BCD 0xYYYYMMDD from "YYYY-MM-DD" */
		if (drv_attr(ci, "fw_build_date", buf, sizeof(buf)) ||
		    sscanf(buf, "%x-%x-%x", &y, &m, &d) != 3)
			return 0xffffffffu;
		return y << 16 | (m & 0xff) << 8 | (d & 0xff);
	case SRTPO_FW_GIT_HASH:
		if (drv_attr(ci, "fw_git_hash", buf, sizeof(buf)))
			return 0xffffffffu;
		return (uint32_t)strtoul(buf, NULL, 16);
	case SRTPO_FW_CAP_QUEUES: return drv_cap(ci, "queues");
	case SRTPO_FW_CAP_SLOTS: return drv_cap(ci, "slots");
	case SRTPO_FW_CAP_SUITES: return drv_cap(ci, "suites");
	case SRTPO_FW_CAP_MAX_PKT: return drv_cap(ci, "max_pkt");
	case SRTPO_FW_CAP_BUS_BITS: return drv_cap(ci, "bus_bits");
	case SRTPO_RELOAD_BOOT_STATUS: return drv_num(ci, "boot_status");
	case SRTPO_GLB_CNT_DESC: return drv_num(ci, "descriptors_done");
	case SRTPO_GLB_CNT_REJECT: return drv_num(ci, "isolation_rejects");
	case SRTPO_GLB_CNT_RD_ERR: return drv_num(ci, "dma_read_errors");
	case SRTPO_GLB_CNT_WR_ERR: return drv_num(ci, "dma_write_errors");
	case SRTPO_GLB_CNT_IRQ: return drv_num(ci, "interrupts");
	case SRTPO_GLB_CYCLES_LO:
	case SRTPO_GLB_CYCLES_HI: {
		unsigned long long cyc;

		if (drv_attr(ci, "cycles", buf, sizeof(buf)))
			return 0xffffffffu;
		cyc = strtoull(buf, NULL, 10);
		return off == SRTPO_GLB_CYCLES_LO ? (uint32_t)cyc : (uint32_t)(cyc >> 32);
	}
	default:
		break;
	}
	if (off >= SRTPO_QU(0, 0) && off < SRTPO_QU(SRTPO_HW_MAX_QUEUES, 0)) {
		uint32_t q = (off - SRTPO_QU(0, 0)) / (SRTPO_QU(1, 0) - SRTPO_QU(0, 0));

		switch (off - SRTPO_QU(q, 0)) {
		case SRTPO_QU_CNT_DONE: return drv_queue(ci, q, 2);
		case SRTPO_QU_CNT_ERR: return drv_queue(ci, q, 3);
		case SRTPO_QU_CNT_REJECT: return drv_queue(ci, q, 4);
		case SRTPO_QU_CNT_IRQ: return drv_queue(ci, q, 5);
		case SRTPO_QU_STATUS: return drv_queue(ci, q, 6);
		default: break;
		}
	}
	return 0xffffffffu;
}

static void drv_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
}

static const struct srtpo_card_ops drv_ops = {
	.read32 = drv_read32, .write32 = drv_write32, .dma_alloc = bar_dma_alloc,
	.wait_irq = bar_wait_irq, .step = bar_step, .close = bar_close,
};

/* The driver's class directory of a PCI function, when the srtpo driver is bound to it. */
static int find_driver_dir(const char *dev, const char *bdf, char *out, size_t len)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *dir;

	if (!strncmp(dev, "/dev/", 5)) {
		snprintf(out, len, "/sys/class/srtpo/%s", dev + 5);
		snprintf(path, sizeof(path), "%s/fw_magic", out);
		return stat(path, &st);
	}
	snprintf(path, sizeof(path), SYSFS_PCI "/%s/srtpo", bdf);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "srtpo", 5) || strlen(e->d_name) > 32)
			continue;
		snprintf(out, len, "%.*s/%.32s", (int)(len - 40), path, e->d_name);
		closedir(dir);
		snprintf(path, sizeof(path), "%s/fw_magic", out);
		return stat(path, &st);
	}
	closedir(dir);
	return -1;
}

static int write_sysfs_path(const char *path, const char *val)
{
	FILE *fp = fopen(path, "w");
	int ok;

	if (!fp)
		return -1;
	ok = fputs(val, fp) >= 0;
	if (fclose(fp) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static int write_sysfs(const char *bdf, const char *attr, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", bdf, attr);
	return write_sysfs_path(path, val);
}

static int canonical_bdf(const char *s, char *out, size_t len)
{
	unsigned dom = 0, bus, dev, fn;
	char tail;

	if (sscanf(s, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) == 4) {
		/* domain given */
	} else if (sscanf(s, "%x:%x.%x%c", &bus, &dev, &fn, &tail) == 3) {
		dom = 0;
	} else {
		return -1;
	}
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return -1;
	snprintf(out, len, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return 0;
}

int card_resolve_bdf(const char *dev, char *bdf, size_t bdflen, char *err, size_t errlen)
{
	if (!strncmp(dev, "/dev/", 5)) {
		char link[PATH_MAX], target[PATH_MAX];
		const char *name = dev + 5, *base;
		ssize_t n;

		snprintf(link, sizeof(link), "/sys/class/srtpo/%s/device", name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0) {
			seterr(err, errlen, "%s: no such srtpo card (%s: %s; is the driver "
			       "loaded?)", dev, link, strerror(errno));
			return -1;
		}
		target[n] = '\0';
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		if (canonical_bdf(base, bdf, bdflen)) {
			seterr(err, errlen, "%s: its device is not a PCI function (%s)", dev,
			       target);
			return -1;
		}
		return 0;
	}
	if (canonical_bdf(dev, bdf, bdflen)) {
		seterr(err, errlen, "%s: not a card name: use sim:FLASHFILE, /dev/srtpoN or a PCI "
		       "address such as 0000:3b:00.0", dev);
		return -1;
	}
	return 0;
}

static int map_bar0(struct card_impl *ci, const char *bdf, int mode, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;
	void *p;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/resource0", bdf);
	ci->bar_fd = open(path, (mode == CARD_OPEN_RW ? O_RDWR : O_RDONLY) | O_SYNC | O_CLOEXEC);
	if (ci->bar_fd < 0) {
		seterr(err, errlen, "%s: cannot open BAR0 (%s): %s%s", bdf, path, strerror(errno),
		       errno == EACCES || errno == EPERM ? " (the card's registers need root)" :
		       "");
		return -1;
	}
	if (fstat(ci->bar_fd, &st) < 0 || st.st_size < 0x20000) {
		seterr(err, errlen, "%s: BAR0 is %lld bytes, too small for an srtpo card", bdf,
		       (long long)st.st_size);
		return -1;
	}
	ci->bar_len = (size_t)st.st_size;
	p = mmap(NULL, ci->bar_len, mode == CARD_OPEN_RW ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, ci->bar_fd, 0);
	if (p == MAP_FAILED) {
		seterr(err, errlen, "%s: cannot map BAR0: %s", bdf, strerror(errno));
		return -1;
	}
	ci->bar = p;
	return 0;
}

static void unmap_bar0(struct card_impl *ci)
{
	if (ci->bar)
		munmap((void *)ci->bar, ci->bar_len);
	ci->bar = NULL;
	if (ci->bar_fd >= 0)
		close(ci->bar_fd);
	ci->bar_fd = -1;
}

static int open_real(struct card_impl *ci, const char *dev, int mode, char *err, size_t errlen)
{
	char bdf[32], vendor[32], device[32], enable[8];
	unsigned long ven, did;

	if (card_resolve_bdf(dev, bdf, sizeof(bdf), err, errlen))
		return -1;
	if (read_sysfs(bdf, "vendor", vendor, sizeof(vendor)) ||
	    read_sysfs(bdf, "device", device, sizeof(device))) {
		seterr(err, errlen, "%s: no such PCI device", bdf);
		return -1;
	}
	ven = strtoul(vendor, NULL, 16);
	did = strtoul(device, NULL, 16);
	if (ven != SRTPO_HW_PCI_VENDOR_ID || did != SRTPO_HW_PCI_DEVICE_ID) {
		seterr(err, errlen, "%s is %04lx:%04lx, not an srtpo card (%04x:%04x)", bdf, ven,
		       did, SRTPO_HW_PCI_VENDOR_ID, SRTPO_HW_PCI_DEVICE_ID);
		return -1;
	}
	snprintf(ci->pub.bdf, sizeof(ci->pub.bdf), "%s", bdf);
	if (mode == CARD_OPEN_RO &&
	    !find_driver_dir(dev, bdf, ci->drv_dir, sizeof(ci->drv_dir))) {
		/* bound to the driver: its attributes, not the BAR behind it */
		ci->drv_card.ops = &drv_ops;
		ci->pub.card = &ci->drv_card;
		return 0;
	}
	/* without a driver the function may have memory decoding off */
	if (mode == CARD_OPEN_RW && !read_sysfs(bdf, "enable", enable, sizeof(enable)) &&
	    enable[0] == '0') {
		if (write_sysfs(bdf, "enable", "1")) {
			seterr(err, errlen, "%s: cannot enable the device: %s", bdf,
			       strerror(errno));
			return -1;
		}
		ci->enabled_by_us = 1;
	}
	if (map_bar0(ci, bdf, mode, err, errlen))
		return -1;
	ci->bar_card.ops = &bar_ops;
	ci->pub.card = &ci->bar_card;
	return 0;
}

int card_peek_bar0(const char *bdf, const uint32_t *offs, uint32_t *vals, size_t count)
{
	struct card_impl ci;
	char err[256];
	size_t i;

	memset(&ci, 0, sizeof(ci));
	ci.bar_fd = -1;
	if (map_bar0(&ci, bdf, CARD_OPEN_RO, err, sizeof(err))) {
		unmap_bar0(&ci);
		return -1;
	}
	ci.bar_card.ops = &bar_ops;
	for (i = 0; i < count; i++)
		vals[i] = bar_read32(&ci.bar_card, offs[i]);
	unmap_bar0(&ci);
	return 0;
}

/* ---- common --------------------------------------------------------------------------------- */

struct card_dev *card_open(const char *dev, int mode, char *err, size_t errlen)
{
	struct card_impl *ci = calloc(1, sizeof(*ci));
	uint32_t magic, ver;
	int r;

	if (!ci) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	ci->bar_fd = -1;
	ci->mode = mode;
	if (!strncmp(dev, "sim:", 4))
		r = open_sim(ci, dev + 4, err, errlen);
	else
		r = open_real(ci, dev, mode, err, errlen);
	if (r) {
		card_close(&ci->pub);
		return NULL;
	}
	magic = srtpo_card_read32(ci->pub.card, SRTPO_FW_MAGIC);
	if (magic != SRTPO_HW_MAGIC) {
		seterr(err, errlen, "%s does not answer with the srtpo magic (FW_MAGIC reads "
		       "0x%08x)%s", dev, magic,
		       magic == 0xffffffffu ? ": the device is gone or not configured" : "");
		card_close(&ci->pub);
		return NULL;
	}
	ver = srtpo_card_read32(ci->pub.card, SRTPO_FW_VERSION);
	if (mode == CARD_OPEN_RW && (ver >> 16) != SRTPO_HW_VERSION_MAJOR) {
		seterr(err, errlen, "%s has register map %u.%u, this srtpo knows major %u only",
		       dev, ver >> 16, ver & 0xffff, SRTPO_HW_VERSION_MAJOR);
		card_close(&ci->pub);
		return NULL;
	}
	return &ci->pub;
}

int card_close(struct card_dev *d)
{
	struct card_impl *ci;
	int ret = 0;

	if (!d)
		return 0;
	ci = impl_of(d);
	if (d->sim) {
		srtpo_card_close(d->card);
	}
	if (ci->flash && spi_flash_close(ci->flash)) {
		fprintf(stderr, "srtpo: writing back the flash file %s failed\n", d->flash_path);
		ret = -1;
	}
	if (ci->dl)
		dlclose(ci->dl);
	unmap_bar0(ci);
	if (ci->enabled_by_us)
		write_sysfs(d->bdf, "enable", "0");
	free(ci);
	return ret;
}

void card_flash_layout(const struct card_dev *d, struct flash_layout *l)
{
	flash_layout_for(d->sim ? d->sim_flash_bytes : SRTPO_BOARD_FLASH_BYTES, l);
}

int card_flash_power_lost(const struct card_dev *d)
{
	const struct card_impl *ci = (const struct card_impl *)d;

	return d->sim && ci->flash && spi_flash_power_lost(ci->flash);
}

static int wait_for_device(const char *bdf, int seconds)
{
	char path[PATH_MAX];
	int i;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s", bdf);
	for (i = 0; i < seconds * 10; i++) {
		struct timespec ts = { 0, 100000000 };

		if (i % 10 == 0)
			write_sysfs_path("/sys/bus/pci/rescan", "1");
		if (access(path, F_OK) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

int card_reload(struct card_dev *d, uint32_t addr, uint32_t *status, char *err, size_t errlen)
{
	struct card_impl *ci = impl_of(d);
	uint32_t magic;

	srtpo_card_write32(d->card, SRTPO_RELOAD_ADDR, addr);
	if (srtpo_card_read32(d->card, SRTPO_RELOAD_ADDR) != addr) {
		seterr(err, errlen, "RELOAD_ADDR did not take 0x%08x", addr);
		return -1;
	}
	if (!d->sim) {
		struct timespec ts = { 2, 0 };
		char why[256];

		/*
		 * Take the function off the bus first, so that neither a driver nor the kernel's
		 * error handling sees the link go down; the BAR mapping stays valid until unmapped.
		 */
		if (write_sysfs(d->bdf, "remove", "1")) {
			seterr(err, errlen, "%s: cannot remove the device through sysfs: %s",
			       d->bdf, strerror(errno));
			return -1;
		}
		srtpo_card_write32(d->card, SRTPO_RELOAD_TRIGGER, SRTPO_HW_RELOAD_KEY);
		unmap_bar0(ci);
		nanosleep(&ts, NULL);   /* the FPGA loads its image and trains the link again */
		if (wait_for_device(d->bdf, 20)) {
			seterr(err, errlen, "%s did not come back after the reload (rescanned "
			       "for 20 s)", d->bdf);
			return -1;
		}
		if (map_bar0(ci, d->bdf, ci->mode, why, sizeof(why))) {
			seterr(err, errlen, "after the reload: %s", why);
			return -1;
		}
	} else {
		srtpo_card_write32(d->card, SRTPO_RELOAD_TRIGGER, SRTPO_HW_RELOAD_KEY);
	}
	magic = srtpo_card_read32(d->card, SRTPO_FW_MAGIC);
	if (magic != SRTPO_HW_MAGIC) {
		seterr(err, errlen, "the card did not come back after the reload (FW_MAGIC reads "
		       "0x%08x): no image loaded", magic);
		return -1;
	}
	*status = srtpo_card_read32(d->card, SRTPO_RELOAD_BOOT_STATUS);
	return 0;
}
