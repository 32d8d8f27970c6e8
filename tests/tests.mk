# Tests: each part keeps its own fragment; `make test` runs every target in TEST_TARGETS.
#   tests/unit      RFC vectors and API behaviour          tests/interop   libsrtp2 and FFmpeg
#   tests/fuzz      libFuzzer targets (bounded in CI)      tests/x86       the x86 engine vs OpenSSL
#   tests/cli       the srtpo command                      tests/bench     make bench
-include tests/unit/unit.mk
-include tests/unit/zerocopy.mk
-include tests/interop/interop.mk
-include tests/fuzz/fuzz.mk
-include tests/x86/x86.mk
-include tests/bench/bench.mk
-include tests/install/install.mk
TEST_TARGETS += lint
