#!/bin/bash
# 67c moon's remote_addrs names a host that does not resolve
# (peer.vpndiag.invalid: the .invalid TLD never resolves, RFC 6761; the
# lab's namespaces reach no name server either). On initiation
# ike_sa.c:initiate() cannot resolve it ("unable to resolve ..., initiate
# aborted") and raises ALERT_PEER_ADDR_FAILED:
#   moon: dns resolution status change (unresolvable-peer)
#   sun:  nothing: no packet leaves moon
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.remote_addrs peer.vpndiag.invalid
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'unable to resolve peer\.vpndiag\.invalid, initiate aborted'
assert_failure_codes moon dns-status-change
assert_record_cause moon dns-status-change unresolvable-peer
assert_record_conn moon dns-status-change gw
assert_failure_codes sun -
lab_done
