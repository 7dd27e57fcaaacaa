#!/bin/bash
# 42 moon accepts any *.lab responder (remote.id = *.lab, a wildcard, so it
# sends no IDr); sun identifies as sun.other with the right PSK. sun's AUTH
# verifies, then moon's identity constraint fails ("constraint check
# failed: identity '*.lab' required"): config ID mismatch,
# identity-constraint on moon (not a generic authentication failure whose
# remedy starts with the PSK); sun, already established, gets moon's
# AUTHENTICATION_FAILED (authentication fail, peer-rejected-auth).
# The EAP identity variant ("EAP identity 'X' required") is unit-tested
# only: with a concrete remote.eap_id, eap_authenticator.c
# server_initiate_eap() (5.9.8 and 6.0.x) skips EAP-Identity and "using
# configured EAP-Identity" authenticates that user, so the constraint
# cannot differ; it takes a backend (RADIUS) that returns another identity.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon remote.id '*.lab'
lab_set sun local.id sun.other
lab_set both ike-gw.id-3 sun.other
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon "authentication of 'sun\.other' with pre-shared key successful"
# 6.x adds the ID types: "identity '*.lab' (ID_FQDN) required, not matched by"
assert_charon_log moon "constraint check failed: identity '\*\.lab' (\(ID_FQDN\) )?required"
assert_charon_log moon "selected peer config 'gw' unacceptable"
assert_charon_log sun 'parsed INFORMATIONAL request 2 \[ N\(AUTH_FAILED\) \]'
assert_failure_codes moon config-id-mismatch
assert_record_cause moon config-id-mismatch identity-constraint
assert_record_field moon config-id-mismatch "constraint check failed: identity '*.lab' "
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail peer-rejected-auth
lab_done
