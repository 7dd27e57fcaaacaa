#!/bin/bash
# syslog and charon's log: after an IKE proposal mismatch, a real rsyslogd
# per gateway (Debian's package, private socket) receives vpndiag's own
# RFC 5424 datagram (app-name vpndiag, MSGID VPNDIAG-1, structured data with
# the code), "swanctl --log" shows the record line, and folded repeats are
# rate-limited to "repeated N times".
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v rsyslogd >/dev/null || lab_skip "rsyslogd not installed (run testing/setup)"
lab_init
LAB_VPNDIAG_moon="      syslog { repeat_interval = 2 }"
LAB_VPNDIAG_sun="$LAB_VPNDIAG_moon"
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_net_up
lab_rsyslog moon sun
lab_start moon sun
lab_load moon sun

# swanctl --log on sun streams charon's log over vici while moon initiates
STRONGSWAN_CONF=$LAB/sun/strongswan.conf stdbuf -oL swanctl --log \
	--uri "unix://$LAB/sun/charon.vici" >"$LAB/sun/swanctl-log.out" 2>&1 &
_lab_track swanctl-log $!
sleep 0.5
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch

for s in moon sun; do
	f=$LAB/$s/syslog.log
	lab_wait_file_grep "$f" 'VPNDIAG-1 ' 5 || true
	lab_check "$s syslog: RFC 5424 line from vpndiag with MSGID VPNDIAG-1" \
		grep -qE '^<27>1 [0-9T:.-]+Z [^ ]+ vpndiag [0-9]+ VPNDIAG-1 \[vpndiag@32473 code="phase1 proposal mismatch" code_id="p1-proposal-mismatch" ' "$f"
done
lab_check "rsyslog parses app-name, msgid, facility.severity and structured data" \
	grep -qF 'app=vpndiag msgid=VPNDIAG-1 pri=daemon.err sd=[vpndiag@32473 code="phase1 proposal mismatch"' "$LAB/sun/syslog-parsed.log"
lab_check "moon syslog names conn and cause" grep -qF 'conn="gw" remote="192.0.2.2[500\]" cause="peer-rejected-proposal"]' "$LAB/moon/syslog.log"
lab_check "sun syslog: the connection inferred from the addresses" grep -qF 'conn="gw" remote="192.0.2.1[500\]" cause="no-common-proposal"]' "$LAB/sun/syslog.log"
lab_wait_file_grep "$LAB/sun/swanctl-log.out" 'vpndiag: phase1' 5 || true
lab_check "swanctl --log shows the diagnosis" grep -qE 'vpndiag: phase1 proposal mismatch \[p1-proposal-mismatch, err, #1\]' "$LAB/sun/swanctl-log.out"

# repeats: four more failures fold into record #1; syslog sends one
# "repeated N times" message per 2 s interval, not one per failure
for i in 1 2 3 4; do
	lab_initiate moon net 15
done
sleep 2.2
lab_initiate moon net 15
sleep 1
n=$(grep -c 'VPNDIAG-1 ' "$LAB/sun/syslog.log" || true)
lab_check "repeats are rate-limited (6 failures, $n syslog messages)" test "$n" -ge 2 -a "$n" -le 4
lab_check "the repeat message counts" grep -qE 'VPNDIAG-1 .*\(repeated [0-9]+ times\)$' "$LAB/sun/syslog.log"
lab_check "still one record on sun (folded)" test "$(lab_records sun | wc -l)" = 1
_lab_kill swanctl-log
lab_done
