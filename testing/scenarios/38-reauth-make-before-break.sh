#!/bin/bash
# 38 as 37 with charon.make_before_break = yes on moon (6.x's default): the new IKE_SA
# comes up first (task_manager_v2.c:trigger_mbb_reauth()), then
# ike_reauth_complete deletes the old one. Both sides: phase1 sa replace
# (ike-reauthenticated, make-before-break), no failure.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.reauth_time 5s
lab_set moon gw.rekey_time 0
lab_set moon gw.over_time 20s
LAB_CHARON_moon="  make_before_break = yes"
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "moon reauthenticated" lab_wait_log moon 'IKE_SA gw\[2\] established' 20
lab_check "old IKE_SA deleted" lab_wait_log sun 'received DELETE for IKE_SA gw\[1\]' 10
assert_charon_log moon 'reauthenticating IKE_SA gw\[1\]'
assert_record moon p1-sa-replace info
assert_record_cause moon p1-sa-replace ike-reauthenticated
assert_record_field moon p1-sa-replace 'make-before-break'
assert_record sun p1-sa-replace info
assert_record_cause sun p1-sa-replace ike-reauthenticated
assert_record_field sun p1-sa-replace 'make-before-break'
sleep 4
assert_failure_codes moon
assert_failure_codes sun
lab_done
