#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# `make install` and `make uninstall` with a manifest, so that uninstall removes exactly what
# install put there and nothing else.
#
#   install-manifest.sh begin DESTDIR STATE PATH...
#   install-manifest.sh install DESTDIR MANIFEST [--state STATE] [--adopt PATH]...
#                       [file MODE SRC DEST | link TARGET DEST]...
#   install-manifest.sh uninstall DESTDIR MANIFEST
#
# DEST, PATH and MANIFEST are absolute paths inside DESTDIR (which may be empty). install records
# every directory it had to create, every file with its SHA-256 and every symlink with its target
# in MANIFEST (a reinstall keeps what the earlier install recorded). An empty MANIFEST installs
# without one (package builds: dpkg keeps its own list). uninstall removes the files that still
# have the recorded contents, the links that still point where they did, then the recorded
# directories that are empty; anything changed since is left in place and named. A missing or
# malformed manifest is an error and nothing is removed.
#
# Files that another rule installs on its own (the libsrtp2 drop-in) join the manifest in two
# steps: `begin` runs before that rule and writes to STATE the directories on the way to each
# PATH that do not exist yet; install --state STATE records those that exist now, and --adopt
# PATH records the file or link at PATH, or everything under the directory PATH (its
# subdirectories as created when PATH itself was).
set -eu

usage() {
	echo "usage: $0 begin DESTDIR STATE PATH..." >&2
	echo "       $0 install DESTDIR MANIFEST [--state STATE] [--adopt PATH]..." \
		"[file MODE SRC DEST | link TARGET DEST]..." >&2
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

	state= adopt=
	while [ $# -gt 0 ]; do
		case $1 in
		--state)
			[ $# -ge 2 ] || usage
			state=$2
			shift 2
			;;
		--adopt)
			[ $# -ge 2 ] || usage
			check_path "$2" || { echo "install: bad path '$2'" >&2; exit 1; }
			adopt="$adopt $2"
			shift 2
			;;
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

	# directories that were missing when `begin` ran and exist now
	if [ -n "$state" ] && [ -f "$state" ]; then
		while read -r dir; do
			[ -d "$destdir$dir" ] && echo "dir $dir" >>"$record"
		done <"$state"
	fi
	for path in $adopt; do
		if [ -L "$destdir$path" ]; then
			echo "link $path $(readlink "$destdir$path")" >>"$record"
		elif [ -f "$destdir$path" ]; then
			echo "file $path $(sha256_of "$destdir$path")" >>"$record"
		elif [ -d "$destdir$path" ]; then
			created=0
			grep -qx "dir $path" "$record" && created=1
			(cd "$destdir$path" && find . -mindepth 1 | LC_ALL=C sort) | while read -r sub; do
				p=$path/${sub#./}
				check_path "$p" || { echo "install: cannot record '$p'" >&2; exit 1; }
				if [ -L "$destdir$p" ]; then
					echo "link $p $(readlink "$destdir$p")"
				elif [ -f "$destdir$p" ]; then
					echo "file $p $(sha256_of "$destdir$p")"
				elif [ -d "$destdir$p" ] && [ $created -eq 1 ]; then
					echo "dir $p"
				fi
			done >>"$record"
		fi
	done
	# one entry per path, the first kept
	awk '!seen[$2]++' "$record" >"$record.uniq" && mv "$record.uniq" "$record"

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

# writes to the state file the missing directories on the way to each path, outermost first
do_begin() {
	state=$manifest
	mkdir -p "$(dirname "$state")"
	: >"$state"
	for path in "$@"; do
		check_path "$path" || { echo "install: bad path '$path'" >&2; exit 1; }
		dir=$path missing=
		while [ -n "$dir" ] && [ ! -e "$destdir$dir" ]; do
			missing="$dir $missing"
			dir=${dir%/*}
		done
		for dir in $missing; do echo "$dir"; done
	done | awk '!seen[$0]++' >"$state"
}

case $cmd in
begin) do_begin "$@" ;;
install) do_install "$@" ;;
uninstall) [ $# -eq 0 ] || usage; do_uninstall ;;
*) usage ;;
esac
