#!/bin/bash
# vpndiag --probe --ping (issue 19, contract 7): moon's route into the tunnel
# removed after the CHILD_SA came up. kernel-libipsec always installs a
# route for the remote selectors via its TUN device into charon's table
# (220); without it moon has no route to sun's LAN (the lab has no default
# route), the pings never enter the tunnel: verdict not-entering, exit 3,
# finding no-route with the route that fixes it (table 220, the TUN device).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_LANS=1
lab_up
lab_initiate
lab_check "CHILD_SA up" test "$LAB_RC" = 0
lab_check "kernel-libipsec's route is in table 220" bash -c '[[ -n $(ip -n "$1" route show table 220 10.2.0.0/24) ]]' _ "$NS_MOON"
lab_exec moon ip route del 10.2.0.0/24 table 220
lab_log "moon: route into the tunnel removed"

lab_probe_ping moon 10.2.0.2
lab_check "probe --ping exits 3" test "$LAB_RC" = 3
lab_check "verdict not-entering" test "$(lab_probe_field moon verdict)" = not-entering
lab_check "finding no-route" grep -qw no-route <<<"$(lab_probe_field moon findings)"
lab_check "the CHILD_SA's outbound counter did not move" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counters"]
assert c["after"]["packets_out"] == c["before"]["packets_out"], c' "$LAB/moon/probe-ping.json"
lab_check "the finding names the route and the one that fixes it" python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["finding"] == "no-route"][0]
assert "no route to 10.2.0.2 from 10.1.0.1" in f["detail"], f
assert "ip route add 10.2.0.0/24 dev ipsec0 table 220" in f["remedy"], f' "$LAB/moon/probe-ping.json"
lab_done
