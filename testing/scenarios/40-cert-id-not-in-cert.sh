#!/bin/bash
# 40 moon identifies as moon.other but authenticates with its certificate
# for moon.lab (the ID is neither its subject nor a subjectAltName): sun
# received the certificate, yet finds no trusted key for moon.other (config
# ID mismatch, id-not-in-cert, not an untrusted CA); moon gets
# AUTHENTICATION_FAILED (authentication fail, peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
lab_set moon local.id moon.other
lab_set sun remote.id moon.other
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'sending end entity cert "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun 'received end entity cert "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log sun "no trusted ECDSA public key found for 'moon\.other'"
assert_no_charon_log sun 'no issuer certificate found' 'chain failure'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun config-id-mismatch
assert_record_cause sun config-id-mismatch id-not-in-cert
assert_record_field sun config-id-mismatch "its identity 'moon.other'"
assert_json sun config-id-mismatch fix either
lab_done
