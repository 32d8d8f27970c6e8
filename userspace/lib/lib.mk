# libsrtpo: static library (for the tools, tests and the sim harness) and a shared library with a
# SONAME (for installs). Included from the top-level Makefile.

LIB_SRCS := $(filter-out %/sw_x86.c,$(wildcard userspace/lib/*.c))
LIB_X86  := $(wildcard userspace/lib/sw_x86.c)
ifneq ($(LIB_X86),)
LIB_SRCS += $(LIB_X86)
CPPFLAGS += -DSRTPO_HAVE_X86
endif
LIB_OBJS := $(patsubst userspace/lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRCS))
LIB_HDRS := userspace/include/srtpo.h $(wildcard userspace/lib/*.h)

SONAME_MAJOR := 1
LIB_A      := $(BUILD)/libsrtpo.a
LIB_SO     := $(BUILD)/libsrtpo.so.$(SONAME_MAJOR).0.0
LIB_LDLIBS := -lIPSec_MB -lcrypto -lpthread -ldl

all: $(LIB_A) $(LIB_SO)

$(BUILD)/lib/%.o: userspace/lib/%.c $(LIB_HDRS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS)
	$(CC) $(LDFLAGS) -shared -Wl,-soname,libsrtpo.so.$(SONAME_MAJOR) -Wl,-z,noexecstack -o $@ $^ $(LIB_LDLIBS)
	ln -sf $(notdir $@) $(BUILD)/libsrtpo.so.$(SONAME_MAJOR)
	ln -sf libsrtpo.so.$(SONAME_MAJOR) $(BUILD)/libsrtpo.so

# ---- install / uninstall ----------------------------------------------------------------------
# srtpo.pc is written at install time from the PREFIX/LIBDIR/INCDIR of that `make install`.
# Every file and link goes through install-manifest.sh, which records it (and each directory it
# creates) in $(INSTALL_MANIFEST) inside DESTDIR; `make uninstall` with the same PREFIX/LIBDIR/
# DESTDIR removes exactly those. INSTALL_MANIFEST= installs without a manifest (package builds).
# Other fragments install through the same list: INSTALL_FILES += file MODE SRC DEST | link TARGET DEST
LIB_VERSION      := $(shell sed -n 's/^\#define SRTPO_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\).*/\2/p' \
		      userspace/include/srtpo.h | paste -sd .)
INSTALL_MANIFEST ?= $(LIBDIR)/srtpo/install-manifest
# per install configuration, so that installs into different places may run at once
INSTALL_KEY       = $(shell printf '%s' '$(DESTDIR)|$(PREFIX)|$(LIBDIR)|$(INCDIR)|$(BINDIR)' | \
		    md5sum | cut -c1-12)
INSTALL_PC        = $(BUILD)/install/$(INSTALL_KEY)/srtpo.pc
INSTALL_FILES    += file 644 userspace/include/srtpo.h $(INCDIR)/srtpo.h \
		    file 644 $(LIB_SO) $(LIBDIR)/$(notdir $(LIB_SO)) \
		    link $(notdir $(LIB_SO)) $(LIBDIR)/libsrtpo.so.$(SONAME_MAJOR) \
		    link libsrtpo.so.$(SONAME_MAJOR) $(LIBDIR)/libsrtpo.so \
		    file 644 $(LIB_A) $(LIBDIR)/libsrtpo.a \
		    file 644 $(INSTALL_PC) $(LIBDIR)/pkgconfig/srtpo.pc

.PHONY: install-pc
# libdir and includedir are written relative to ${prefix} when they lie under it
install-pc: | $(BUILD)
	@mkdir -p $(dir $(INSTALL_PC))
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@INCDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCDIR))|' \
	    -e 's|@VERSION@|$(LIB_VERSION)|' userspace/lib/srtpo.pc.in > $(INSTALL_PC)

# What the libsrtp2 drop-in (userspace/libsrtp2/libsrtp2.mk) installs with its own rule: noted
# before it runs (install-begin) and adopted into the manifest after.
INSTALL_ADOPT += $(if $(wildcard userspace/libsrtp2/libsrtp2.mk),$(LIBDIR)/srtpo-libsrtp2 \
		 $(INCDIR)/srtpo-libsrtp2 $(LIBDIR)/pkgconfig/srtpo-libsrtp2.pc)
INSTALL_STATE     = $(BUILD)/install/$(INSTALL_KEY)/missing-dirs
install-libsrtp2: install-begin

.PHONY: install-begin
install-begin:
	@sh userspace/lib/install-manifest.sh begin '$(DESTDIR)' $(INSTALL_STATE) \
	    $(INSTALL_ADOPT) $(INSTALL_MANIFEST)

install: all install-pc install-begin
	sh userspace/lib/install-manifest.sh install '$(DESTDIR)' '$(INSTALL_MANIFEST)' \
	    --state $(INSTALL_STATE) $(foreach p,$(INSTALL_ADOPT),--adopt $(p)) \
	    $(INSTALL_FILES) $(if $(SRTPO),file 755 $(SRTPO) $(BINDIR)/srtpo)

uninstall:
	sh userspace/lib/install-manifest.sh uninstall '$(DESTDIR)' '$(INSTALL_MANIFEST)'
