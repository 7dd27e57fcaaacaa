#!/bin/bash
# 67 an IKE message with a major version charon does not speak: an
# IKE_SA_INIT with version 3.0 in its header (lib/ikecraft.py, raw socket in
# moon's namespace, source 10.64.0.3). receiver.c:receive_packets() answers
# INVALID_MAJOR_VERSION and logs "received unsupported IKE version 3.0 from
# 10.64.0.3, sending INVALID_MAJOR_VERSION" at level 1 on the net group,
# before any IKE_SA exists: sun records unsupported version (cause
# received-unsupported-version) without a connection. moon's charon takes
# no part (the packet is not its own, the answer to 10.64.0.3 is dropped at
# moon, which does not forward): it records nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_net_up
ip -n "$NS_SUN" route add 10.64.0.0/16 via 192.0.2.1
lab_start moon sun
lab_load moon sun
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" version 192.0.2.2 10.64.0.3 3
lab_wait_log sun 'received unsupported IKE version' 5 || true
assert_charon_log sun 'received unsupported IKE version 3\.0 from 10\.64\.0\.3, sending INVALID_MAJOR_VERSION'
assert_failure_codes sun unsupported-version
assert_record_cause sun unsupported-version received-unsupported-version
assert_record_conn sun unsupported-version -
assert_json sun unsupported-version remote 10.64.0.3
assert_json sun unsupported-version ike_sa null
assert_failure_codes moon -
lab_done
