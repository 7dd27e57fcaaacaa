#!/bin/bash
# 66b sun's connection names a local address sun is not reached at
# (gw.local_addrs = 192.0.2.22), moon initiates to 192.0.2.2: sun has no IKE
# config for 192.0.2.2...192.0.2.1 ("no IKE config found ..., sending
# NO_PROPOSAL_CHOSEN", ike_init.c), but one for the peer's address with
# another local address:
#   sun:  local address mismatch, by address (gw)
#   moon: phase1 proposal mismatch (peer-rejected-proposal, low
#         confidence): it only sees NO_PROPOSAL_CHOSEN
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.local_addrs 192.0.2.22
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun 'no IKE config found for 192\.0\.2\.2\.\.\.192\.0\.2\.1, sending NO_PROPOSAL_CHOSEN'
assert_failure_codes sun local-address-mismatch
assert_record_cause sun local-address-mismatch local-address-mismatch
assert_record_conn sun local-address-mismatch "gw (by address)"
assert_failure_codes moon p1-proposal-mismatch
assert_record_cause moon p1-proposal-mismatch peer-rejected-proposal
lab_done
