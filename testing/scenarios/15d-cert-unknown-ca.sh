#!/bin/bash
# 15d sun lacks the CA (its x509ca/ is empty): it sends no CERTREQ, so moon
# sends no certificate, and sun finds no trusted key for moon.lab
# (authentication fail, untrusted-ca); moon gets AUTHENTICATION_FAILED
# (authentication fail, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun noca
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_no_charon_log moon 'received cert request' 'CERTREQ from sun'
assert_no_charon_log moon 'sending end entity cert' 'certificate sent'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun 'received 1 cert requests for an unknown ca'
assert_charon_log sun "no trusted ECDSA public key found for 'moon\.lab'"
assert_charon_log sun 'generating IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail untrusted-ca
lab_done
