#!/bin/bash
# 39 a break-before-make reauthentication that fails: sun's pre-shared key
# is changed (swanctl --load-creds) while the tunnel is up, so when moon
# reauthenticates after 5 s (reauth_time) the new IKE_SA fails at IKE_AUTH.
# The failure is the record on both sides (sun: authentication fail,
# psk-mismatch; moon: authentication fail, peer-rejected-auth): neither the
# DELETE of the old IKE_SA (peer request) nor a phase1 sa replace is
# recorded.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.reauth_time 5s
lab_set moon gw.rekey_time 0
lab_set moon gw.over_time 20s
LAB_CHARON_moon="  make_before_break = no" # as 37, also on 6.x
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_set sun ike-gw.secret '"another-secret-0123456789"'
lab_load sun
lab_check "moon reauthenticates" lab_wait_log moon 'reauthenticating IKE_SA gw\[1\]' 10
lab_check "sun refuses the new IKE_SA" lab_wait_log sun 'tried 1 shared key for .* but MAC mismatched' 10
assert_charon_log sun 'received DELETE for IKE_SA gw\[1\]'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
sleep 4 # past replace_wait: the DELETE is not recorded on its own
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-mismatch
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
[[ $VPNDIAG_LOAD == yes ]] && lab_check "no phase1 sa replace on either side" \
	test -z "$( (lab_records moon; lab_records sun) | grep '^p1-sa-replace ')"
lab_done
