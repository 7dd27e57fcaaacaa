#!/bin/bash
# 62 peer profile, PFS at rekey (issue 21): sun plays a Huawei Cloud VPN
# gateway (S2C Classic Edition) with exactly the IKE and IPsec algorithms
# that profile huawei-cloud-classic accepts by default (docs/profiles.md):
# PFS on (a DH group in every ESP proposal, none without). moon, with a glob
# (charon.plugins.vpndiag.profiles.g* = huawei-cloud-classic), offers ESP
# without PFS (aes256-sha256) and rekeys its CHILD_SA after 5 s.
#  - moon's --check warns before initiating: profile-pfs names the missing
#    group and when it fails (the first CHILD_SA rekey, after 5 s), and
#    profile-lifetime that 5 s is below the 480 s the profile allows; only
#    warnings: exit 0
#  - the tunnel comes up (IKE_AUTH carries no key exchange); the rekey is
#    refused: moon's record compares with the profile (profile
#    huawei-cloud-classic, mismatch ke, fix local, confidence medium), sun's
#    is its own comparison (pfs-mismatch)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
HUAWEI_GROUPS=modp768-modp1024-modp1536-modp2048-modp3072-modp4096-ecp256-ecp384-ecp521
lab_set sun gw.proposals "aes128-aes192-aes256-3des-md5-sha1-sha256-sha384-sha512-$HUAWEI_GROUPS"
lab_set sun net.esp_proposals "aes128-aes192-aes256-3des-sha1-md5-sha256-sha384-sha512-$HUAWEI_GROUPS"
lab_set moon gw.proposals aes256-sha256-modp2048
lab_set moon net.esp_proposals aes256-sha256
lab_set moon net.rekey_time 5s
lab_set moon net.life_time 10s
LAB_VPNDIAG_moon="      profiles { g* = huawei-cloud-classic }"
lab_up

# --- before initiating -------------------------------------------------------
CRC=0
lab_vpndiag moon --check --json >"$LAB/check.json" 2>"$LAB/check.err" || CRC=$?
lab_check "--check: warnings only, exit 0" test "$CRC" = 0
lab_check "--check: profile-pfs and profile-lifetime on gw/net, profile huawei-cloud-classic" python3 -c '
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
f = [x for x in fs if "profile" in x]
assert all(x["check"] == "nothing-initiates" for x in fs if "profile" not in x), fs
got = sorted((x["conn"], x.get("child"), x["check"], x["severity"], x["profile"]) for x in f)
assert got == [("gw", "net", "profile-lifetime", "warning", "huawei-cloud-classic"),
	("gw", "net", "profile-pfs", "warning", "huawei-cloud-classic")], got
pfs = [x for x in f if x["check"] == "profile-pfs"][0]
d = pfs["detail"]
assert "ke: we offer no PFS group; huawei-cloud-classic requires PFS" in d, d
assert "the first rekey of the CHILD_SA (after 5 s, rekey_time) fails" in d, d
assert pfs["setting"] == "connections.gw.children.net.esp_proposals (ipsec.conf esp)", pfs
lt = [x for x in f if x["check"] == "profile-lifetime"][0]
assert "at least 480 s" in lt["detail"], lt' "$LAB/check.json"

# --- the failure -------------------------------------------------------------
lab_initiate moon net 30
lab_check "tunnel established (IKE_AUTH carries no key exchange)" test "$LAB_RC" = 0
assert_failure_codes moon
lab_check "rekey refused" lab_wait_log moon "NO_PROPOSAL_CHOSEN" 20
assert_failure_codes moon p2-proposal-pfs-mismatch
assert_json moon p2-proposal-pfs-mismatch cause peer-rejected-proposal
assert_json moon p2-proposal-pfs-mismatch profile huawei-cloud-classic
assert_json moon p2-proposal-pfs-mismatch mismatch ke
assert_json moon p2-proposal-pfs-mismatch fix local
assert_json moon p2-proposal-pfs-mismatch confidence medium
assert_record_field moon p2-proposal-pfs-mismatch "from profile huawei-cloud-classic"
assert_record_field moon p2-proposal-pfs-mismatch "we offer no PFS group"
assert_failure_codes sun p2-proposal-pfs-mismatch
assert_record_cause sun p2-proposal-pfs-mismatch pfs-mismatch
assert_json sun p2-proposal-pfs-mismatch profile null
lab_done
