#!/bin/bash
# 09c IKEv1 Main Mode towards a connection that wants Aggressive Mode: the
# whole Main Mode runs, then sun refuses (exchange mode mismatch). Contract
# §6 allows authentication fail or exchange mode mismatch on moon; vpndiag's
# rules produce authentication fail (peer-rejected), which is asserted.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set sun gw.aggressive yes
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'initiating Main Mode IKE_SA gw\[1\] to 192\.0\.2\.2'
assert_charon_log moon 'received AUTHENTICATION_FAILED error notify'
assert_charon_log sun 'parsed ID_PROT request 0 \[ ID HASH'
assert_charon_log sun 'found 1 matching config, but none allows pre-shared key authentication using Main Mode'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch mode-not-allowed
# before sun selected a peer config: gw by address (issue 25)
assert_record_conn sun exchange-mode-mismatch "gw (by address)"
lab_done
