#!/bin/bash
# 69b the initiator does not reauthenticate as the responder asked: sun
# assigns moon a virtual IP, so it cannot reauthenticate itself
# (ike_sa.c:ike_sa_can_reauthenticate()); it tells moon its reauth_time
# (6 s) in an AUTH_LIFETIME notify (ike_auth_lifetime.c), and moon
# schedules a make-before-break reauthentication 2 s (its over_time)
# before. sun's pre-shared key changes meanwhile, so moon's new IKE_SA fails
# at IKE_AUTH and the old one stays. At 6 s sun logs "initiator did not
# reauthenticate as requested, IKE_SA gw[1] will timeout in 4 s"
# (ike_sa.c:reauth(), level 1). moon deletes the old IKE_SA at the
# announced lifetime (ike_sa.c:set_auth_lifetime() made it its own), but
# sun drops everything from moon after the failed reauthentication, so at
# 10 s sun's own hard lifetime ends it (ALERT_IKE_SA_EXPIRED; without the
# drop moon's DELETE would end it, which the rule treats alike):
#   sun:  authentication fail (psk-mismatch, the new IKE_SA) and re-auth
#         timeout (initiator-no-reauth, the old one)
#   moon: authentication fail (peer-rejected-auth) and phase1 hard expiry
#         (the announced lifetime ran out)
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon gw.vips 0.0.0.0
lab_set moon net.local_ts dynamic
lab_set moon gw.over_time 2s
lab_set sun gw.pools p1
lab_set sun net.remote_ts dynamic
lab_set sun gw.reauth_time 6s
lab_set sun gw.rekey_time 0
lab_set sun gw.over_time 4s
LAB_POOLS_sun="p1 {
addrs = 10.3.0.1/32
}"
LAB_CHARON_moon="  make_before_break = yes"
lab_up
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
assert_charon_log moon 'received AUTH_LIFETIME of 6s, scheduling reauthentication in 4s'
lab_set sun ike-gw.secret '"another-secret-0123456789"'
lab_load sun
lab_check "moon's reauthentication fails" \
	lab_wait_log moon 'received AUTHENTICATION_FAILED notify error' 10
# from here sun hears nothing from moon: moon's DELETE at the announced
# lifetime (6 s) does not arrive, sun's own hard lifetime (10 s) ends it
lab_nft sun <<<"table ip lab { chain in { type filter hook input priority 0; ip saddr 192.0.2.1 udp dport { 500, 4500 } counter drop; }; }"
lab_check "sun: initiator did not reauthenticate" \
	lab_wait_log sun 'initiator did not reauthenticate as requested, IKE_SA gw\[1\] will timeout' 10
lab_check "sun: the IKE_SA expires" \
	lab_wait_log sun 'deleting IKE_SA gw\[1\]' 10
# sun's DELETE goes unanswered (moon's IKE_SA is gone): the IKE_SA is
# down when its retransmits give up, about 7 s later
lab_check "sun records the end of gw[1]" wait_for_record sun reauth-timeout 12
assert_failure_codes sun auth-fail reauth-timeout
assert_record_cause sun auth-fail psk-mismatch
assert_record_cause sun reauth-timeout initiator-no-reauth
assert_record_conn sun reauth-timeout gw
assert_failure_codes moon auth-fail p1-hard-expiry
assert_record_cause moon p1-hard-expiry ike-lifetime-expired
lab_done
