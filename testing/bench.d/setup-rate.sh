#!/bin/bash
# One measurement of testing/bench: moon sets up and tears down N IKE_SAs
# (MODE ike or child) to sun over VICI, one after the other, with EXTRA
# configured dummy connections on both sides; VPNDIAG_LOAD=yes|no decides
# whether vpndiag is loaded (both gateways load it or neither does).
#   setup-rate.sh N MODE EXTRA
#   -> "rate <cycles/s> cpu_ms <CPU ms of both charons per cycle>
#       rss_sun <kB> anon_sun <kB> failed <n> left <IKE_SAs still up on sun>"
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=$1 MODE=$2 EXTRA=${3:-0}
lab_init >/dev/null
bench_extra_conns "$EXTRA"
bench_loglevels
lab_up >/dev/null
pm=${LAB_PID[charon-moon]} ps=${LAB_PID[charon-sun]}
python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" 3 "$MODE" >/dev/null # warm-up
c0=$(($(bench_ticks "$pm") + $(bench_ticks "$ps")))
read -r _ secs _ failed < <(python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" "$N" "$MODE")
left=$(lab_swanctl sun --list-sas 2>/dev/null | grep -cE "^[^ ].*: #[0-9]+, " || true)
c1=$(($(bench_ticks "$pm") + $(bench_ticks "$ps")))
awk -v n="$N" -v s="$secs" -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" \
	-v r="$(bench_rss "$ps")" -v a="$(bench_anon "$ps")" -v f="$failed" -v l="$left" \
	'BEGIN { printf "rate %.2f cpu_ms %.3f rss_sun %d anon_sun %d failed %d left %d\n", n / s, c * 1000 / hz / n, r, a, f, l }'
LAB_FAILURES=0
lab_done >/dev/null
