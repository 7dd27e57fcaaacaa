#!/bin/bash
# 53 idle tunnels (issue 18): a CHILD_SA that never carried traffic and one
# whose traffic stopped are idle, not one-way: no record on either side,
# vpndiag --status says idle.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
TRAFFIC="      traffic {
        interval = 1s
        window = 3s
      }"
LAB_VPNDIAG_moon=$TRAFFIC
LAB_VPNDIAG_sun=$TRAFFIC
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
# never used: three windows
sleep 10
for s in moon sun; do
	lab_check "$s status: idle (never used)" test "$(lab_child_traffic $s traffic)" = idle
	lab_check "$s status: no packets" test "$(lab_child_traffic $s packets_in)/$(lab_child_traffic $s packets_out)" = 0/0
done
# used both ways, then idle again
lab_check "ping through the tunnel" lab_ping 5
lab_check "moon status: ok after the ping" lab_wait_child_traffic moon traffic ok 3
sleep 8
for s in moon sun; do
	lab_check "$s status: idle again" test "$(lab_child_traffic $s traffic)" = idle
	lab_check "$s counts no one-way-traffic" test "$(lab_counter $s one-way-traffic)" = 0
done
assert_failure_codes moon
assert_failure_codes sun
lab_done
