#!/bin/bash
# 23 moon's address changes from 192.0.2.1 to 192.0.2.11; MOBIKE moves the
# IKE_SA: sun records an informational peer address switch, no failure.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.local_addrs -
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
# keep the secondary address when the primary goes
lab_exec moon sysctl -qw net.ipv4.conf.veth-moon.promote_secondaries=1
lab_exec moon ip addr add 192.0.2.11/24 dev veth-moon
lab_exec moon ip addr del 192.0.2.1/24 dev veth-moon
lab_check "sun saw the update" lab_wait_log sun "remote endpoint changed|UPDATE_SA_ADDRESSES|peer address" 20
assert_record sun peer-address-switch info
lab_check "ping through the moved tunnel" lab_ping
assert_failure_codes moon
assert_failure_codes sun
lab_done
