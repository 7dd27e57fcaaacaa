#!/bin/bash
# 54 one-way traffic among many CHILD_SAs, sampled in small batches
# (issue 18): one IKE_SA with 12 CHILD_SAs c1..c12 (one UDP port each
# between the LAN hosts), traffic.batch = 4, so each sweep takes several
# jobs. moon sends UDP datagrams on c7's port only, which nothing answers
# (a direction unused by design looks one-way, docs/traffic.md):
#  - every CHILD_SA is sampled (vpndiag --status lists all 12)
#  - moon: one-way traffic no-inbound naming c7; sun: no-outbound naming c7
#  - the 11 others stay idle, no other record
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
N=12
TRAFFIC="      traffic {
        interval = 1s
        window = 4s
        batch = 4
      }"
LAB_VPNDIAG_moon=$TRAFFIC
LAB_VPNDIAG_sun=$TRAFFIC
children() { # side
	local i me=1 peer=2
	[[ $1 == sun ]] && me=2 peer=1
	for ((i = 1; i <= N; i++)); do
		printf '      c%d { local_ts = 10.%d.0.1/32[udp/%d]\n        remote_ts = 10.%d.0.1/32[udp/%d]\n        esp_proposals = aes128gcm16 }\n' \
			"$i" "$me" $((10000 + i)) "$peer" $((10000 + i))
	done
}
LAB_GW_moon="    children {
$(children moon)
    }"
LAB_GW_sun="    children {
$(children sun)
    }"
lab_up
for ((i = 1; i <= N; i++)); do
	lab_initiate moon "c$i" 20 >/dev/null
	[[ $LAB_RC == 0 ]] || lab_error "c$i not established"
done
count() { # side: CHILD_SAs in --status
	lab_vpndiag "$1" --status --json 2>/dev/null | python3 -c '
import json, sys
print(sum(len(c.get("traffic") or {}) for c in json.load(sys.stdin)))'
}
sleep 3
for s in moon sun; do
	lab_check "$s: all $N CHILD_SAs sampled" test "$(count $s)" = "$N"
done
# UDP from 10.1.0.1:10007 to 10.2.0.1:10007 every 0.2 s, nothing answers
lab_exec moon python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.1", 10007))
while True:
    s.sendto(b"x" * 64, ("10.2.0.1", 10007))
    time.sleep(0.2)' >/dev/null 2>&1 &
_lab_track udp-bg $!
lab_check "moon: one-way traffic" wait_for_record moon one-way-traffic 20
lab_check "sun: one-way traffic" wait_for_record sun one-way-traffic 10
assert_record_cause moon one-way-traffic no-inbound
assert_record_cause sun one-way-traffic no-outbound
assert_json moon one-way-traffic child c7
assert_json sun one-way-traffic child c7
assert_json moon one-way-traffic ts_remote 10.2.0.1/32[udp/10007]
lab_check "moon status: c7 one-way" test "$(lab_child_traffic moon traffic c7)" = one-way
lab_check "moon status: c8 idle" test "$(lab_child_traffic moon traffic c8)" = idle
lab_check "sun status: c7 one-way" test "$(lab_child_traffic sun traffic c7)" = one-way
lab_check "sun status: c1 idle" test "$(lab_child_traffic sun traffic c1)" = idle
_lab_kill udp-bg
for s in moon sun; do
	lab_check "$s counts one one-way-traffic" test "$(lab_counter $s one-way-traffic)" = 1
	assert_failure_codes $s one-way-traffic
done
lab_done
