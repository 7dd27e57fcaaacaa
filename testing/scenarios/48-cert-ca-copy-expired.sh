#!/bin/bash
# 48 sun's own copy of the root CA certificate (same key and DN as moon's,
# re-issued with a validity that ended yesterday) is expired; moon's
# certificate is fine: sun names its trusted copy of the root CA (peer cert
# is expired, cert-expired, fix local, the remedy installs a renewed CA
# certificate here); moon gets AUTHENTICATION_FAILED (peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
(cd "$LAB/pki" && pki --self --ca --in ca.key --type ecdsa --dn "C=CH, O=Lab, CN=Lab Root CA" \
	--not-before "$(date -d '-30 days' '+%d.%m.%y %T')" \
	--not-after "$(date -d '-1 days' '+%d.%m.%y %T')" --outform pem >ca-expired.crt) 2>/dev/null ||
	lab_die "expired CA copy"
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon
lab_certs sun sun noca
cp "$LAB/pki/ca-expired.crt" "$LAB/sun/swanctl/x509ca/"
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log sun 'using trusted ca certificate "C=CH, O=Lab, CN=Lab Root CA"'
assert_charon_log sun 'issuer certificate invalid \(valid from .* to .*\)'
assert_charon_log moon 'received AUTHENTICATION_FAILED notify error'
assert_failure_codes sun peer-cert-expired
assert_record_cause sun peer-cert-expired cert-expired
assert_record_field sun peer-cert-expired "our trusted copy of the root CA certificate 'C=CH, O=Lab, CN=Lab Root CA'"
assert_json sun peer-cert-expired fix local
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
