#!/bin/bash
# 07c sun narrows its side to 10.2.0.0/24: the tunnel comes up; narrowing
# is informational (netmask mismatch, info), no failure record.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set sun net.local_ts 10.2.0.0/24
lab_up
lab_initiate moon net 30
lab_check "tunnel established" test "$LAB_RC" = 0
assert_log moon "TS 10.1.0.0/16 === 10.2.0.0/24"
assert_record moon netmask-mismatch info
assert_failure_codes moon
assert_failure_codes sun
lab_done
