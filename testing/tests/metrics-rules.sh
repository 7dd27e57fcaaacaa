#!/bin/bash
# The example alerting rules (docs/prometheus/vpndiag.rules.yml, issue 23):
# promtool checks them and runs their unit tests
# (docs/prometheus/vpndiag.rules.test.yml); the unit tests fail when a rule
# is changed (a copy with another flapping threshold, another label set).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
D=$REPO/docs/prometheus
command -v promtool >/dev/null || { echo "SKIP: promtool not installed (run testing/setup)"; exit 77; }
fail=0
check() {
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
OUT=${VPNDIAG_RESULTS_DIR:-$(mktemp -d)}
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check "promtool check rules" bash -c 'promtool check rules "$1" >"$2" 2>&1' _ "$D/vpndiag.rules.yml" "$OUT/check-rules.txt"
check "promtool test rules passes" bash -c 'cd "$1" && promtool test rules vpndiag.rules.test.yml >"$2" 2>&1' _ "$D" "$OUT/test-rules.txt"
cat "$OUT/test-rules.txt"
# mutants: the tests must notice
cp "$D/vpndiag.rules.yml" "$D/vpndiag.rules.test.yml" "$T/"
sed -i 's/vpndiag_connection_flaps_24h >= 5/vpndiag_connection_flaps_24h >= 6/' "$T/vpndiag.rules.yml"
check "a changed flapping threshold fails the tests" bash -c '! (cd "$1" && promtool test rules vpndiag.rules.test.yml >/dev/null 2>&1)' _ "$T"
cp "$D/vpndiag.rules.yml" "$T/"
sed -i 's/vpndiag_last_failure_info and on (instance, conn)/vpndiag_last_failure_info and on (instance)/' "$T/vpndiag.rules.yml"
check "a down alert without matching on conn fails the tests" bash -c '! (cd "$1" && promtool test rules vpndiag.rules.test.yml >/dev/null 2>&1)' _ "$T"
exit $fail
