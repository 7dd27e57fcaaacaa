#!/bin/bash
# 49 without kernel-libipsec (scenario 18's kernel-netlink-only plugin list)
# and without encap, nothing forces UDP encapsulation and there is no NAT;
# still IKEv2 moves to UDP 4500 after IKE_SA_INIT because MOBIKE is on (the
# default) and sun supports NAT-T. sun drops UDP 4500: moon's IKE_AUTH is
# lost (max transmit reached, ike-auth-lost; the detail names MOBIKE, not
# kernel-libipsec; the remedy offers mobike = no), sun drops the half-open
# IKE_SA (exchange timeout). Then moon loads mobike = no, as the remedy
# says: the IKE_SA (no CHILD_SA: this kernel has no ESP) is established on
# UDP 500 through the same filter.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_LOAD="random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 gmp aes sha1 sha2 hmac kdf kernel-netlink socket-default vici updown attr error-notify"
lab_up
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 4500 drop; }; }"
lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
lab_check "sun log: deleting half open IKE_SA" \
	lab_wait_log sun 'deleting half open IKE_SA (.* )?with 192\.0\.2\.1 after timeout' 15
assert_no_charon_log moon 'kernel-libipsec' 'kernel-libipsec loaded'
assert_no_charon_log moon 'faking NAT situation' 'forced encapsulation'
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ SA KE No N\(NATD_S_IP\) N\(NATD_D_IP\)'
assert_charon_log moon 'sending packet: from 192\.0\.2\.1\[4500\] to 192\.0\.2\.2\[4500\]'
assert_charon_log moon 'giving up after 3 retransmits'
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached ike-auth-lost
assert_record_field moon max-transmit-reached 'IKEv2 moved to port 4500 because MOBIKE is enabled'
assert_json moon max-transmit-reached evidence.port 4500
assert_json moon max-transmit-reached evidence.nat no
[[ $VPNDIAG_LOAD == yes ]] && lab_check "moon: no kernel-libipsec blame, remedy offers mobike = no" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "max-transmit-reached"][0]
assert "kernel-libipsec" not in r["detail"], r
assert "mobike = no" in r["remedy"] and r["remedy"].endswith("swanctl --load-conns."), r' "$(lab_vpndiag moon --list --json)"
assert_failure_codes sun exchange-timeout
# the remedy applied: IKE stays on UDP 500
lab_set moon gw.mobike no
lab_load moon
lab_swanctl moon --initiate --ike gw --timeout 30 >"$LAB/moon/initiate-ike.out" 2>&1 || true
assert_charon_log moon 'IKE_SA gw\[2\] established between 192\.0\.2\.1\[moon\.lab\]\.\.\.192\.0\.2\.2\[sun\.lab\]'
assert_charon_log moon 'sending packet: from 192\.0\.2\.1\[500\] to 192\.0\.2\.2\[500\] \([0-9]+ bytes\)$'
lab_check "moon: IKE_AUTH of the second IKE_SA went to UDP 500" awk '
	/<gw\|2> generating IKE_AUTH request 1/ { auth = 1; next }
	auth && /<gw\|2> sending packet:/ { ok = /to 192\.0\.2\.2\[500\]/; exit }
	END { exit !ok }' "$LAB/moon/charon.log"
assert_failure_codes moon max-transmit-reached
assert_failure_codes sun exchange-timeout
lab_done
