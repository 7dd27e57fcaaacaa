#!/bin/bash
# 67b moon's EAP response never reaches sun: sun (EAP-MD5 server) sends
# its EAP request in IKE_AUTH response 1; sun drops moon's IKE_AUTH
# requests from message ID 2 on (nft, the message ID read at UDP 4500's
# payload offset 24: non-ESP marker + IKE header), so the EAP exchange
# stalls. sun's half-open IKE_SA times out (the lab's half_open_timeout,
# 6 s; ALERT_HALF_OPEN_TIMEOUT after EAP payloads were exchanged):
#   sun:  eap authentication timeout (eap-timeout)
#   moon: max transmit reached (its EAP response goes unanswered)
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
secret = the-password
}'
LAB_SECRETS_sun=$LAB_SECRETS_moon
lab_up
lab_nft sun <<<"table ip lab { chain in { type filter hook input priority 0; ip saddr 192.0.2.1 udp dport 4500 @th,256,32 >= 2 counter drop; }; }"
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'server requested EAP_MD5 authentication'
assert_charon_log moon 'generating IKE_AUTH request 2 \[ EAP/RES/MD5 \]'
assert_no_charon_log sun 'parsed IKE_AUTH request 2' "moon's EAP response (dropped)"
lab_check "sun: the half-open IKE_SA times out" \
	lab_wait_log sun 'deleting half open IKE_SA (.* )?with 192\.0\.2\.1 after timeout' 10
assert_failure_codes sun eap-auth-timeout
assert_record_cause sun eap-auth-timeout eap-timeout
assert_failure_codes moon max-transmit-reached
lab_done
