#!/bin/bash
# 20 IKEv1 Main Mode PSK plus XAuth with a wrong password: sun rejects the
# XAuth credentials (xauth authentication fail), moon is told XAuth failed
# (xauth authentication fail, peer-rejected). No alert exists for XAuth.
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
secret = wrong-password
}'
LAB_SECRETS_sun='xauth-x {
id = xuser
secret = right-password
}'
lab_up
lab_initiate moon net 30
assert_log sun "XAuth authentication of 'xuser' failed"
assert_failure_codes sun xauth-auth-fail
assert_failure_codes moon xauth-auth-fail
assert_record_cause moon xauth-auth-fail peer-rejected-xauth
lab_done
