#!/bin/bash
# 70 two charons, one state file (issue 17 B.5): moon and sun are both
# configured with moon's state_file path, as two instances on one host with
# the default path would be. moon starts first and takes the exclusive lock
# (<state_file>.lock, vpndiag_state_file.c take_lock()); sun logs one line
# and keeps its history in memory only. sun's failure (moon drops UDP 500,
# so only sun records) is served by sun over VICI, and moon's file is not
# touched by sun at all. moon records nothing: its nftables drop sun's
# IKE_SA_INIT before charon sees it (as in 10b).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
shared=$LAB/moon/vpndiag.state
LAB_VPNDIAG_sun="      state_file = $shared"
lab_net_up
lab_start moon
lab_check "moon created the shared state file" test -s "$shared"
lab_check "moon's pid in the lock file" test "$(cat "$shared.lock")" = "${LAB_PID[charon-moon]}"
before=$(sha256sum "$shared" "$shared.lock")
ino=$(stat -c %i "$shared")
lab_start sun
lab_load moon sun
assert_log sun "vpndiag: state file $shared is in use by another charon \\(pid ${LAB_PID[charon-moon]} holds $shared.lock\\); this instance keeps its history in memory only"
assert_log sun "give each charon its own charon.plugins.vpndiag.state_file"
lab_check "sun logged it once" test "$(grep -c 'is in use by another charon' "$LAB/sun/charon.log")" = 1
assert_no_charon_log moon 'in use by another charon' 'lock message on moon'
lab_check "sun wrote no state file of its own" test ! -e "$LAB/sun/vpndiag.state"

lab_nft moon <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 500 drop; }; }"
lab_initiate sun net 60
lab_check "initiate failed" test "$LAB_RC" != 0
assert_failure_codes sun max-transmit-reached
assert_failure_codes moon
lab_check "sun serves its record over VICI" grep -q '"code_id": *"max-transmit-reached"' <<<"$(lab_vpndiag sun --list --json)"
lab_check "sun's metrics: state file not written" grep -q '^vpndiag_state_file_writable 0' <<<"$(lab_vpndiag sun --metrics)"
lab_check "moon's metrics: state file written" grep -q '^vpndiag_state_file_writable 1' <<<"$(lab_vpndiag moon --metrics)"
lab_check "moon's history is empty" test "$(lab_vpndiag moon --list --json)" = "[]"
lab_check "moon's state file and lock untouched by sun" test "$(sha256sum "$shared" "$shared.lock")" = "$before"
lab_check "moon's state file not replaced" test "$(stat -c %i "$shared")" = "$ino"
lab_check "no temporary or set-aside file" test ! -e "$shared.tmp" -a ! -e "$shared.corrupt"

# sun stops: still nothing written; moon keeps the file and its lock
lab_stop sun
lab_check "sun's stop left the file alone" test "$(sha256sum "$shared" "$shared.lock")" = "$before"
# moon ends: the lock goes with it, and the next charon on the path owns it
lab_stop moon KILL
lab_start sun
assert_log sun "vpndiag: restored 0 records and the counters from $shared"
lab_check "sun's pid in the lock file now" test "$(cat "$shared.lock")" = "${LAB_PID[charon-sun]}"
lab_done
