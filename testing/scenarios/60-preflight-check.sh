#!/bin/bash
# vpndiag --check (issue 20, contract 8): the preflight on a real charon
# with configs loaded through swanctl.
#  - a clean configuration (gw with start_action = trap): no finding, exit 0
#  - then one connection per kind of finding on the same charon: each
#    finding asserted by (conn, check) from --check --json, nothing else
#    found; exit 4 (errors); --check CONN with warnings only exits 0;
#    an unknown connection exits 1, a bad option 2
# Only moon runs: every check reads moon's own configuration, credentials,
# addresses and routes.
set -euo pipefail
source "$(dirname "$0")/../lib/lab.sh"
[[ -x $VPNDIAG_CLI ]] || lab_die "CLI $VPNDIAG_CLI not built (run testing/build)"
lab_init
lab_pki
# two more certificates: one expiring in 10 days, one whose key is not loaded
(
	cd "$LAB/pki"
	for n in soon nokey; do
		pki --gen --type ecdsa --size 256 --outform pem >"$n.key" 2>/dev/null
	done
	pki --pub --in soon.key --type ecdsa | pki --issue --cacert ca.crt --cakey ca.key \
		--dn "C=CH, O=Lab, CN=moon.lab" --san moon.lab --lifetime 10 --outform pem >soon.crt
	pki --pub --in nokey.key --type ecdsa | pki --issue --cacert ca.crt --cakey ca.key \
		--dn "C=CH, O=Lab, CN=nokey.lab" --san nokey.lab --outform pem >nokey.crt
) 2>/dev/null || lab_die "building the extra certificates failed"
d=$LAB/moon/swanctl
cp "$LAB/pki/ca.crt" "$d/x509ca/"
cp "$LAB/pki/"{moon,moon-expired,soon,nokey}.crt "$d/x509/"
cp "$LAB/pki/moon.key" "$d/ecdsa/moon.key"
cp "$LAB/pki/moon-expired.key" "$d/ecdsa/moon-expired.key"
cp "$LAB/pki/soon.key" "$d/ecdsa/soon.key"

lab_set moon net.start_action trap

check() { # name [args]: JSON in $LAB/check-<name>.json, exit code in CRC
	local name=$1
	shift
	CRC=0
	lab_vpndiag moon --check "$@" --json >"$LAB/check-$name.json" 2>"$LAB/check-$name.err" || CRC=$?
	lab_log "check $name (${*:-all}): rc $CRC, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]), "findings")' "$LAB/check-$name.json" 2>&1)"
}
pairs() { # name: "conn check" lines, sorted
	python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["findings"]: print(f["conn"], f["check"])' "$LAB/check-$1.json" | sort
}

# --- a clean configuration ---------------------------------------------------
# conn <name> <remote_addrs> <n> [gw keys] [-- local keys] [-- remote keys] [-- child keys]
conn() {
	local name=$1 peer=$2 n=$3 part=gw gw= loc= rem= child= kv
	shift 3
	for kv in "$@"; do
		if [[ $kv == -- ]]; then
			case $part in gw) part=loc ;; loc) part=rem ;; rem) part=child ;; esac
			continue
		fi
		printf -v "$part" '%s\n      %s' "${!part}" "$kv"
	done
	cat <<CONN
  $name {
    version = 2
    remote_addrs = $peer
    proposals = aes128-sha256-x25519$gw
    local {
      auth = psk
      id = moon.lab$loc
    }
    remote {
      auth = psk
      id = peer-$n.lab$rem
    }
    children {
      net {
        local_ts = 10.100.$n.0/24
        remote_ts = 10.200.$n.0/24
        esp_proposals = aes128gcm16
        start_action = trap$child
      }
    }
  }
CONN
}
# gw (start_action = trap) and a connection with strongSwan's default
# proposals (which offer 3DES and SHA1 as PRF after the strong algorithms)
LAB_CONNS_moon="$(conn dflt 192.0.2.40 40 "proposals = default" -- -- -- "esp_proposals = default")"
lab_net_up
lab_start moon
lab_load moon
check clean
lab_check "clean configuration: exit 0" test "$CRC" = 0
lab_check "clean configuration: no findings" test "$(pairs clean)" = ""
lab_check "clean: the JSON is {\"findings\": []}" \
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == {"findings": []}' "$LAB/check-clean.json"

# --- one connection per kind of finding (dflt and gw stay) -------------------
LAB_CONNS_moon="$LAB_CONNS_moon
$(
	conn weak 192.0.2.11 11 "proposals = 3des-sha1-modp1024"
	conn nocrypto 192.0.2.12 12 "proposals = twofish128-sha256-modp2048"
	conn aggr 192.0.2.13 13 "version = 1" "aggressive = yes"
	conn idle 192.0.2.14 14 -- -- -- "start_action = none"
	conn once 192.0.2.15 15 "keyingtries = 1" "dpd_delay = 30s" -- -- -- "dpd_action = restart"
	conn rw %any 16 "unique = keep" -- -- "id = %any" -- "start_action = none"
	conn nofrag 192.0.2.17 17 "fragmentation = no"
	conn nopsk 192.0.2.18 18 -- "id = lonely.lab"
	conn nocert 192.0.2.19 19 -- "auth = pubkey" "id = ghost.lab"
	conn nokey 192.0.2.20 20 -- "auth = pubkey" "id = nokey.lab" "certs = nokey.crt"
	conn expired 192.0.2.21 21 -- "auth = pubkey" "certs = moon-expired.crt"
	conn expiring 192.0.2.22 22 -- "auth = pubkey" "certs = soon.crt"
	conn certid 192.0.2.23 23 -- "auth = pubkey" "id = other.lab" "certs = moon.crt"
	conn noca 192.0.2.24 24 -- -- "auth = pubkey" "ca_id = \"C=CH, O=Nope, CN=Missing CA\""
	conn badlocal 192.0.2.25 25 "local_addrs = 192.0.2.99"
	conn noroute 198.51.100.1 26
	conn same-a 192.0.2.27 27 -- -- -- "local_ts = 10.50.0.0/16" "remote_ts = 10.60.0.0/16"
	conn same-b 192.0.2.28 28 -- -- -- "local_ts = 10.50.0.0/16" "remote_ts = 10.60.0.0/16"
	conn wide 192.0.2.29 29 -- -- -- "local_ts = 10.70.0.0/16" "remote_ts = 10.80.0.0/16"
	conn narrow 192.0.2.30 30 -- -- -- "local_ts = 10.70.1.0/24" "remote_ts = 10.80.0.0/16"
	conn dup-a 192.0.2.31 31
	conn dup-b 192.0.2.31 31 -- -- -- "local_ts = 10.100.131.0/24" "remote_ts = 10.200.131.0/24"
)"
lab_load moon
assert_charon_log moon "added vici connection: dup-b"

check all
expected="aggr aggressive-psk
badlocal local-addr-not-local
certid cert-id-mismatch
dup-a duplicate-identity
dup-b duplicate-identity
expired cert-expired
expiring cert-expiring
idle nothing-initiates
narrow ts-overlap
noca ca-missing
nocert cert-missing
nocrypto algorithm-unavailable
nofrag fragmentation-off
nokey key-missing
nopsk psk-missing
noroute no-route-to-peer
once restart-single-try
rw unique-keep-any
same-a ts-conflict
same-b ts-conflict
weak weak-algorithm
wide ts-overlap"
got=$(pairs all)
if [[ $got == "$expected" ]]; then
	lab_log "ok: every kind of finding, each on its connection, nothing else"
else
	lab_error "findings differ: $(diff <(echo "$expected") <(echo "$got") | grep '^[<>]' | tr '\n' ';')"
fi
lab_check "errors found: exit 4" test "$CRC" = 4
lab_check "errors are listed first" python3 -c 'import json,sys
s = [f["severity"] for f in json.load(open(sys.argv[1]))["findings"]]
assert s == sorted(s, key=["error", "warning", "note"].index), s' "$LAB/check-all.json"
lab_check "every finding has the contract's keys" python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["findings"]:
    assert all(f.get(k) for k in ("severity", "conn", "check", "detail", "setting", "remedy")), f' "$LAB/check-all.json"
field() { # name conn key
	python3 -c 'import json,sys
print([f for f in json.load(open(sys.argv[1]))["findings"] if f["conn"] == sys.argv[2]][0].get(sys.argv[3]))' "$LAB/check-$1.json" "$2" "$3"
}
lab_check "weak: 3DES, SHA1 as PRF and MODP_1024 named" \
	bash -c '[[ $1 == *3DES_CBC* && $1 == *PRF_HMAC_SHA1* && $1 == *MODP_1024* ]]' _ "$(field all weak detail)"
lab_check "nocrypto: TWOFISH_CBC is not provided" \
	bash -c '[[ $1 == *TWOFISH_CBC* ]]' _ "$(field all nocrypto detail)"
lab_check "idle: the setting names the child's start_action and auto" \
	test "$(field all idle setting)" = "connections.idle.children.net.start_action (ipsec.conf auto)"
lab_check "idle: nothing initiates this connection" \
	bash -c '[[ $1 == "nothing initiates this connection"* ]]' _ "$(field all idle detail)"
lab_check "expiring: 10 days or less" \
	bash -c '[[ $1 == *"expires in "[0-9]" days"* || $1 == *"expires in 10 days"* ]]' _ "$(field all expiring detail)"
lab_check "nopsk: the identities are named" \
	bash -c '[[ $1 == *"lonely.lab"*"peer-18.lab"* ]]' _ "$(field all nopsk detail)"
lab_check "same-a: the seed's flow confict" test "$(field all same-a code)" = "flow confict"
lab_check "wide: the seed's flow overlap" test "$(field all wide code)" = "flow overlap"
lab_check "remedy names the command" \
	bash -c '[[ $1 == *"swanctl --load-conns"* ]]' _ "$(field all nofrag remedy)"
assert_log moon "vpndiag: preflight check: 22 findings"

# one connection: its findings only; warnings only exit 0
check idle idle
lab_check "--check idle: one finding" test "$(pairs idle)" = "idle nothing-initiates"
lab_check "--check idle (a warning): exit 0" test "$CRC" = 0
check pair same-b
lab_check "--check same-b: the conflict with same-a" test "$(pairs pair)" = "same-b ts-conflict"
lab_check "--check same-b (an error): exit 4" test "$CRC" = 4
check gw gw
lab_check "--check gw: no findings, exit 0" test "$(pairs gw):$CRC" = ":0"
check nosuch nosuch
lab_check "unknown connection: exit 1" test "$CRC" = 1
lab_check "unknown connection: says so" grep -q "no connection named 'nosuch'" "$LAB/check-nosuch.err"
CRC=0
lab_vpndiag moon --check --bogus >/dev/null 2>&1 || CRC=$?
lab_check "bad option: exit 2" test "$CRC" = 2

# the human output (README and vpndiag(8) show it)
HRC=0
lab_vpndiag moon --check >"$LAB/moon/check.txt" 2>&1 || HRC=$?
lab_check "human output: exit 4" test "$HRC" = 4
lab_check "human output: the summary" grep -qE '^[0-9]+ error\(s\), [0-9]+ warning\(s\), 0 note\(s\)$' "$LAB/moon/check.txt"
lab_vpndiag moon --check --raw >"$LAB/moon/check-raw.txt" 2>&1 || true
lab_check "raw output: vpndiag-finding events and the reply" \
	bash -c 'grep -q "vpndiag-finding event" "$1" && grep -q "vpndiag-check reply" "$1"' _ "$LAB/moon/check-raw.txt"
CRC=0
lab_vpndiag moon --check idle >"$LAB/moon/check-idle.txt" 2>&1 || CRC=$?
lab_check "human output of --check idle: exit 0, the finding in full" \
	bash -c '[[ $1 == 0 ]] && grep -q "^warning idle/net  *nothing-initiates$" "$2" &&
		grep -q "^  setting: connections.idle.children.net.start_action" "$2"' _ "$CRC" "$LAB/moon/check-idle.txt"
# README and vpndiag(8): every finding's first line, and one in full
if [[ -n ${VPNDIAG_RESULTS_DIR:-} ]]; then
	mkdir -p "$VPNDIAG_RESULTS_DIR/moon"
	{
		echo '```'
		echo "\$ vpndiag --check | grep -E '^(error|warning|note) |^[0-9]'"
		grep -E '^(error|warning|note) |^[0-9]' "$LAB/moon/check.txt"
		echo '$ vpndiag --check >/dev/null; echo $?'
		echo "$HRC"
		echo '$ vpndiag --check idle'
		cat "$LAB/moon/check-idle.txt"
		echo '```'
	} >"$VPNDIAG_RESULTS_DIR/moon/check.md"
fi
lab_done
