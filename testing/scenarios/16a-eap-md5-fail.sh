#!/bin/bash
# 16a EAP-MD5 with a wrong password: eap authentication fail on both sides
# (sun: the method failed; moon: sun answered EAP_FAILURE). moon's late
# AUTHENTICATION_FAILED reaches sun after it destroyed the IKE_SA: that
# stray message is no second record.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
cp "$LAB/pki/ca.crt" "$LAB/moon/swanctl/x509ca/"
lab_set moon local.auth eap-md5
lab_set moon remote.auth pubkey
lab_set sun local.auth pubkey
lab_set sun remote.auth eap-md5
lab_certs sun sun
LAB_SECRETS_moon='eap-moon {
id = moon.lab
secret = wrong-password
}'
LAB_SECRETS_sun='eap-moon {
id = moon.lab
secret = right-password
}'
lab_up
lab_initiate moon net 30
assert_log moon 'received EAP_FAILURE, EAP authentication failed'
assert_log sun 'EAP method EAP_MD5 failed for peer moon.lab'
assert_failure_codes moon eap-auth-fail
assert_record_cause moon eap-auth-fail peer-rejected-eap
assert_failure_codes sun eap-auth-fail
lab_done
