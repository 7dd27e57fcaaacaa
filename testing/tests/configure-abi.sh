#!/bin/bash
# vpndiag-timeout: 400
# configure detects the ABI switch ME (mediation) of the installed libcharon
# and fails loudly when it cannot decide:
#  - Debian's libcharon (built with mediation)      -> "mediation: yes", ME in config.h
#  - a libcharon without mediation_manager_create   -> "mediation: no", no ME
#  - an unreadable / non-libcharon file             -> configure fails
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$(cat "$REPO/.build/strongswan-src/PATH" 2>/dev/null) || { echo "no strongSwan source: run testing/setup"; exit 1; }
[[ -x $REPO/configure ]] || { echo "not bootstrapped: run testing/build"; exit 1; }
T=$(mktemp -d /tmp/vd-cfg.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0

# a stand-in libcharon exporting libcharon_init but no mediation manager
printf 'void *charon;\nvoid libcharon_init(void) {}\nvoid ike_sa_create(void) {}\n' >"$T/fake.c"
gcc -shared -fPIC -o "$T/libcharon-noME.so" "$T/fake.c" || exit 1
# a shared object that is no libcharon at all
printf 'int something_else;\n' >"$T/other.c"
gcc -shared -fPIC -o "$T/libother.so" "$T/other.c" || exit 1

run() { # name expect(yes|no|fail) libcharon
	local name=$1 expect=$2 lib=$3 d=$T/$1 rc
	mkdir -p "$d"
	(cd "$d" && "$REPO/configure" --with-strongswan-src="$SRC" --with-libcharon="$lib") >"$d/out" 2>&1
	rc=$?
	case $expect in
	fail)
		if ((rc != 0)) && grep -q "cannot decide the ME ABI switch" "$d/out"; then
			echo "ok: $name: configure failed: $(grep -m1 'error:' "$d/out")"
		else
			echo "FAIL: $name: expected configure to fail deciding ME (rc=$rc)"; tail -5 "$d/out"; fail=1
		fi
		;;
	*)
		if ((rc != 0)); then
			echo "FAIL: $name: configure failed"; tail -5 "$d/out"; fail=1; return
		fi
		local line has_me=no
		line=$(grep 'whether libcharon is built with mediation' "$d/out")
		grep -q '^#define ME 1' "$d/config.h" && has_me=yes
		if [[ $line == *"... $expect (detected"* && $has_me == "$expect" ]]; then
			echo "ok: $name: $line; ME in config.h: $has_me"
		else
			echo "FAIL: $name: expected $expect, got '$line', ME in config.h: $has_me"; fail=1
		fi
		;;
	esac
}

run debian yes /usr/lib/ipsec/libcharon.so.0
run no-mediation no "$T/libcharon-noME.so"
run missing fail "$T/does-not-exist.so"
run not-libcharon fail "$T/libother.so"
exit $fail
