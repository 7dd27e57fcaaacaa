#!/bin/bash
# Faults and permissions (issue 7):
#  - moon: the VICI socket cannot be created (its directory does not exist),
#    the syslog socket is missing and every history cap is 0: charon runs,
#    one clear line says what is wrong, and diagnoses still reach charon's log
#  - sun: socket_mode 0660 with socket_group nogroup: root and a member of
#    nogroup may query, another user is refused (tested as non-root users)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
getent group nogroup >/dev/null || lab_skip "no group nogroup"
lab_init
LAB_VPNDIAG_moon="      socket = unix://$LAB/moon/missing-dir/vpndiag.vici
      history { max_records = 0
                per_conn = 0
                max_unattributed = 0
                max_info = 0 }"
LAB_VPNDIAG_sun="      socket_mode = 0660
      socket_group = nogroup"
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 15

lab_check "moon: charon runs without its VICI socket" _lab_alive charon-moon
assert_log moon "vpndiag: binding socket '$LAB/moon/missing-dir/vpndiag.vici' failed: No such file or directory"
assert_log moon 'vpndiag: VICI interface unavailable, diagnoses go to charon.s log and syslog only'
assert_log moon 'vpndiag: syslog socket .* No such file or directory; dropping syslog messages until it works'
lab_check "moon: the syslog problem is reported once" test "$(grep -c 'dropping syslog messages until it works' "$LAB/moon/charon.log")" = 1
assert_failure_codes moon p1-proposal-mismatch
lab_initiate moon net 15
lab_check "moon: caps of 0 keep diagnosing (second failure logged as a repeat)" \
	lab_wait_log moon 'vpndiag: p1-proposal-mismatch|vpndiag: phase1 proposal mismatch \[p1-proposal-mismatch, err, #2\]' 5

sock=$LAB/sun/vpndiag.vici
lab_check "sun: socket mode 0660" test "$(stat -c %a "$sock")" = 660
lab_check "sun: socket group nogroup" test "$(stat -c %G "$sock")" = nogroup
chmod o+x "$LAB" "$LAB/sun"
member_ok() { setpriv --reuid=65534 --regid=65534 --groups=65534 "$VPNDIAG_CLI" --counters --uri "unix://$sock" >/dev/null; }
lab_check "a member of nogroup (uid 65534) may query" member_ok
rc=0
setpriv --reuid=65533 --regid=65533 --clear-groups "$VPNDIAG_CLI" --counters --uri "unix://$sock" >"$LAB/refused.out" 2>&1 || rc=$?
lab_check "another non-root user is refused (exit 1, permission denied)" \
	bash -c '[[ $1 == 1 ]] && grep -q "Permission denied" "$2"' _ "$rc" "$LAB/refused.out"
lab_check "sun: charon still runs" _lab_alive charon-sun
lab_done
