#!/bin/bash
# 11 UDP 4500 dropped at sun, moon encap=yes: IKE_SA_INIT on 500 works,
# IKE_AUTH on 4500 is lost (sun's kernel-libipsec fakes its NAT-D source
# hash, so moon sees "remote host is behind NAT": the detail says so). moon retransmits IKE_AUTH (max transmit
# reached, ike-auth-lost); sun drops the half-open IKE_SA after
# half_open_timeout (6 s; exchange timeout), attributed to gw by address
# (IKE_AUTH, which selects the peer config, never arrived).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_half_open_4500
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ SA KE No'
assert_charon_log moon 'generating IKE_AUTH request 1'
assert_charon_log moon 'sending packet: from 192\.0\.2\.1\[4500\] to 192\.0\.2\.2\[4500\]'
assert_charon_log moon 'retransmit 3 of request with message ID 1'
assert_charon_log moon 'giving up after 3 retransmits'
assert_charon_log moon 'establishing IKE_SA failed, peer not responding'
assert_charon_log sun 'generating IKE_SA_INIT response 0 \[ SA KE No'
assert_no_charon_log sun 'IKE_AUTH request' 'IKE_AUTH request (dropped)'
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached ike-auth-lost
assert_charon_log moon 'remote host is behind NAT'
assert_record_field moon max-transmit-reached 'the peer is behind a NAT or forces UDP encapsulation'
assert_failure_codes sun exchange-timeout
assert_record_conn sun exchange-timeout "gw (by address)"
assert_json sun exchange-timeout conn_match address
[[ $VPNDIAG_LOAD == yes ]] && {
	lab_check "moon: small IKE_AUTH, so UDP 4500 filtered is likelier (fragmented=no)" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "max-transmit-reached"][0]
assert r["evidence"]["fragmented"] == "no" and r["evidence"]["port"] == 4500, r
assert "likelier UDP 4500 is filtered" in r["detail"] and "Allow UDP 4500" in r["remedy"], r' "$(lab_vpndiag moon --list --json)"
}
assert_json moon max-transmit-reached evidence.exchange IKE_AUTH
assert_json moon max-transmit-reached evidence.port 4500
lab_done
