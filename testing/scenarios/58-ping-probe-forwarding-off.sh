#!/bin/bash
# vpndiag --probe --ping (issue 19, contract 7): IPv4 forwarding off on moon
# while its local selector is the LAN behind it. The LAN host's own ping
# through the tunnel fails; the probe, run on moon with the source on its
# LAN side (10.1.0.1), gets its replies: verdict ok, exit 0, and the
# finding forwarding-off as a warning.
# Then forwarding on again, strict rp_filter on moon's LAN interface and the
# route back to the LAN host through the other interface (asymmetric): the
# LAN host's ping is dropped on arrival, the probe's own replies come back:
# verdict ok with the finding rp-filter naming the interfaces.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_LANS=1
lab_up
lab_initiate
lab_check "CHILD_SA up" test "$LAB_RC" = 0
lab_exec moon sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'
lab_log "moon: net.ipv4.ip_forward = 0"
out=$(lab_exec moon-lan ping -c 2 -i 0.2 -W 1 10.2.0.2 2>&1) || true
lab_log "moon-lan -> sun-lan: $(grep 'packets transmitted' <<<"$out" || echo "$out")"
lab_check "the LAN host's ping through moon fails" bash -c '! grep -q " [12] received" <<<"$1"' _ "$out"

lab_probe_ping moon 10.2.0.2 --source 10.1.0.1
lab_check "probe --ping exits 0 (replies came back)" test "$LAB_RC" = 0
lab_check "verdict ok" test "$(lab_probe_field moon verdict)" = ok
lab_check "finding forwarding-off" grep -qw forwarding-off <<<"$(lab_probe_field moon findings)"
lab_check "reported as a warning, with the sysctl that fixes it" python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["finding"] == "forwarding-off"][0]
assert f["severity"] == "warning", f
assert "net.ipv4.ip_forward=1" in f["remedy"], f' "$LAB/moon/probe-ping.json"

lab_exec moon sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward; echo 1 >/proc/sys/net/ipv4/conf/lan-moon/rp_filter'
lab_exec moon ip route add 10.1.0.2/32 via 192.0.2.2
lab_log "moon: forwarding on, rp_filter=1 on lan-moon, 10.1.0.2 routed via veth-moon"
out=$(lab_exec moon-lan ping -c 2 -i 0.2 -W 1 10.2.0.2 2>&1) || true
lab_log "moon-lan -> sun-lan: $(grep 'packets transmitted' <<<"$out" || echo "$out")"
lab_check "the LAN host's ping fails (reverse path)" bash -c '! grep -q " [12] received" <<<"$1"' _ "$out"
lab_probe_ping moon 10.2.0.2
lab_check "rp_filter: probe exits 0, verdict ok" test "$LAB_RC-$(lab_probe_field moon verdict)" = 0-ok
lab_check "finding rp-filter, not forwarding-off" test "$(lab_probe_field moon findings)" = rp-filter
lab_check "the finding names the interfaces and the loose setting" python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"][0]
assert "strict reverse-path filtering on lan-moon" in f["detail"] and "leaves by veth-moon" in f["detail"], f
assert "net.ipv4.conf.lan-moon.rp_filter=2" in f["remedy"], f' "$LAB/moon/probe-ping.json"
lab_done
