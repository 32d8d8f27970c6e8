# The srtpo kernel module (driver/). Included from the top-level Makefile.
#
#   make driver         srtpo.ko in $(BUILD)/driver against the running kernel's build tree, or,
#                       when that is missing, the newest Debian linux-headers-*-amd64; KDIR=
#                       overrides. Fails on any compiler warning (W=1).
#   make driver-check   sparse (C=2) and checkpatch.pl --no-tree -f on every driver source; fails
#                       on any warning. checkpatch comes from Debian's linux-source-6.1 tarball.

DRIVER_UNAME := $(shell uname -r)
DRIVER_KDIR  := $(or $(KDIR),$(if $(wildcard /lib/modules/$(DRIVER_UNAME)/build/Makefile),\
	/lib/modules/$(DRIVER_UNAME)/build,$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
	sort -V | tail -n 1)))
DRIVER_OUT   := $(abspath $(BUILD))/driver
DRIVER_SRCS  := $(wildcard driver/*.c driver/*.h driver/uapi/*.h)
DRIVER_KSRC  := /usr/src/linux-source-6.1.tar.xz
CHECKPATCH   := $(BUILD)/checkpatch/checkpatch.pl
# kbuild gets a clean command line (the top level's variables are not the kernel's) and runs
# serially: five files, and `make test` may already run jobs beside it
DRIVER_MAKE  = MAKEFLAGS= nice $(MAKE) -C driver KDIR=$(DRIVER_KDIR) OUT=$(DRIVER_OUT)

.PHONY: driver driver-check driver-clean

# Runs kbuild, shows its output, fails on an error or on any warning line.
define driver_kbuild
	@test -n "$(DRIVER_KDIR)" || { echo "driver: no kernel build tree: install linux-headers-amd64 or pass KDIR="; exit 1; }
	@mkdir -p $(DRIVER_OUT)
	@echo "driver: building against $(DRIVER_KDIR) $(1)"
	@+$(DRIVER_MAKE) $(1) > $(DRIVER_OUT)/$(2).log 2>&1; rc=$$?; cat $(DRIVER_OUT)/$(2).log; \
	if [ $$rc -ne 0 ]; then echo "driver: $(2) failed"; exit 1; fi; \
	if grep -E '(warning|error):' $(DRIVER_OUT)/$(2).log > /dev/null; then \
		echo "driver: $(2): warnings (above)"; exit 1; fi
endef

DRIVER_TEST := $(DRIVER_OUT)/srtpo_abi_test

driver: $(DRIVER_TEST)
	$(call driver_kbuild,W=1,build)
	@test -f $(DRIVER_OUT)/srtpo.ko && echo "driver: $(DRIVER_OUT)/srtpo.ko"

# The ABI test runs inside the User-Mode Linux guest: static, so it needs no libraries there.
$(DRIVER_TEST): driver/tests/srtpo_abi_test.c driver/uapi/srtpo_ioctl.h userspace/include/srtpo_regs.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -static -o $@ $<

$(CHECKPATCH):
	@test -f $(DRIVER_KSRC) || { echo "driver-check: $(DRIVER_KSRC) missing (apt-get install linux-source-6.1)"; exit 1; }
	@mkdir -p $(dir $@)
	tar -xJf $(DRIVER_KSRC) -C $(dir $@) --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	@touch $@

# after `driver`: both use $(DRIVER_OUT), and C=2 checks every file without rebuilding it
driver-check: driver $(CHECKPATCH)
	@command -v sparse > /dev/null || { echo "driver-check: sparse missing (apt-get install sparse)"; exit 1; }
	$(call driver_kbuild,C=2 W=1 CHECK=sparse,check)
	@fail=0; for f in $(DRIVER_SRCS); do \
		perl $(CHECKPATCH) --no-tree -f --terse --show-types $$f > $(DRIVER_OUT)/checkpatch.out 2>&1; \
		rc=$$?; \
		if [ $$rc -ne 0 ] || grep -E ': (ERROR|WARNING):' $(DRIVER_OUT)/checkpatch.out > /dev/null; then \
			cat $(DRIVER_OUT)/checkpatch.out; fail=1; \
		fi; \
	done; \
	if [ $$fail -ne 0 ]; then echo "driver-check: checkpatch found problems"; exit 1; fi; \
	echo "driver-check: sparse and checkpatch clean ($(words $(DRIVER_SRCS)) files)"

driver-clean:
	rm -rf $(DRIVER_OUT)

TEST_TARGETS += driver driver-check
