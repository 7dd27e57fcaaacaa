#!/bin/bash
# 21b the same with unique = keep: sun rejects the new IKE_SA (sa with same
# user exists, a negotiation failure); moon authentication fail
# (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.unique keep
# the second IKE_SA comes from another address (from the same address
# charon suspects a reauthentication and keeps both for a while)
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
assert_failure_codes sun
lab_initiate moon net2 30
assert_log sun 'canceling IKE_SA setup due to uniqueness policy'
assert_failure_codes sun same-user-sa-exists
assert_record_cause sun same-user-sa-exists unique-keep
assert_failure_codes moon auth-fail
lab_done
