#!/bin/bash
# 04a moon guesses the wrong key exchange method (x25519 first), sun asks
# for modp2048 with INVALID_KE_PAYLOAD, the retry succeeds: no failure record
# on either side (contract §6: – / –).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.proposals aes128-sha256-x25519-modp2048
lab_set sun gw.proposals aes128-sha256-modp2048
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ N\(INVAL_KE\) \]'
assert_charon_log moon "peer didn't accept DH group CURVE_25519, it requested MODP_2048"
assert_charon_log moon 'IKE_SA gw\[1\] established between'
assert_charon_log moon 'CHILD_SA net\{1\} established with SPIs'
assert_charon_log sun '<1> DH group CURVE_25519 unacceptable, requesting MODP_2048'
assert_charon_log sun 'generating IKE_SA_INIT response 0 \[ N\(INVAL_KE\) \]'
# the retry is a new IKE_SA on sun (<1> then <2>)
assert_charon_log sun 'IKE_SA gw\[2\] established between'
assert_failure_codes moon
assert_failure_codes sun
lab_done
