#!/bin/bash
# 13b sun terminates the IKE_SA (swanctl --terminate --ike gw): moon peer
# request (peer-deleted-ike), sun manual offline.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "terminate on sun" lab_swanctl sun --terminate --ike gw --timeout 10 >"$LAB/sun/terminate.out" 2>&1
sleep 1
assert_charon_log moon 'received DELETE for IKE_SA gw\[1\]'
assert_charon_log moon 'deleting IKE_SA gw\[1\] between'
assert_charon_log moon 'IKE_SA deleted'
assert_charon_log sun "vici terminate IKE_SA 'gw'"
assert_charon_log sun 'sending DELETE for IKE_SA gw\[1\]'
assert_failure_codes moon peer-request
assert_record_cause moon peer-request peer-deleted-ike
assert_failure_codes sun manual-offline
lab_done
