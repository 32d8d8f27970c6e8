# sim/uml/uml.mk - the srtpo driver against the Verilated card inside User-Mode Linux
# (included by the top-level Makefile).
#
#   make uml-kernel   UML kernel (ARCH=um) from Debian's linux-source-6.1 with sim/uml/uml.config
#                     merged over its defconfig; built once, rebuilt only when the fragment changes
#   make uml-server   srtpo-uml-dev: the card model as a vhost-user virtio_pcidev device
#   make uml-driver   srtpo.ko built against the UML tree
#   make test-uml     all of the above, an initramfs with busybox, srtpo.ko and tests/uml, then a
#                     boot of UML that runs the tests (UML_TIMEOUT=seconds, UML_MEM=, UML_KEEP=1)

UML_DIR      := $(BUILD)/uml
UML_SRC      := $(UML_DIR)/linux-source-6.1
UML_TARBALL  ?= /usr/src/linux-source-6.1.tar.xz
# The virtio device id of PCI-over-virtio: sim/uml/uml.config and the kernel command line agree.
UML_VIRTIO_ID := $(shell sed -n 's/^CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=//p' sim/uml/uml.config)
UML_KERNEL   := $(UML_DIR)/linux
UML_SERVER   := $(UML_DIR)/srtpo-uml-dev
UML_KO       := $(UML_DIR)/driver/srtpo.ko
UML_TEST     := $(UML_DIR)/test_uml
UML_ROOTFS   := $(UML_DIR)/rootfs.cpio.gz
UML_TIMEOUT  ?= 900
UML_MEM      ?= 384M
UML_JOBS     ?= 2

.PHONY: uml-kernel uml-server uml-driver uml-rootfs test-uml test-uml-server-loss

# ---- kernel -----------------------------------------------------------------------------------
$(UML_DIR)/extracted.stamp: $(UML_TARBALL)
	@mkdir -p $(UML_DIR)
	rm -rf $(UML_SRC)
	tar -C $(UML_DIR) -xf $(UML_TARBALL)
	@touch $@

# Local fixes to the UML side of the harness (sim/uml/patches/*.patch, -p1 on the source tree).
# The files a patch touches are taken fresh from the tarball first, so a changed or removed patch
# never stacks on an old one.
UML_PATCHES := $(sort $(wildcard sim/uml/patches/*.patch))
UML_PATCHED_FILES := $(sort $(foreach p,$(UML_PATCHES),\
	$(shell sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' $(p))))

$(UML_DIR)/patched.stamp: $(UML_PATCHES) $(UML_DIR)/extracted.stamp
	@if [ -f $(UML_DIR)/patched.list ]; then \
		files=$$(sed 's|^|linux-source-6.1/|' $(UML_DIR)/patched.list); \
		[ -z "$$files" ] || tar -C $(UML_DIR) -m -xf $(UML_TARBALL) $$files; \
	fi
	$(if $(UML_PATCHED_FILES),tar -C $(UML_DIR) -m -xf $(UML_TARBALL) \
		$(addprefix linux-source-6.1/,$(UML_PATCHED_FILES)))
	@set -e; for p in $(UML_PATCHES); do echo "patch $$p"; patch -s -p1 -d $(UML_SRC) < $$p; done
	@printf '%s\n' $(UML_PATCHED_FILES) > $(UML_DIR)/patched.list
	@touch $@

# defconfig + fragment; the .config is replaced only when its content changes, so an unchanged
# fragment never triggers a kernel rebuild
$(UML_DIR)/config.stamp: sim/uml/uml.config sim/uml/check-config.sh $(UML_DIR)/extracted.stamp
	rm -rf $(UML_DIR)/cfg && mkdir -p $(UML_DIR)/cfg
	$(MAKE) -s -C $(UML_SRC) ARCH=um KCONFIG_CONFIG=$(abspath $(UML_DIR)/cfg/base.config) \
		defconfig >/dev/null
	ARCH=um $(UML_SRC)/scripts/kconfig/merge_config.sh -m -O $(UML_DIR)/cfg \
		$(UML_DIR)/cfg/base.config sim/uml/uml.config >/dev/null
	$(MAKE) -s -C $(UML_SRC) ARCH=um KCONFIG_CONFIG=$(abspath $(UML_DIR)/cfg/.config) \
		olddefconfig >/dev/null
	sh sim/uml/check-config.sh sim/uml/uml.config $(UML_DIR)/cfg/.config
	cmp -s $(UML_DIR)/cfg/.config $(UML_SRC)/.config || cp $(UML_DIR)/cfg/.config $(UML_SRC)/.config
	rm -rf $(UML_DIR)/cfg
	@touch $@

# the copy is renamed into place: a UML already running from it keeps its binary
$(UML_DIR)/kernel.stamp: $(UML_DIR)/config.stamp $(UML_DIR)/patched.stamp
	@echo "building the UML kernel (6 to 12 minutes on 2 cores; log: $(UML_DIR)/kbuild.log)"
	nice $(MAKE) -C $(UML_SRC) ARCH=um -j$(UML_JOBS) > $(UML_DIR)/kbuild.log 2>&1 || \
		{ tail -40 $(UML_DIR)/kbuild.log; exit 1; }
	cp $(UML_SRC)/linux $(UML_KERNEL).tmp
	mv -f $(UML_KERNEL).tmp $(UML_KERNEL)
	@touch $@

$(UML_KERNEL): $(UML_DIR)/kernel.stamp

uml-kernel: $(UML_DIR)/kernel.stamp

# ---- device server ----------------------------------------------------------------------------
UML_SERVER_SRC := sim/uml/srtpo_uml_dev.c sim/uml/vhost_user.c sim/uml/pcidev.c
UML_SERVER_OBJ := $(patsubst sim/uml/%.c,$(UML_DIR)/obj/%.o,$(UML_SERVER_SRC))

$(UML_DIR)/obj/%.o: sim/uml/%.c sim/uml/vhost_user.h sim/uml/pcidev.h userspace/lib/card.h \
		    userspace/include/srtpo_regs.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Werror -c $< -o $@

$(UML_SERVER): $(UML_SERVER_OBJ) $(CARD_OUT)/card_model.o $(CARD_OUT)/verilated.o \
	       $(CARD_OUT)/verilated_threads.o $(CARD_MODEL)
	$(CXX) -o $@ $(UML_SERVER_OBJ) $(CARD_OUT)/card_model.o $(CARD_OUT)/verilated.o \
		$(CARD_OUT)/verilated_threads.o $(CARD_MODEL) -lpthread

uml-server: $(UML_SERVER)

# ---- driver -----------------------------------------------------------------------------------
UML_DRIVER_SRC := $(wildcard driver/*.c driver/*.h driver/Kbuild driver/Makefile driver/uapi/*.h)

$(UML_KO): $(UML_DIR)/kernel.stamp $(UML_DRIVER_SRC) userspace/include/srtpo_regs.h
	@test -f driver/Makefile || { echo "driver/ has no Makefile yet"; exit 1; }
	$(MAKE) -C driver KDIR=$(abspath $(UML_SRC)) ARCH=um OUT=$(abspath $(UML_DIR)/driver)

uml-driver: $(UML_KO)

# ---- programs run inside UML, and the initramfs ----------------------------------------------
$(UML_TEST): tests/uml/test_uml.c tests/card/card_test.h $(LIB_A) userspace/lib/ring.h \
	     userspace/lib/engine.h userspace/lib/card.h driver/uapi/srtpo_ioctl.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/card $(ALL_CFLAGS) -Werror -o $@ $< $(LIB_A) $(LIB_LDLIBS)

$(UML_ROOTFS): sim/uml/mkrootfs.sh sim/uml/init.sh $(UML_TEST) $(UML_KO) $(DRIVER_TEST) $(SRTPO)
	sh sim/uml/mkrootfs.sh $@ sim/uml/init.sh $(UML_KO) $(UML_TEST) $(DRIVER_TEST) $(SRTPO)

uml-rootfs: $(UML_ROOTFS)

# Two boots: two cards, the first with MSI-X (one vector per queue) running every step and the
# second beside it for the two-card step; then one card offering MSI only (one shared vector under
# UML) with a shorter run of every step.
test-uml: $(UML_KERNEL) $(UML_SERVER) $(UML_ROOTFS)
	UML_TIMEOUT=$(UML_TIMEOUT) UML_MEM=$(UML_MEM) UML_CARDS=2 sh sim/uml/run-uml.sh $(UML_KERNEL) \
		$(UML_SERVER) $(UML_ROOTFS) $(UML_VIRTIO_ID) $(UML_DIR)/run
	UML_TIMEOUT=$(UML_TIMEOUT) UML_MEM=$(UML_MEM) UML_SERVER_ARGS=--msi-only \
		UML_CMDLINE="uml_test_irq=msi uml_test_packets=500 uml_test_cycles=1" \
		sh sim/uml/run-uml.sh $(UML_KERNEL) $(UML_SERVER) $(UML_ROOTFS) $(UML_VIRTIO_ID) \
		$(UML_DIR)/run-msi

# The device server hung (SIGSTOP) and then gone (SIGKILL) in the middle of a crypto run: each
# boot must end by itself within virt_pci.max_wait_ms plus a margin, with virt-pci's panic naming
# the access that got no answer (sim/uml/patches/0002).
test-uml-server-loss: $(UML_KERNEL) $(UML_SERVER) $(UML_ROOTFS)
	UML_MEM=$(UML_MEM) sh sim/uml/check-server-loss.sh $(UML_KERNEL) $(UML_SERVER) $(UML_ROOTFS) \
		$(UML_VIRTIO_ID) $(UML_DIR)/run-hung STOP
	UML_MEM=$(UML_MEM) sh sim/uml/check-server-loss.sh $(UML_KERNEL) $(UML_SERVER) $(UML_ROOTFS) \
		$(UML_VIRTIO_ID) $(UML_DIR)/run-gone KILL

TEST_TARGETS += test-uml test-uml-server-loss
