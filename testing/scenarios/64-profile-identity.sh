#!/bin/bash
# 64 peer profile, identity type (issue 21): sun plays a Huawei Cloud VPN
# gateway (S2C Enterprise Edition) with the IKE algorithms of profile
# huawei-cloud and its default customer ID, the customer gateway's public IP
# address (remote.id = 192.0.2.1; the profile's identity types: IP address
# or FQDN). moon, with charon.plugins.vpndiag.profiles.gw = huawei-cloud,
# authenticates as moon@lab.example, an email address.
#  - moon's --check names the identity type before initiating
#    (profile-identity, error, exit 4)
#  - sun finds no config for that identity and answers
#    AUTHENTICATION_FAILED: moon's record compares with the profile
#    (profile huawei-cloud, mismatch id, fix local, confidence medium);
#    sun's is its own diagnosis (config-id-mismatch, no-matching-peer-config)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
HUAWEI_GROUPS=modp768-modp1024-modp1536-modp2048-modp3072-modp4096-ecp256-ecp384-ecp521
lab_set sun gw.proposals "aes128-aes192-aes256-3des-md5-sha1-sha256-sha384-sha512-$HUAWEI_GROUPS, aes256gcm16-prfmd5-prfsha1-prfsha256-prfsha384-prfsha512-$HUAWEI_GROUPS"
lab_set sun remote.id 192.0.2.1
lab_set sun ike-gw.id-1 192.0.2.1
lab_set moon gw.proposals aes128-sha256-modp3072
lab_set moon local.id moon@lab.example
lab_set moon ike-gw.id-1 moon@lab.example
# both identify with their IP addresses otherwise (the profile's defaults)
lab_set sun local.id 192.0.2.2
lab_set sun ike-gw.id-2 192.0.2.2
lab_set moon remote.id 192.0.2.2
lab_set moon ike-gw.id-2 192.0.2.2
LAB_VPNDIAG_moon="      profiles { gw = huawei-cloud }"
lab_up

# --- before initiating -------------------------------------------------------
CRC=0
lab_vpndiag moon --check --json >"$LAB/check.json" 2>"$LAB/check.err" || CRC=$?
lab_check "--check: exit 4 (an error)" test "$CRC" = 4
lab_check "--check: exactly gw profile-identity from profile huawei-cloud" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
f = [x for x in fs if "profile" in x]
assert all(x["check"] == "nothing-initiates" for x in fs if "profile" not in x), fs
assert [(x["conn"], x["check"], x["severity"], x["profile"]) for x in f] == \
	[("gw", "profile-identity", "error", "huawei-cloud")], f
d = f[0]["detail"]
assert "our identity '"'"'moon@lab.example'"'"' is of type email; by default huawei-cloud expects ipv4,fqdn" in d, d' "$LAB/check.json"

# --- the failure -------------------------------------------------------------
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log moon "received AUTHENTICATION_FAILED notify error"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_json moon auth-fail profile huawei-cloud
assert_json moon auth-fail mismatch id
assert_json moon auth-fail fix local
assert_json moon auth-fail confidence medium
assert_record_field moon auth-fail "from profile huawei-cloud"
assert_record_field moon auth-fail "our identity moon@lab.example is of type email; huawei-cloud expects ipv4,fqdn"
assert_failure_codes sun config-id-mismatch
assert_record_cause sun config-id-mismatch no-matching-peer-config
assert_json sun config-id-mismatch profile null
lab_done
