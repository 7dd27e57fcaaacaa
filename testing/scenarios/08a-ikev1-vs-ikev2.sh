#!/bin/bash
# 08a moon speaks IKEv1 to an IKEv2-only sun: sun has no IKEv1 config for
# the addresses but an IKEv2 one (version mismatch); moon only sees
# NO_PROPOSAL_CHOSEN. Contract §6 allows phase1 proposal mismatch or
# version mismatch on moon; vpndiag's rules produce phase1 proposal
# mismatch (peer-rejected), which is asserted.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.version 1
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'initiating Main Mode IKE_SA gw\[1\] to 192\.0\.2\.2'
assert_charon_log moon 'received NO_PROPOSAL_CHOSEN error notify'
assert_charon_log sun 'parsed ID_PROT request 0'
assert_charon_log sun 'no IKE config found for 192\.0\.2\.2\.\.\.192\.0\.2\.1, sending NO_PROPOSAL_CHOSEN'
assert_failure_codes moon p1-proposal-mismatch
assert_record_cause moon p1-proposal-mismatch peer-rejected-proposal
assert_failure_codes sun version-mismatch
assert_record_cause sun version-mismatch peer-uses-ikev1
# sun found no IKE config of moon's version, but gw of the other for
# moon's address: the record is gw's, inferred from the addresses
assert_record_conn sun version-mismatch "gw (by address)"
assert_json sun version-mismatch conn_match address
lab_done
