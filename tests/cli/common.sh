# common.sh - helpers of the tests/cli scripts (sourced). Expects SRTPO, WORK set; counts in
# pass/failed/failures; finish() prints the tally and exits.
pass=0
failed=0
failures=""

abs() { (cd "$(dirname "$1")" && printf '%s/%s' "$(pwd)" "$(basename "$1")"); }
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() {
	failed=$((failed + 1))
	failures="$failures
  $1"
	printf 'FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '     %s\n' "$2"
	return 0
}
# check NAME CMD...: the command must succeed.
check() {
	name=$1
	shift
	if "$@" > "$WORK/last.out" 2> "$WORK/last.err"; then ok "$name"; else
		bad "$name" "exit $?: $(head -c 600 "$WORK/last.err")"
	fi
}
# expect_exit NAME CODE PATTERN CMD...: exit CODE, stderr matching PATTERN (one line for 2).
expect_exit() {
	name=$1 code=$2 pat=$3
	shift 3
	"$@" > "$WORK/last.out" 2> "$WORK/last.err"
	rc=$?
	if [ "$rc" != "$code" ]; then
		bad "$name" "exit $rc, want $code: $(head -c 400 "$WORK/last.err")"
	elif ! grep -q -- "$pat" "$WORK/last.err"; then
		bad "$name" "stderr lacks '$pat': $(head -c 400 "$WORK/last.err")"
	elif [ "$code" = 2 ] && [ "$(wc -l < "$WORK/last.err")" != 1 ]; then
		bad "$name" "usage error should be one line: $(cat "$WORK/last.err")"
	else
		ok "$name"
	fi
}
# eq NAME GOT WANT
eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }
# same NAME A B: pcap-diff finds the UDP payloads identical.
same() {
	if "$SRTPO" pcap-diff -q "$2" "$3"; then ok "$1"; else
		bad "$1" "$("$SRTPO" pcap-diff "$2" "$3" 2>&1 | tail -n 5)"
	fi
}
# jnum KEY FILE: a number from a JSON summary (the first KEY).
jnum() { sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p" "$2" | head -n 1; }
# jstream SSRC KEY FILE: a number from one stream of a protect/unprotect JSON summary.
jstream() { grep -o "{\"ssrc\":\"$1\"[^}]*}" "$3" | sed -n "s/.*\"$2\":\([0-9-]*\).*/\1/p"; }

# VALGRIND=1: every srtpo run goes through memcheck; an error exits 99, which no check expects.
wrap_valgrind() {
	SRTPO_REAL=$SRTPO       # the binary itself, for checks of its own process
	if [ "${VALGRIND:-0}" = 1 ]; then
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "%s" "$@"\n' \
			"$SRTPO" > "$WORK/srtpo-valgrind"
		chmod +x "$WORK/srtpo-valgrind"
		SRTPO=$WORK/srtpo-valgrind
	fi
}

finish() {
	echo
	if [ "$failed" -ne 0 ]; then
		echo "$1: $failed FAILED, $pass passed:$failures"
		exit 1
	fi
	echo "$1: all $pass passed"
	exit 0
}
