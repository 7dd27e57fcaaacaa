#!/bin/bash
# 05 pre-shared keys differ: sun finds the MAC mismatch (authentication
# fail, psk-mismatch); moon only gets AUTHENTICATION_FAILED (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_up
lab_initiate moon net 30
assert_log moon "received AUTHENTICATION_FAILED notify error"
assert_log sun "but MAC mismatched"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-mismatch
lab_done
