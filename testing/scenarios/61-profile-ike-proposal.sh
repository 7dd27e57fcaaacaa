#!/bin/bash
# 61 peer profile, IKE proposal (issue 21): sun plays a Huawei Cloud VPN
# gateway (S2C Enterprise Edition) with exactly the IKE algorithms that
# profile huawei-cloud accepts by default (docs/profiles.md: encr 3des aes128
# aes192 aes256 aes256gcm16, integ md5 sha1 sha256 sha384 sha512, DH groups
# 1 2 5 14 15 16 19 20 21); moon, the customer gateway with
# charon.plugins.vpndiag.profiles.gw = huawei-cloud, offers
# aes256-sha256-x25519 (curve25519 is not among them).
#  - moon's --check names the key exchange method before initiating
#    (profile-ike-proposal, error, profile huawei-cloud, exit 4), and that
#    moon expects sun.lab while the gateway identifies with its IP address
#    (profile-peer-identity; IKE_SA_INIT fails before identities matter)
#  - the initiation fails: moon's record compares with the profile (profile
#    huawei-cloud, mismatch ke, fix local, confidence medium); sun, which
#    has no profile, compares what it received with what it accepts
#    (responder-dh-mismatch, no-common-ke-method, confidence high)
#  - vpndiag --profiles lists the profile and the assignment
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
HUAWEI_GROUPS=modp768-modp1024-modp1536-modp2048-modp3072-modp4096-ecp256-ecp384-ecp521
lab_set sun gw.proposals "aes128-aes192-aes256-3des-md5-sha1-sha256-sha384-sha512-$HUAWEI_GROUPS, aes256gcm16-prfmd5-prfsha1-prfsha256-prfsha384-prfsha512-$HUAWEI_GROUPS"
lab_set moon gw.proposals aes256-sha256-x25519
# the gateway identifies with its IP address (the profile's default local
# ID), moon still expects sun.lab: a second error of the preflight
lab_set sun local.id 192.0.2.2
lab_set sun ike-gw.id-2 192.0.2.2
LAB_VPNDIAG_moon="      profiles { gw = huawei-cloud }"
lab_up

# --- before initiating -------------------------------------------------------
CRC=0
lab_vpndiag moon --check --json >"$LAB/check.json" 2>"$LAB/check.err" || CRC=$?
lab_check "--check: exit 4 (an error)" test "$CRC" = 4
# (the lab's gw has start_action = none: nothing-initiates, a warning, too)
lab_check "--check: exactly gw profile-ike-proposal and profile-peer-identity from profile huawei-cloud" python3 -c '
import json, sys
f = [x for x in json.load(open(sys.argv[1]))["findings"] if "profile" in x]
assert all(x["check"] == "nothing-initiates" for x in json.load(open(sys.argv[1]))["findings"] if "profile" not in x)
assert [(x["conn"], x["check"], x["severity"], x.get("profile")) for x in f] == \
	[("gw", "profile-ike-proposal", "error", "huawei-cloud"),
	 ("gw", "profile-peer-identity", "error", "huawei-cloud")], f
p = f[1]["detail"]
assert "we expect the peer as '"'"'sun.lab'"'"', of type fqdn; by default huawei-cloud identifies itself with type ipv4" in p, p
d = f[0]["detail"]
assert "ke: we offer CURVE_25519" in d and "huawei-cloud accepts modp768" in d, d
assert f[0]["setting"] == "connections.gw.proposals (ipsec.conf ike)", f[0]' "$LAB/check.json"
lab_vpndiag moon --check >"$LAB/moon/check.txt" 2>&1 || true
lab_check "--check (human): the profile line" grep -q "^  profile: huawei-cloud$" "$LAB/moon/check.txt"

# --- the failure -------------------------------------------------------------
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log moon 'received NO_PROPOSAL_CHOSEN notify error'
assert_failure_codes moon p1-proposal-mismatch
assert_json moon p1-proposal-mismatch cause peer-rejected-proposal
assert_json moon p1-proposal-mismatch profile huawei-cloud
assert_json moon p1-proposal-mismatch mismatch ke
assert_json moon p1-proposal-mismatch fix local
assert_json moon p1-proposal-mismatch confidence medium
assert_record_field moon p1-proposal-mismatch "from profile huawei-cloud"
assert_record_field moon p1-proposal-mismatch "ke: we offer CURVE_25519"
# sun compares what it received with what it accepts: only the group differs
assert_failure_codes sun responder-dh-mismatch
assert_json sun responder-dh-mismatch cause no-common-ke-method
assert_json sun responder-dh-mismatch mismatch ke
assert_json sun responder-dh-mismatch profile null
assert_json sun responder-dh-mismatch confidence high
lab_check "moon --list (human): profile line" grep -q "^  profile: huawei-cloud$" <<<"$(lab_vpndiag moon --list)"
lab_check "moon's remedy: the profile first, then the code's own" python3 -c '
import json, sys
r = json.loads(sys.argv[1])[-1]["remedy"]
assert r.startswith("Make what we offer match what profile huawei-cloud accepts") and "swanctl --load-conns" in r, r' \
	"$(lab_vpndiag moon --list --json --code p1-proposal-mismatch)"

# --- vpndiag --profiles -------------------------------------------------------
lab_vpndiag moon --profiles >"$LAB/moon/profiles.txt" 2>&1
lab_check "--profiles: every profile of the contract" bash -c '
for p in aws azure gcp huawei-cloud tencent-cloud alibaba-cloud strongswan-5.9 strongswan-6.0; do
	grep -q "^$p\$" "$1" || { echo "missing $p"; exit 1; }
done' _ "$LAB/moon/profiles.txt"
lab_check "--profiles: the assignment" grep -q "^  gw = huawei-cloud$" "$LAB/moon/profiles.txt"
lab_check "--profiles: a source with its date" grep -q "2024-07-23" "$LAB/moon/profiles.txt"
lab_check "--profiles --json: huawei-cloud's ike-ke and its source" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
v = r["profiles"]["huawei-cloud"]["ike-ke"]
assert v["source"] == "huawei-faq-enterprise" and "ecp521" in v["value"], v
assert r["sources"]["huawei-faq-enterprise"]["url"].startswith("https://support.huaweicloud.com/"), r["sources"]
assert r["profiles"]["gcp"]["ike-encr"]["value"] == "unknown"' "$(lab_vpndiag moon --profiles --json)"
lab_done
