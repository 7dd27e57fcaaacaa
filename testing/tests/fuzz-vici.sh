#!/bin/bash
# A short bounded libFuzzer run over the VICI request decoding and command
# dispatch (ASan + UBSan): any crash, leak or sanitizer report fails. The
# long run (10 million executions) is documented in docs/reliability.md.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
command -v clang >/dev/null || { echo "SKIP: clang not installed (testing/setup)"; exit 77; }
out=$("$REPO/testing/fuzz" -runs=300000 2>&1) && rc=0 || rc=$?
echo "$out" | tail -n 8
runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' <<<"$out")
if [[ $rc == 3 ]]; then
	echo "FAIL: the fuzzer did not build"
	exit 1
fi
if [[ $rc != 0 ]] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' <<<"$out"; then
	echo "FAIL: the fuzzer found a problem (rc $rc); see .build/fuzz/crash-*"
	exit 1
fi
[[ ${runs:-0} -ge 300000 ]] || { echo "FAIL: only ${runs:-0} executions"; exit 1; }
echo "ok: $runs executions without a finding"
