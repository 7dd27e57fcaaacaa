#!/bin/bash
# 25 attribution by address (issue 25) where it must not happen: moon offers
# aes256-sha384-x25519, sun accepts only aes128-sha256-x25519 (scenario 02's
# IKE proposal mismatch, before sun selects a peer config).
#  1. sun has two connections for moon's address (gw and gw2, other
#     identities): the record stays without a connection (conn null) and its
#     detail names both candidates.
#  2. sun has one connection, but for moon's subnet (remote_addrs
#     192.0.2.0/24), not moon's address: a source nobody configured, as in a
#     flood; conn stays null, the detail names the connection, and nothing
#     counts for gw.
# moon's record has gw from its config both times.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
LAB_CONNS_sun="  gw2 {
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = aes128-sha256-x25519
    local { auth = psk
            id = sun.lab }
    remote { auth = psk
             id = moon2.lab }
  }"
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log sun 'received proposals unacceptable'
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
assert_record_conn sun p1-proposal-mismatch -
assert_json sun p1-proposal-mismatch conn null
assert_json sun p1-proposal-mismatch conn_match null
assert_record_field sun p1-proposal-mismatch "(not attributed: 2 connections match these addresses: 'gw', 'gw2')"
assert_record_conn moon p1-proposal-mismatch gw
assert_json moon p1-proposal-mismatch conn_match config
[[ $VPNDIAG_LOAD == yes ]] && {
	lab_check "sun --list --conn gw: nothing" test "$(lab_vpndiag sun --list --conn gw --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0
	lab_check "sun --list --conn -: the record" test "$(lab_vpndiag sun --list --conn - --json | python3 -c 'import json,sys; print(" ".join(r["code_id"] for r in json.load(sys.stdin)))')" = p1-proposal-mismatch
}

# 2: gw2 unloaded, gw for moon's subnet only
LAB_CONNS_sun=
lab_set sun gw.remote_addrs 192.0.2.0/24
lab_load sun
lab_initiate moon net 30
lab_check "initiate failed again" test "$LAB_RC" != 0
assert_failure_codes sun p1-proposal-mismatch
# a repeat (same code, cause, no conn, same peer) folds into the record,
# which keeps the newest detail
assert_json sun p1-proposal-mismatch count 2
assert_json sun p1-proposal-mismatch conn null
[[ $VPNDIAG_LOAD == yes ]] && {
	lab_check "sun: the detail says why gw is not named" python3 -c '
import json, sys
r = json.loads(sys.argv[1])[-1]
want = "(not attributed to connection \x27gw\x27: 192.0.2.1 lies in its remote range or subnet, it is not one of its configured addresses)"
assert r["detail"].endswith(want), r["detail"]' "$(lab_vpndiag sun --list --json --code p1-proposal-mismatch)"
	lab_check "sun --list --conn gw: still nothing" test "$(lab_vpndiag sun --list --conn gw --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0
	lab_check "sun --status: gw has no failure" python3 -c '
import json, sys
c = json.loads(sys.argv[1])[0]
assert c["conn"] == "gw" and "last_failure" not in c, c' "$(lab_vpndiag sun --status --conn gw --json)"
}
lab_done
