#!/bin/bash
# 07b sun has local_ts and remote_ts swapped: sun flow mismatch with cause
# reversed-traffic-selectors, moon flow mismatch (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun net.local_ts 10.1.0.0/16
lab_set sun net.remote_ts 10.2.0.0/16
lab_up
lab_initiate moon net 30
assert_log moon "received TS_UNACCEPTABLE notify, no CHILD_SA built"
assert_failure_codes moon flow-mismatch
assert_failure_codes sun flow-mismatch
assert_record_cause sun flow-mismatch reversed-traffic-selectors
assert_json sun flow-mismatch ts_relation reversed
assert_json moon flow-mismatch cause peer-rejected-ts
lab_done
