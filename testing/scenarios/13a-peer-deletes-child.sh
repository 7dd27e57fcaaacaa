#!/bin/bash
# 13a sun terminates the CHILD_SA: moon peer request, sun manual offline;
# the IKE_SA stays.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_swanctl sun --terminate --child net --timeout 10 >"$LAB/sun/terminate.out" 2>&1
assert_log moon "received DELETE for ESP CHILD_SA"
assert_failure_codes moon peer-request
assert_record_cause moon peer-request peer-deleted-child
assert_failure_codes sun manual-offline
lab_done
