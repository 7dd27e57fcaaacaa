#!/bin/bash
# One measurement of testing/bench: the cost of one `vpndiag --metrics`
# request inside charon. sun's charon runs under valgrind --tool=callgrind
# with EXTRA more configured connections and a history of RECORDS records
# (a flood of failed IKE_SA_INITs from RECORDS addresses; history caps
# raised to hold them all). Counters
# are zeroed, then N requests of the CLI run and the counters are dumped.
# Prints "metrics ir_per_request <vpndiag-metrics inclusive: command,
# streamed events, response> total_per_request <all of charon's threads>
# conns <connections in the output> records <records held>".
#   metrics-cost.sh N RECORDS EXTRA
# BENCH_CALLGRIND_OUT=FILE keeps the callgrind output.
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
source "$(dirname "$0")/common.sh"
N=${1:-10} RECORDS=${2:-1000} EXTRA=${3:-100}
command -v valgrind >/dev/null || lab_skip "valgrind not installed"
[[ $VPNDIAG_LOAD == yes ]] || lab_skip "needs vpndiag"
lab_init >/dev/null
OUT=$LAB/callgrind.out
cat >"$LAB/callgrind-charon" <<EOT
#!/bin/sh
LD_BIND_NOW=1 exec valgrind --tool=callgrind --callgrind-out-file=$OUT /usr/lib/ipsec/charon
EOT
chmod +x "$LAB/callgrind-charon"
LAB_DAEMON_sun=$LAB/callgrind-charon
VPNDIAG_PRELOAD="/usr/lib/ipsec/libstrongswan.so.0 /usr/lib/ipsec/libcharon.so.0 $VPNDIAG_PLUGIN"
LAB_START_TIMEOUT=120
LAB_VPNDIAG_sun="      history { max_records = $RECORDS
        max_unattributed = $RECORDS
        per_conn = $RECORDS
        flood_threshold = 0 }"
bench_loglevels
bench_flood_prepare
bench_extra_conns "$EXTRA"
lab_net_up >/dev/null
bench_flood_route
lab_start moon sun >/dev/null
lab_load moon sun
pid=${LAB_PID[charon-sun]}
bench_flood "$RECORDS" "$RECORDS" 100 >/dev/null
bench_quiet "$LAB/sun/charon.log" 3
lab_vpndiag sun --metrics >"$LAB/warmup.prom"
callgrind_control -z "$pid" >/dev/null 2>&1
for ((i = 0; i < N; i++)); do
	lab_vpndiag sun --metrics >"$LAB/metrics.prom"
done
callgrind_control -d metrics "$pid" >/dev/null 2>&1
[[ -s $OUT.1 ]] || lab_die "no callgrind dump $OUT.1"
records=$(sed -n 's/^vpndiag_records //p' "$LAB/metrics.prom")
conns=$(grep -c '^vpndiag_connection_up{' "$LAB/metrics.prom" || true)
python3 - "$OUT.1" "$N" "$conns" "$records" <<'EOP'
import re, subprocess, sys
path, n, conns, records = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                     capture_output=True, text=True).stdout
total = incl = 0
for line in out.splitlines():
    m = re.match(r"\s*([\d,]+) .*PROGRAM TOTALS", line)
    if m:
        total = int(m.group(1).replace(",", ""))
    m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*vpndiag_metrics\.c:(cmd_metrics|next|finish|stream_destroy) ", line)
    if m:
        incl += int(m.group(1).replace(",", ""))
print("metrics ir_per_request %d total_per_request %d conns %s records %s"
      % (incl / n, total / n, conns, records))
EOP
[[ -n ${BENCH_CALLGRIND_OUT:-} ]] && cp "$OUT.1" "$BENCH_CALLGRIND_OUT"
LAB_FAILURES=0
lab_done >/dev/null
