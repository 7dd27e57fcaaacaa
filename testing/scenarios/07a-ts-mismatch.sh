#!/bin/bash
# 07a sun expects moon's subnet to be 10.9.0.0/16: sun flow mismatch
# (disjoint), moon flow mismatch (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun net.remote_ts 10.9.0.0/16
lab_up
lab_initiate moon net 30
assert_log moon "received TS_UNACCEPTABLE notify, no CHILD_SA built"
assert_log sun "traffic selectors 10.2.0.0/16 === 10.1.0.0/16 unacceptable"
assert_failure_codes moon flow-mismatch
assert_record_cause moon flow-mismatch peer-rejected-ts
assert_failure_codes sun flow-mismatch
assert_record_cause sun flow-mismatch ts-unacceptable
assert_json sun flow-mismatch ts_local 10.2.0.0/16
assert_json sun flow-mismatch ts_remote 10.9.0.0/16
assert_json sun flow-mismatch ts_received "10.1.0.0/16 === 10.2.0.0/16"
assert_json sun flow-mismatch ts_relation disjoint
lab_done
