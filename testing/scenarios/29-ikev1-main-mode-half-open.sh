#!/bin/bash
# 29 IKEv1 Main Mode half-open: UDP 4500 dropped at sun, moon encap=yes.
# Main Mode messages 1-4 pass on UDP 500, moon floats to 4500 for message 5
# (identity and authentication), which is lost. moon gives up (max transmit
# reached, ike-auth-lost: the responder answered, its cookie is known); sun
# drops the half-open IKE_SA after half_open_timeout (6 s). No XAuth ever
# ran: sun's record is an exchange timeout naming Main Mode, not an XAuth
# timeout (vpndiag_rules_half_open_timeout()).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_half_open_4500
assert_charon_log sun 'generating ID_PROT response 0 \[ KE No NAT-D NAT-D \]'
assert_charon_log moon 'sending packet: from 192\.0\.2\.1\[4500\] to 192\.0\.2\.2\[4500\]'
assert_no_charon_log sun 'TRANSACTION' 'no XAuth exchange (not configured)'
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached ike-auth-lost
assert_json moon max-transmit-reached evidence.port 4500
assert_failure_codes sun exchange-timeout
assert_record_cause sun exchange-timeout half-open-timeout
assert_json sun exchange-timeout evidence.exchange ID_PROT
assert_record_conn sun exchange-timeout "gw (by address)"
[[ $VPNDIAG_LOAD == yes ]] && lab_check "sun: the detail names Main Mode, not IKE_AUTH" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "exchange-timeout"][0]
assert "started IKEv1 Main Mode" in r["detail"] and "IKE_AUTH" not in r["detail"], r' "$(lab_vpndiag sun --list --json)"
lab_done
