#!/bin/bash
# 16b EAP-MD5 with the right password: established, no failure records.
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
secret = right-password
}'
LAB_SECRETS_sun="$LAB_SECRETS_moon"
lab_up
lab_initiate moon net 30
lab_check 'tunnel established' test "$LAB_RC" = 0
assert_charon_log moon 'server requested EAP_MD5 authentication'
assert_charon_log moon 'EAP method EAP_MD5 succeeded, no MSK established'
assert_charon_log moon 'IKE_SA gw\[1\] established between'
assert_charon_log sun 'EAP method EAP_MD5 succeeded, no MSK established'
assert_charon_log sun "authentication of 'moon\.lab' with EAP successful"
assert_charon_log sun 'IKE_SA gw\[1\] established between'
assert_failure_codes moon
assert_failure_codes sun
lab_done
