#!/bin/bash
# 69 a fragmented IKE_AUTH larger than the responder's charon.max_packet:
# moon authenticates with a certificate and sends IKE_AUTH in IKE fragments
# of at most 400 bytes (charon.fragment_size); sun accepts messages of at
# most 600 bytes (charon.max_packet), so message.c:add_fragment() drops the
# reassembly ("fragmented IKE message is too large", level 1 on the enc
# group, in the half-open IKE_SA's context), each retransmit again, until
# the half-open timeout:
#   sun:  fragment packet limit (fragmented-too-large), by address (gw)
#   moon: max transmit reached (it only sees IKE_AUTH go unanswered)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
LAB_CHARON_moon="  fragment_size = 400"
LAB_CHARON_sun="  max_packet = 600"
lab_up
lab_initiate moon net 60
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'generating IKE_AUTH request 1 \[ EF\(1/[3-9]\) \]' "IKE_AUTH in 3+ fragments"
assert_charon_log sun 'fragmented IKE message is too large'
lab_check "sun log: deleting half open IKE_SA" \
	lab_wait_log sun 'deleting half open IKE_SA (.* )?with 192\.0\.2\.1 after timeout' 15
assert_no_charon_log sun 'parsed IKE_AUTH request 1 \[ IDi' 'the reassembled IKE_AUTH request (dropped)'
assert_failure_codes sun fragment-limit
assert_record_cause sun fragment-limit fragmented-too-large
assert_record_conn sun fragment-limit "gw (by address)"
assert_failure_codes moon max-transmit-reached
lab_done
