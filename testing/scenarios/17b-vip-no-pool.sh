#!/bin/bash
# 17b moon asks for a virtual IP, sun has no pool: ip assigned fail on both
# sides.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.vips 0.0.0.0
lab_set moon net.local_ts dynamic
lab_set sun net.remote_ts 10.3.0.0/16
lab_up
lab_initiate moon net 30
assert_log moon "received INTERNAL_ADDRESS_FAILURE notify, no CHILD_SA built"
assert_log sun "no virtual IP found"
assert_failure_codes moon ip-assign-fail
assert_failure_codes sun ip-assign-fail
assert_record_cause sun ip-assign-fail no-address-available
lab_done
