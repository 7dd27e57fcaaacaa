#!/bin/bash
# 09a IKEv1 Aggressive Mode PSK towards a responder that refuses it (the
# default): exchange mode mismatch on sun; moon only gets
# AUTHENTICATION_FAILED (contract: authentication fail or exchange mode
# mismatch; vpndiag reports authentication fail, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set moon gw.aggressive yes
lab_up
lab_initiate moon net 30
assert_log moon "received AUTHENTICATION_FAILED error notify"
assert_log sun "Aggressive Mode PSK disabled for security reasons"
assert_failure_codes moon auth-fail
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch aggressive-psk-disabled
lab_done
