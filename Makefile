# srtpo top-level Makefile. Each part of the tree keeps its rules in a fragment beside its code:
#   userspace/lib/lib.mk   libsrtpo (static + shared)       userspace/tools/tools.mk  the srtpo command
#   tests/tests.mk         unit, vectors, interop, fuzz      sim/sim.mk                Verilator benches
#   rtl/rtl.mk             lint and synthesis
# Everything is built under $(BUILD). `make help` lists the targets.

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
# PREFIX=/usr is the distribution's tree: libraries go in its multiarch directory
# (/usr/lib/x86_64-linux-gnu on Debian), found with dpkg-architecture when it is there.
ifeq ($(patsubst %/,%,$(PREFIX)),/usr)
MULTIARCH ?= $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
endif
LIBDIR  ?= $(PREFIX)/lib$(if $(MULTIARCH),/$(MULTIARCH))
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin

CC      ?= gcc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS += -Iuserspace/include -Iuserspace/lib -Idriver/uapi -D_GNU_SOURCE
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden

.PHONY: all help run test test-long bench install uninstall clean deps
all:

help:
	@echo "make            build libsrtpo and the srtpo command"
	@echo "make run        install missing packages, then protect/unprotect a sample call"
	@echo "make test       every test (unit, RFC vectors, libsrtp2/FFmpeg interop, fuzz, valgrind, RTL)"
	@echo "make bench      software engine vs libsrtp2 (packets/s per core), RTL and card benches"
	@echo "make test-long  1,000,000 packets through the simulated card (about 7 minutes)"
	@echo "make install    PREFIX=/usr/local DESTDIR= [LIBDIR= INCDIR= BINDIR=]: library, header,"
	@echo "                srtpo.pc, srtpo (PREFIX=/usr: multiarch LIBDIR); make uninstall: the same"
	@echo "make deb        Debian packages in $(BUILD)/deb: libsrtpo1, libsrtpo-dev, srtpo, srtpo-dkms"
	@echo "make test-deb   build, lintian, install into a scratch root, exercise, purge (tests/deb)"
	@echo "make sim-test   RTL vs software engine in Verilator (SEED=n COUNT=m WAVES=1)"
	@echo "make lint       verilator --lint-only -Wall over rtl/"
	@echo "make synth      Yosys synth_xilinx area and timing estimate (engine; synth-core: the whole core)"
	@echo "make bench-rtl  clocks per packet in simulation (bench-card: end to end through DMA)"
	@echo "make driver     srtpo.ko against the installed kernel headers (KDIR=); driver-check: sparse, checkpatch"
	@echo "make test-uml   srtpo.ko in User-Mode Linux against the simulated card (builds UML once)"
	@echo "make bitstream BOARD=u50   Vivado build of a board (board-lint, board-sim: checks without Vivado)"

# Installs the Debian packages the build and tests need, when they are missing.
deps:
	@scripts/deps.sh

$(BUILD):
	@mkdir -p $@

include userspace/lib/lib.mk
-include userspace/tools/tools.mk
-include tests/tests.mk
-include sim/sim.mk
-include rtl/rtl.mk
-include sim/card/card.mk
-include tests/card/shadow.mk
-include driver/driver.mk
-include sim/uml/uml.mk
-include rtl/board/board.mk
-include tests/deb/deb.mk
-include userspace/libsrtp2/libsrtp2.mk
-include rtl/formal/formal.mk

# Each fragment appended its targets; these lines come last so the lists are complete.
test: $(TEST_TARGETS)
	@echo "make test: all passed ($(words $(TEST_TARGETS)) suites)"
bench: $(BENCH_TARGETS)
# Longer runs than CI's (e.g. 1,000,000 packets through the simulated card).
test-long: $(LONG_TARGETS)

clean:
	rm -rf $(BUILD)
