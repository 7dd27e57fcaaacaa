#!/bin/bash
# 30 the child's selectors differ in their port only: moon proposes
# 10.1.0.0/16[tcp/443] === 10.2.0.0/16[tcp/443], sun's child "net" has the
# same subnets for tcp/80. charon narrows a received selector to a
# configured one wherever the two have a common subset, so a config for any
# protocol, or for tcp with a port range that holds 443, would accept (and
# narrow) it; tcp/443 and tcp/80 have none (traffic_selector.c
# get_subset(): from_port 443 > to_port 80), nor would tcp and udp. In
# strongSwan 5.9.8 peer_cfg.c get_ts_match() thus rates "net" 0 on both
# sides, select_child_cfg() finds no child config, and child_create.c
# build_r() logs "traffic selectors ... unacceptable", raises
# ALERT_TS_MISMATCH (TSi, TSr) and answers TS_UNACCEPTABLE.
#   moon: flow mismatch, cause peer-rejected-ts
#   sun:  flow mismatch, cause ts-unacceptable, ts_relation port-proto
#         (the addresses overlap, the ports do not), child net; the detail
#         names the received and the configured selectors
# charon prints ports by service name (/etc/services): 443 https, 80 http.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
lab_init
lab_set moon net.local_ts '10.1.0.0/16[tcp/443]'
lab_set moon net.remote_ts '10.2.0.0/16[tcp/443]'
lab_set sun net.local_ts '10.2.0.0/16[tcp/80]'
lab_set sun net.remote_ts '10.1.0.0/16[tcp/80]'
lab_up
lab_initiate moon net 30
lab_check "no tunnel" test "$LAB_RC" != 0
assert_charon_log moon "received TS_UNACCEPTABLE notify, no CHILD_SA built"
assert_charon_log sun 'traffic selectors 10\.2\.0\.0/16\[tcp/https\] === 10\.1\.0\.0/16\[tcp/https\] unacceptable'
assert_failure_codes moon flow-mismatch
assert_record_cause moon flow-mismatch peer-rejected-ts
assert_failure_codes sun flow-mismatch
assert_record_cause sun flow-mismatch ts-unacceptable
assert_record_field sun flow-mismatch "proposed traffic selectors 10.1.0.0/16[tcp/https] (its side) === 10.2.0.0/16[tcp/https] (ours), but child 'net' has local_ts 10.2.0.0/16[tcp/http] and remote_ts 10.1.0.0/16[tcp/http]: port-proto"
assert_json sun flow-mismatch ts_relation port-proto
assert_json sun flow-mismatch child net
assert_json sun flow-mismatch ts_received "10.1.0.0/16[tcp/https] === 10.2.0.0/16[tcp/https]"
assert_json sun flow-mismatch ts_local "10.2.0.0/16[tcp/http]"
assert_json sun flow-mismatch ts_remote "10.1.0.0/16[tcp/http]"
lab_done
