#!/bin/bash
# 63 peer profile, traffic selectors against a route-based profile
# (issue 21): sun plays an AWS Site-to-Site VPN endpoint with the defaults
# of profile aws (docs/profiles.md): its IKE and ESP algorithms, and the
# default local and remote IPv4 network CIDRs 0.0.0.0/0 === 0.0.0.0/0 of a
# route-based tunnel. moon, with charon.plugins.vpndiag.profiles.gw = aws,
# proposes IPv6 selectors (fd00:1::/64 === fd00:2::/64), outside them.
# (A strongSwan responder narrows selectors that lie inside its own, so
# only selectors outside 0.0.0.0/0 make it refuse; whether AWS itself
# narrows narrower IPv4 selectors is not in its pages: no finding for those.)
#  - moon's --check names the selectors before initiating
#    (profile-selectors, error, exit 4)
#  - IKE_AUTH: the IKE_SA comes up, sun answers TS_UNACCEPTABLE for the
#    CHILD_SA: moon's record compares with the profile (profile aws,
#    mismatch ts, fix local, confidence medium); sun's is its own comparison
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
AWS_GROUPS=modp1024-modp2048-modp3072-modp4096-modp6144-modp8192-ecp256-ecp384-ecp521-modp1024s160-modp2048s224-modp2048s256
lab_set sun gw.proposals "aes128-aes256-sha1-sha256-sha384-sha512-$AWS_GROUPS, aes128gcm16-aes256gcm16-prfsha1-prfsha256-prfsha384-prfsha512-$AWS_GROUPS"
lab_set sun net.esp_proposals "aes128-aes256-sha1-sha256-sha384-sha512, aes128gcm16-aes256gcm16"
lab_set sun net.local_ts 0.0.0.0/0
lab_set sun net.remote_ts 0.0.0.0/0
lab_set moon gw.proposals aes256-sha256-modp2048
lab_set moon net.esp_proposals aes256-sha256
lab_set moon net.local_ts fd00:1::/64
lab_set moon net.remote_ts fd00:2::/64
LAB_VPNDIAG_moon="      profiles { gw = aws }"
lab_up

# --- before initiating -------------------------------------------------------
CRC=0
lab_vpndiag moon --check --json >"$LAB/check.json" 2>"$LAB/check.err" || CRC=$?
lab_check "--check: exit 4 (an error)" test "$CRC" = 4
lab_check "--check: exactly gw/net profile-selectors from profile aws" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
f = [x for x in fs if "profile" in x]
assert all(x["check"] == "nothing-initiates" for x in fs if "profile" not in x), fs
assert [(x["conn"], x.get("child"), x["check"], x["severity"], x["profile"]) for x in f] == \
	[("gw", "net", "profile-selectors", "error", "aws")], f
d = f[0]["detail"]
assert "fd00:1::/64 === fd00:2::/64 are not inside the default selectors of profile aws (0.0.0.0/0 === 0.0.0.0/0)" in d, d' "$LAB/check.json"

# --- the failure -------------------------------------------------------------
lab_initiate moon net 30
assert_log moon "received TS_UNACCEPTABLE notify, no CHILD_SA built"
assert_failure_codes moon flow-mismatch
assert_record_cause moon flow-mismatch peer-rejected-ts
assert_json moon flow-mismatch profile aws
assert_json moon flow-mismatch mismatch ts
assert_json moon flow-mismatch fix local
assert_json moon flow-mismatch confidence medium
assert_record_field moon flow-mismatch "from profile aws"
assert_record_field moon flow-mismatch "we propose fd00:1::/64 === fd00:2::/64; aws's default selectors are 0.0.0.0/0 === 0.0.0.0/0"
assert_failure_codes sun flow-mismatch
assert_record_cause sun flow-mismatch ts-unacceptable
assert_json sun flow-mismatch profile null
lab_done
