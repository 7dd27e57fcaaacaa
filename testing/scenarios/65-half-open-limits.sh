#!/bin/bash
# 65 charon's half-open limits refuse new IKE_SAs before one exists: sun
# accepts IKE_SA_INITs from anywhere (connection rw, remote_addrs %any) with
# charon.init_limit_half_open = 8 and the default charon.block_threshold of
# 5 per source. Acceptable IKE_SA_INITs crafted in moon's namespace
# (lib/ikecraft.py, raw socket) from 10.64.0.1 (6) and then 10.64.0.2 (4)
# leave half-open IKE_SAs; the 6th from .1 hits the per-IP limit, the 4th
# from .2 the global one (8 half-open). receiver.c:drop_ike_sa_init() logs
# both at level 1 on the net group without an IKE_SA context: vpndiag
# records first packet limited without a connection. moon's charon takes no
# part (the packets are not its own; sun's answers to 10.64/16 are dropped
# at moon, which does not forward): it records nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
# the half-open IKE_SAs must outlive the test (the lab's default is 6 s).
# No COOKIEs: receiver.c:drop_ike_sa_init() asks for one from
# cookie_threshold_ip (3) half-open IKE_SAs of a source on, before it checks
# the limits, and the crafted initiator does not return cookies (a real
# initiator does, and then reaches the limits as here)
LAB_CHARON_sun="  half_open_timeout = 60
  init_limit_half_open = 8
  cookie_threshold = 0
  cookie_threshold_ip = 0"
LAB_CONNS_sun="rw {
proposals = aes128-sha256-x25519
local_addrs = 192.0.2.2
remote_addrs = %any
local {
auth = psk
id = sun.lab
}
remote {
auth = psk
}
}"
lab_net_up
ip -n "$NS_SUN" route add 10.64.0.0/16 via 192.0.2.1
lab_start moon sun
lab_load moon sun
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" init 192.0.2.2 10.64.0.1 6
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" init 192.0.2.2 10.64.0.2 4
lab_wait_log sun 'half-open IKE_SA limit of 8 reached' 5 || true
assert_charon_log sun 'ignoring IKE_SA setup from 10\.64\.0\.1, per-IP half-open IKE_SA limit of 5 reached' \
	"per-IP limit (block_threshold 5) hit by the 6th IKE_SA_INIT from 10.64.0.1"
assert_charon_log sun 'ignoring IKE_SA setup from 10\.64\.0\.2, half-open IKE_SA limit of 8 reached' \
	"global limit (init_limit_half_open 8) hit by the 4th IKE_SA_INIT from 10.64.0.2"
assert_failure_codes sun first-packet-limited
assert_failure_codes moon -
# one record per source, each without a connection and without an IKE_SA
got=$(lab_vpndiag sun --list --json --code first-packet-limited | python3 -c '
import json, sys
print(" ".join(sorted("%s/%s/%s/%s" % (r["remote"], r["cause"], r["conn"], r["ike_sa"])
                      for r in json.load(sys.stdin))))')
lab_check "sun's records: $got" test "$got" = \
	"10.64.0.1/per-ip-half-open-limit/None/None 10.64.0.2/half-open-limit/None/None"
assert_json sun first-packet-limited cause half-open-limit
lab_check "sun counted 2 (counter $(lab_counter sun first-packet-limited))" \
	test "$(lab_counter sun first-packet-limited)" = 2
lab_done
