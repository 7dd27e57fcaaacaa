#!/bin/bash
# 14 CHILD rekey after 5 s and IKE rekey after 10 s succeed: informational
# phase2/phase1 sa replace records, no failure; traffic still flows.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.rekey_time 5s
lab_set moon net.life_time 10s
lab_set moon gw.rekey_time 10s
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "CHILD_SA rekeyed" lab_wait_log moon "CHILD_SA net\\{2\\} established" 15
lab_check "IKE_SA rekeyed" lab_wait_log moon "IKE_SA gw\\[2\\] rekeyed|rekeyed IKE_SA|IKE_SA .* rekeyed" 25
sleep 1
lab_check "ping through the rekeyed tunnel" lab_ping
assert_record moon p2-sa-replace info
assert_record moon p1-sa-replace info
assert_failure_codes moon
assert_failure_codes sun
lab_done
