#!/bin/bash
# vpndiag --probe --ping (issue 19, contract 7): ESP from sun dropped at
# moon (lab_drop_esp: non-IKE UDP 4500, ESP under kernel-libipsec). The
# pings leave through the tunnel (the outbound counter moves), sun answers,
# nothing comes back: verdict no-return, exit 3, and no local finding
# (nothing on moon keeps the traffic out of the tunnel).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_LANS=1
lab_up
lab_initiate
lab_check "CHILD_SA up" test "$LAB_RC" = 0
lab_drop_esp moon

lab_probe_ping moon 10.2.0.2
lab_check "probe --ping exits 3" test "$LAB_RC" = 3
lab_check "verdict no-return" test "$(lab_probe_field moon verdict)" = no-return
lab_check "out moved by the 3 requests, in did not" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counters"]
assert c["after"]["packets_out"] - c["before"]["packets_out"] == 3, c
assert c["after"]["packets_in"] == c["before"]["packets_in"], c' "$LAB/moon/probe-ping.json"
lab_check "no local finding" test -z "$(lab_probe_field moon findings)"

lab_undrop_esp moon
lab_probe_ping moon 10.2.0.2
lab_check "ESP passing again: verdict ok" test "$LAB_RC-$(lab_probe_field moon verdict)" = 0-ok
lab_done
