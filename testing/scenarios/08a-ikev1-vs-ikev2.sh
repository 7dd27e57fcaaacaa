#!/bin/bash
# 08a moon speaks IKEv1 to an IKEv2-only sun: sun has no IKEv1 config for
# the addresses but an IKEv2 one (version mismatch); moon only sees
# NO_PROPOSAL_CHOSEN (contract: phase1 proposal mismatch or version mismatch;
# vpndiag reports phase1 proposal mismatch, peer-rejected).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.version 1
lab_up
lab_initiate moon net 30
assert_log moon "received NO_PROPOSAL_CHOSEN error notify"
assert_log sun "no IKE config found for"
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun version-mismatch
assert_record_cause sun version-mismatch peer-uses-ikev1
lab_done
