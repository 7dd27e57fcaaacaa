#!/bin/bash
# 46 sun pins moon to another certificate of moon.lab (remote.certs =
# moon-revoked.crt, a different key; no CRL loaded here): moon's own
# certificate verifies, the pinned-certificate constraint fails ("peer not
# authenticated with peer cert"): authentication fail,
# pinned-cert-constraint on sun; moon gets AUTHENTICATION_FAILED
# (peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
cp "$LAB/pki/moon-revoked.crt" "$LAB/sun/swanctl/x509/"
lab_set sun remote.certs moon-revoked.crt
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun "constraint check failed: peer not authenticated with peer cert 'C=CH, O=Lab, CN=moon\.lab'"
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail pinned-cert-constraint
assert_record_field sun auth-fail 'with peer cert'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
