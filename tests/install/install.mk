# `make install` into a scratch DESTDIR, then build and run a program against the installed tree
# using only pkg-config and the shared library (its SONAME must resolve), and run the installed
# srtpo command.
INSTALL_TEST_DIR := $(abspath $(BUILD))/install-test
TEST_TARGETS += test-install

.PHONY: test-install
test-install:
	rm -rf $(INSTALL_TEST_DIR)
	$(MAKE) --no-print-directory install PREFIX=/usr/local DESTDIR=$(INSTALL_TEST_DIR) >/dev/null
	test -L $(INSTALL_TEST_DIR)/usr/local/lib/libsrtpo.so.1
	readelf -d $(INSTALL_TEST_DIR)/usr/local/lib/libsrtpo.so.1 | grep -q 'SONAME.*libsrtpo.so.1'
	PKG_CONFIG_SYSROOT_DIR=$(INSTALL_TEST_DIR) PKG_CONFIG_PATH=$(INSTALL_TEST_DIR)/usr/local/lib/pkgconfig \
	  sh -c '$(CC) -Wall -Werror tests/install/consumer.c $$(pkg-config --cflags --libs srtpo) \
	         -o $(INSTALL_TEST_DIR)/consumer'
	LD_LIBRARY_PATH=$(INSTALL_TEST_DIR)/usr/local/lib $(INSTALL_TEST_DIR)/consumer
	LD_LIBRARY_PATH=$(INSTALL_TEST_DIR)/usr/local/lib ldd $(INSTALL_TEST_DIR)/consumer | grep -q "$(INSTALL_TEST_DIR)/usr/local/lib/libsrtpo.so.1"
	$(INSTALL_TEST_DIR)/usr/local/bin/srtpo --version
	@echo "test-install: ok"
