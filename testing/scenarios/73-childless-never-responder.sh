#!/bin/bash
# 73 childless mismatch, responder refuses it (issue 17 B.1): sun has
# childless = never, moon initiates only the IKE_SA (swanctl --initiate
# --ike), so its IKE_AUTH carries no SA/TS. sun does not announce
# N(CHDLESS_SUP) but 5.9.8's initiator sends the childless IKE_AUTH anyway
# (swanctl.opt: "which will fail if the responder does not support or has
# disabled this extension"); sun's child_create.c handle_childless() logs
# "peer tried to initiate a childless IKE_SA" and answers INVALID_SYNTAX
# beside its AUTH. sun: childless-refused (high); moon:
# peer-rejected-childless (medium).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.childless never
lab_up
LAB_RC=0
lab_swanctl moon --initiate --ike gw --timeout 30 >"$LAB/moon/initiate.out" 2>&1 || LAB_RC=$?
lab_log "initiate --ike rc=$LAB_RC: $(tail -n 1 "$LAB/moon/initiate.out")"
lab_check "initiate failed" test "$LAB_RC" != 0
assert_no_charon_log sun 'CHDLESS_SUP' 'CHILDLESS_IKEV2_SUPPORTED from sun'
assert_charon_log sun 'peer tried to initiate a childless IKE_SA'
assert_charon_log sun 'generating IKE_AUTH response 1 \[ IDr AUTH .*N\(INVAL_SYN\) \]'
assert_charon_log moon 'received INVALID_SYNTAX notify error'
wait_for_record sun exchange-mode-mismatch 5 || true
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch childless-refused
assert_json sun exchange-mode-mismatch confidence high
assert_failure_codes moon exchange-mode-mismatch
assert_record_cause moon exchange-mode-mismatch peer-rejected-childless
assert_json moon exchange-mode-mismatch confidence medium
lab_done
