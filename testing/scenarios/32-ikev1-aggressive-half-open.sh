#!/bin/bash
# 32 IKEv1 Aggressive Mode half-open: UDP 4500 dropped at sun, moon
# encap=yes. Messages 1-2 pass on UDP 500, moon floats to 4500 for message
# 3 (its authentication), which is lost. sun drops the half-open IKE_SA
# after half_open_timeout (6 s): no XAuth ran, so sun's record is an
# exchange timeout naming Aggressive Mode (vpndiag_rules_half_open_timeout()).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set both gw.aggressive yes
LAB_CHARON_sun="  i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
LAB_CHARON_moon="$LAB_CHARON_sun"
lab_set moon gw.encap yes
lab_up
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 4500 drop; }; }"
lab_initiate moon net 30
lab_check "sun log: deleting half open IKE_SA" \
	lab_wait_log sun 'deleting half open IKE_SA with 192\.0\.2\.1 after timeout' 15
assert_charon_log sun 'generating AGGRESSIVE response 0'
assert_charon_log moon 'sending packet: from 192\.0\.2\.1\[4500\] to 192\.0\.2\.2\[4500\]'
assert_no_charon_log sun 'TRANSACTION' 'no XAuth exchange (not configured)'
assert_failure_codes sun exchange-timeout
assert_record_cause sun exchange-timeout half-open-timeout
assert_json sun exchange-timeout evidence.exchange AGGRESSIVE
[[ $VPNDIAG_LOAD == yes ]] && lab_check "sun: the detail names Aggressive Mode" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "exchange-timeout"][0]
assert "started IKEv1 Aggressive Mode" in r["detail"] and "IKE_AUTH" not in r["detail"], r' "$(lab_vpndiag sun --list --json)"
lab_records moon >"$LAB/moon/records.txt"
lab_log "moon records: $(xargs <"$LAB/moon/records.txt")"
assert_failure_codes moon max-transmit-reached
lab_done
