#!/bin/bash
# 72 childless mismatch, initiator forces it (issue 17 B.1): moon has
# childless = force, sun childless = never, so sun's IKE_SA_INIT response
# lacks N(CHDLESS_SUP) (ike_init.c build_payloads()). moon's
# child_create.c defer_child_sa() logs "peer does not support childless
# IKE_SA initiation" and destroys the IKE_SA before IKE_AUTH: moon's record
# names the childless setting (childless-unsupported, high). sun only sees
# an IKE_SA_INIT that is never followed up: its existing half-open record
# (exchange-timeout, half-open-timeout, "or the initiator gave up") stays;
# sun has no fact that tells it why.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.childless force
lab_set sun gw.childless never
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ SA KE No'
assert_no_charon_log moon 'CHDLESS_SUP' 'CHILDLESS_IKEV2_SUPPORTED from sun'
assert_charon_log moon 'peer does not support childless IKE_SA initiation'
assert_no_charon_log moon 'generating IKE_AUTH' 'IKE_AUTH request'
assert_failure_codes moon exchange-mode-mismatch
assert_record_cause moon exchange-mode-mismatch childless-unsupported
assert_json moon exchange-mode-mismatch confidence high
assert_json moon exchange-mode-mismatch conn gw
assert_log moon 'vpndiag: #[0-9]+ remedy: .*childless = allow'
# sun: half_open_timeout (6 s in the lab) after its IKE_SA_INIT response
wait_for_record sun exchange-timeout 15 || true
assert_failure_codes sun exchange-timeout
assert_record_cause sun exchange-timeout half-open-timeout
lab_done
