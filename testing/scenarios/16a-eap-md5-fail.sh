#!/bin/bash
# 16a EAP-MD5 with a wrong password: eap authentication fail on both sides
# (sun: the method failed; moon: sun answered EAP_FAILURE). moon's late
# INFORMATIONAL [ N(AUTH_FAILED) ] reaches sun after it destroyed the
# IKE_SA (error-notify 25, unknown SPI): that stray message is no second
# record. If it arrives the moment before (sun still holds the IKE_SA while
# destroying it), the receiving thread waits for it and is driven out
# (ike_sa_manager.c: checkout_by_message() -> wait_for_entry() FALSE: no
# ALERT_INVALID_IKE_SPI, no level-1 line); then sun must not have processed
# it either (seen in a CI run: moon sent it at .482, sun destroyed at .483).
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
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'server requested EAP_MD5 authentication'
assert_charon_log moon 'parsed IKE_AUTH response 2 \[ EAP/FAIL \]'
assert_charon_log moon 'received EAP_FAILURE, EAP authentication failed'
assert_charon_log moon 'generating INFORMATIONAL request 3 \[ N\(AUTH_FAILED\) \]'
assert_charon_log sun 'EAP-MD5 verification failed'
assert_charon_log sun 'EAP method EAP_MD5 failed for peer moon\.lab'
assert_charon_log sun 'generating IKE_AUTH response 2 \[ EAP/FAIL \]'
assert_failure_codes moon eap-auth-fail
assert_record_cause moon eap-auth-fail peer-rejected-eap
assert_failure_codes sun eap-auth-fail
absent() { ! grep -qE -- "$1" "$2"; }
if lab_wait_file_grep "$LAB/sun/en.txt" '^25 .*unknown SPI' 2; then
	lab_log "ok: sun error-notify: stray message (25, unknown SPI)"
else
	lab_log "note: no error-notify 25 on sun: moon's INFORMATIONAL came while sun still held the IKE_SA"
	lab_check "sun: moon's INFORMATIONAL driven out, not processed" \
		absent 'parsed INFORMATIONAL request 3' "$LAB/sun/charon.log"
fi
lab_done
