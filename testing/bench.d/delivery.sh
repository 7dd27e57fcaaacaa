#!/bin/bash
# One measurement of testing/bench, over vpndiag's VICI socket on sun:
# (1) time from a failure to the "vpndiag" event at a subscriber (moon
# initiates N times with a proposal sun does not accept); (2) vpndiag-list of
# RECORDS records (a flood from RECORDS addresses fills
# history.max_unattributed = RECORDS): a raw client, the Python vici module,
# a C client on libvici (testing/clients/libvici-list-time.c) and the CLI
# (--list --json); the C client also with vpndiag-list batch =
# BENCH_LIST_BATCH (default 1000; vpndiag-records events), with sections
# and with layout = flat.
#   delivery.sh N RECORDS
# BENCH_PERF_OUT=FILE also records sun's charon with perf during the listing;
# BENCH_CLI_CALLGRIND=FILE runs the CLI's listing once more under callgrind.
#   -> "latency_ms median <ms> max <ms> n <n>",
#      "list_raw_ms <ms> list_py_ms <ms> records <n>",
#      "list_c_ms <ms> records <n>" (C client on libvici, one event per record),
#      "list_c_batch_ms <ms> batch_records <n> batch <b> events <n>" (batched),
#      "list_c_flat_ms <ms> flat_records <n> batch <b> events <n>" (batched, flat),
#      "cli_list_json_ms <ms>"
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=${1:-20} RECORDS=${2:-10000}
[[ $VPNDIAG_LOAD == yes ]] || lab_skip "needs vpndiag"
lab_init >/dev/null
# one record per source: no aggregation under the flood (threshold 0)
LAB_VPNDIAG_sun="      history { max_unattributed = $RECORDS
        flood_threshold = 0 }"
bench_loglevels
bench_flood_prepare
lab_set moon gw.proposals aes256-sha384-x25519
lab_net_up >/dev/null
bench_flood_route
lab_start moon sun >/dev/null
lab_load moon sun
python3 "$BENCH_D/delivery.py" live "$LAB/sun/vpndiag.vici" "$N" >"$LAB/live.out" &
_lab_track live $!
for ((i = 0; i < 50; i++)); do grep -q ready "$LAB/live.out" 2>/dev/null && break; sleep 0.1; done
for ((i = 0; i < N; i++)); do
	lab_swanctl moon --initiate --child net --timeout 5 >/dev/null 2>&1 || true
	sleep 0.1
done
for ((i = 0; i < 100; i++)); do _lab_alive live || break; sleep 0.1; done
_lab_kill live
grep latency_ms "$LAB/live.out" || echo "latency_ms median - max - n 0"
bench_flood "$RECORDS" "$RECORDS" 2000 >/dev/null
last=-1
while :; do
	n=$(lab_vpndiag sun --counters --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
	[[ $n == "$last" ]] && break
	last=$n
	sleep 2
done
if [[ -n ${BENCH_PERF_OUT:-} ]]; then # profile sun's charon while listing
	perf record -F 2000 -g -p "${LAB_PID[charon-sun]}" -o "$BENCH_PERF_OUT" -- sleep 4 &
	_lab_track perf $!
	sleep 0.5
fi
python3 "$BENCH_D/delivery.py" list "$LAB/sun/vpndiag.vici" 5
# a C client on strongSwan's libvici (Debian's /usr/lib/ipsec/libvici.so):
# one vpndiag-record event per record, then batch = BENCH_LIST_BATCH
# (vpndiag-records events, every record parsed)
if cc -O2 -Wall -o "$LAB/libvici-list-time" "$LAB_REPO/testing/clients/libvici-list-time.c" \
	-I"$BENCH_SRC/src/libcharon/plugins/vici" -L/usr/lib/ipsec -Wl,-rpath,/usr/lib/ipsec -lvici 2>"$LAB/cc.err"; then
	"$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 5 || echo "list_c_ms - records 0"
	"$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 5 "${BENCH_LIST_BATCH:-1000}" ||
		echo "list_c_batch_ms - batch_records 0 batch ${BENCH_LIST_BATCH:-1000} events 0"
	"$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 9 "${BENCH_LIST_BATCH:-1000}" flat ||
		echo "list_c_flat_ms - flat_records 0 batch ${BENCH_LIST_BATCH:-1000} events 0"
else
	echo "list_c_ms - records 0"
	echo "list_c_batch_ms - batch_records 0 batch ${BENCH_LIST_BATCH:-1000} events 0"
	echo "list_c_flat_ms - flat_records 0 batch ${BENCH_LIST_BATCH:-1000} events 0"
fi
[[ -n ${BENCH_PERF_OUT:-} ]] && wait "${LAB_PID[perf]}"
t0=${EPOCHREALTIME/./}
lab_vpndiag sun --list --json >/dev/null
t1=${EPOCHREALTIME/./}
awk -v d=$((t1 - t0)) 'BEGIN { printf "cli_list_json_ms %.1f\n", d / 1000 }'
# BENCH_CLI_CALLGRIND=FILE: the same listing by the CLI under callgrind
[[ -n ${BENCH_CLI_CALLGRIND:-} ]] &&
	valgrind --tool=callgrind --callgrind-out-file="$BENCH_CLI_CALLGRIND" "$VPNDIAG_CLI" \
		--list --json --uri "unix://$LAB/sun/vpndiag.vici" >/dev/null 2>&1
LAB_FAILURES=0
lab_done >/dev/null
