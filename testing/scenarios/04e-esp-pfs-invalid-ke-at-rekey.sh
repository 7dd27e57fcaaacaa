#!/bin/bash
# 04e at the CHILD rekey moon guesses the wrong PFS group, sun asks for
# modp2048 (INVALID_KE_PAYLOAD), the retry succeeds: no failure records.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.esp_proposals aes128gcm16-x25519-modp2048
lab_set moon net.rekey_time 5s
lab_set moon net.life_time 10s
lab_set sun net.esp_proposals aes128gcm16-modp2048
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_check "INVALID_KE at rekey" lab_wait_log moon "requested MODP_2048" 20
lab_check "rekeyed CHILD_SA installed" lab_wait_log moon "CHILD_SA net\\{[0-9]+\\} established" 10
sleep 1
assert_failure_codes moon
assert_failure_codes sun
lab_done
