#!/bin/bash
# 19c IKEv1 Main Mode with different pre-shared keys: the encrypted Main
# Mode messages cannot be decrypted, which charon reports as parse errors.
# The contract: authentication fail (psk-mismatch) on both sides, never
# malformed message.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set both gw.version 1
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_up
lab_initiate moon net 30
# what charon says depends on the garbage the wrong key decrypts to:
# "could not decrypt payloads", often after "invalid ID_V1 payload length,
# decryption failed?" but sometimes after another parse error
assert_charon_log sun "could not decrypt payloads" \
	"charon cannot parse the message decrypted with its key"
assert_failure_codes moon auth-fail
assert_record_cause moon auth-fail psk-mismatch
assert_failure_codes sun auth-fail
assert_record_cause sun auth-fail psk-mismatch
lab_done
