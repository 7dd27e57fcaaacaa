#!/bin/bash
# 15d sun lacks the CA: moon sends no certificate (no CERTREQ) and sun
# finds no trusted key for moon.lab (authentication fail, untrusted-ca);
# moon gets AUTHENTICATION_FAILED (authentication fail, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun noca
cp "$LAB/pki/ca.crt" "$LAB/moon/swanctl/x509ca/"
lab_up
lab_initiate moon net 30
assert_log moon 'received AUTHENTICATION_FAILED notify error'
assert_log sun 'no trusted ECDSA public key found for .moon.lab.'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail untrusted-ca
lab_done
