#!/bin/bash
# 03 ESP proposals differ (aes256gcm16 vs aes128gcm16): the IKE_SA comes up,
# the CHILD_SA fails. sun: phase2 proposal or pfs mismatch (mismatch: encr);
# moon: the same code, peer-rejected.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.esp_proposals aes256gcm16
lab_set sun net.esp_proposals aes128gcm16
lab_up
lab_initiate moon net 30
assert_log moon "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"
assert_log sun "no acceptable proposal found"
assert_failure_codes moon p2-proposal-pfs-mismatch
assert_record_cause moon p2-proposal-pfs-mismatch peer-rejected-proposal
assert_failure_codes sun p2-proposal-pfs-mismatch
assert_record_field sun p2-proposal-pfs-mismatch "no common encr"
assert_json sun p2-proposal-pfs-mismatch mismatch encr
assert_json moon p2-proposal-pfs-mismatch confidence low
lab_done
