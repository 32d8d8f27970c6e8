# The x86 engine (userspace/lib/sw_x86.c): correctness against OpenSSL and a microbenchmark
# against intel-ipsec-mb. Included from tests/tests.mk.
#   make test-x86    known answers + random differential bursts (~1 s), the same with the engine
#                    built with ASan+UBSan, then under valgrind when installed (the engine part
#                    is skipped there: valgrind emulates no AVX-512; the reference and key slot
#                    checks still run). About 5 s after the build.
#   make bench-x86   Mpps for 172 and 1200-byte protect/unprotect bursts, engine vs ipsec-mb
# X86_TEST_ARGS="--seed N --rounds N" and X86_BENCH_ARGS="--seconds S" pass through.

X86_DIR   := tests/x86
X86_OUT   := $(BUILD)/tests/x86
X86_FLAGS  = $(CPPFLAGS) $(ALL_CFLAGS) -Wno-deprecated-declarations
X86_TEST_ARGS  ?=
X86_BENCH_ARGS ?=

$(X86_OUT)/test_x86: $(X86_DIR)/test_x86.c $(LIB_A) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_FLAGS) $< $(LIB_A) $(LIB_LDLIBS) -o $@

# The engine itself built with AddressSanitizer and UBSan: valgrind cannot run it (no AVX-512),
# so out-of-bounds reads and writes are caught here (the test also checks guard bytes).
$(X86_OUT)/test_x86_asan: $(X86_DIR)/test_x86.c userspace/lib/sw_x86.c $(LIB_A) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_FLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		$< userspace/lib/sw_x86.c $(LIB_A) $(LIB_LDLIBS) -o $@

$(X86_OUT)/bench_x86: $(X86_DIR)/bench_x86.c $(LIB_A) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_FLAGS) $< $(LIB_A) $(LIB_LDLIBS) -o $@

.PHONY: test-x86 bench-x86
test-x86: $(X86_OUT)/test_x86 $(X86_OUT)/test_x86_asan
	$(X86_OUT)/test_x86 $(X86_TEST_ARGS)
	$(X86_OUT)/test_x86_asan --rounds 100
	@if command -v valgrind >/dev/null; then \
		echo "valgrind $(X86_OUT)/test_x86 --rounds 20"; \
		valgrind -q --error-exitcode=1 --leak-check=full $(X86_OUT)/test_x86 --rounds 20; \
	else \
		echo "valgrind not installed: skipped the valgrind run"; \
	fi

bench-x86: $(X86_OUT)/bench_x86
	$$(command -v taskset >/dev/null && echo taskset -c 1) $(X86_OUT)/bench_x86 $(X86_BENCH_ARGS)

TEST_TARGETS += test-x86
BENCH_TARGETS += bench-x86
