#!/bin/bash
# 11 UDP 4500 dropped at sun after IKE_SA_INIT (moon encap=yes): moon
# retransmits IKE_AUTH (max transmit reached, ike-auth-lost), sun drops the
# half-open IKE_SA after half_open_timeout (exchange timeout).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.encap yes
lab_up
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 4500 drop; }; }"
lab_initiate moon net 60
assert_log moon "retransmit 3 of request with message ID 1"
wait_for_record sun exchange-timeout 15 || true
assert_log sun "half open IKE_SA with 192.0.2.1 after timeout|timed out before it could be established|deleting half open"
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached ike-auth-lost
assert_failure_codes sun exchange-timeout
lab_done
