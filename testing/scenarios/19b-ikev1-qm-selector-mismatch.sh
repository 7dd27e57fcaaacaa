#!/bin/bash
# 19b IKEv1 Quick Mode selectors sun does not accept: flow mismatch on sun
# (refused, INVALID_ID_INFORMATION) and moon (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set sun net.remote_ts 10.9.0.0/16
lab_up
lab_initiate moon net 30
assert_log moon "received INVALID_ID_INFORMATION error notify"
assert_failure_codes moon flow-mismatch
assert_record_cause moon flow-mismatch peer-rejected-ts
assert_failure_codes sun flow-mismatch
lab_done
