#!/bin/bash
# 15c good certificates (sun also has the CRL): the tunnel comes up; the
# certificate-status noise charon raises on success is no failure record.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun ca crl
lab_up
lab_initiate moon net 30
lab_check 'tunnel established' test "$LAB_RC" = 0
assert_log sun 'certificate status is good'
assert_failure_codes moon
assert_failure_codes sun
lab_done
