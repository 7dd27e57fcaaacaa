#!/bin/bash
# One measurement of testing/bench: M IKE_SA_INITs with a proposal sun does
# not accept (sun has a connection for their sources, 10.64.0.0/10, with
# other proposals) from NSRC spoofed addresses at RATE/s against sun;
# VPNDIAG_LOAD=yes|no. LAB_VPNDIAG_sun may set history caps.
#   flood-cpu.sh M NSRC RATE
#   -> "cpu <s> anon_growth <kB> rss_growth <kB> anon <kB> failures <n> records <n>"
# cpu: utime + stime of sun's charon (all threads) from before the flood
# until its log is quiet; anon: RssAnon (heap, stacks, anonymous maps) of
# sun's charon after it, growth: the change during the flood.
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
M=$1 NSRC=$2 RATE=$3
lab_init >/dev/null
bench_loglevels
bench_flood_prepare
lab_net_up >/dev/null
bench_flood_route
lab_start moon sun >/dev/null
lab_load moon sun
pid=${LAB_PID[charon-sun]}
sleep 1
c0=$(bench_ticks "$pid") a0=$(bench_anon "$pid") r0=$(bench_rss "$pid")
bench_flood "$M" "$NSRC" "$RATE" >/dev/null
bench_quiet "$LAB/sun/charon.log"
c1=$(bench_ticks "$pid") a1=$(bench_anon "$pid") r1=$(bench_rss "$pid")
fails=$(grep -c 'received proposals: IKE:AES_CBC_256/HMAC_SHA2_384_192' "$LAB/sun/charon.log" || true)
records=-
if [[ $VPNDIAG_LOAD == yes ]]; then
	records=$(lab_vpndiag sun --counters --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
fi
awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v ga=$((a1 - a0)) -v gr=$((r1 - r0)) -v a="$a1" \
	-v f="$fails" -v n="$records" \
	'BEGIN { printf "cpu %.2f anon_growth %d rss_growth %d anon %d failures %d records %s\n", c / hz, ga, gr, a, f, n }'
LAB_FAILURES=0
lab_done >/dev/null
