#!/bin/bash
# Metrics on a fleet's engines (issue 23): on sun, the Debian package's
# metrics service command (ExecStart of vpndiag-metrics.service, run every
# second as its timer would, with the lab's paths) writes `vpndiag --metrics`
# into a textfile directory; a real prometheus-node-exporter in sun's
# namespace (textfile collector, 192.0.2.2:9100) serves it; a real
# Prometheus in moon's namespace (192.0.2.1:9090, scratch TSDB) scrapes it
# with a copy of docs/prometheus/vpndiag.rules.yml whose `for:` is 1 s.
#  - promtool check metrics accepts the file (before and after a failure)
#  - no alert before the failure; after moon initiates with a wrong
#    pre-shared key, VpndiagConnectionDown fires (Prometheus's HTTP API) with
#    conn="gw", code="authentication fail", code_id="auth-fail",
#    cause="psk-mismatch", and the failure counter is in the TSDB
#  - the counters survive a restart of charon (the state file)
#  - with a state file that cannot be written, vpndiag_healthy is 0
# vpndiag-timeout: 150
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
for t in prometheus prometheus-node-exporter promtool python3; do
	command -v "$t" >/dev/null || lab_skip "$t not installed (run testing/setup)"
done
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
UNIT=$LAB_REPO/debian/strongswan-vpndiag.vpndiag-metrics.service
RULES=$LAB_REPO/docs/prometheus/vpndiag.rules.yml
lab_init
EV=${VPNDIAG_RESULTS_DIR:-$LAB}
mkdir -p "$EV" "$LAB/textfile" "$LAB/prom/data"
lab_set sun ike-gw.secret "\"wrong-secret-9876543210\""
lab_up

# the service's command, with the lab's CLI, directory and socket
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
[[ $exec_start == "/usr/sbin/vpndiag --metrics --output /var/lib/prometheus/node-exporter/vpndiag.prom" ]] ||
	lab_error "unexpected ExecStart in $UNIT: $exec_start"
read -r -a cmd <<<"${exec_start//\/var\/lib\/prometheus\/node-exporter/$LAB/textfile}"
cmd[0]=$VPNDIAG_CLI
cmd+=(--uri "unix://$LAB/sun/vpndiag.vici")
PROM_FILE=$LAB/textfile/vpndiag.prom
"${cmd[@]}" || lab_die "the service's command failed: ${cmd[*]}"
lab_check "the service's command wrote $PROM_FILE (mode 644)" test "$(stat -c %a "$PROM_FILE")" = 644
cp "$PROM_FILE" "$EV/vpndiag-before.prom"
lab_check "promtool check metrics accepts the output (no failure yet)" \
	bash -c 'promtool check metrics <"$1" >"$2" 2>&1' _ "$PROM_FILE" "$EV/promtool-before.txt"
lab_check "no temporary file left beside it" test "$(ls "$LAB/textfile")" = vpndiag.prom
# the timer: every second
(while sleep 1; do "${cmd[@]}" 2>>"$LAB/metrics-timer.err" || true; done) &
_lab_track metrics-timer $!

ip netns exec "$NS_SUN" prometheus-node-exporter --web.listen-address=192.0.2.2:9100 \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$LAB/textfile" >"$LAB/node-exporter.log" 2>&1 </dev/null &
_lab_track node-exporter $!

sed -E 's/^( *for:) .*/\1 1s/' "$RULES" >"$LAB/prom/vpndiag.rules.yml"
cat >"$LAB/prom/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $LAB/prom/vpndiag.rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['192.0.2.2:9100']
EOC
ip netns exec "$NS_MOON" prometheus --config.file="$LAB/prom/prometheus.yml" \
	--storage.tsdb.path="$LAB/prom/data" --web.listen-address=192.0.2.1:9090 \
	--storage.tsdb.retention.time=1h >"$LAB/prometheus.log" 2>&1 </dev/null &
_lab_track prometheus $!

# query Prometheus's HTTP API from sun's namespace, as a central server
# would (over the veth): api PATH [key=value...]
api() {
	local path=$1
	shift
	ip netns exec "$NS_SUN" python3 - "$path" "$@" <<'EOP'
import json, sys, urllib.parse, urllib.request
url = "http://192.0.2.1:9090" + sys.argv[1]
if len(sys.argv) > 2:
    url += "?" + urllib.parse.urlencode([tuple(a.split("=", 1)) for a in sys.argv[2:]])
print(json.dumps(json.load(urllib.request.urlopen(url, timeout=5))))
EOP
}
# wait until a python expression over the answer d is true: wait_api T EXPR PATH [ARGS]
wait_api() {
	local t=$1 expr=$2 i
	shift 2
	for ((i = 0; i < t * 2; i++)); do
		api "$@" 2>/dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($expr) else 1)" && return 0
		sleep 0.5
	done
	return 1
}
up_expr='any(r["value"][1] == "1" for r in d["data"]["result"])'
wait_api 40 "$up_expr" /api/v1/query 'query=up{job="node"}' || lab_die "Prometheus does not scrape the node exporter: $(tail -n 5 "$LAB/prometheus.log")"
lab_log "Prometheus scrapes sun's node exporter"
wait_api 10 'len(d["data"]["result"]) > 0' /api/v1/query 'query=vpndiag_healthy' ||
	lab_error "vpndiag_healthy not scraped"
lab_check "rules loaded (5 rules)" wait_api 10 \
	'sum(len(g["rules"]) for g in d["data"]["groups"]) == 5' /api/v1/rules
sleep 3
api /api/v1/alerts >"$EV/alerts-before.json"
lab_check "no alert before the failure" python3 -c \
	'import json,sys; a=json.load(open(sys.argv[1]))["data"]["alerts"]; sys.exit(1 if a else 0)' "$EV/alerts-before.json"

lab_initiate moon net 30
lab_check "initiate failed" test "$LAB_RC" != 0
assert_record_cause sun auth-fail psk-mismatch

firing='any(a["state"] == "firing" and a["labels"]["alertname"] == "VpndiagConnectionDown" and a["labels"].get("conn") == "gw" and a["labels"].get("code_id") == "auth-fail" for a in d["data"]["alerts"])'
lab_check "VpndiagConnectionDown fires for gw" wait_api 30 "$firing" /api/v1/alerts
api /api/v1/alerts >"$EV/alerts-after.json"
python3 - "$EV/alerts-after.json" >"$EV/alert-labels.txt" <<'EOP'
import json, sys
for a in json.load(open(sys.argv[1]))["data"]["alerts"]:
    if a["labels"]["alertname"] == "VpndiagConnectionDown":
        print(" ".join("%s=%s" % kv for kv in sorted(a["labels"].items())), a["state"])
EOP
lab_log "alert: $(cat "$EV/alert-labels.txt")"
lab_check "the alert carries code, code_id, cause and the node's instance" grep -qE \
	'^alertname=VpndiagConnectionDown cause=psk-mismatch code=authentication fail code_id=auth-fail conn=gw instance=192.0.2.2:9100 job=node severity=critical firing$' \
	"$EV/alert-labels.txt"
cp "$PROM_FILE" "$EV/vpndiag-after.prom"
lab_check "promtool check metrics accepts the output after the failure" \
	bash -c 'promtool check metrics <"$1" >"$2" 2>&1' _ "$PROM_FILE" "$EV/promtool-after.txt"
lab_check "the file counts the failure" grep -qx \
	'vpndiag_failures_total{code_id="auth-fail",cause="psk-mismatch",conn="gw"} 1' "$PROM_FILE"
lab_check "Prometheus holds the failure counter" wait_api 10 \
	'any(r["value"][1] == "1" for r in d["data"]["result"])' /api/v1/query \
	'query=vpndiag_failures_total{conn="gw",code_id="auth-fail",cause="psk-mismatch"}'
lab_check "connection gw is down, state down" grep -qx 'vpndiag_connection_state{conn="gw",state="down"} 1' "$PROM_FILE"
lab_check "vpndiag is healthy" grep -qx 'vpndiag_healthy 1' "$PROM_FILE"

# the counters survive a restart of charon (state file)
_lab_kill metrics-timer
lab_stop sun
lab_start sun
lab_load sun
"${cmd[@]}" || lab_error "metrics after the restart failed"
cp "$PROM_FILE" "$EV/vpndiag-restarted.prom"
lab_check "after a restart of charon the failure counter is still 1" grep -qx \
	'vpndiag_failures_total{code_id="auth-fail",cause="psk-mismatch",conn="gw"} 1' "$PROM_FILE"
lab_check "and the latest failure" grep -qE \
	'^vpndiag_last_failure_info\{conn="gw",code="authentication fail",code_id="auth-fail",cause="psk-mismatch"\} 1$' "$PROM_FILE"
# a state file that cannot be written: unhealthy
lab_stop sun
LAB_VPNDIAG_sun="      state_file = $LAB/no-such-dir/vpndiag.state"
lab_start sun
lab_load sun
"${cmd[@]}" || lab_error "metrics with an unwritable state file failed"
cp "$PROM_FILE" "$EV/vpndiag-unwritable.prom"
lab_check "an unwritable state file: vpndiag_state_file_writable 0" grep -qx 'vpndiag_state_file_writable 0' "$PROM_FILE"
lab_check "an unwritable state file: vpndiag_healthy 0" grep -qx 'vpndiag_healthy 0' "$PROM_FILE"
cp "$LAB/prometheus.log" "$LAB/node-exporter.log" "$EV/" 2>/dev/null || true
lab_done
