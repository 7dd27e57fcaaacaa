#!/bin/bash
# 35 moon crashes (SIGKILL) and comes back: its new IKE_SA sends
# INITIAL_CONTACT (it has no contact with sun), and sun (unique = no, the
# default) destroys the old IKE_SA of moon.lab
# (ike_sa_manager.c:check_uniqueness(): "destroying duplicate IKE_SA for
# peer 'moon.lab', received INITIAL_CONTACT", then ike_updown(FALSE) for
# the old one). sun records sa with same user exists (peer-initial-contact)
# naming the old and the new IKE_SA; the restarted moon records nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_up
# no MOBIKE address update from sun's settling links to the restarted moon
lab_check "links settled" lab_wait_links 5
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
lab_stop moon KILL
lab_start moon
lab_load moon
lab_initiate moon net 30
lab_check "tunnel re-established" test "$LAB_RC" = 0
assert_charon_log moon 'IKE_AUTH request 1 \[ .*N\(INIT_CONTACT\)'
assert_charon_log sun "destroying duplicate IKE_SA for peer 'moon.lab', received INITIAL_CONTACT"
assert_failure_codes sun same-user-sa-exists
assert_record_cause sun same-user-sa-exists peer-initial-contact
assert_json sun same-user-sa-exists ike_sa 1
assert_json sun same-user-sa-exists category 'connection disconnection'
assert_record_field sun same-user-sa-exists "IKE_SA #1 of 'moon.lab' (192.0.2.1[4500]) destroyed: the new IKE_SA #2 of the same identity from 192.0.2.1[4500] sent INITIAL_CONTACT"
assert_failure_codes moon
lab_done
