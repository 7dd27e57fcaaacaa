#!/bin/bash
# 12b sun crashes (SIGKILL): moon's DPD times out (dpd timeout), moon
# re-initiates (dpd_action restart) and that fails too (max transmit
# reached); sun is dead.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.dpd_delay 2s
lab_set moon net.dpd_action restart
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_stop sun KILL
lab_check "moon log: giving up after" lab_wait_log moon "giving up after" 40
lab_check "moon log: establishing IKE_SA failed, peer not responding" lab_wait_log moon "establishing IKE_SA failed, peer not responding" 20
assert_failure_codes moon dpd-timeout max-transmit-reached
lab_done
