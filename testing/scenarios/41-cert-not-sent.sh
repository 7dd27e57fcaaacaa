#!/bin/bash
# 41 moon never sends its certificate (send_cert = never) and sun holds no
# copy of it; both trust the same CA, so nobody asks for an unknown CA: sun
# finds no trusted key for moon.lab because no certificate came
# (authentication fail, no-cert-received, not an untrusted CA); moon gets
# AUTHENTICATION_FAILED (authentication fail, peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
lab_set moon gw.send_cert never
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'received cert request for "C=CH, O=Lab, CN=Lab Root CA"'
assert_no_charon_log moon 'sending end entity cert' 'certificate sent'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_no_charon_log sun 'cert requests for an unknown ca' 'unknown CA requested'
assert_charon_log sun "no trusted ECDSA public key found for 'moon\.lab'"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail no-cert-received
assert_record_field sun auth-fail 'it sent no certificate'
lab_done
