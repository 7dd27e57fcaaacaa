#!/bin/bash
# 44 sun requires group membership (remote.groups = admins) that moon's
# certificate authentication cannot provide (no attribute certificate, no
# RADIUS class): authentication fail, group-constraint on sun; moon gets
# AUTHENTICATION_FAILED (peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
lab_set sun remote.groups admins
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun "authentication of 'moon\.lab' with ECDSA.* successful"
assert_charon_log sun "constraint check failed: group membership to 'admins' required"
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail group-constraint
assert_record_field sun auth-fail "'admins' required"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
