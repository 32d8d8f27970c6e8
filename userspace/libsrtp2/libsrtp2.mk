# The libsrtp2 drop-in (userspace/libsrtp2/): libsrtp2 2.5's API and ABI over libsrtpo, built as
# libsrtp2.so.1 with libsrtpo linked in, so one file in one private directory is all a loader
# needs. Included from the top-level Makefile. See userspace/libsrtp2/README.md.
#
#   make libsrtp2              build/srtpo-libsrtp2/libsrtp2.so.1 (+ the real file, headers, .pc)
#   make test-libsrtp2-dropin  ABI + differential tests against Debian's libsrtp2, GStreamer
#   make install               also installs it under $(LIBDIR)/srtpo-libsrtp2/ (never shadowing
#                              the system's libsrtp2), see the README for the three ways to use it

DROPIN_DIR     := userspace/libsrtp2
DROPIN_OUT     := $(BUILD)/srtpo-libsrtp2
DROPIN_VERSION := 2.5.0
DROPIN_REAL    := libsrtp2.so.1.srtpo.$(DROPIN_VERSION)
DROPIN_SO      := $(DROPIN_OUT)/libsrtp2.so.1
DROPIN_SRCS    := $(wildcard $(DROPIN_DIR)/*.c)
DROPIN_OBJS    := $(patsubst $(DROPIN_DIR)/%.c,$(BUILD)/libsrtp2/%.o,$(DROPIN_SRCS))
DROPIN_HDRS    := $(wildcard $(DROPIN_DIR)/*.h $(DROPIN_DIR)/srtp2/*.h) userspace/include/srtpo.h
DROPIN_PUBHDRS := $(DROPIN_DIR)/srtp2/srtp.h $(DROPIN_DIR)/srtp2/crypto_types.h \
		  $(DROPIN_DIR)/srtp2/srtpo_ext.h
DROPIN_PC      := $(BUILD)/srtpo-libsrtp2.pc

all: $(DROPIN_SO) $(DROPIN_PC)

.PHONY: libsrtp2
libsrtp2: $(DROPIN_SO)

$(BUILD)/libsrtp2/%.o: $(DROPIN_DIR)/%.c $(DROPIN_HDRS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(DROPIN_DIR) $(ALL_CFLAGS) -c $< -o $@

# libsrtpo's objects go in whole (they are -fPIC); the version script keeps the exports to
# libsrtp2's names, srtpo's and the extension.
$(DROPIN_OUT)/$(DROPIN_REAL): $(DROPIN_OBJS) $(LIB_OBJS) $(DROPIN_DIR)/exports.map
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libsrtp2.so.1 -Wl,--version-script,$(DROPIN_DIR)/exports.map \
	    -Wl,-z,noexecstack -Wl,-z,defs -o $@ $(DROPIN_OBJS) $(LIB_OBJS) $(LIB_LDLIBS)

$(DROPIN_SO): $(DROPIN_OUT)/$(DROPIN_REAL)
	ln -sf $(DROPIN_REAL) $@

$(DROPIN_PC): $(DROPIN_DIR)/srtpo-libsrtp2.pc.in Makefile | $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(DROPIN_VERSION)|' $< > $@

.PHONY: install-libsrtp2 uninstall-libsrtp2
install: install-libsrtp2
# `make uninstall` removes the drop-in through the install manifest (userspace/lib/lib.mk adopts
# what install-libsrtp2 wrote); uninstall-libsrtp2 alone removes the files it installs, by name,
# and directories only when they are left empty: nothing else that lives there is touched.

# (the .pc is written here, for this PREFIX/LIBDIR/INCDIR, whatever the build used)
install-libsrtp2: $(DROPIN_SO)
	install -d $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2 $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtp2 \
	    $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 755 $(DROPIN_OUT)/$(DROPIN_REAL) $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2/
	ln -sf $(DROPIN_REAL) $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2/libsrtp2.so.1
	ln -sf libsrtp2.so.1 $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2/libsrtp2.so
	install -m 644 $(DROPIN_PUBHDRS) $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtp2/
	install -m 644 userspace/include/srtpo.h $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtpo.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(DROPIN_VERSION)|' $(DROPIN_DIR)/srtpo-libsrtp2.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/srtpo-libsrtp2.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/srtpo-libsrtp2.pc

uninstall-libsrtp2:
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2/,$(DROPIN_REAL) libsrtp2.so.1 libsrtp2.so) \
	    $(addprefix $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtp2/,$(notdir $(DROPIN_PUBHDRS))) \
	    $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtpo.h $(DESTDIR)$(LIBDIR)/pkgconfig/srtpo-libsrtp2.pc
	-rmdir $(DESTDIR)$(LIBDIR)/srtpo-libsrtp2 $(DESTDIR)$(INCDIR)/srtpo-libsrtp2/srtp2 \
	    $(DESTDIR)$(INCDIR)/srtpo-libsrtp2 2>/dev/null

# `make bench` (and `make bench-libsrtp2`): srtp_protect/srtp_unprotect single-packet calls
# through the drop-in against Debian's libsrtp2, 1 / 1,000 / 100,000 streams (libsrtp2 needs a
# few minutes to add 100,000 streams; BENCH_LIBSRTP2_ARGS=--quick skips them).
BENCH_TARGETS += bench-libsrtp2
.PHONY: bench-libsrtp2
bench-libsrtp2: $(BUILD)/srtpo $(DROPIN_SO)
	$$(command -v taskset >/dev/null && echo taskset -c 1) $(BUILD)/srtpo bench --api libsrtp2 \
	    $(BENCH_LIBSRTP2_ARGS)

-include tests/libsrtp2/libsrtp2.mk
