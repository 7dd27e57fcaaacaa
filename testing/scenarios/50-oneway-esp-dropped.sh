#!/bin/bash
# 50 one-way traffic, no-inbound (issue 18, contract 7): the tunnel is up,
# moon keeps sending, but ESP from sun is dropped at moon's input (UDP 4500
# packets that are not IKE) while IKE and DPD stay up.
#  - moon: one-way traffic (cause no-inbound, fix peer), its CHILD_SA
#    shows one-way with packets out and none in (vpndiag --status)
#  - sun: both directions flow on sun's CHILD_SA (moon's pings arrive, its
#    replies leave), so sun records nothing: the blind spot of the sampling
#    (sun cannot see that its ESP never arrives) is asserted here
#  - the rule removed: moon's info record traffic-restored
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
lab_set both gw.dpd_delay 2s
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "ping through the tunnel" lab_ping 2
lab_drop_esp moon
lab_traffic_start 0.2
lab_check "moon: one-way traffic recorded" wait_for_record moon one-way-traffic 20
assert_record_cause moon one-way-traffic no-inbound
assert_json moon one-way-traffic fix peer
assert_json moon one-way-traffic severity warning
assert_json moon one-way-traffic category "connection disconnection"
assert_json moon one-way-traffic child net
assert_json moon one-way-traffic ts_local 10.1.0.0/16
assert_json moon one-way-traffic ts_remote 10.2.0.0/16
assert_record_field moon one-way-traffic "packets are sent"
assert_record_field moon one-way-traffic "but none received since"
# another window and more: sun keeps seeing both directions
sleep 6
lab_check "moon status: one-way" test "$(lab_child_traffic moon traffic)" = one-way
lab_check "moon status: cause no-inbound" test "$(lab_child_traffic moon cause)" = no-inbound
pin=$(lab_child_traffic moon packets_in) pout=$(lab_child_traffic moon packets_out)
lab_log "moon CHILD_SA: packets in $pin, out $pout"
lab_check "moon status: packets out, none in since the drop" test "${pout:-0}" -gt 20 -a "${pin:-x}" -le 2
lab_check "sun status: ok" test "$(lab_child_traffic sun traffic)" = ok
sin=$(lab_child_traffic sun packets_in) sout=$(lab_child_traffic sun packets_out)
lab_log "sun CHILD_SA: packets in $sin, out $sout"
lab_check "sun status: packets both ways" test "${sin:-0}" -gt 20 -a "${sout:-0}" -gt 20
lab_check "moon's nft rule dropped ESP" \
	bash -c "ip netns exec $NS_MOON nft list table inet lab_esp | grep -qE 'counter packets [1-9]'"
lab_check "IKE_SA still up on moon (DPD passes)" \
	bash -c "STRONGSWAN_CONF=$LAB/moon/strongswan.conf swanctl --list-sas --uri unix://$LAB/moon/charon.vici | grep -q ESTABLISHED"
lab_check "moon sent DPDs" lab_wait_log moon "sending DPD request" 5
{
	echo '```'
	echo "\$ vpndiag --status   # moon, ESP from sun dropped at moon"
	lab_vpndiag moon --status
	echo '```'
} >"$LAB/moon/status.md" 2>&1
cat "$LAB/moon/status.md"
assert_failure_codes moon one-way-traffic
assert_failure_codes sun
lab_check "moon counts one one-way-traffic" test "$(lab_counter moon one-way-traffic)" = 1
lab_check "sun counts none" test "$(lab_counter sun one-way-traffic)" = 0
# recovery
lab_undrop_esp moon
lab_check "moon: traffic restored (info)" \
	bash -c "for i in \$(seq 1 100); do grep -qE 'one-way traffic .*\\[one-way-traffic, info' '$LAB/moon/charon.log' && exit 0; sleep 0.2; done; exit 1"
assert_record_cause moon one-way-traffic traffic-restored
assert_json moon one-way-traffic severity info
lab_check "moon counts the info record too" test "$(lab_counter moon one-way-traffic)" = 2
lab_check "moon status: ok again" lab_wait_child_traffic moon traffic ok 5
lab_traffic_stop
assert_failure_codes moon one-way-traffic
assert_failure_codes sun
lab_done
