#!/bin/bash
# 36 two "clients" share moon.lab: moon comes back after a crash from
# another address each time (192.0.2.11, .12, then .1), so sun (unique =
# no) sees three INITIAL_CONTACT takeovers of one identity from other
# addresses within shared_identity.window: besides each sa with same user
# exists (peer-initial-contact), a warning (shared-identity) at the
# threshold (3). moon, restarted each time, records nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.remote_addrs 192.0.2.0/24
lab_net_up
lab_exec moon ip addr add 192.0.2.11/24 dev veth-moon
lab_exec moon ip addr add 192.0.2.12/24 dev veth-moon
lab_start moon sun
lab_load moon sun
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established from 192.0.2.1" test "$LAB_RC" = 0
for a in 192.0.2.11 192.0.2.12 192.0.2.1; do
	lab_stop moon KILL
	lab_set moon gw.local_addrs $a
	lab_start moon
	lab_load moon
	lab_initiate moon net 30
	lab_check "tunnel established from $a" test "$LAB_RC" = 0
done
assert_charon_log sun "destroying duplicate IKE_SA for peer 'moon.lab', received INITIAL_CONTACT"
assert_failure_codes sun same-user-sa-exists
[[ $VPNDIAG_LOAD == yes ]] && lab_check "sun: three takeovers and one warning" python3 -c '
import json, sys
rs = json.loads(sys.argv[1])
t = [r for r in rs if r.get("cause") == "peer-initial-contact"]
w = [r for r in rs if r.get("cause") == "shared-identity"]
assert len(t) == 3 and len(w) == 1, [(r["cause"], r["detail"]) for r in rs]
assert w[0]["severity"] == "warning" and "3 IKE_SAs of '"'"'moon.lab'"'"'" in w[0]["detail"], w' "$(lab_vpndiag sun --list --json)"
assert_failure_codes moon
lab_done
