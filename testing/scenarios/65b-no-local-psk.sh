#!/bin/bash
# 65b moon has no pre-shared key for its own identity and sun's: its only
# secret names other identities (secrets.ike-gw id-1/id-2). Building its
# AUTH payload, moon finds no key ("no shared key found for 'moon.lab' -
# 'sun.lab'", psk_authenticator.c) and raises ALERT_LOCAL_AUTH_FAILED
# before it sends IKE_AUTH:
#   moon: construct local ID fail (no-local-credential): its own
#         credentials are missing, not the peer's
#   sun:  the half-open IKE_SA times out (exchange timeout, the lab's 6 s)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon ike-gw.id-1 other.lab
lab_set moon ike-gw.id-2 third.lab
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon "no shared key found for 'moon\\.lab' - 'sun\\.lab'"
assert_no_charon_log sun 'parsed IKE_AUTH request' 'an IKE_AUTH request'
lab_check "sun: the half-open IKE_SA times out" \
	lab_wait_log sun 'deleting half open IKE_SA (.* )?with 192\.0\.2\.1 after timeout' 10
assert_failure_codes moon local-id-fail
assert_record_cause moon local-id-fail no-local-credential
assert_record_conn moon local-id-fail gw
assert_failure_codes sun exchange-timeout
lab_done
