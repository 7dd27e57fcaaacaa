#!/bin/bash
# 01 good PSK: the tunnel comes up, ping passes through the CHILD_SA,
# no failure record on either side.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_initiate moon net 15
lab_check "initiate succeeded" test "$LAB_RC" = 0
assert_log moon 'CHILD_SA net\{1\} established' "CHILD_SA established"
lab_check "ping 10.1.0.1 -> 10.2.0.1 through the tunnel" lab_ping 3
for s in moon sun; do
	read -r bin bout < <(lab_sa_bytes $s)
	lab_check "$s CHILD_SA counters in=$bin out=$bout bytes non-zero" test "$bin" -gt 0 -a "$bout" -gt 0
done
assert_failure_codes moon -
assert_failure_codes sun -
lab_done
