#!/bin/bash
# 04b no common key exchange method: sun answers NO_PROPOSAL_CHOSEN. sun
# knows only the group differs (responder dh mismatch); moon only knows it
# was refused (phase1 proposal mismatch, peer-rejected). sun's record
# belongs to gw by address (no peer config was selected yet).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.proposals aes128-sha256-x25519
lab_set sun gw.proposals aes128-sha256-modp2048
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ N\(NO_PROP\) \]'
assert_charon_log moon 'received NO_PROPOSAL_CHOSEN notify error'
assert_charon_log sun 'received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519'
assert_charon_log sun 'configured proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048'
assert_charon_log sun 'received proposals unacceptable'
assert_charon_log sun 'generating IKE_SA_INIT response 0 \[ N\(NO_PROP\) \]'
assert_failure_codes moon p1-proposal-mismatch
assert_record_cause moon p1-proposal-mismatch peer-rejected-proposal
assert_failure_codes sun responder-dh-mismatch
assert_record_field sun responder-dh-mismatch "no common ke"
assert_json sun responder-dh-mismatch mismatch ke
assert_json moon p1-proposal-mismatch confidence low
assert_record_conn sun responder-dh-mismatch "gw (by address)"
assert_json sun responder-dh-mismatch conn_match address
lab_done
