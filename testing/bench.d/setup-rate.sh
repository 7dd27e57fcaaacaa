#!/bin/bash
# One measurement of testing/bench: moon sets up and tears down N IKE_SAs
# (MODE ike or child) to sun over VICI, P at a time (default 4: the two
# daemons then keep the CPUs busy), with EXTRA configured dummy connections
# on both sides; VPNDIAG_LOAD=yes|no decides whether vpndiag is loaded.
# Both gateways load vpndiag or neither does.
#   setup-rate.sh N MODE EXTRA [P]
#   -> "rate <cycles/s> cpu_ms <CPU ms of both charons per cycle>
#       rss_sun <kB> anon_sun <kB> failed <n> left <IKE_SAs still up on sun>"
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=$1 MODE=$2 EXTRA=${3:-0} P=${4:-4}
lab_init >/dev/null
bench_extra_conns "$EXTRA"
# one connection per concurrent session (cycle.py); rekey_time differs so
# that charon does not reuse the IKE_SA of an equal connection
for ((i = 0; i < P; i++)); do
	LAB_CONNS_moon+="
  bench$i {
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128-sha256-x25519
    encap = no
    dpd_delay = 0
    reauth_time = 0
    rekey_time = $((14400 + i))s
    unique = no
    local { auth = psk
      id = moon.lab }
    remote { auth = psk
      id = sun.lab }
    children { bench$i { local_ts = 10.1.$i.0/24
      remote_ts = 10.2.$i.0/24
      esp_proposals = aes128gcm16 } }
  }"
done
bench_loglevels
lab_up >/dev/null
pm=${LAB_PID[charon-moon]} ps=${LAB_PID[charon-sun]}
python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" "$P" "$MODE" "$P" >/dev/null # warm-up
c0=$(($(bench_ticks "$pm") + $(bench_ticks "$ps")))
read -r _ secs _ failed < <(python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" "$N" "$MODE" "$P")
left=$(lab_swanctl sun --list-sas --raw 2>/dev/null | grep -c "^list-sa event" || true)
c1=$(($(bench_ticks "$pm") + $(bench_ticks "$ps")))
awk -v n="$N" -v s="$secs" -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" \
	-v r="$(bench_rss "$ps")" -v a="$(bench_anon "$ps")" -v f="$failed" -v l="$left" \
	'BEGIN { printf "rate %.2f cpu_ms %.3f rss_sun %d anon_sun %d failed %d left %d\n", n / s, c * 1000 / hz / n, r, a, f, l }'
LAB_FAILURES=0
lab_done >/dev/null
