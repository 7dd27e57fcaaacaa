#!/bin/bash
# 09b as 09a, but sun allows Aggressive Mode PSK in strongswan.conf; its
# connection still asks for Main Mode: exchange mode mismatch on sun.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set moon gw.aggressive yes
LAB_CHARON_sun="  i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
lab_up
lab_initiate moon net 30
assert_log moon "received AUTHENTICATION_FAILED error notify"
assert_log sun "found 1 matching config, but none allows pre-shared key authentication using Aggressive Mode"
assert_failure_codes moon auth-fail
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch mode-not-allowed
lab_done
