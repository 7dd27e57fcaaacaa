#!/bin/bash
# 71 childless mismatch, responder forces it (issue 17 B.1): sun has
# childless = force, moon (childless = allow, the default) creates its first
# CHILD_SA in IKE_AUTH. sun authenticates moon, establishes the IKE_SA, then
# child_create.c handle_childless() logs "peer did not initiate a childless
# IKE_SA" and answers IKE_AUTH with IDr AUTH ... N(INVAL_SYN); both close
# the IKE_SA. sun's record names its own setting (childless-forced, high);
# moon sees INVALID_SYNTAX beside sun's AUTH payload (ike_auth.c process_i()
# raises ALERT_LOCAL_AUTH_FAILED for it) and names the childless setting
# with medium confidence (peer-rejected-childless), not a malformed message
# or an authentication failure.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.childless force
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun 'parsed IKE_AUTH request 1 \[ IDi .*SA TSi TSr'
assert_charon_log sun 'peer did not initiate a childless IKE_SA'
assert_charon_log sun 'generating IKE_AUTH response 1 \[ IDr AUTH .*N\(INVAL_SYN\) \]'
assert_charon_log moon 'parsed IKE_AUTH response 1 \[ IDr AUTH .*N\(INVAL_SYN\) \]'
assert_charon_log moon 'received INVALID_SYNTAX notify error'
wait_for_record sun exchange-mode-mismatch 5 || true
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch childless-forced
assert_json sun exchange-mode-mismatch confidence high
assert_json sun exchange-mode-mismatch conn gw
assert_failure_codes moon exchange-mode-mismatch
assert_record_cause moon exchange-mode-mismatch peer-rejected-childless
assert_json moon exchange-mode-mismatch confidence medium
assert_json moon exchange-mode-mismatch conn gw
assert_log moon 'vpndiag: #[0-9]+ remedy: .*childless = allow'
assert_log sun 'vpndiag: #[0-9]+ remedy: .*childless = allow'
lab_done
