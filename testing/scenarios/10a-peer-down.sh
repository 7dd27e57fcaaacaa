#!/bin/bash
# 10a peer down: sun's charon is stopped before moon initiates; moon
# retransmits IKE_SA_INIT (1 + 1.4 + 1.96 + 2.74 s) and gives up.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_stop sun
lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log moon 'giving up after 3 retransmits'
assert_log moon 'establishing IKE_SA failed, peer not responding'
assert_failure_codes moon max-transmit-reached
assert_failure_codes sun -
lab_done
