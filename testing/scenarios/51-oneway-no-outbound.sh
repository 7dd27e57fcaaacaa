#!/bin/bash
# 51 one-way traffic, no-outbound (issue 18, contract 7): moon's pings
# arrive at sun through the tunnel, but sun's replies never enter sun's
# tunnel: sun's route for moon's subnet (table 220, installed by charon)
# is removed.
#  - sun: one-way traffic (cause no-outbound, fix local): packets in, none
#    out on its CHILD_SA
#  - moon: one-way traffic (cause no-inbound): it sends, nothing returns
#  - the route restored: traffic-restored (info) on both sides
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
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "ping through the tunnel" lab_ping 2
route=$(lab_exec sun ip route show table 220 | grep '^10\.1\.0\.0/16' || true)
lab_log "sun's route into the tunnel: $route"
lab_check "sun has a route into the tunnel" test -n "$route"
lab_exec sun ip route del 10.1.0.0/16 table 220
lab_traffic_start 0.2
lab_check "sun: one-way traffic recorded" wait_for_record sun one-way-traffic 20
lab_check "moon: one-way traffic recorded" wait_for_record moon one-way-traffic 10
assert_record_cause sun one-way-traffic no-outbound
assert_json sun one-way-traffic fix local
assert_json sun one-way-traffic child net
assert_record_field sun one-way-traffic "packets are received"
assert_record_field sun one-way-traffic "but none sent since"
assert_record_cause moon one-way-traffic no-inbound
sleep 2
lab_check "sun status: one-way, no-outbound" \
	test "$(lab_child_traffic sun traffic)/$(lab_child_traffic sun cause)" = one-way/no-outbound
lab_check "moon status: one-way, no-inbound" \
	test "$(lab_child_traffic moon traffic)/$(lab_child_traffic moon cause)" = one-way/no-inbound
sin=$(lab_child_traffic sun packets_in) sout=$(lab_child_traffic sun packets_out)
lab_log "sun CHILD_SA: packets in $sin, out $sout"
lab_check "sun status: packets in, none out since the route went" test "${sin:-0}" -gt 15 -a "${sout:-x}" -le 2
lab_check "sun counts one one-way-traffic" test "$(lab_counter sun one-way-traffic)" = 1
lab_check "moon counts one one-way-traffic" test "$(lab_counter moon one-way-traffic)" = 1
assert_failure_codes sun one-way-traffic
assert_failure_codes moon one-way-traffic
# recovery
# shellcheck disable=SC2086
lab_exec sun ip route add $route table 220
lab_log "sun's route restored"
for s in sun moon; do
	lab_check "$s: traffic restored (info)" \
		bash -c "for i in \$(seq 1 100); do grep -qE '\\[one-way-traffic, info' '$LAB/$s/charon.log' && exit 0; sleep 0.2; done; exit 1"
	assert_record_cause $s one-way-traffic traffic-restored
	lab_check "$s status: ok again" lab_wait_child_traffic $s traffic ok 5
done
lab_traffic_stop
assert_failure_codes sun one-way-traffic
assert_failure_codes moon one-way-traffic
lab_done
