#!/bin/bash
# 47 moon's certificate is valid, but the intermediate CA that issued it
# (sent by moon) expired yesterday: sun names the intermediate CA
# certificate, not moon's (peer cert is expired, cert-expired, fix either,
# the remedy renews the intermediate); moon gets AUTHENTICATION_FAILED
# (authentication fail, peer-rejected-auth).
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_pki
(
	cd "$LAB/pki"
	pki --gen --type ecdsa --size 256 --outform pem >im.key
	pki --pub --in im.key --type ecdsa | pki --issue --cacert ca.crt --cakey ca.key --ca \
		--dn "C=CH, O=Lab, CN=Lab Intermediate CA" \
		--not-before "$(date -d '-30 days' '+%d.%m.%y %T')" \
		--not-after "$(date -d '-1 days' '+%d.%m.%y %T')" --outform pem >im.crt
	pki --gen --type ecdsa --size 256 --outform pem >moon-im.key
	pki --pub --in moon-im.key --type ecdsa | pki --issue --cacert im.crt --cakey im.key \
		--dn "C=CH, O=Lab, CN=moon.lab" --san moon.lab --lifetime 30 --outform pem >moon-im.crt
) 2>/dev/null || lab_die "intermediate PKI"
[[ -s $LAB/pki/im.crt && -s $LAB/pki/moon-im.crt ]] || lab_die "intermediate PKI: files missing"
lab_set both local.auth pubkey
lab_set both remote.auth pubkey
lab_certs moon moon-im
cp "$LAB/pki/im.crt" "$LAB/moon/swanctl/x509ca/"
lab_certs sun sun
lab_up
lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_charon_log moon 'sending issuer cert "C=CH, O=Lab, CN=Lab Intermediate CA"'
assert_charon_log sun 'using untrusted intermediate certificate "C=CH, O=Lab, CN=Lab Intermediate CA"'
assert_charon_log sun 'issuer certificate invalid \(valid from .* to .*\)'
assert_failure_codes sun peer-cert-expired
assert_record_cause sun peer-cert-expired cert-expired
assert_record_field sun peer-cert-expired "intermediate CA certificate 'C=CH, O=Lab, CN=Lab Intermediate CA'"
assert_json sun peer-cert-expired fix either
[[ $VPNDIAG_LOAD == yes ]] && lab_check "sun: remedy renews the intermediate, then --load-creds" python3 -c '
import json, sys
r = [r for r in json.loads(sys.argv[1]) if r["code_id"] == "peer-cert-expired"][0]
assert "intermediate CA certificate" in r["remedy"] and r["remedy"].rstrip(".").endswith("swanctl --load-creds on each end that held it"), r' "$(lab_vpndiag sun --list --json)"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail peer-rejected-auth
lab_done
