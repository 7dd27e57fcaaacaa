#!/bin/bash
# 15b moon's certificate is revoked by a CRL sun has (swanctl/x509crl): peer
# cert is revoked by CRL on sun, authentication fail (peer-rejected) on moon.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon-revoked
lab_certs sun sun ca crl
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'sending end entity cert "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun 'checking certificate status of "C=CH, O=Lab, CN=moon\.lab"'
assert_charon_log sun 'crl correctly signed by "C=CH, O=Lab, CN=Lab Root CA"'
assert_charon_log sun 'certificate was revoked on .*, reason: key compromise'
assert_charon_log sun "no trusted ECDSA public key found for 'moon\.lab'"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun peer-cert-revoked
assert_record_cause sun peer-cert-revoked cert-revoked
lab_done
