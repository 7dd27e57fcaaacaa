#!/bin/bash
# 34 moon's children have start_action = start. A child config is removed,
# then the connection is changed, then unloaded, each applied by swanctl
# --load-conns: 5.9.8's vici closes the CHILD_SA or IKE_SA each time
# (vici_config.c:clear_start_action(): "closing 'net2' #N" / "closing
# IKE_SA #N" without an IKE_SA context; 6.x "vici closing CHILD_SA 'net2'
# #N" / "vici closing IKE_SA 'gw' #N"). moon records config modify or
# manual offline (config-unloaded) for each, not manual offline. sun: the
# CHILD_SA and, after the unload, the IKE_SA deleted by the peer (peer
# request, the IKE_SA after replace_wait); after the change moon's new
# IKE_SA of the same identity replaces the deleted one (phase1 sa replace,
# info).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.start_action start
# a second child with net's selectors (sun's net accepts it too)
LAB_SWANCTL_moon=$(lab_swanctl_conf moon | sed '/^    children {$/a\
      net2 {\
        local_ts = 10.1.0.0/16\
        remote_ts = 10.2.0.0/16\
        esp_proposals = aes128gcm16\
        start_action = start\
      }')
lab_net_up
lab_start moon sun
lab_load sun # first: moon's load initiates
lab_load moon
lab_check "moon's start_action established net" \
	lab_wait_log moon 'CHILD_SA net\{[12]\} established' 15
lab_check "moon's start_action established net2" \
	lab_wait_log moon 'CHILD_SA net2\{[12]\} established' 15
# child config removed
unset LAB_SWANCTL_moon
lab_load moon
lab_check "moon: vici closed net2" lab_wait_log moon "closing (CHILD_SA )?'net2' #[12]" 10
lab_check "moon: CHILD_SA net2 deleted" lab_wait_log moon 'CHILD_SA (net2\{[12]\} )?closed' 10
assert_no_charon_log moon 'closing IKE_SA #1' 'the IKE_SA stays (net remains)'
# changed: another rekey_time
lab_set moon gw.rekey_time 3h
lab_load moon
lab_check "moon: vici closed IKE_SA #1" lab_wait_log moon 'closing IKE_SA (.gw. )?#1' 10
lab_check "the changed connection came up again" \
	lab_wait_log moon 'IKE_SA gw\[2\] established' 15
lab_check "sun: replacement recorded" wait_for_record sun p1-sa-replace 10
# unloaded: a configuration without gw
LAB_SWANCTL_moon="connections {
}
secrets {
  ike-gw {
    id-1 = moon.lab
    id-2 = sun.lab
    secret = \"labsecret-0123456789\"
  }
}"
lab_load moon
lab_check "moon: vici closed IKE_SA #2" lab_wait_log moon 'closing IKE_SA (.gw. )?#2' 10
lab_check "sun: IKE_SA deleted" lab_wait_log sun 'IKE_SA deleted' 10
assert_charon_log sun 'received DELETE for IKE_SA gw\[2\]'
assert_failure_codes moon config-modify-offline
assert_record_cause moon config-modify-offline config-unloaded
# the store folds records of one code, connection and cause: the first
# (the CHILD_SA, logged) and two repeats (the IKE_SAs, the newest detail)
assert_json moon config-modify-offline count 3
assert_log moon "vpndiag: config modify or manual offline \\[config-modify-offline, .* cause config-unloaded: CHILD_SA net2 deleted by vici"
[[ $VPNDIAG_LOAD == yes ]] && lab_check "moon: the newest repeat is IKE_SA #2's" python3 -c '
import json, sys, re
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "config-modify-offline"][0]
assert r["ike_sa"] == 2 and re.search(r"closed the IKE_SA because its connection was unloaded or replaced .*closing IKE_SA (.gw. )?#2", r["detail"]), r' "$(lab_vpndiag moon --list --json)"
sleep 4 # sun's IKE_SA #2: past replace_wait
assert_record sun p1-sa-replace info
assert_record_cause sun p1-sa-replace ike-reauthenticated
assert_failure_codes sun peer-request
[[ $VPNDIAG_LOAD == yes ]] && lab_check "sun: the peer deleted the CHILD_SA and then IKE_SA #2" python3 -c '
import json, sys
rs = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "peer-request"]
assert sorted(r["cause"] for r in rs) == ["peer-deleted-child", "peer-deleted-ike"], rs
assert [r["ike_sa"] for r in rs if r["cause"] == "peer-deleted-ike"] == [2], rs' "$(lab_vpndiag sun --list --json)"
lab_done
