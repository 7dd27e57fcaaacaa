#!/bin/bash
# 26 sun's connection has local and remote gateway addresses swapped (the
# seed procedure's first check): sun finds no IKE config for the packet's
# addresses but one the other way round (peer address mismatch, cause
# reversed-addresses, naming the connection); moon only sees
# NO_PROPOSAL_CHOSEN (phase1 proposal mismatch, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.local_addrs 192.0.2.1
lab_set sun gw.remote_addrs 192.0.2.2
lab_up
lab_initiate moon net 30
assert_log sun "no IKE config found for 192.0.2.2...192.0.2.1"
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun peer-address-mismatch
assert_record_cause sun peer-address-mismatch reversed-addresses
assert_record_conn sun peer-address-mismatch "gw (by address)"
assert_json sun peer-address-mismatch conn_match address
lab_done
