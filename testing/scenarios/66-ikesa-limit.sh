#!/bin/bash
# 66 charon.ikesa_limit: sun holds at most one IKE_SA. moon's tunnel gw
# comes up (that one IKE_SA); then moon initiates gw2 from a second address
# (192.0.2.11). ike_sa_manager.c:checkout_by_message() ignores its
# IKE_SA_INIT before creating an IKE_SA ("ignoring IKE_SA_INIT, hitting
# IKE_SA limit (1)", level 1 on the mgr group, no IKE_SA context): sun
# records dynamic peers number reaches limitation without a connection (the
# line names no peer); moon retransmits and gives up: max transmit reached
# (no-response). The established tunnel stays up.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_CHARON_sun="  ikesa_limit = 1"
lab_set sun gw.remote_addrs 192.0.2.0/24
LAB_CONNS_moon="gw2 {
remote_addrs = 192.0.2.2
local_addrs = 192.0.2.11
proposals = aes128-sha256-x25519
local {
auth = psk
id = moon.lab
}
remote {
auth = psk
id = sun.lab
}
children {
net2 {
local_ts = 10.1.0.0/16
remote_ts = 10.2.0.0/16
esp_proposals = aes128gcm16
}
}
}"
lab_net_up
lab_exec moon ip addr add 192.0.2.11/24 dev veth-moon
lab_start moon sun
lab_load moon sun
lab_initiate moon net 30
lab_check "first IKE_SA established" test "$LAB_RC" = 0
lab_initiate moon net2 60
lab_check "the second IKE_SA failed" test "$LAB_RC" != 0
assert_charon_log sun 'ignoring IKE_SA_INIT, hitting IKE_SA limit \(1\)'
assert_failure_codes sun peer-limit-reached
assert_record_cause sun peer-limit-reached ikesa-limit
assert_record_conn sun peer-limit-reached -
assert_json sun peer-limit-reached ike_sa null
assert_failure_codes moon max-transmit-reached
assert_record_cause moon max-transmit-reached no-response
assert_record_conn moon max-transmit-reached gw2
lab_check "the first tunnel still passes traffic" lab_ping 3
lab_done
