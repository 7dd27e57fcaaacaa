#!/bin/bash
# 33 IKEv1 Main Mode PSK plus XAuth, sun's XAuth requests (TRANSACTION
# exchange, type 6) never reach moon: Main Mode completes (messages 5-6 on
# UDP 4500, NAT-T floats there even without NAT), sun
# (the XAuth server, TASK_XAUTH active) retransmits its request and drops
# the half-open IKE_SA after half_open_timeout (6 s): xauth authentication
# timeout. moon, which never saw an XAuth request, records what it saw.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
LAB_LOAD="$LAB_LOAD xauth-generic"
lab_set both gw.version 1
LAB_GW_moon="    local-xauth {
      auth = xauth
      xauth_id = xuser
    }"
LAB_GW_sun="    remote-xauth {
      auth = xauth
    }"
LAB_SECRETS_moon='xauth-x {
id = xuser
secret = right-password
}'
LAB_SECRETS_sun="$LAB_SECRETS_moon"
lab_up
# on UDP 4500 the IKE header follows the 4-byte non-ESP marker: its
# exchange type is UDP payload byte 22, bit (8 + 22) * 8 = 240
lab_nft moon <<<"table inet lab { chain in { type filter hook input priority 0; udp sport 4500 @th,240,8 6 drop; }; }"
lab_initiate moon net 20
lab_check "sun log: deleting half open IKE_SA" \
	lab_wait_log sun 'deleting half open IKE_SA with 192\.0\.2\.1 after timeout' 15
assert_charon_log sun 'generating TRANSACTION request'
assert_charon_log sun 'retransmit 1 of request'
assert_no_charon_log moon 'parsed TRANSACTION request' 'moon never saw the XAuth request'
assert_failure_codes sun xauth-auth-timeout
assert_record_cause sun xauth-auth-timeout xauth-timeout
lab_records moon >"$LAB/moon/records.txt"
lab_log "moon records: $(xargs <"$LAB/moon/records.txt")"
assert_failure_codes moon
lab_done
