#!/bin/bash
# 06a moon identifies as stranger.lab, which no connection on sun accepts:
# sun config ID mismatch (no matching peer config; attributed to gw by
# address, the only connection for moon's address), moon authentication
# fail.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon local.id stranger.lab
LAB_SECRETS_moon="ike-x {
id-1 = stranger.lab
id-2 = sun.lab
secret = labsecret-0123456789
}"
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_charon_log sun 'looking for peer configs matching 192\.0\.2\.2\[sun\.lab\]\.\.\.192\.0\.2\.1\[stranger\.lab\]'
assert_charon_log sun 'no matching peer config found'
assert_charon_log sun 'generating IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]'
assert_failure_codes moon auth-fail
assert_failure_codes sun config-id-mismatch
assert_record_conn sun config-id-mismatch "gw (by address)"
assert_json sun config-id-mismatch remote_id stranger.lab
assert_json sun config-id-mismatch conn gw
assert_json sun config-id-mismatch conn_match address
assert_json moon auth-fail local_id stranger.lab
lab_done
