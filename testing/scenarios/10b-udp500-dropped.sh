#!/bin/bash
# 10b UDP 500 silently dropped at sun: moon retransmits IKE_SA_INIT and
# gives up (max transmit reached, no-response); sun sees nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 500 drop; }; }"
lab_initiate moon net 60
assert_log moon "giving up after 3 retransmits"
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached no-response
assert_failure_codes sun
lab_done
