#!/bin/bash
# 02 IKE proposal mismatch: moon offers aes256-sha384-x25519, sun accepts
# only aes128-sha256-x25519; sun answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_log moon 'received NO_PROPOSAL_CHOSEN notify error'
assert_log sun 'received proposals unacceptable'
assert_failure_codes moon p1-proposal-mismatch
assert_failure_codes sun p1-proposal-mismatch
assert_json sun p1-proposal-mismatch mismatch encr,integ,prf
assert_json sun p1-proposal-mismatch offered IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE_25519
assert_json sun p1-proposal-mismatch accepted IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519
assert_json sun p1-proposal-mismatch confidence high
assert_json moon p1-proposal-mismatch cause peer-rejected-proposal
assert_json moon p1-proposal-mismatch confidence low
assert_json moon p1-proposal-mismatch offered IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE_25519
lab_done
