#!/bin/bash
# 68b IKE_SA_INITs whose body charon refuses (lib/ikecraft.py, raw socket
# in moon's namespace): task_manager_v2.c:parse_message() raises
# ALERT_PARSE_ERROR_BODY on the new IKE_SA before any config is looked up,
# answers the sender and destroys the IKE_SA:
#  - from 10.64.0.8 an unknown payload (type 200) flagged critical
#    ("payload type (200) is not supported, but payload is critical!",
#    UNSUPPORTED_CRITICAL_PAYLOAD sent): critical drop (unsupported-critical);
#  - from 10.64.0.9 a KE payload whose length is shorter than its header
#    ("payload type KEY_EXCHANGE could not be parsed", INVALID_SYNTAX
#    sent): malformed payload (bad-payload).
# Both without a connection. moon's charon takes no part (the packets are
# not its own, the answers to 10.64/16 are dropped at moon): it records
# nothing.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_net_up
ip -n "$NS_SUN" route add 10.64.0.0/16 via 192.0.2.1
lab_start moon sun
lab_load moon sun
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" critical 192.0.2.2 10.64.0.8
lab_exec moon python3 "$LAB_REPO/testing/lib/ikecraft.py" badlength 192.0.2.2 10.64.0.9
wait_for_record sun malformed-payload 5 || true
assert_charon_log sun 'payload type \(200\) is not supported, but payload is critical!'
assert_charon_log sun 'payload type KEY_EXCHANGE could not be parsed'
assert_charon_log sun 'message parsing failed'
assert_failure_codes sun critical-drop malformed-payload
assert_record_cause sun critical-drop unsupported-critical
assert_json sun critical-drop remote '10.64.0.8[500]'
assert_json sun critical-drop conn null
assert_record_cause sun malformed-payload bad-payload
assert_json sun malformed-payload remote '10.64.0.9[500]'
assert_json sun malformed-payload conn null
assert_failure_codes moon -
lab_done
