#!/bin/bash
# 37 moon reauthenticates the IKE_SA after 5 s (reauth_time), break-before-
# make (charon.make_before_break = no, 5.9.8's default; set for 6.x too):
# ike_reauth.c:process_i() deletes the IKE_SA, then reestablishes it. sun
# sees a plain DELETE before the new IKE_SA exists; it waits (replace_wait)
# and records phase1 sa replace when moon.lab's new IKE_SA comes up. Both
# sides: phase1 sa replace (ike-reauthenticated), no manual offline or
# peer request.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.reauth_time 5s
lab_set moon gw.rekey_time 0
lab_set moon gw.over_time 20s
LAB_CHARON_moon="  make_before_break = no" # 5.9.x default; 6.x defaults to yes
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "moon reauthenticated" lab_wait_log moon 'IKE_SA gw\[2\] established' 20
assert_charon_log moon 'reauthenticating IKE_SA gw\[1\]'
assert_charon_log moon 'deleting IKE_SA gw\[1\]'
assert_charon_log sun 'received DELETE for IKE_SA gw\[1\]'
lab_check "CHILD_SA re-established" lab_wait_log moon 'CHILD_SA net\{2\} established' 10
assert_record moon p1-sa-replace info
assert_record_cause moon p1-sa-replace ike-reauthenticated
assert_record_field moon p1-sa-replace 'IKE_SA #1 reauthenticated: #2'
assert_record sun p1-sa-replace info
assert_record_cause sun p1-sa-replace ike-reauthenticated
assert_record_field sun p1-sa-replace 'break-before-make'
sleep 4 # past replace_wait: nothing else comes
assert_failure_codes moon
assert_failure_codes sun
lab_done
