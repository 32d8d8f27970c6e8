# `make install` / `make uninstall` into scratch DESTDIRs: multiarch libdir for PREFIX=/usr,
# srtpo.pc written per PREFIX at install time, a program and every C example of README.md and
# srtpo.h built with only pkg-config against the installed tree and run, the installed srtpo run,
# and an uninstall that leaves the tree file for file as it was (tests/install/test-install.sh).
INSTALL_TEST_DIR := $(abspath $(BUILD))/install-test
TEST_TARGETS += test-install

.PHONY: test-install
test-install: all
	@sh tests/install/test-install.sh $(INSTALL_TEST_DIR) '$(CC)' '$(MAKE)'
