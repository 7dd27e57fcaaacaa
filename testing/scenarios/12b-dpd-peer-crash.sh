#!/bin/bash
# 12b sun crashes (SIGKILL) after the tunnel is up: moon's DPD (dpd_delay
# 2s) times out (dpd timeout, port 4500), moon re-initiates (dpd_action
# restart) and that fails too (max transmit reached, no-response, port
# 500); sun is dead and recorded nothing. Links are settled first, as in
# 12a, so that the unanswered request is the DPD and not a MOBIKE update.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.dpd_delay 2s
lab_set moon net.dpd_action restart
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_stop sun KILL
lab_check "moon log: giving up after" lab_wait_log moon 'giving up after' 40
lab_check "moon log: establishing IKE_SA failed, peer not responding" \
	lab_wait_log moon 'establishing IKE_SA failed, peer not responding' 20
assert_charon_log moon 'sending DPD request'
assert_no_charon_log moon 'sending address list update' 'MOBIKE address update'
assert_charon_log moon 'retransmit 3 of request with message ID 2'
assert_charon_log moon 'restarting CHILD_SA net'
assert_charon_log moon 'initiating IKE_SA gw\[2\] to 192\.0\.2\.2'
assert_charon_log moon '<gw\|2> retransmit 3 of request with message ID 0'
assert_failure_codes moon dpd-timeout max-transmit-reached
assert_record_field moon dpd-timeout 'peer 192.0.2.2[4500]'
assert_record_cause moon max-transmit-reached no-response
assert_record_field moon max-transmit-reached 'peer 192.0.2.2[500]'
assert_failure_codes sun
lab_done
