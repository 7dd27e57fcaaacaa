#!/bin/bash
# 09b as 09a, but sun allows Aggressive Mode PSK in strongswan.conf; its
# connection still asks for Main Mode: exchange mode mismatch on sun. Contract
# §6 allows authentication fail or exchange mode mismatch on moon; vpndiag's
# rules produce authentication fail (peer-rejected), which is asserted.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set moon gw.aggressive yes
LAB_CHARON_sun="  i_dont_care_about_security_and_use_aggressive_mode_psk = yes"
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'initiating Aggressive Mode IKE_SA gw\[1\] to 192\.0\.2\.2'
assert_charon_log moon 'received AUTHENTICATION_FAILED error notify'
assert_no_charon_log sun 'Aggressive Mode PSK disabled'
assert_charon_log sun 'found 1 matching config, but none allows pre-shared key authentication using Aggressive Mode'
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
assert_failure_codes sun exchange-mode-mismatch
assert_record_cause sun exchange-mode-mismatch mode-not-allowed
lab_done
