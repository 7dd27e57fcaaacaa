#!/bin/bash
# 15c good certificates (sun also has the CRL): the tunnel comes up; the
# certificate-status noise charon raises on success ("status is not
# available" on moon, which has no CRL) is no failure record.
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
assert_charon_log moon 'certificate status is not available'
assert_charon_log moon "authentication of 'sun\.lab' with ECDSA_WITH_SHA256_DER successful"
assert_charon_log moon 'IKE_SA gw\[1\] established between'
assert_charon_log sun 'crl correctly signed by "C=CH, O=Lab, CN=Lab Root CA"'
assert_charon_log sun 'certificate status is good'
assert_charon_log sun 'IKE_SA gw\[1\] established between'
assert_failure_codes moon
assert_failure_codes sun
lab_done
