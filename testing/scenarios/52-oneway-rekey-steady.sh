#!/bin/bash
# 52 CHILD_SA rekeys during steady traffic (issue 18): the new CHILD_SA's
# counters start at zero, the old one stops counting; a rekeyed CHILD_SA
# keeps its reqid, so vpndiag treats both as one flow and records no
# one-way traffic on either side. phase2 sa replace (info) for each rekey.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
TRAFFIC="      traffic {
        interval = 1s
        window = 4s
      }"
LAB_VPNDIAG_moon=$TRAFFIC
LAB_VPNDIAG_sun=$TRAFFIC
lab_set moon net.rekey_time 6s
lab_set moon net.life_time 20s
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_traffic_start 0.2
lab_check "third CHILD_SA (two rekeys)" lab_wait_log moon "CHILD_SA net\\{3\\} established" 25
sleep 8
lab_check "moon status: ok" test "$(lab_child_traffic moon traffic)" = ok
lab_check "sun status: ok" test "$(lab_child_traffic sun traffic)" = ok
# one snapshot; right after a rekey the new CHILD_SA is not sampled yet
for i in 1 2 3 4 5; do
	read -r pin pout <<<"$(lab_child_traffic moon packets_in,packets_out)"
	[[ -n ${pout:-} ]] && break
	sleep 0.5
done
lab_log "moon's newest CHILD_SA: packets in ${pin:-}, out ${pout:-}"
lab_check "moon's newest CHILD_SA carries traffic both ways" test "${pin:-0}" -gt 0 -a "${pout:-0}" -gt 0
lab_traffic_stop
replies=$(grep -c 'bytes from' "$LAB/moon/ping-bg.out" || true)
last=$(grep -oE 'icmp_seq=[0-9]+' "$LAB/moon/ping-bg.out" | tail -n 1 | cut -d= -f2)
lab_log "background ping: $replies replies, last icmp_seq ${last:-none}"
lab_check "the tunnel carried traffic through the rekeys (at most 2 lost)" \
	test "${replies:-0}" -gt 50 -a "$((${last:-0} - ${replies:-0}))" -le 2
assert_record moon p2-sa-replace info
lab_check "moon counts no one-way-traffic" test "$(lab_counter moon one-way-traffic)" = 0
lab_check "sun counts no one-way-traffic" test "$(lab_counter sun one-way-traffic)" = 0
assert_failure_codes moon
assert_failure_codes sun
lab_done
