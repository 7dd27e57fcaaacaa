#!/bin/bash
# 77 initiator dh mismatch between two charons: moon lists ecp256 in its
# proposals but has no plugin that implements it (no openssl), sun takes
# only ecp256. moon's KE guesses modp2048 (its first group), sun answers
# INVALID_KE_PAYLOAD asking for ECP_256 (ike_init.c build_r, DBG1 'DH group
# ... unacceptable, requesting ...'), moon cannot create that key exchange
# for the retry (ike_init.c build_i, DBG1 'requested DH group ... not
# supported', FAILED) and destroys the IKE_SA while connecting: moon records
# initiator-dh-mismatch (peer-requested-other-ke). sun records nothing: its
# side is exactly that of 04a (the INVALID_KE_PAYLOAD answer ends its
# IKE_SA, build_r returns FAILED) and no retry ever arrives, so it cannot
# tell a failed retry from one that is still to come.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_LOAD_moon="${LAB_LOAD/openssl /}"
lab_set moon gw.proposals aes128-sha256-modp2048-ecp256
lab_set sun gw.proposals aes128-sha256-ecp256
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'parsed IKE_SA_INIT response 0 \[ N\(INVAL_KE\) \]'
# 5.9.8 says "DH group", 6.x "key exchange method" (ike_init.c of each)
assert_charon_log moon "peer didn't accept (DH group|key exchange method) MODP_2048, it requested ECP_256"
assert_charon_log moon 'requested (DH group|key exchange method) ECP_256 not supported'
assert_charon_log sun '(DH group|key exchange method) MODP_2048 unacceptable, requesting ECP_256'
assert_charon_log sun 'generating IKE_SA_INIT response 0 \[ N\(INVAL_KE\) \]'
assert_failure_codes moon initiator-dh-mismatch
assert_record_cause moon initiator-dh-mismatch peer-requested-other-ke
assert_json moon initiator-dh-mismatch confidence low
assert_failure_codes sun
lab_done
