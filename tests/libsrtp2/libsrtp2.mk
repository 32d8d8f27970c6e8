# tests/libsrtp2: the libsrtp2 drop-in against Debian's libsrtp2 and under real clients.
# Included from userspace/libsrtp2/libsrtp2.mk. See tests/libsrtp2/README.md.
#
#   make test-libsrtp2-abi      headers: every size, offset and constant equal to Debian's (< 1 s)
#   make test-libsrtp2-diff     ABI + behaviour: a program built on Debian's headers runs on the
#                               drop-in, lockstep with Debian's libsrtp2 (DROPIN_SEED=, DROPIN_CASES=)
#   make test-libsrtp2-gst      GStreamer's srtpenc/srtpdec over the drop-in, every cipher/auth
#   make test-libsrtp2-install  make install, then a client built with pkg-config srtpo-libsrtp2

DROPIN_TEST_BUILD := $(BUILD)/tests/libsrtp2
DROPIN_DIFF       := $(DROPIN_TEST_BUILD)/diff_dropin
DROPIN_CASES      ?= 400
DROPIN_PACKETS    ?= 200
DROPIN_SEED       ?= random

# Built against Debian's <srtp2/srtp.h> (never the drop-in's: no -I to userspace/libsrtp2) and
# Debian's -lsrtp2; LD_LIBRARY_PATH puts the drop-in under it at run time.
$(DROPIN_DIFF): tests/libsrtp2/diff_dropin.c tests/interop/testutil.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -Itests/interop -o $@ $< -lsrtp2 -ldl

$(DROPIN_TEST_BUILD)/abi-debian: tests/libsrtp2/abi_layout.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) -o $@ $<

$(DROPIN_TEST_BUILD)/abi-dropin: tests/libsrtp2/abi_layout.c $(DROPIN_PUBHDRS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) -I$(DROPIN_DIR) -o $@ $<

.PHONY: test-libsrtp2-abi test-libsrtp2-diff test-libsrtp2-gst test-libsrtp2-install
test-libsrtp2-abi: $(DROPIN_TEST_BUILD)/abi-debian $(DROPIN_TEST_BUILD)/abi-dropin
	@$(DROPIN_TEST_BUILD)/abi-debian > $(DROPIN_TEST_BUILD)/abi-debian.txt 2>$(DROPIN_TEST_BUILD)/abi-debian.who
	@$(DROPIN_TEST_BUILD)/abi-dropin > $(DROPIN_TEST_BUILD)/abi-dropin.txt 2>$(DROPIN_TEST_BUILD)/abi-dropin.who
	@grep -q "Debian's header" $(DROPIN_TEST_BUILD)/abi-debian.who
	@grep -q "drop-in's header" $(DROPIN_TEST_BUILD)/abi-dropin.who
	@diff -u $(DROPIN_TEST_BUILD)/abi-debian.txt $(DROPIN_TEST_BUILD)/abi-dropin.txt
	@echo "test-libsrtp2-abi: $$(wc -l < $(DROPIN_TEST_BUILD)/abi-debian.txt) sizes, offsets and constants equal to Debian's libsrtp2-dev"

test-libsrtp2-diff: $(DROPIN_DIFF) $(DROPIN_SO)
	@LD_LIBRARY_PATH=$(abspath $(DROPIN_OUT)) $(DROPIN_DIFF) $(DROPIN_SEED) $(DROPIN_CASES) $(DROPIN_PACKETS)

test-libsrtp2-gst: $(DROPIN_SO)
	@sh tests/libsrtp2/test-gst.sh $(abspath $(DROPIN_OUT)) $(abspath $(DROPIN_TEST_BUILD))/gst

DROPIN_INSTALL := $(abspath $(DROPIN_TEST_BUILD))/install
test-libsrtp2-install:
	@rm -rf $(DROPIN_INSTALL)
	@$(MAKE) --no-print-directory install-libsrtp2 PREFIX=/usr/local DESTDIR=$(DROPIN_INSTALL) >/dev/null
	@sh tests/libsrtp2/test-install.sh $(DROPIN_INSTALL) /usr/local/lib /usr/local/include

TEST_TARGETS += test-libsrtp2-abi test-libsrtp2-diff test-libsrtp2-gst test-libsrtp2-install
