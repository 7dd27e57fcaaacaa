#!/bin/bash
# Fragmented IKE_AUTH dropped (issue 6): moon authenticates with a
# certificate and has IKE fragmentation off; its link has an MTU of 576, so
# the IKE_AUTH request leaves as IP fragments; sun drops non-first fragments
# in a prerouting chain ahead of conntrack's defragmentation. IKE_SA_INIT
# (small) goes through.
#   moon: max transmit reached, cause ike-auth-lost, evidence fragmented=yes
#         (the packet is larger than the link MTU), remedy fragmentation=yes
#   sun:  exchange timeout (the half-open IKE_SA is dropped)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_set moon gw.fragmentation no
lab_set sun gw.fragmentation no
lab_certs moon moon
lab_certs sun sun
lab_net_up
ip -n "$NS_MOON" link set veth-moon mtu 576
lab_start moon sun
lab_load moon sun
lab_nft sun <<<"table ip lab { chain pre { type filter hook prerouting priority -450; ip frag-off & 0x1fff != 0 counter drop; }; }"
lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
lab_check "sun log: deleting half open IKE_SA" \
	lab_wait_log sun 'deleting half open IKE_SA with 192\.0\.2\.1 after timeout' 15
assert_charon_log moon 'generating IKE_AUTH request 1'
assert_charon_log moon 'giving up after 3 retransmits'
assert_no_charon_log sun 'parsed IKE_AUTH request' 'IKE_AUTH request (fragments dropped)'
lab_check "sun dropped non-first fragments" bash -c 'lab() { ip netns exec "$1" nft list table ip lab; }; lab "$1" | grep -qE "counter packets [1-9]"' _ "$NS_SUN"
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached ike-auth-lost
assert_failure_codes sun exchange-timeout
[[ $VPNDIAG_LOAD == yes ]] && {
	lab_check "moon: evidence fragmented=yes, confidence medium" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "max-transmit-reached"][0]
assert r["evidence"]["fragmented"] == "yes" and r["evidence"]["exchange"] == "IKE_AUTH", r
assert r["confidence"] == "medium" and "MTU of 576" in r["detail"], r["detail"]
assert "fragmentation = yes" in r["remedy"], r["remedy"]' "$(lab_vpndiag moon --list --json)"
}
lab_done
