#!/bin/bash
# 06b moon expects the responder to be other.lab: sun has no config for
# that pair of IDs (config ID mismatch); moon authentication fail.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon remote.id other.lab
LAB_SECRETS_moon="ike-x {
id-1 = moon.lab
id-2 = other.lab
secret = labsecret-0123456789
}"
lab_up
lab_initiate moon net 30
assert_log sun "no matching peer config found"
assert_failure_codes moon auth-fail
assert_failure_codes sun config-id-mismatch
lab_done
