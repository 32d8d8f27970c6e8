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

all: $(LIB_A) $(LIB_SO) $(BUILD)/srtpo.pc

$(BUILD)/lib/%.o: userspace/lib/%.c $(LIB_HDRS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,libsrtpo.so.$(SONAME_MAJOR) -Wl,-z,noexecstack -o $@ $^ $(LIB_LDLIBS)
	ln -sf $(notdir $@) $(BUILD)/libsrtpo.so.$(SONAME_MAJOR)
	ln -sf libsrtpo.so.$(SONAME_MAJOR) $(BUILD)/libsrtpo.so

$(BUILD)/srtpo.pc: userspace/lib/srtpo.pc.in Makefile | $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|1.0.0|' $< > $@

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR)
	install -m 644 userspace/include/srtpo.h $(DESTDIR)$(INCDIR)/srtpo.h
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/libsrtpo.so.$(SONAME_MAJOR)
	ln -sf libsrtpo.so.$(SONAME_MAJOR) $(DESTDIR)$(LIBDIR)/libsrtpo.so
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 644 $(BUILD)/srtpo.pc $(DESTDIR)$(LIBDIR)/pkgconfig/srtpo.pc
	if [ -x $(BUILD)/srtpo ]; then install -m 755 $(BUILD)/srtpo $(DESTDIR)$(BINDIR)/srtpo; fi

uninstall:
	rm -f $(DESTDIR)$(INCDIR)/srtpo.h $(DESTDIR)$(LIBDIR)/libsrtpo.* \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/srtpo.pc $(DESTDIR)$(BINDIR)/srtpo
