#!/bin/bash
# 04d ESP PFS groups differ (x25519 vs modp2048): IKE_AUTH carries no KE, so
# the tunnel comes up and fails only at the first CHILD rekey. Both sides:
# phase2 proposal or pfs mismatch (sun: mismatch ke; moon: peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.esp_proposals aes128gcm16-x25519
lab_set moon net.rekey_time 5s
lab_set moon net.life_time 10s
lab_set sun net.esp_proposals aes128gcm16-modp2048
lab_up
lab_initiate moon net 30
lab_check "tunnel established (PFS is not checked in IKE_AUTH)" test "$LAB_RC" = 0
assert_failure_codes moon
lab_check "rekey refused" lab_wait_log moon "NO_PROPOSAL_CHOSEN" 20
assert_failure_codes moon p2-proposal-pfs-mismatch
assert_record_cause moon p2-proposal-pfs-mismatch peer-rejected-proposal
assert_failure_codes sun p2-proposal-pfs-mismatch
assert_record_cause sun p2-proposal-pfs-mismatch pfs-mismatch
assert_record_field sun p2-proposal-pfs-mismatch "no common ke"
lab_done
