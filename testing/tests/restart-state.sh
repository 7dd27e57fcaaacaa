#!/bin/bash
# History and counters across restarts of charon (issue 7, the state file):
#  - a clean restart keeps the records (same ids, count, detail) and counters
#  - after a crash (SIGKILL) the records appended before it are back (an
#    update of a record is appended with the other repeats of its second,
#    at most 1 s after it: the test waits for it before the kill)
#  - a corrupt state file is reported, set aside as .corrupt, and charon
#    starts with an empty history
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 15
lab_initiate moon net 15
assert_failure_codes sun p1-proposal-mismatch
recs() { lab_vpndiag sun --list --json | python3 -c '
import json, sys
print(";".join("%s %s %s %s" % (r["record"], r["code_id"], r["count"], r["detail"]) for r in json.load(sys.stdin)))'; }
total() { lab_vpndiag sun --counters --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
before=$(recs)
lab_check "two failures folded into one record" grep -q '^1 p1-proposal-mismatch 2 ' <<<"$before"

lab_stop sun
lab_start sun
lab_load sun
assert_log sun 'vpndiag: restored 1 records and the counters from .*vpndiag.state'
lab_check "clean restart: the same record" test "$(recs)" = "$before"
lab_check "clean restart: the counters" test "$(total)" = 2

size=$(stat -c %s "$LAB/sun/vpndiag.state")
lab_initiate moon net 15
# The third failure folds into the record: an update, which the state file
# keeps pending until the worker appends pending updates (issue 22, at most
# STATE_FLUSH_INTERVAL_MS = 1 s later, vpndiag_worker.c: flush(), pop_timeout());
# a SIGKILL before that loses it, by design. So wait for the record, then for
# the append, before the kill.
grown() {
	local end=$((SECONDS + 5))
	while ((SECONDS < end)); do
		grep -q '^1 p1-proposal-mismatch 3 ' <<<"$(recs)" &&
			(($(stat -c %s "$LAB/sun/vpndiag.state") > size)) && return 0
		sleep 0.05
	done
	return 1
}
lab_check "the update reaches the state file after the flush interval" grown
lab_stop sun KILL
lab_start sun
lab_load sun
lab_check "after SIGKILL: the record with the third occurrence" grep -q '^1 p1-proposal-mismatch 3 ' <<<"$(recs)"
lab_check "after SIGKILL: the counters" test "$(total)" = 3

lab_stop sun
printf 'not a state file at all' >"$LAB/sun/vpndiag.state"
lab_start sun
lab_load sun
assert_log sun "vpndiag: state file .*vpndiag.state is corrupt, set aside as .*vpndiag.state.corrupt; starting with an empty history"
lab_check "the corrupt file is set aside" test -f "$LAB/sun/vpndiag.state.corrupt"
lab_check "empty history after a corrupt file" test "$(lab_vpndiag sun --list --json)" = "[]"
lab_initiate moon net 15
lab_check "diagnosing goes on" grep -q 'p1-proposal-mismatch 1 ' <<<"$(recs)"
lab_done
