#!/bin/bash
# 24 the tunnel between IPv6 addresses with an IKE proposal mismatch:
# phase1 proposal mismatch on both sides, peers in strongSwan's IPv6 form.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_IPV6=1
lab_set moon gw.local_addrs 2001:db8::1
lab_set moon gw.remote_addrs 2001:db8::2
lab_set sun gw.local_addrs 2001:db8::2
lab_set sun gw.remote_addrs 2001:db8::1
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 30
assert_log moon "received NO_PROPOSAL_CHOSEN notify error"
assert_failure_codes moon p1-proposal-mismatch
assert_record_field moon p1-proposal-mismatch "peer 2001:db8::2[500]"
assert_failure_codes sun p1-proposal-mismatch
assert_record_field sun p1-proposal-mismatch "peer 2001:db8::1[500]"
# attributed by the IPv6 addresses (issue 25)
assert_record_conn sun p1-proposal-mismatch "gw (by address)"
lab_done
