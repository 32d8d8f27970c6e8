#!/usr/bin/env bash
# Installs the Debian 12 packages srtpo needs to build and test, when any are missing.
# Runs apt-get as root, or through sudo; prints the list and fails when it can do neither.
set -euo pipefail

packages=(
	build-essential pkg-config git python3
	libssl-dev libipsec-mb-dev libsrtp2-dev libpcap-dev libpci-dev
	clang llvm libclang-rt-14-dev valgrind ffmpeg
	verilator yosys iverilog
	linux-headers-amd64 linux-source-6.1 sparse kmod flex bison bc cpio libelf-dev busybox-static pciutils
	tcl
	gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
	debhelper dpkg-dev fakeroot lintian dkms tshark z3 boolector
	dh-dkms
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
	apt=(sudo apt-get)
else
	echo "deps: missing packages and no root: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
