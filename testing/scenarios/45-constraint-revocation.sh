#!/bin/bash
# 45 sun requires a confirmed revocation status (remote.revocation =
# strict), but moon's certificate names no CRL or OCSP URI and sun has no
# CRL: the status is SKIPPED, the revocation constraint fails:
# authentication fail, revocation-constraint on sun (before the buffered
# "status not available" alert, which a relaxed policy ignores); moon gets
# AUTHENTICATION_FAILED (peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
lab_set sun remote.revocation strict
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun 'certificate status is not available'
assert_charon_log sun 'constraint check failed: .* but requires at least GOOD'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail revocation-constraint
assert_record_field sun auth-fail 'requires at least GOOD'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
