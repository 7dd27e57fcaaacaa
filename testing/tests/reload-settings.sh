#!/bin/bash
# swanctl --reload-settings (issue 5, conf/vpndiag.conf): history caps grow
# live without dropping a record, shrinking is refused with one log line
# (records kept); a changed socket path is logged as needing a restart and
# the socket keeps being served where it was.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
LAB_VPNDIAG_moon="      history { per_conn = 1 }"
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up

ids() { lab_vpndiag moon --list --json | python3 -c 'import json,sys; print(" ".join(r["code_id"] for r in json.load(sys.stdin)))'; }
reload() { # side: rewrite strongswan.conf from LAB_VPNDIAG_<side>, reload
	lab_strongswan_conf "$1" >"$LAB/$1/strongswan.conf"
	lab_swanctl "$1" --reload-settings >/dev/null
}

# per_conn = 1: a second failure of gw evicts the first
lab_initiate moon net 15
lab_set moon gw.proposals default
lab_set sun gw.proposals default
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_load moon sun
lab_initiate moon net 15
lab_check "per_conn = 1 keeps only the latest failure" test "$(ids)" = "auth-fail"

# grow live: the next failure no longer evicts
LAB_VPNDIAG_moon="      history { per_conn = 5 }
      socket = unix://$LAB/moon/elsewhere.vici"
reload moon
lab_wait_log moon 'changed socket options apply at the next start of charon' 5 || true
assert_log moon 'vpndiag: changed socket options apply at the next start of charon; still serving unix://'
lab_set moon net.remote_ts 10.99.0.0/16
lab_set sun ike-gw.secret '"labsecret-0123456789"'
lab_load moon sun
lab_initiate moon net 15
lab_check "after growing per_conn both failures are kept: $(ids)" test "$(ids)" = "auth-fail flow-mismatch"
lab_check "the socket is still served at its old path" test -S "$LAB/moon/vpndiag.vici"
lab_check "no socket at the new path before a restart" test ! -e "$LAB/moon/elsewhere.vici"

# shrink live: refused, nothing dropped
LAB_VPNDIAG_moon="      history { per_conn = 1 }"
reload moon
lab_wait_log moon 'history caps only grow on reload' 5 || true
assert_log moon 'vpndiag: history caps only grow on reload, shrinking them takes a restart'
lab_check "shrinking per_conn dropped nothing" test "$(ids)" = "auth-fail flow-mismatch"
lab_done
