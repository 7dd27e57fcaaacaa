#!/bin/bash
# 19a IKEv1 Quick Mode with different ESP proposals (Main Mode succeeds).
# IKEv1 raises no alert for it; vpndiag reads the notifies. Expected: phase2
# proposal or pfs mismatch on sun (we refused) and on moon (peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set moon net.esp_proposals aes256-sha256
lab_set sun net.esp_proposals aes128-sha256
lab_up
lab_initiate moon net 30
assert_log sun "no matching proposal found, sending NO_PROPOSAL_CHOSEN"
assert_log moon "received NO_PROPOSAL_CHOSEN error notify"
assert_failure_codes moon p2-proposal-pfs-mismatch
assert_record_cause moon p2-proposal-pfs-mismatch peer-rejected-proposal
assert_failure_codes sun p2-proposal-pfs-mismatch
lab_done
