#!/bin/bash
# 34 moon's connection has start_action = start. It is changed and
# reloaded (swanctl --load-conns), then reloaded without it: 5.9.8's vici
# closes the IKE_SA each time (vici_config.c:clear_start_action(), "closing
# IKE_SA #N" without an IKE_SA context; 6.x "vici closing IKE_SA 'gw' #N").
# moon records config modify or manual offline (config-unloaded), not
# manual offline. sun: after the change moon's new IKE_SA of the same
# identity replaces the deleted one (phase1 sa replace, info); after the
# unload none comes, so the DELETE stays peer request (after replace_wait).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.start_action start
lab_net_up
lab_start moon sun
lab_load sun # first: moon's load initiates
lab_load moon
lab_check "moon's start_action established the tunnel" \
	lab_wait_log moon 'CHILD_SA net\{1\} established' 15
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
# the second record repeats the first (same code, connection and cause)
assert_json moon config-modify-offline count 2
assert_record sun p1-sa-replace info
assert_record_cause sun p1-sa-replace ike-reauthenticated
assert_failure_codes sun peer-request
assert_record_cause sun peer-request peer-deleted-ike
assert_json sun peer-request ike_sa 2
lab_done
