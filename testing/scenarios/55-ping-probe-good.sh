#!/bin/bash
# vpndiag --probe CONN --ping ADDR, tunnel good (issue 19, contract 7): a
# LAN namespace behind each gateway (selectors 10.1.0.0/24 <-> 10.2.0.0/24),
# kernel-libipsec. The LAN hosts reach each other through the tunnel; the
# probe on moon pings sun's LAN host from moon's LAN address: verdict ok,
# exit 0, the CHILD_SA's counters moved both ways, no finding. An address
# outside the remote selectors and a source outside the local ones are
# refused with a clear error (exit 1).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_LANS=1
lab_up
lab_initiate
lab_check "CHILD_SA up" test "$LAB_RC" = 0
out=$(lab_exec moon-lan ping -c 2 -i 0.2 -W 2 10.2.0.2 2>&1) || true
lab_log "moon-lan -> sun-lan: $(grep 'packets transmitted' <<<"$out" || echo "$out")"
lab_check "the LANs reach each other through the tunnel" grep -q ' 2 received' <<<"$out"

lab_probe_ping moon 10.2.0.2
lab_check "probe --ping exits 0" test "$LAB_RC" = 0
lab_check "verdict ok" test "$(lab_probe_field moon verdict)" = ok
lab_check "source chosen in the local selectors: moon's LAN address" test "$(lab_probe_field moon source)" = 10.1.0.1
lab_check "3 sent, 3 received" test "$(lab_probe_field moon sent)/$(lab_probe_field moon received)" = 3/3
lab_check "no finding" test -z "$(lab_probe_field moon findings)"
lab_check "the counters moved both ways" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["counters"]
assert c["after"]["packets_out"] >= c["before"]["packets_out"] + 3, c
assert c["after"]["packets_in"] >= c["before"]["packets_in"] + 3, c' "$LAB/moon/probe-ping.json"

lab_probe_ping moon 10.2.0.2 --count 2 --source 10.1.0.1
lab_check "--source/--count: ok, 2 of 2" test "$LAB_RC-$(lab_probe_field moon received)" = 0-2

lab_probe_ping moon 192.0.2.2
lab_check "an address outside the remote selectors: exit 1" test "$LAB_RC" = 1
lab_check "... and the error names the selectors" grep -q 'not in the remote selectors of gw/net (10.2.0.0/24)' "$LAB/moon/probe-ping.err"
lab_probe_ping moon 10.2.0.2 --source 192.0.2.1
lab_check "a source outside the local selectors: exit 1" test "$LAB_RC" = 1
lab_check "... and the error says so" grep -q 'not in the local selectors' "$LAB/moon/probe-ping.err"

human=$(lab_exec moon "$VPNDIAG_CLI" --probe gw --ping 10.2.0.2 --uri "unix://$LAB/moon/vpndiag.vici" 2>&1) || true
printf '%s\n' "$human" >"$LAB/moon/probe-ping.out"
lab_check "human output: the verdict line" grep -q '^  verdict: ok: replies came back' <<<"$human"
lab_done
