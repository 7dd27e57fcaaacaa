#!/bin/bash
# 22 the CHILD_SA's hard lifetime (6 s) comes before its rekey time (20 s):
# moon phase2 hard expiry; sun receives the DELETE (peer request).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.rekey_time 20s
lab_set moon net.life_time 6s
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "CHILD_SA expired" lab_wait_log moon "closing expired CHILD_SA" 15
sleep 1
assert_failure_codes moon p2-hard-expiry
assert_failure_codes sun peer-request
assert_record_cause sun peer-request peer-deleted-child
lab_done
