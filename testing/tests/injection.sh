#!/bin/bash
# A real peer sends an identity (FQDN, raw bytes) with a newline, quotes, a
# backslash, ']', '%' conversions and a forged vpndiag record line. The
# diagnosis on sun stays one record on one line in charon's log and in
# syslog: no forged record appears, and rsyslog parses the structured data.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v rsyslogd >/dev/null || lab_skip "rsyslogd not installed (run testing/setup)"
lab_init
# evil"\]%n%s<newline>vpndiag: phase1 proposal mismatch [p1-proposal-mismatch, err, #9]
EVIL="fqdn:#6576696c225c5d256e25730a76706e646961673a207068617365312070726f706f73616c206d69736d61746368205b70312d70726f706f73616c2d6d69736d617463682c206572722c2023395d"
lab_set moon local.id "$EVIL"
LAB_SECRETS_moon="ike-x {
id-1 = $EVIL
id-2 = sun.lab
secret = labsecret-0123456789
}"
lab_net_up
lab_rsyslog sun
lab_start moon sun
lab_load moon sun
lab_initiate moon net 20
assert_log sun "looking for peer configs matching"
assert_failure_codes sun config-id-mismatch
assert_record_field sun config-id-mismatch "identifying as '(unprintable)'"
lab_check "no forged record in sun's log" test "$(grep -c 'p1-proposal-mismatch' "$LAB/sun/charon.log")" = 0
lab_check "every vpndiag log line is a record, a remedy or a syslog notice" \
	test "$(grep -F 'vpndiag: ' "$LAB/sun/charon.log" | grep -vcE 'vpndiag: (.+ \[[a-z0-9-]+, (err|warning|notice|info), #[0-9]+\] conn |#[0-9]+ remedy: |syslog socket )')" = 0
lab_wait_file_grep "$LAB/sun/syslog.log" 'VPNDIAG-9 ' 5 || true
lab_check "one syslog line for the one record" test "$(wc -l <"$LAB/sun/syslog.log")" = 1
lab_check "rsyslog parses the structured data" grep -qF 'msgid=VPNDIAG-9 pri=daemon.err sd=[vpndiag@32473 code="config ID mismatch"' "$LAB/sun/syslog-parsed.log"
if [[ -x $VPNDIAG_CLI ]]; then
	lab_check "JSON: valid, one record, no raw control byte, the identity not forged" python3 -c '
import json, sys
recs = json.loads(sys.argv[1])
assert len(recs) == 1, recs
r = recs[0]
assert r["code_id"] == "config-id-mismatch", r
assert all(c >= " " for k, v in r.items() if isinstance(v, str) for c in v), r
assert "p1-proposal-mismatch" not in json.dumps(r), r' "$(lab_vpndiag sun --list --json)"
	lab_check "VICI (--raw): one line for the record, one for the reply" test "$(lab_vpndiag sun --list --raw | wc -l)" = 2
fi
lab_done
