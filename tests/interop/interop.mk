# tests/interop: libsrtpo against independent implementations (libsrtp2, FFmpeg) and under
# valgrind. Included from tests/tests.mk. See tests/interop/README.md.
#
#   make test-libsrtp2   differential test against libsrtp2 (SEED=n DIFF_PACKETS=n)
#   make test-ffmpeg     SRTP both ways with the ffmpeg binary over 127.0.0.1
#   make test-valgrind   the differential test (short) and a lifecycle run under valgrind

INTEROP_DIR   := tests/interop
INTEROP_BUILD := $(BUILD)/tests/interop
INTEROP_HDRS  := $(INTEROP_DIR)/testutil.h userspace/include/srtpo.h

SRTP2_CFLAGS  := $(shell pkg-config --cflags libsrtp2 2>/dev/null)
SRTP2_LIBS    := $(or $(shell pkg-config --libs libsrtp2 2>/dev/null),-lsrtp2)

DIFF_PACKETS    ?= 60000
VALGRIND_PACKETS ?= 3000
FFMPEG          ?= ffmpeg
SEED            ?=
VALGRIND        ?= valgrind
VALGRIND_FLAGS  ?= --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		   --track-origins=yes --quiet

INTEROP_PROGS := $(INTEROP_BUILD)/diff_libsrtp2 $(INTEROP_BUILD)/ffmpeg_interop \
		 $(INTEROP_BUILD)/lifecycle

$(INTEROP_BUILD)/diff_libsrtp2: $(INTEROP_DIR)/diff_libsrtp2.c $(INTEROP_HDRS) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SRTP2_CFLAGS) -o $@ $< $(LIB_A) $(SRTP2_LIBS) $(LIB_LDLIBS)

$(INTEROP_BUILD)/ffmpeg_interop: $(INTEROP_DIR)/ffmpeg_interop.c $(INTEROP_HDRS) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LIB_LDLIBS) -lm

$(INTEROP_BUILD)/lifecycle: $(INTEROP_DIR)/lifecycle.c $(INTEROP_HDRS) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LIB_LDLIBS)

.PHONY: interop test-libsrtp2 test-ffmpeg test-valgrind
interop: $(INTEROP_PROGS)

test-libsrtp2: $(INTEROP_BUILD)/diff_libsrtp2
	$< --packets $(DIFF_PACKETS) $(if $(SEED),--seed $(SEED))

test-ffmpeg: $(INTEROP_BUILD)/ffmpeg_interop
	$< --ffmpeg $(FFMPEG) --workdir $(INTEROP_BUILD)/ffmpeg-work $(if $(SEED),--seed $(SEED))

# Unit programs that also run under valgrind (built by tests/unit/unit.mk).
VALGRIND_UNIT ?= $(addprefix $(BUILD)/tests/unit/,test_vectors test_streams test_async test_misc test_gcm)

# valgrind may not know AVX-512; SRTPO_NO_X86=1 makes the library take its portable path.
test-valgrind: $(INTEROP_BUILD)/diff_libsrtp2 $(INTEROP_BUILD)/lifecycle $(VALGRIND_UNIT)
	SRTPO_NO_X86=1 $(VALGRIND) $(VALGRIND_FLAGS) $(INTEROP_BUILD)/lifecycle
	@for t in $(VALGRIND_UNIT); do \
	    echo "SRTPO_NO_X86=1 $(VALGRIND) $(VALGRIND_FLAGS) $$t"; \
	    SRTPO_NO_X86=1 $(VALGRIND) $(VALGRIND_FLAGS) $$t > /dev/null || exit 1; done
	SRTPO_NO_X86=1 $(VALGRIND) $(VALGRIND_FLAGS) $(INTEROP_BUILD)/diff_libsrtp2 \
		--packets $(VALGRIND_PACKETS) $(if $(SEED),--seed $(SEED))

TEST_TARGETS += test-libsrtp2 test-ffmpeg test-valgrind
