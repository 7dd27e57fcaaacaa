#!/bin/bash
# 15a moon authenticates with an expired certificate: sun rejects it (peer
# cert is expired, with the validity dates); moon only learns it was
# refused (authentication fail, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon-expired
lab_certs sun sun
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'sending end entity cert "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun 'received end entity cert "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log sun 'subject certificate invalid \(valid from .* to .*\)'
assert_charon_log sun "no trusted ECDSA public key found for 'moon\.lab'"
assert_charon_log sun 'generating IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun peer-cert-expired
assert_record_cause sun peer-cert-expired cert-expired
assert_record_field sun peer-cert-expired 'CN=moon.lab'
lab_done
