#!/bin/bash
# One measurement of testing/bench: sun's charon runs under
# valgrind --tool=callgrind (instruction counts do not depend on the
# machine's load); VPNDIAG_LOAD=yes|no. Counters are zeroed after start-up,
# then dumped after each phase:
#   1. moon sets up and tears down N tunnels (IKE_SA + CHILD_SA) to sun
#   2. K IKE_SA_INITs with a proposal mismatch from K other addresses
# Prints "phase cycles ir_per_op <sun's instructions per cycle>",
# "phase flood ir_per_op <per failed IKE_SA_INIT>" and, with vpndiag,
# callgrind-hooks.py's summary of both phases: instructions per call of
# vpndiag's bus hooks (inclusive: what charon's threads pay under the bus
# lock) and of the worker per event. Symbols are bound at load
# (LD_BIND_NOW) so that lazy binding does not count.
# BENCH_CALLGRIND_OUT=PREFIX keeps the callgrind outputs (PREFIX.1, .2).
# Before counting, BENCH_WARMUP (default 15) cycles: the first IKE work of
# each of charon's threads instantiates its per-thread state (OpenSSL's
# DRBG, EVP_RAND_instantiate(), ~32 000 instructions per thread); after
# only 3 cycles a thread or two more or fewer doing that inside the count
# moved the run without vpndiag between 3 690 960 and 3 710 244 per cycle.
#   hook-cost.sh N K [EXTRA]    (EXTRA more configured connections)
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=${1:-20} K=${2:-200} EXTRA=${3:-0}
command -v valgrind >/dev/null || lab_skip "valgrind not installed"
lab_init >/dev/null
OUT=$LAB/callgrind.out
cat >"$LAB/callgrind-charon" <<EOT
#!/bin/sh
LD_BIND_NOW=1 exec valgrind --tool=callgrind --callgrind-out-file=$OUT /usr/lib/ipsec/charon
EOT
chmod +x "$LAB/callgrind-charon"
LAB_DAEMON_sun=$LAB/callgrind-charon
# the preload applies to the wrapper and valgrind too: give them the
# libraries the plugin needs
[[ $VPNDIAG_LOAD == yes ]] &&
	VPNDIAG_PRELOAD="/usr/lib/ipsec/libstrongswan.so.0 /usr/lib/ipsec/libcharon.so.0 $VPNDIAG_PLUGIN"
LAB_START_TIMEOUT=120
# under callgrind charon handles the flood some 50 times slower than the
# 100/s it is sent at: a flood threshold of 1 failure per second (by the
# hooks' time, as charon raised them) puts vpndiag into flood mode as the
# default of 50/s does at the real rate (docs/performance.md, method)
LAB_VPNDIAG_sun="${LAB_VPNDIAG_sun:-}
      history { flood_threshold = ${BENCH_FLOOD_THRESHOLD:-1} }"
bench_loglevels
bench_flood_prepare
bench_extra_conns "$EXTRA"
lab_net_up >/dev/null
bench_flood_route
lab_start moon sun >/dev/null
lab_load moon sun
pid=${LAB_PID[charon-sun]}
python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" "${BENCH_WARMUP:-15}" child >/dev/null # warm-up (BENCH_WARMUP)
bench_flood 20 20 50 >/dev/null
bench_quiet "$LAB/sun/charon.log" 3
callgrind_control -z "$pid" >/dev/null 2>&1
python3 "$BENCH_D/cycle.py" "$LAB/moon/charon.vici" "$N" child >/dev/null
bench_quiet "$LAB/sun/charon.log" 3
callgrind_control -d cycles "$pid" >/dev/null 2>&1
bench_flood "$K" "$K" 100 >/dev/null
bench_quiet "$LAB/sun/charon.log" 3
callgrind_control -d flood "$pid" >/dev/null 2>&1
for f in "$OUT".1 "$OUT".2; do
	[[ -s $f ]] || lab_die "no callgrind dump $f"
done
for p in "cycles 1 $N" "flood 2 $K"; do
	read -r name i n <<<"$p"
	python3 "$BENCH_D/callgrind-hooks.py" "$OUT.$i" | awk -v p="$name" -v n="$n" \
		'$1 == "total" { printf "phase %s ir_per_op %.0f\n", p, $3 / n }'
done
[[ $VPNDIAG_LOAD == yes ]] && python3 "$BENCH_D/callgrind-hooks.py" "$OUT".1 "$OUT".2 | grep -v '^total'
if [[ -n ${BENCH_CALLGRIND_OUT:-} ]]; then
	cp "$OUT".1 "$BENCH_CALLGRIND_OUT.1"
	cp "$OUT".2 "$BENCH_CALLGRIND_OUT.2"
fi
LAB_FAILURES=0
lab_done >/dev/null
