#!/bin/bash
# 10b UDP 500 silently dropped at sun: moon retransmits IKE_SA_INIT and
# gives up (max transmit reached, no-response); sun sees nothing (–).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 500 drop; }; }"
lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'retransmit 3 of request with message ID 0'
assert_charon_log moon 'giving up after 3 retransmits'
assert_charon_log moon 'establishing IKE_SA failed, peer not responding'
assert_no_charon_log sun 'IKE_SA_INIT|received packet' 'IKE traffic'
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached no-response
assert_failure_codes sun
assert_json moon max-transmit-reached evidence.exchange IKE_SA_INIT
assert_json moon max-transmit-reached evidence.port 500
assert_json moon max-transmit-reached evidence.retransmits 3
lab_done
