#!/bin/bash
# Unit tests (libcheck) and the catalogue checks, via the build tree's
# "make check": the check suites, the seed table comparison and the
# generated code reference.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
OBJ=$REPO/.build/obj
[[ -f $OBJ/Makefile ]] || { echo "not built: run testing/build"; exit 1; }
# the codes unit tests prove on charon's event sequences (testing/reported)
if [[ -n ${VPNDIAG_RESULTS_DIR:-} ]]; then
	mkdir -p "$VPNDIAG_RESULTS_DIR"
	: >"$VPNDIAG_RESULTS_DIR/codes.tsv"
	export VPNDIAG_REPORTED_OUT=$VPNDIAG_RESULTS_DIR/codes.tsv
fi
make -C "$OBJ" check
rc=$?
for log in "$OBJ"/tests/unit/vpndiag_tests.log "$OBJ"/tests/seed/check-seed-codes.log; do
	[[ -f $log ]] && { echo "== ${log#$OBJ/}"; cat "$log"; }
done
exit $rc
