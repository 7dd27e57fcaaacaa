#!/bin/bash
# 17a sun's pool holds one address: moon.lab gets it, moon2.lab (second
# connection) gets INTERNAL_ADDRESS_FAILURE. ip assigned fail on both
# sides (moon: peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.vips 0.0.0.0
lab_set moon net.local_ts dynamic
lab_set sun gw.pools p1
lab_set sun remote.id %any
lab_set sun net.remote_ts dynamic
LAB_POOLS_sun="p1 {
addrs = 10.3.0.1/32
}"
LAB_CONNS_moon="gw2 {
remote_addrs = 192.0.2.2
local_addrs = 192.0.2.1
proposals = aes128-sha256-x25519
vips = 0.0.0.0
local {
auth = psk
id = moon2.lab
}
remote {
auth = psk
id = sun.lab
}
children {
net2 {
local_ts = dynamic
remote_ts = 10.2.0.0/16
esp_proposals = aes128gcm16
}
}
}"
SECRET2="ike-2 {
id-1 = moon2.lab
id-2 = sun.lab
secret = \"labsecret-0123456789\"
}"
LAB_SECRETS_moon=$SECRET2
LAB_SECRETS_sun=$SECRET2
lab_up
lab_initiate moon net 30
lab_check "first client got the pool address" test "$LAB_RC" = 0
assert_failure_codes moon
lab_initiate moon net2 30
assert_log moon "received INTERNAL_ADDRESS_FAILURE notify, no CHILD_SA built"
assert_log sun "pool .p1. is full, unable to assign address"
assert_failure_codes moon ip-assign-fail
assert_record_cause moon ip-assign-fail peer-rejected-vip
assert_failure_codes sun ip-assign-fail
assert_record_cause sun ip-assign-fail pool-exhausted
lab_done
