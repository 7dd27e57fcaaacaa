#!/bin/bash
# 12a DPD: all UDP cut at sun after the tunnel is up (dpd_delay 2s on both
# sides, dpd_action clear); after 2 s without traffic both sides send a DPD
# request, retransmit it and give up: dpd timeout on both sides.
# The links are settled before initiating (lab_wait_links): otherwise the
# veths' late IPv6 DAD makes both charons send a MOBIKE address update
# right after establishment, and the request lost to the cut is that
# update, not a DPD.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.dpd_delay 2s
lab_set both net.dpd_action clear
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; meta l4proto udp drop; }; chain out { type filter hook output priority 0; meta l4proto udp drop; }; }"
lab_log "UDP cut at sun"
lab_check "moon log: giving up after" lab_wait_log moon 'giving up after' 40
sleep 0.5
lab_check "moon log: IKE_SA gone" lab_wait_log moon 'IKE_SA deleted|deleting IKE_SA|destroying|ESTABLISHED => DESTROYING' 20
lab_check "sun log: giving up after" lab_wait_log sun 'giving up after' 20
for s in moon sun; do
	assert_charon_log $s 'sending DPD request'
	assert_no_charon_log $s 'sending address list update' 'MOBIKE address update'
	assert_charon_log $s 'giving up after 3 retransmits'
done
assert_charon_log moon 'retransmit 3 of request with message ID 2'
assert_charon_log sun 'retransmit 3 of request with message ID 0'
assert_failure_codes moon dpd-timeout
assert_failure_codes sun dpd-timeout
lab_done
