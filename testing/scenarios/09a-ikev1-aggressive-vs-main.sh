#!/bin/bash
# 09a IKEv1 Aggressive Mode PSK towards a responder that refuses it (the
# default): exchange mode mismatch on sun; moon only gets
# AUTHENTICATION_FAILED. Contract §6 allows authentication fail or exchange
# mode mismatch on moon; vpndiag's rules produce authentication fail
# (peer-rejected), which is asserted.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set moon gw.aggressive yes
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'initiating Aggressive Mode IKE_SA gw\[1\] to 192\.0\.2\.2'
assert_charon_log moon 'received AUTHENTICATION_FAILED error notify'
assert_charon_log sun '192\.0\.2\.1 is initiating a Aggressive Mode IKE_SA'
assert_charon_log sun 'Aggressive Mode PSK disabled for security reasons'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch aggressive-psk-disabled
# before sun selected a peer config: gw by address (issue 25)
assert_record_conn sun exchange-mode-mismatch "gw (by address)"
lab_done
