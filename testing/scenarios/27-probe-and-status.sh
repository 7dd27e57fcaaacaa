#!/bin/bash
# vpndiag --probe and --status (issue 6, contract 3-4):
#  - a good connection: probe brings it up, exit 0; a second probe says it
#    is already up; status says established
#  - a broken one (PSK mismatch): probe exits 3 with the diagnosis
#    (authentication fail, peer-rejected-auth); status shows the latest
#    failure and counts the downs
#  - no route to the peer's address: probe names it without initiating
#  - an on-demand (trap) tunnel that saw no traffic: status says
#    waiting-for-traffic, no failure is recorded
#  - one probe at a time
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_CONNS_moon="  badpsk {
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    local { auth = psk
            id = moon-bad.lab }
    remote { auth = psk
             id = sun.lab }
    children { badnet { local_ts = 10.1.0.0/16
                        remote_ts = 10.2.0.0/16
                        esp_proposals = aes128gcm16 } }
  }
  noroute {
    version = 2
    remote_addrs = 198.51.100.7
    local { auth = psk
            id = moon.lab }
    remote { auth = psk
             id = far.lab }
  }
  ondemand {
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    local { auth = psk
            id = moon.lab }
    remote { auth = psk
             id = sun.lab }
    children { trapnet { local_ts = 10.1.0.1/32
                         remote_ts = 10.2.0.99/32
                         esp_proposals = aes128gcm16
                         start_action = trap } }
  }"
LAB_SECRETS_moon="  ike-bad {
    id-1 = moon-bad.lab
    id-2 = sun.lab
    secret = \"not-what-sun-has-0000\"
  }"
LAB_SECRETS_sun="  ike-bad {
    id-1 = moon-bad.lab
    id-2 = sun.lab
    secret = \"sun-has-another-one-1111\"
  }"
LAB_CONNS_sun="  badpsk {
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    local { auth = psk
            id = sun.lab }
    remote { auth = psk
             id = moon-bad.lab }
    children { badnet { local_ts = 10.2.0.0/16
                        remote_ts = 10.1.0.0/16
                        esp_proposals = aes128gcm16 } }
  }"
lab_up

probe() { # conn [args]: output in $LAB/probe-<conn>.json, rc in PRC
	PRC=0
	lab_vpndiag moon --probe "$@" --json >"$LAB/probe-$1.json" 2>&1 || PRC=$?
	lab_log "probe $1: rc $PRC: $(cat "$LAB/probe-$1.json")"
}
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d = d.get(k) if isinstance(d, dict) else None
print(d)' "$LAB/probe-$1.json" "$2"; }

# status before anything: the trap is installed, nothing is broken
st=$(lab_vpndiag moon --status --json)
echo "$st" >"$LAB/status-before.json"
state_of() { python3 -c 'import json,sys; print({c["conn"]: c["state"] for c in json.loads(sys.argv[1])}.get(sys.argv[2]))' "$1" "$2"; }
lab_check "on-demand tunnel without traffic: waiting-for-traffic" test "$(state_of "$st" ondemand)" = waiting-for-traffic
lab_check "gw not started: down" test "$(state_of "$st" gw)" = down

probe gw
lab_check "probe of a good connection exits 0" test "$PRC" = 0
lab_check "verdict up" test "$(field gw verdict)" = up
lab_check "no diagnosis for a good connection" test "$(field gw diagnosis)" = None
assert_log moon 'vpndiag: probing connection .gw.'
probe gw
lab_check "second probe: already up" test "$PRC-$(field gw already_up)" = "0-True"
lab_check "status: gw established" test "$(state_of "$(lab_vpndiag moon --status --json)" gw)" = established

probe badpsk --timeout 20
lab_check "probe of a broken connection exits 3" test "$PRC" = 3
lab_check "verdict failed" test "$(field badpsk verdict)" = failed
lab_check "the diagnosis: authentication fail" test "$(field badpsk diagnosis.code)" = "authentication fail"
lab_check "the diagnosis: the peer rejected us" test "$(field badpsk diagnosis.cause)" = peer-rejected-auth
lab_check "the diagnosis has a remedy" test "$(field badpsk diagnosis.remedy)" != None
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-mismatch
human=$(lab_vpndiag moon --probe badpsk --timeout 20 || true)
lab_check "human probe output: FAILED and the record" grep -qE '^badpsk: FAILED after [0-9]+ ms' <<<"$human"
st=$(lab_vpndiag moon --status --conn badpsk --json)
lab_check "status names the latest failure of badpsk" python3 -c '
import json, sys
c = json.loads(sys.argv[1])[0]
assert c["state"] == "down" and c["last_failure"]["code"] == "authentication fail", c' "$st"

probe noroute --timeout 5
lab_check "no route: probe exits 3" test "$PRC" = 3
lab_check "no route: cause no-route-to-peer" test "$(field noroute cause)" = no-route-to-peer
lab_check "no route: detail names the address" grep -q '198.51.100.7' "$LAB/probe-noroute.json"

# the same without the probe: initiating it ends in max transmit reached,
# and vpndiag names the missing route, not a silent peer
lab_swanctl moon --initiate --ike noroute --timeout 30 >"$LAB/noroute-initiate.out" 2>&1 || true
assert_json moon max-transmit-reached cause no-route-to-peer
assert_json moon max-transmit-reached fix local

# one probe at a time: a long one (UDP 500 to sun dropped) and a second
lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 500 drop; }; }"
lab_vpndiag moon --probe badpsk --timeout 4 >"$LAB/probe-long.out" 2>&1 &
_lab_track probe-long $!
sleep 0.5
rc=0; lab_vpndiag moon --probe gw >"$LAB/probe-second.out" 2>&1 || rc=$?
lab_check "a second probe while one runs is refused (exit 1)" test "$rc" = 1
lab_check "the refusal says why" grep -q 'a probe of .badpsk. is running, one at a time' "$LAB/probe-second.out"
wait "${LAB_PID[probe-long]}" && rc=0 || rc=$?
unset "LAB_PID[probe-long]"
lab_check "the long probe ends in a timeout verdict (exit 3)" bash -c '[[ $1 == 3 ]] && grep -q "FAILED (timeout)" "$2"' _ "$rc" "$LAB/probe-long.out"
lab_done
