#!/bin/bash
# 78 kernel policy install fail between two charons: a host-to-host CHILD_SA
# between the gateways' own IKE addresses (local_ts/remote_ts = the
# gateways) with kernel-libipsec. kernel_libipsec_ipsec.c add_policy() ->
# install_route() refuses the route to the peer's IKE address (DBG1 "can't
# install route for ... conflicts with IKE traffic", allow_peer_ts off) and
# returns FAILED, so child_create.c select_and_install() logs "unable to
# install IPsec policies (SPD) in kernel" and raises
# ALERT_INSTALL_CHILD_POLICY_FAILED. sun, the responder, installs first:
# it records kernel-policy-fail (the remedy names allow_peer_ts) and answers
# TS_UNACCEPTABLE (select_and_install() returns NOT_FOUND, build_r() maps it
# to TS_UNACCEPTABLE), so moon only learns that the peer refused its
# selectors: flow mismatch, peer-rejected-ts, low confidence, whose detail
# names the kernel refusal as the alternative (its log holds the reason).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
for s in moon sun; do
	lab_set $s net.mode tunnel
done
lab_set moon net.local_ts 192.0.2.1/32
lab_set moon net.remote_ts 192.0.2.2/32
lab_set sun net.local_ts 192.0.2.2/32
lab_set sun net.remote_ts 192.0.2.1/32
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun "can't install route for 192.0.2.2/32 === 192.0.2.1/32 out, conflicts with IKE traffic"
assert_charon_log sun 'unable to install IPsec policies \(SPD\) in kernel'
assert_charon_log sun 'generating IKE_AUTH response 1 \[ IDr AUTH .*N\(TS_UNACCEPT\) \]'
assert_charon_log moon 'received TS_UNACCEPTABLE notify, no CHILD_SA built'
assert_failure_codes sun kernel-policy-fail
assert_record_cause sun kernel-policy-fail kernel-policy-install
assert_json sun kernel-policy-fail child net
assert_record_field sun kernel-policy-fail 'CHILD_SA net'
remedy_names_allow_peer_ts() {
	lab_vpndiag sun --list --json | grep '"code_id":"kernel-policy-fail"' |
		grep -q 'kernel-libipsec.allow_peer_ts = yes'
}
lab_check "sun's remedy names allow_peer_ts" remedy_names_allow_peer_ts
assert_failure_codes moon flow-mismatch
assert_record_cause moon flow-mismatch peer-rejected-ts
assert_json moon flow-mismatch confidence low
assert_record_field moon flow-mismatch 'its kernel refused the CHILD_SA'
lab_done
