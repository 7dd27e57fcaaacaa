#!/bin/bash
# 08b moon speaks IKEv2 to an IKEv1-only sun: version mismatch on sun,
# phase1 proposal mismatch (peer-rejected) on moon.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun gw.version 1
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ N\(NO_PROP\) \]'
assert_charon_log moon 'received NO_PROPOSAL_CHOSEN notify error'
assert_charon_log sun 'parsed IKE_SA_INIT request 0'
assert_charon_log sun 'no IKE config found for 192\.0\.2\.2\.\.\.192\.0\.2\.1, sending NO_PROPOSAL_CHOSEN'
assert_failure_codes moon p1-proposal-mismatch
assert_record_cause moon p1-proposal-mismatch peer-rejected-proposal
assert_failure_codes sun version-mismatch
assert_record_cause sun version-mismatch peer-uses-ikev2
# sun found no IKE config of moon's version, but gw of the other for
# moon's address: the record is gw's, inferred from the addresses
assert_record_conn sun version-mismatch "gw (by address)"
assert_json sun version-mismatch conn_match address
lab_done
