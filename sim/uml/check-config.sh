#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# check-config.sh FRAGMENT CONFIG: fails when an option the fragment sets did not survive the
# kernel's dependency resolution (e.g. a symbol that ARCH=um cannot enable).
set -eu
frag=$1
cfg=$2
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n)
		opt=${line%%=*}
		if grep -q "^$opt=[ym]" "$cfg"; then
			echo "check-config: $opt is enabled but the fragment wants it off" >&2
			bad=1
		fi
		;;
	CONFIG_*=*)
		if ! grep -qx "$line" "$cfg"; then
			echo "check-config: wanted $line, got: $(grep "^${line%%=*}=" "$cfg" || echo unset)" >&2
			bad=1
		fi
		;;
	esac
done < "$frag"
exit $bad
