#!/bin/bash
# VICI and the CLI (issue 5): after an IKE proposal mismatch, on each
# gateway the same diagnosis (record id, code, cause, conn) is shown by
#  - vpndiag --list --json (the CLI, default --uri read from strongswan.conf)
#  - vpndiag --monitor --json, started before the failure (live event)
#  - strongSwan's Python vici module from Debian's source package
#  - a C client on Debian's libvici.so (header from the source package)
#  - rsyslog's file and swanctl --log
# and unknown commands/events and bad arguments get the protocol's answers.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
command -v rsyslogd >/dev/null || lab_skip "rsyslogd not installed (run testing/setup)"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
SRC=$(cat "$LAB_REPO/.build/strongswan-src/PATH")
VICI_PY=$SRC/src/libcharon/plugins/vici/python
VICI_H=$SRC/src/libcharon/plugins/vici/libvici.h
[[ -f $VICI_PY/vici/session.py && -f $VICI_H ]] || lab_die "no vici client sources in $SRC"
CLIENTS=$LAB_REPO/testing/clients
# codes in the catalogue: the frozen list of code ids (one line per code)
NCODES=$(grep -vc '^#' "$LAB_REPO/tests/unit/code_ids.golden")

lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_net_up
lab_rsyslog moon sun
lab_start moon sun
lab_load moon sun

# the libvici client, built against the source package's header
cc -Wall -Werror -o "$LAB/libvici-list" "$CLIENTS/libvici-list.c" -I"$(dirname "$VICI_H")" \
	-L/usr/lib/ipsec -Wl,-rpath,/usr/lib/ipsec -lvici

for s in moon sun; do
	lab_vpndiag $s --monitor --json --count 1 --timeout 40 >"$LAB/$s/monitor.json" 2>&1 &
	_lab_track "monitor-$s" $!
done
STRONGSWAN_CONF=$LAB/sun/strongswan.conf stdbuf -oL swanctl --log \
	--uri "unix://$LAB/sun/charon.vici" >"$LAB/sun/swanctl-log.out" 2>&1 &
_lab_track swanctl-log $!
sleep 0.5
lab_initiate moon net 15
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch

# "<record> <code_id> <cause> <conn>" of a JSON record / list
json_line() { python3 -c '
import json, sys
data = json.load(sys.stdin)
for r in (data if isinstance(data, list) else [data]):
    print(r["record"], r["code_id"], r["cause"] or "-", r["conn"] or "-")'; }

# sun selected no peer config before the proposals failed: gw by address
declare -A WANT=([moon]="p1-proposal-mismatch peer-rejected-proposal gw" [sun]="p1-proposal-mismatch no-common-proposal gw")
for s in moon sun; do
	lab_wait_file_grep "$LAB/$s/monitor.json" '"code"' 10 || true
	wait "${LAB_PID[monitor-$s]}" 2>/dev/null && mrc=0 || mrc=$?
	unset "LAB_PID[monitor-$s]"
	lab_check "$s: vpndiag --monitor exited 0 after one event" test "$mrc" = 0
	mon=$(json_line <"$LAB/$s/monitor.json" || true)
	lab_check "$s: monitor received the diagnosis live ($mon)" test "${mon#* }" = "${WANT[$s]}"
	lab_check "$s: monitor event says update=new" grep -q '"update":"new"' "$LAB/$s/monitor.json"

	# CLI without --uri: the socket option of the gateway's strongswan.conf
	STRONGSWAN_CONF=$LAB/$s/strongswan.conf "$VPNDIAG_CLI" --list --json >"$LAB/$s/list.json"
	cli=$(json_line <"$LAB/$s/list.json")
	lab_check "$s: vpndiag --list --json = monitor ($cli)" test "$cli" = "$mon"
	lab_check "$s: JSON has the schema's keys and types" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))[0]
assert r["schema"] == 1 and isinstance(r["record"], int) and r["count"] == 1, r
assert r["code"] == "phase1 proposal mismatch" and r["category"] == "negotiation failure", r
assert r["taxonomy"] == "seed" and r["severity"] == "err" and r["role"] in ("initiator", "responder"), r
assert r["first"].endswith("Z") and len(r["first"]) == 24, r["first"]
for k in ("conn", "conn_match", "child", "ike_sa", "local_id", "remote_id", "cause", "detail", "remedy"):
    assert k in r, k
assert r["conn_match"] == ("config" if r["role"] == "initiator" else "address"), r
assert r["fix"] in ("local", "peer", "either") and r["confidence"] in ("high", "medium", "low"), r
' "$LAB/$s/list.json"

	py=$(PYTHONPATH=$VICI_PY python3 "$CLIENTS/python-vici-list.py" "$LAB/$s/vpndiag.vici" 2>&1) || lab_error "$s: python vici client failed: $py"
	echo "$py" >"$LAB/$s/python-vici.out"
	lab_check "$s: python vici lists the same record" grep -qxF "record $mon" <<<"$py"
	lab_check "$s: python vici streams the catalogue ($NCODES codes, 76 seed)" grep -qx "codes $NCODES 76" <<<"$py"
	read -r _ mcode mcause _ <<<"$mon"
	lab_check "$s: python vici: vpndiag-explain lists the record's cause ($mcause)" \
		grep -qE "^explain $mcode( [a-z0-9-]+)* $mcause( |\$)" <<<"$py"
	lab_check "$s: python vici: unknown command -> not CMD_RESPONSE" grep -qx 'unknown command: SessionException' <<<"$py"
	lab_check "$s: python vici: unknown event -> EVENT_UNKNOWN" grep -qx 'unknown event: EventUnknownException' <<<"$py"
	lab_check "$s: python vici: bad argument -> errmsg" grep -qx "bad argument: Command failed: invalid limit 'many'" <<<"$py"

	c=$("$LAB/libvici-list" "unix://$LAB/$s/vpndiag.vici" 2>&1) || lab_error "$s: libvici client failed: $c"
	echo "$c" >"$LAB/$s/libvici.out"
	lab_check "$s: libvici lists the same record" grep -qxF "record $mon" <<<"$c"
	lab_check "$s: libvici: reply success=yes count=1" grep -qx 'reply success=yes count=1' <<<"$c"
	lab_check "$s: libvici: unknown command -> ENOENT (CMD_UNKNOWN)" grep -qx 'unknown command: ENOENT' <<<"$c"
	lab_check "$s: libvici: unknown event -> ENOENT (EVENT_UNKNOWN)" grep -qx 'unknown event: ENOENT' <<<"$c"

	read -r id code cause conn <<<"$mon"
	lab_wait_file_grep "$LAB/$s/syslog.log" 'VPNDIAG-1 ' 5 || true
	lab_check "$s: rsyslog has the same code, conn and cause" \
		grep -qE "VPNDIAG-1 \[vpndiag@32473 code=\"phase1 proposal mismatch\" code_id=\"$code\" conn=\"$conn\" remote=\"[^\"]+\" cause=\"$cause\"\]" "$LAB/$s/syslog.log"
	lab_check "$s: charon's log has record #$id" grep -qE "vpndiag: phase1 proposal mismatch \[$code, err, #$id\] conn $conn .* cause $cause:" "$LAB/$s/charon.log"
done
lab_wait_file_grep "$LAB/sun/swanctl-log.out" 'vpndiag: phase1' 5 || true
read -r id _ <<<"$(json_line <"$LAB/sun/list.json")"
lab_check "swanctl --log on sun shows record #$id" grep -qE "vpndiag: phase1 proposal mismatch \[p1-proposal-mismatch, err, #$id\]" "$LAB/sun/swanctl-log.out"

# the other commands, human and JSON
out=$(lab_vpndiag sun --list)
lab_check "human --list names code, conn, peer, detail and remedy" \
	grep -qE '^#1 phase1 proposal mismatch  \[p1-proposal-mismatch, err\]' <<<"$out"
lab_check "human --list fits 80 columns" test "$(awk '{ if (length($0) > 80) n++ } END { print n+0 }' <<<"$out")" = 0
lab_check "human --list has detail and remedy lines" bash -c 'grep -q "^  detail: " <<<"$1" && grep -q "^  remedy: " <<<"$1"' _ "$out"
lab_check "--counters --json counts one phase1 proposal mismatch" python3 -c '
import json, sys
c = json.loads(sys.argv[1])
assert c["success"] is True and c["total"] == 1 and c["counters"]["p1-proposal-mismatch"] == 1, c' "$(lab_vpndiag sun --counters --json)"
explain_ok() { lab_vpndiag sun --explain p1-proposal-mismatch | grep -q '^phase1 proposal mismatch  \[p1-proposal-mismatch, VPNDIAG-1'; }
lab_check "--explain by code_id" explain_ok
read -r _ _ cause _ <<<"$(json_line <"$LAB/sun/list.json")"
explain_causes_ok() { lab_vpndiag sun --explain p1-proposal-mismatch |
	sed -n '/^  causes:$/,$p' | grep -qE "^    $cause \(fix (local|peer|either), confidence (high|medium|low)\): [a-z]"; }
lab_check "--explain lists the causes, with sun's record's ($cause)" explain_causes_ok
lab_check "--explain --json: causes is an array with cause, fix, confidence, meaning" python3 -c '
import json, sys
e = json.loads(sys.argv[1])
c = {x["cause"]: x for x in e["causes"]}
assert e["code_id"] == "p1-proposal-mismatch" and sys.argv[2] in c, e["causes"]
for x in e["causes"]:
    assert set(x) <= {"cause", "fix", "confidence", "meaning", "retired"} and x["meaning"], x
    assert x["fix"] in ("local", "peer", "either") and x["confidence"] in ("high", "medium", "low"), x
' "$(lab_vpndiag sun --explain p1-proposal-mismatch --json)" "$cause"
rc=0; lab_vpndiag sun --explain "no such code" 2>"$LAB/explain.err" || rc=$?
lab_check "--explain of an unknown code exits 1 with the errmsg" bash -c '[[ $1 == 1 ]] && grep -q "unknown code" "$2"' _ "$rc" "$LAB/explain.err"
rc=0; "$VPNDIAG_CLI" --list --bogus 2>/dev/null || rc=$?
lab_check "usage error exits 2" test "$rc" = 2
rc=0; "$VPNDIAG_CLI" --list --uri "unix://$LAB/nothing.vici" 2>/dev/null || rc=$?
lab_check "no socket exits 1" test "$rc" = 1
raw_ok() { lab_vpndiag sun --list --raw | grep -q '^vpndiag-record event {schema = 1 record = 1 code = phase1 proposal mismatch'; }
lab_check "--list --raw dumps the VICI event and reply" raw_ok
filter_ok() { [[ $(lab_vpndiag sun --list --json --code "dpd timeout") == "[]" ]]; }
lab_check "--list --code filters (no dpd timeout)" filter_ok
status_ok() { lab_vpndiag moon --status | grep -qE '^gw +(down|connecting) +[0-9]+  phase1 proposal mismatch'; }
lab_check "--status lists the connection and its latest failure" status_ok
reset_ok() { lab_vpndiag sun --reset >/dev/null && [[ $(lab_vpndiag sun --list --json) == "[]" ]]; }
lab_check "--reset then the history is empty" reset_ok
_lab_kill swanctl-log
lab_done
