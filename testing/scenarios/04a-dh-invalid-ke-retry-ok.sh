#!/bin/bash
# 04a moon guesses the wrong key exchange method (x25519 first), sun asks
# for modp2048 with INVALID_KE_PAYLOAD, the retry succeeds: no failure record
# on either side (contract §6).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.proposals aes128-sha256-x25519-modp2048
lab_set sun gw.proposals aes128-sha256-modp2048
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
assert_log moon "peer didn.t accept DH group CURVE_25519, it requested MODP_2048"
assert_log sun "DH group CURVE_25519 unacceptable, requesting MODP_2048"
assert_failure_codes moon
assert_failure_codes sun
lab_done
