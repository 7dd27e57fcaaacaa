#!/bin/bash
# vpndiag-list batch = N (issue 22): the opt-in vpndiag-records events
# against a real charon with the plugin. sun holds one record of a
# configured connection (moon's proposal mismatch, conn gw), one
# authentication failure of gw (with a remote_id) and ~1000
# unattributed ones (a flood of IKE_SA_INITs from 1000 spoofed sources, as
# testing/bench's delivery.sh makes them). Through strongSwan's Python
# vici module (testing/clients/python-vici-list-batch.py), for every filter and
# batch sizes 1, 7, 100, 1000 the batched listing has the same records in
# the same order as one vpndiag-record event per record; batch 1000 over
# ~1000 records of ~1.6 kB is cut by bytes (every event but the last is
# complete because its message reached 64 KiB with its last record, 256 KiB
# with layout = flat); invalid values and a
# batch without registering vpndiag-records are refused with errmsg; the
# default without registration is unchanged. With layout = flat (batch
# 100, every filter) each record's list of key=value items is the
# unbatched record flattened; layout without batch or an unknown layout is
# refused. A C client on Debian's libvici (testing/clients/libvici-list-time.c,
# bench's client) parses every record of every event, with sections and
# flat, and counts as many as the final reply.
# vpndiag-timeout: 240
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$LAB_REPO/testing/bench.d/common.sh"
[[ -f $BENCH_SRC/src/libcharon/plugins/vici/python/vici/session.py ]] || lab_die "no vici module in $BENCH_SRC"
FLOOD=1000

lab_init
# one record per source: no aggregation of the flood (flood_threshold 0,
# vpndiag_flood.h), the listing is what is tested
LAB_VPNDIAG_sun="      history { max_unattributed = 1500
        flood_threshold = 0 }"
bench_flood_prepare
lab_set moon gw.proposals aes256-sha384-x25519
lab_set sun gw.proposals aes128-sha256-x25519
lab_net_up
bench_flood_route
lab_start moon sun
lab_load moon sun
lab_initiate moon net 15
# then an authentication failure: a record with a remote_id (moon.lab)
lab_set moon gw.proposals aes128-sha256-x25519
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_load moon sun
lab_initiate moon net 30
assert_failure_codes sun p1-proposal-mismatch auth-fail
bench_flood "$FLOOD" "$FLOOD" 500 >"$LAB/flood.out"
lab_log "flood: $(cat "$LAB/flood.out")"
# until the worker has recorded all of them (the count stops growing)
last=-1
for ((i = 0; i < 60; i++)); do
	n=$(lab_vpndiag sun --counters --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
	[[ $n == "$last" ]] && break
	last=$n
	sleep 2
done
lab_log "sun holds $n records"
lab_check "sun holds the gw records and most of the flood's ($n > 900)" test "$n" -gt 900

out=$(python3 "$LAB_REPO/testing/clients/python-vici-list-batch.py" "$LAB/sun/vpndiag.vici" 2>&1) ||
	lab_error "python vici client failed: $(tail -n 5 <<<"$out")"
echo "$out" >"$LAB/sun/python-vici-batch.out"
total=$(sed -n 's/^records //p' <<<"$out")
lab_check "python vici lists all $n records without batch ($total)" test "${total:-0}" = "$n"
while read -r verdict line; do
	case $verdict in
		PASS) lab_log "ok: $line" ;;
		FAIL) lab_error "$line" ;;
	esac
done <<<"$out"
passes=$(grep -c '^PASS ' <<<"$out" || true)
# filters: none, conn, conn -, remote, remote_id, code, since, limit, code+limit; 4 sizes each and flat
lab_check "45 comparisons passed ($passes), none failed" bash -c '[[ $1 == 45 ]] && ! grep -q "^FAIL" <<<"$2"' _ "$passes" "$out"
lab_check "flat: every record of the unfiltered listing as without batch" grep -qE "^PASS flat none batch 100: $n records in" <<<"$out"
lab_check "layout without batch refused" grep -qx "layout flat: Command failed: layout 'flat' needs batch: it is the layout of vpndiag-records events" <<<"$out"
lab_check "unknown layout refused" grep -qx "layout rows batch: Command failed: invalid layout 'rows': expected sections or flat" <<<"$out"
lab_check "the conn filter found the two gw records" grep -qE '^PASS conn batch 1: 2 records in 2 events' <<<"$out"
lab_check "the remote_id filter found the auth-fail record" grep -qE '^PASS remote_id batch 7: 1 records in 1 events' <<<"$out"
lab_check "the code filter left out the auth-fail record" grep -qE "^PASS code batch 1000: $((n - 1)) records in" <<<"$out"
lab_check "batch 1 sends one record per event" grep -qE "^PASS none batch 1: $n records in $n events" <<<"$out"
lab_check "batch 7 sends ceil(n/7) events" grep -qE "^PASS none batch 7: $n records in $(((n + 6) / 7)) events" <<<"$out"
lab_log "batch 1000: $(grep '^events-1000' <<<"$out")"
lab_log "flat batch 1000: $(grep '^flat-events-1000' <<<"$out")"
lab_check "batch 1000 is cut by bytes (every event but the last complete at 64 KiB, all under 512 KiB)" grep -qx 'bytecut yes' <<<"$out"
lab_check "flat batch 1000 is cut by bytes (every event but the last complete at 256 KiB, all under 512 KiB)" grep -qx 'flat-bytecut yes' <<<"$out"
lab_check "batch 0 refused" grep -qx "invalid 0: Command failed: invalid batch '0': expected 1 to 1000 records per event" <<<"$out"
lab_check "batch 1001 refused" grep -qx "invalid 1001: Command failed: invalid batch '1001': expected 1 to 1000 records per event" <<<"$out"
lab_check "batch abc refused" grep -qx "invalid abc: Command failed: invalid batch 'abc': expected 1 to 1000 records per event" <<<"$out"
lab_check "batch without registering vpndiag-records refused" \
	grep -qx "unregistered: Command failed: event 'vpndiag-records' not registered: register it before the request" <<<"$out"
lab_check "without batch and without registering: count as before" grep -qx "plain-unregistered count $n" <<<"$out"

# the bench's C client on libvici: every record of every event parsed, counted = final reply's count
cc -O2 -Wall -Werror -o "$LAB/libvici-list-time" "$LAB_REPO/testing/clients/libvici-list-time.c" \
	-I"$BENCH_SRC/src/libcharon/plugins/vici" -L/usr/lib/ipsec -Wl,-rpath,/usr/lib/ipsec -lvici
for b in 1 100 1000; do
	c=$("$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 1 "$b" 2>&1) || lab_error "libvici batch $b: $c"
	lab_log "libvici batch $b: $c"
	lab_check "libvici batch $b parses all $n records" grep -qE "^list_c_batch_ms [0-9.]+ batch_records $n batch $b events [0-9]+$" <<<"$c"
done
for b in 1 1000; do
	c=$("$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 1 "$b" flat 2>&1) || lab_error "libvici flat batch $b: $c"
	lab_log "libvici flat batch $b: $c"
	lab_check "libvici flat batch $b parses all $n records" grep -qE "^list_c_flat_ms [0-9.]+ flat_records $n batch $b events [0-9]+$" <<<"$c"
done
c=$("$LAB/libvici-list-time" "unix://$LAB/sun/vpndiag.vici" 1 2>&1) || lab_error "libvici: $c"
lab_check "libvici without batch: $n records ($c)" grep -qE "^list_c_ms [0-9.]+ records $n$" <<<"$c"
lab_done
