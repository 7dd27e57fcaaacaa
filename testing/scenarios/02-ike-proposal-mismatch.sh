#!/bin/bash
# 02 IKE proposal mismatch: moon offers aes256-sha384-x25519, sun accepts
# only aes128-sha256-x25519; sun answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN.
# sun had selected no peer config yet: its record belongs to gw by address
# (conn_match address), and --status, --list --conn and the counters of gw
# show it; moon's record has gw from its config.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log moon 'received NO_PROPOSAL_CHOSEN notify error'
assert_log sun 'received proposals unacceptable'
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
assert_json sun p1-proposal-mismatch mismatch encr,integ,prf
assert_json sun p1-proposal-mismatch offered IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE_25519
assert_json sun p1-proposal-mismatch accepted IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519
assert_json sun p1-proposal-mismatch confidence high
assert_json moon p1-proposal-mismatch cause peer-rejected-proposal
assert_json moon p1-proposal-mismatch confidence low
assert_json moon p1-proposal-mismatch offered IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE_25519
assert_record_conn sun p1-proposal-mismatch "gw (by address)"
assert_json sun p1-proposal-mismatch conn gw
assert_json sun p1-proposal-mismatch conn_match address
assert_record_conn moon p1-proposal-mismatch gw
assert_json moon p1-proposal-mismatch conn_match config
[[ $VPNDIAG_LOAD == yes ]] && {
	lab_check "sun --status: gw's latest failure is the proposal mismatch, by address" python3 -c '
import json, sys
c = json.loads(sys.argv[1])[0]
f = c["last_failure"]
assert c["conn"] == "gw" and f["code_id"] == "p1-proposal-mismatch", c
assert f["conn"] == "gw" and f["conn_match"] == "address", f' "$(lab_vpndiag sun --status --conn gw --json)"
	lab_check "sun --status (human) names it" grep -qE '^gw +down +[0-9]+ +phase1 proposal mismatch \(by address\) at ' <<<"$(lab_vpndiag sun --status --conn gw)"
	lab_check "sun --list --conn gw has it" test "$(lab_vpndiag sun --list --conn gw --json | python3 -c 'import json,sys; print(" ".join(r["code_id"] for r in json.load(sys.stdin)))')" = p1-proposal-mismatch
	lab_check "sun --list (human): conn gw (by address)" grep -qE '^  conn gw \(by address\) +peer 192\.0\.2\.1\[500\] +responder' <<<"$(lab_vpndiag sun --list)"
	lab_check "sun --counters --conn gw counts it" python3 -c '
import json, sys
c = json.loads(sys.argv[1])
assert c["counters"].get("p1-proposal-mismatch") == 1, c' "$(lab_vpndiag sun --counters --conn gw --json)"
}
lab_done
