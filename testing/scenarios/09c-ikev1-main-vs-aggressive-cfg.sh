#!/bin/bash
# 09c IKEv1 Main Mode towards a connection that wants Aggressive Mode:
# exchange mode mismatch on sun, authentication fail on moon.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set sun gw.aggressive yes
lab_up
lab_initiate moon net 30
assert_log moon "received AUTHENTICATION_FAILED error notify"
assert_log sun "found 1 matching config, but none allows pre-shared key authentication using Main Mode"
assert_failure_codes moon auth-fail
assert_failure_codes sun exchange-mode-mismatch
lab_done
