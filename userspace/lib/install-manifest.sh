#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# `make install` and `make uninstall` with a manifest, so that uninstall removes exactly what
# install put there and nothing else.
#
#   install-manifest.sh install DESTDIR MANIFEST [file MODE SRC DEST | link TARGET DEST]...
#   install-manifest.sh uninstall DESTDIR MANIFEST
#
# DEST and MANIFEST are absolute paths inside DESTDIR (which may be empty). install records every
# directory it had to create, every file with its SHA-256 and every symlink with its target in
# MANIFEST (a reinstall keeps what the earlier install recorded). An empty MANIFEST installs
# without one (package builds: dpkg keeps its own list). uninstall removes the files that still
# have the recorded contents, the links that still point where they did, then the recorded
# directories that are empty; anything changed since is left in place and named. A missing or
# malformed manifest is an error and nothing is removed.
set -eu

usage() {
	echo "usage: $0 install DESTDIR MANIFEST [file MODE SRC DEST | link TARGET DEST]..." >&2
	echo "       $0 uninstall DESTDIR MANIFEST" >&2
	exit 2
}

[ $# -ge 3 ] || usage
cmd=$1 destdir=$2 manifest=$3
shift 3

# An installed path: absolute, no whitespace, no . or .. components (a manifest is only trusted
# to name paths install could have written).
check_path() {
	case $1 in
	/*) ;;
	*) return 1 ;;
	esac
	case $1 in
	*[[:space:]]* | */../* | */.. | */./* | */. | *//*) return 1 ;;
	esac
	return 0
}

sha256_of() {
	sha256sum <"$1" | cut -d ' ' -f 1
}

do_install() {
	record=$(mktemp)
	trap 'rm -f "$record"' EXIT

	# mkdir -p that records each directory it creates, outermost first
	make_dir() {
		dir=$1 missing=
		while [ -n "$dir" ] && [ ! -d "$destdir$dir" ]; do
			missing="$dir $missing"
			dir=${dir%/*}
		done
		[ -n "$missing" ] || return 0
		mkdir -p "$destdir$1"
		for dir in $missing; do
			echo "dir $dir" >>"$record"
		done
	}

	while [ $# -gt 0 ]; do
		case $1 in
		file)
			[ $# -ge 4 ] || usage
			check_path "$4" || { echo "install: bad destination '$4'" >&2; exit 1; }
			make_dir "${4%/*}"
			install -m "$2" "$3" "$destdir$4"
			echo "file $4 $(sha256_of "$destdir$4")" >>"$record"
			shift 4
			;;
		link)
			[ $# -ge 3 ] || usage
			check_path "$3" || { echo "install: bad destination '$3'" >&2; exit 1; }
			make_dir "${3%/*}"
			ln -sfn "$2" "$destdir$3"
			echo "link $3 $2" >>"$record"
			shift 3
			;;
		*)
			usage
			;;
		esac
	done

	[ -n "$manifest" ] || return 0
	check_path "$manifest" || { echo "install: bad manifest path '$manifest'" >&2; exit 1; }
	make_dir "${manifest%/*}"
	# a reinstall keeps the earlier entries this one did not replace (directories it created,
	# files a different configuration installed)
	if [ -f "$destdir$manifest" ]; then
		awk 'NR == FNR { seen[$2] = 1; next } !($2 in seen)' "$record" "$destdir$manifest" \
			>>"$record"
	fi
	install -m 644 "$record" "$destdir$manifest"
	echo "install: $(wc -l <"$record") entries recorded in $destdir$manifest"
}

do_uninstall() {
	[ -n "$manifest" ] || { echo "uninstall: no manifest path given" >&2; exit 1; }
	if [ ! -f "$destdir$manifest" ]; then
		echo "uninstall: $destdir$manifest not found: nothing was installed with these" \
			"PREFIX/LIBDIR/DESTDIR (nothing removed)" >&2
		exit 1
	fi
	# check every line before removing anything
	while read -r kind path arg rest; do
		ok=1
		case $kind in
		file | link) [ -n "$arg" ] && [ -z "$rest" ] || ok=0 ;;
		dir) [ -z "$arg" ] || ok=0 ;;
		*) ok=0 ;;
		esac
		check_path "$path" || ok=0
		if [ $ok -eq 0 ]; then
			echo "uninstall: $destdir$manifest: malformed line '$kind $path $arg $rest'" \
				"(nothing removed)" >&2
			exit 1
		fi
	done <"$destdir$manifest"

	kept=0
	while read -r kind path arg; do
		target=$destdir$path
		case $kind in
		file)
			if [ -f "$target" ] && [ ! -L "$target" ]; then
				if [ "$(sha256_of "$target")" = "$arg" ]; then
					rm -f "$target"
				else
					echo "uninstall: kept $target: changed since it was installed"
					kept=$((kept + 1))
				fi
			fi
			;;
		link)
			if [ -L "$target" ]; then
				if [ "$(readlink "$target")" = "$arg" ]; then
					rm -f "$target"
				else
					echo "uninstall: kept $target: points elsewhere since it was installed"
					kept=$((kept + 1))
				fi
			fi
			;;
		esac
	done <"$destdir$manifest"

	dirs=$(awk '$1 == "dir" { print $2 }' "$destdir$manifest" | sort -r)
	rm -f "$destdir$manifest"
	# deepest first; a directory something else has put files into stays
	for dir in $dirs; do
		rmdir "$destdir$dir" 2>/dev/null || true
	done
	echo "uninstall: done$([ $kept -eq 0 ] || echo ", $kept changed file(s) left in place")"
}

case $cmd in
install) do_install "$@" ;;
uninstall) [ $# -eq 0 ] || usage; do_uninstall ;;
*) usage ;;
esac
