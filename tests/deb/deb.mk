# Debian packages (debian/) and their test. Included from the top-level Makefile.
#
#   make deb       dpkg-buildpackage -b on a copy of the tree in $(BUILD)/deb/src (the working
#                  tree's files as git lists them, so uncommitted edits are packaged too); the
#                  .deb files land in $(BUILD)/deb. About a minute on 2 cores.
#   make test-deb  make deb, lintian (no error or warning that debian/ does not explain), then the
#                  packages installed into a scratch root (an overlay over / in a private mount
#                  namespace, as root) and exercised there, then purged: nothing may be left
#                  behind (tests/deb/test-deb.sh).

DEB_OUT     := $(abspath $(BUILD))/deb
DEB_SRC     := $(DEB_OUT)/src
DEB_GITREV  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

.PHONY: deb test-deb

deb:
	@command -v dpkg-buildpackage > /dev/null && command -v dh > /dev/null || \
		{ echo "deb: dpkg-buildpackage/debhelper missing (make deps)"; exit 1; }
	@rm -rf $(DEB_OUT) && mkdir -p $(DEB_SRC)
	@if git rev-parse --git-dir > /dev/null 2>&1; then \
		git ls-files -co --exclude-standard -z | \
			xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
			tar --null -T - -cf - | tar -xf - -C $(DEB_SRC); \
	else \
		tar --exclude=./$(BUILD) -cf - . | tar -xf - -C $(DEB_SRC); \
	fi
	@v=$$(dpkg-parsechangelog -l debian/changelog -S Version); \
	h=$$(sed -n 's/^#define SRTPO_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\).*/\2/p' \
		userspace/include/srtpo.h | paste -sd .); \
	[ "$${v%%-*}" = "$$h" ] || { echo "deb: debian/changelog says $$v, srtpo.h $$h"; exit 1; }
	@echo "deb: dpkg-buildpackage -b in $(DEB_SRC) (log: $(DEB_OUT)/build.log)"
	@cd $(DEB_SRC) && SRTPO_GIT_REV=$(DEB_GITREV) \
		DEB_BUILD_OPTIONS="parallel=2 $(DEB_BUILD_OPTIONS)" \
		dpkg-buildpackage -b -us -uc > $(DEB_OUT)/build.log 2>&1 || \
		{ tail -n 60 $(DEB_OUT)/build.log; echo "deb: dpkg-buildpackage failed"; exit 1; }
	@grep -E 'dpkg-gensymbols: warning' -A 20 $(DEB_OUT)/build.log || true
	@cd $(DEB_OUT) && ls -1 *.deb

# lintian: errors and warnings fail; info tags are shown. Overrides (debian/*.lintian-overrides)
# carry their reasons. Root is the CI's user; lintian only warns about it. Lintian runs beside
# the scratch-root test (both only read the .deb files). The package build skips the -dbgsym
# packages here (noddebs): nothing in the test uses them.
test-deb:
	@t0=$$(date +%s); $(MAKE) --no-print-directory deb DEB_BUILD_OPTIONS="noddebs $(DEB_BUILD_OPTIONS)"; \
	t1=$$(date +%s); echo "test-deb: packages built in $$((t1 - t0)) s; lintian and the scratch root"; \
	(cd $(DEB_OUT) && lintian --fail-on error,warning -I *.changes > lintian.log 2>&1; \
	 echo $$? > lintian.rc) & lintian_pid=$$!; \
	sh tests/deb/test-deb.sh $(DEB_OUT) $(DEB_OUT)/scratch; rc=$$?; \
	wait $$lintian_pid; t2=$$(date +%s); \
	echo "test-deb: lintian:"; grep -v 'running with root privileges' $(DEB_OUT)/lintian.log || true; \
	if [ "$$(cat $(DEB_OUT)/lintian.rc)" != 0 ]; then \
		echo "test-deb: lintian found errors or warnings (above)"; rc=1; fi; \
	echo "test-deb: lintian + scratch root in $$((t2 - t1)) s"; exit $$rc

TEST_TARGETS += test-deb
