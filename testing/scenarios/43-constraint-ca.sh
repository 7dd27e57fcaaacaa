#!/bin/bash
# 43 sun trusts the lab CA but requires moon's certificate to come from
# another CA (remote.cacerts = other-ca.crt): moon's chain verifies, the CA
# constraint fails ("peer not authenticated by CA"): authentication fail,
# ca-constraint on sun; moon gets AUTHENTICATION_FAILED (peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
(cd "$LAB/pki" && pki --gen --type ecdsa --size 256 --outform pem >other-ca.key &&
	pki --self --ca --lifetime 3650 --in other-ca.key --type ecdsa \
		--dn "C=CH, O=Lab, CN=Other CA" --outform pem >other-ca.crt) || lab_die "other CA"
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun
cp "$LAB/pki/other-ca.crt" "$LAB/sun/swanctl/x509ca/"
lab_set sun remote.cacerts other-ca.crt
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun 'using trusted ca certificate "C=CH, O=Lab, CN=Lab Root CA"'
assert_charon_log sun "constraint check failed: peer not authenticated by CA 'C=CH, O=Lab, CN=Other CA'"
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail ca-constraint
assert_record_field sun auth-fail "CN=Other CA"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
