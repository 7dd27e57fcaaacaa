#!/bin/bash
# 05 pre-shared keys differ: sun finds the MAC mismatch (authentication
# fail, psk-mismatch); moon only gets AUTHENTICATION_FAILED (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'parsed IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun "selected peer config 'gw'"
assert_charon_log sun "tried 1 shared key for 'sun.lab' - 'moon.lab', but MAC mismatched"
assert_charon_log sun 'generating IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-mismatch
assert_json sun auth-fail local_id sun.lab
assert_json sun auth-fail remote_id moon.lab
assert_json sun auth-fail confidence high
assert_json moon auth-fail local_id moon.lab
assert_json moon auth-fail remote_id sun.lab
assert_json moon auth-fail confidence low
lab_done
