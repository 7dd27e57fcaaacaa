#!/bin/bash
# vpndiag --probe --ping (issue 19, contract 7): a masquerade rule on moon
# matching the remote subnet without an IPsec exemption. It matches on the
# destination, not on the outgoing interface's name (under kernel-libipsec
# that is the TUN device): the source of the pings is rewritten, they no
# longer match the CHILD_SA's selectors and never enter the tunnel:
# verdict not-entering, exit 3, finding snat-before-ipsec naming the rule.
# The human output is the README's sample (moon/probe-ping.md).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_LANS=1
lab_up
lab_initiate
lab_check "CHILD_SA up" test "$LAB_RC" = 0
lab_nft moon <<<"table ip nat { chain postrouting { type nat hook postrouting priority srcnat; ip daddr 10.2.0.0/24 masquerade; }; }"

lab_probe_ping moon 10.2.0.2
lab_check "probe --ping exits 3" test "$LAB_RC" = 3
lab_check "verdict not-entering" test "$(lab_probe_field moon verdict)" = not-entering
lab_check "finding snat-before-ipsec" grep -qw snat-before-ipsec <<<"$(lab_probe_field moon findings)"
lab_check "the finding names the rule" python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["finding"] == "snat-before-ipsec"][0]
assert "table ip nat chain postrouting handle" in f["detail"], f
assert "ip daddr 10.2.0.0/24 masquerade" in f["detail"], f
assert "rt ipsec exists" in f["remedy"], f' "$LAB/moon/probe-ping.json"
lab_check "no no-route finding: the route is there" bash -c '! grep -qw no-route <<<"$1"' _ "$(lab_probe_field moon findings)"

human=$(lab_exec moon "$VPNDIAG_CLI" --probe gw --ping 10.2.0.2 --uri "unix://$LAB/moon/vpndiag.vici" 2>&1) && rc=0 || rc=$?
printf '%s\n' "$human" >"$LAB/moon/probe-ping.out"
lab_check "human output: exit 3, not-entering and the rule" bash -c '[[ $1 == 3 ]] && grep -q "verdict: not-entering" <<<"$2" && grep -q "finding: snat-before-ipsec" <<<"$2"' _ "$rc" "$human"
if [[ -n ${VPNDIAG_RESULTS_DIR:-} ]]; then
	mkdir -p "$VPNDIAG_RESULTS_DIR/moon"
	printf '```\n# vpndiag --probe gw --ping 10.2.0.2\n%s\n```\n' "$human" >"$VPNDIAG_RESULTS_DIR/moon/probe-ping.md"
fi
lab_done
