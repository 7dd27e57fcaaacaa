#!/bin/bash
# 15b moon's certificate is revoked by a CRL sun has: peer cert is revoked
# by CRL on sun, authentication fail (peer-rejected) on moon.
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
assert_log moon 'received AUTHENTICATION_FAILED notify error'
assert_log sun 'certificate was revoked on'
assert_failure_codes moon auth-fail
assert_failure_codes sun peer-cert-revoked
assert_record_cause sun peer-cert-revoked cert-revoked
lab_done
