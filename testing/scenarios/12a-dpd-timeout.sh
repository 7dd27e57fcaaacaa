#!/bin/bash
# 12a DPD: all UDP cut at sun after the tunnel is up; both sides' DPD
# gives up (dpd timeout on both sides).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.dpd_delay 2s
lab_set both net.dpd_action clear
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; meta l4proto udp drop; }; chain out { type filter hook output priority 0; meta l4proto udp drop; }; }"
lab_check "moon log: giving up after" lab_wait_log moon "giving up after" 40
lab_check "sun log: giving up after" lab_wait_log sun "giving up after" 20
assert_failure_codes moon dpd-timeout
assert_failure_codes sun dpd-timeout
lab_done
