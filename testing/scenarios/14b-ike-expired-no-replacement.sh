#!/bin/bash
# 14b over_time = 0: the IKE_SA hard-expires the moment it starts rekeying:
# moon phase1 hard expiry, sun peer request.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.rekey_time 5s
lab_set moon gw.rekey_time 10s
lab_set moon gw.over_time 0
lab_set moon net.life_time 0
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "IKE_SA expired" lab_wait_log moon "IKE_SA expired without replacement|deleting IKE_SA" 25
sleep 1
assert_failure_codes moon p1-hard-expiry
assert_failure_codes sun peer-request
lab_done
