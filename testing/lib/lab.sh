# vpndiag end-to-end lab: two Debian charon daemons, moon (192.0.2.1,
# LAN 10.1.0.0/16) and sun (192.0.2.2, LAN 10.2.0.0/16), each in its own
# network namespace with a private /run. See docs in testing/README.md.
#
# Usage in a scenario script:
#   source "$(dirname "$0")/../lib/lab.sh"
#   lab_init                       # names, scratch dir, cleanup trap
#   lab_set moon gw.proposals aes256-sha384-x25519    # swanctl.conf overrides
#   lab_up                         # namespaces, both daemons, configs loaded
#   lab_initiate                   # moon initiates child "net"; rc in LAB_RC
#   assert_failure_codes moon p1-proposal-mismatch
#   lab_done
#
# Environment:
#   VPNDIAG_LOAD=no         run without vpndiag (comparison runs); vpndiag
#                           assertions are then skipped
#   VPNDIAG_LOAD=installed  load plugins the way a gateway does: load_modular
#                           with /etc/strongswan.d/charon/*.conf, so the
#                           installed vpndiag.conf decides (no LD_PRELOAD)
#   LAB_EXPECT_LOADED=no    do not assert that vpndiag shows in loaded plugins
#   VPNDIAG_PLUGIN=FILE     plugin to preload (default: the build tree's)
#   VPNDIAG_CLI=FILE        the vpndiag CLI (default: the build tree's)
#   VPNDIAG_PRELOAD="LIBS"  what charon preloads instead of the plugin alone
#                           (sanitizer runtime + plugin, testing/sanitize);
#                           sanitizer reports fail the scenario
#   VPNDIAG_RESULTS_DIR=D   copy logs and configs of the run there
#   VPNDIAG_RUN_DIR=D       runner's directory: started PIDs, namespaces and
#                           scratch dirs are recorded there (no-leftovers check)
#   VPNDIAG_KEEP=1          keep the scratch dir
#   VPNDIAG_TMPDIR=D        parent of the scratch dir (default /tmp; keep it
#                           short: unix socket paths are limited to 107 bytes)
#
# Scenario hooks (variables, <side> = moon or sun):
#   lab_set <moon|sun|both> <section>.<key> <value>   override/add a key in
#       swanctl.conf; sections: gw, local, remote, net, ike-gw (the secret);
#       value "-" deletes a baseline key
#   LAB_CONNS_<side>    extra connection blocks (after gw)
#   LAB_GW_<side>       extra sections inside gw (e.g. local-xauth { })
#   LAB_IPV6=1          also give the veths 2001:db8::1/64 (moon), ::2 (sun)
#   LAB_LANS=1          a LAN namespace behind each gateway instead of the
#                       /32 "LAN" addresses on the gateways' loopback:
#                       moon-lan 10.1.0.2/24 behind moon's lan-moon
#                       10.1.0.1/24, sun-lan 10.2.0.2/24 behind sun's
#                       lan-sun 10.2.0.1/24; the net child's selectors are
#                       these subnets and both gateways forward
#                       (lab_exec moon-lan|sun-lan ...)
#   LAB_SECRETS_<side>  extra secrets (after ike-gw)
#   LAB_POOLS_<side>    pool definitions
#   LAB_SWANCTL_<side>  complete swanctl.conf (replaces the generated one)
#   LAB_LOAD            charon.load plugin list without vpndiag
#   LAB_LOAD_<side>     that side's charon.load list instead of LAB_LOAD
#   LAB_CHARON_<side>   extra lines in the charon { } section
#   LAB_VPNDIAG_<side>  extra lines in charon.plugins.vpndiag { }
#   LAB_DAEMON_<side>   IKE daemon binary (default /usr/lib/ipsec/charon)
#   LAB_STRONGSWAN_<side>  prefix of another strongSwan build for the side
#                       (testing/strongswan6): its lib/ipsec/charon,
#                       lib/ipsec/error-notify and sbin/swanctl; vpndiag is
#                       then loaded from the prefix's plugin dir (as a
#                       gateway does, with 6.0.3+'s version check) unless
#                       VPNDIAG_PLUGIN_<side> is set
#   LAB_STRONGSWAN_PLUGIN_<side>  with LAB_STRONGSWAN_<side>: this .so is
#                       bind-mounted over the prefix's
#                       lib/ipsec/plugins/libstrongswan-vpndiag.so in charon's
#                       private mount namespace, so a shared strongSwan build
#                       (testing/strongswan6's cache) loads this checkout's
#                       plugin from its plugin dir; nothing outside changes
#   VPNDIAG_PLUGIN_<side>  plugin to preload on that side (VPNDIAG_PLUGIN)
#   LAB_START_TIMEOUT   seconds a daemon may take to open its vici socket (5)
#   LAB_SETTLE          seconds to wait for late records before asserting (0.5)

LAB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_CHARON=/usr/lib/ipsec/charon
LAB_EN_CLIENT=/usr/lib/ipsec/error-notify
: "${VPNDIAG_PLUGIN:=$LAB_REPO/.build/obj/src/plugins/vpndiag/.libs/libstrongswan-vpndiag.so}"
: "${VPNDIAG_LOAD:=yes}"
: "${VPNDIAG_CLI:=$LAB_REPO/.build/obj/src/cli/vpndiag}"
: "${LAB_LOAD:=random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 gmp aes sha1 sha2 hmac kdf kernel-libipsec kernel-netlink socket-default vici updown attr error-notify eap-identity eap-md5}"
: "${LAB_SETTLE:=0.5}"

declare -A LAB_CFG=()     # "side|section|key" -> value
declare -a LAB_CFG_KEYS=() # insertion order of the keys above
declare -A LAB_PID=()     # "charon-<side>" / "en-<side>" -> pid
declare -A LAB_START=()   # same keys -> /proc/<pid>/stat start time
LAB_FAILURES=0
LAB_SETTLED=0 # 1 after waiting LAB_SETTLE with no lab action since
LAB_TORN_DOWN=0
LAB_T0=${EPOCHREALTIME/./}

# --- messages ----------------------------------------------------------------

_lab_us() { echo "${EPOCHREALTIME/./}"; } # microseconds
_lab_t2us() { awk -v t="$1" 'BEGIN { printf "%d", t * 1000000 }'; }
lab_log() {
	local t=$(($(_lab_us) - LAB_T0))
	printf '[%3d.%02d] %s\n' $((t / 1000000)) $((t % 1000000 / 10000)) "$*"
}
lab_error() { lab_log "FAIL: $*"; LAB_FAILURES=$((LAB_FAILURES + 1)); }
# fatal setup error: stop the scenario
lab_die() { lab_log "ERROR: $*"; exit 1; }
lab_skip() { lab_log "SKIP: $*"; exit 77; }

# a daemon that crashed fails the scenario, whatever else was asserted
_lab_assert_no_crash() {
	local s
	for s in moon sun; do
		if grep -qE 'received critical signal|dumping [0-9]+ stack frame' "$LAB/$s/charon.log" 2>/dev/null; then
			lab_error "charon $s crashed"
			grep -E -A8 'thread [0-9]+ received|dumping' "$LAB/$s/charon.log" | head -n 20
		fi
	done
}

lab_done() {
	_lab_assert_no_crash
	local f
	for f in "$LAB"/moon/asan.* "$LAB"/sun/asan.* "$LAB"/moon/ubsan.* "$LAB"/sun/ubsan.* \
		"$LAB"/moon/charon.out "$LAB"/sun/charon.out; do
		[[ -e $f ]] || continue
		grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' "$f" || continue
		lab_error "sanitizer report ${f#$LAB/}: $(head -n 20 "$f")"
	done
	if ((LAB_FAILURES)); then
		lab_log "scenario $LAB_NAME FAILED ($LAB_FAILURES failed checks)"
		exit 1
	fi
	lab_log "scenario $LAB_NAME passed"
	exit 0
}

# --- setup -------------------------------------------------------------------

lab_init() {
	LAB_NAME=$(basename "$0" .sh)
	local id=${LAB_NAME%%-*}
	[[ $(id -u) == 0 ]] || lab_skip "needs root"
	local t
	for t in ip nft swanctl "$LAB_CHARON" "$LAB_EN_CLIENT"; do
		command -v "$t" >/dev/null || lab_skip "$t not installed (run testing/setup)"
	done
	if [[ $VPNDIAG_LOAD == yes && ! -f $VPNDIAG_PLUGIN ]]; then
		lab_die "plugin $VPNDIAG_PLUGIN not built (run testing/build, or VPNDIAG_LOAD=no)"
	fi
	NS_MOON=vd-$$-$id-moon
	NS_SUN=vd-$$-$id-sun
	mkdir -p "${VPNDIAG_TMPDIR:-/tmp}"
	LAB=$(mktemp -d "${VPNDIAG_TMPDIR:-/tmp}/vd-$id.XXXXXX")
	_lab_record dirs "$LAB"
	_lab_lock
	trap '_lab_exit' EXIT
	trap '_lab_signal 130' INT
	trap '_lab_signal 143' TERM
	local s
	for s in moon sun; do
		mkdir -p "$LAB/$s/run" "$LAB/$s/swanctl/"{conf.d,x509,x509ca,x509crl,private,pubkey,rsa,ecdsa,pkcs8,pkcs12,x509aa,x509ocsp,x509ac}
	done
	lab_log "scenario $LAB_NAME: lab $LAB, namespaces $NS_MOON $NS_SUN, vpndiag ${VPNDIAG_LOAD}"
}

# append a line to the runner's record file (pids, namespaces, dirs)
_lab_record() {
	[[ -n ${VPNDIAG_RUN_DIR:-} ]] || return 0
	echo "$2" >>"$VPNDIAG_RUN_DIR/started-$1"
}

# _lab_bin <side> <path in LAB_STRONGSWAN_<side>> <default>
_lab_bin() {
	local v="LAB_STRONGSWAN_$1"
	if [[ -n ${!v:-} ]]; then echo "${!v}/$2"; else echo "$3"; fi
}

_lab_ns() {
	case $1 in
		moon) echo "$NS_MOON" ;;
		moon-lan) echo "${NS_MOON}lan" ;;
		sun-lan) echo "${NS_SUN}lan" ;;
		*) echo "$NS_SUN" ;;
	esac
}
# run a command in a side's namespace
lab_exec() { local s=$1; shift; ip netns exec "$(_lab_ns "$s")" "$@"; }

# lab_lock_system: tests that change the machine's installed files (make
# install, packages) take this lock first, so parallel runs never overlap
VPNDIAG_SYSTEM_LOCK=/tmp/vpndiag-system.lock
lab_lock_system() {
	exec 9>>"$VPNDIAG_SYSTEM_LOCK"
	flock -w 600 9 || { echo "lock $VPNDIAG_SYSTEM_LOCK busy for 600 s" >&2; exit 1; }
}

# lab_vpndiag <side> --command [args...]: vpndiag's CLI against a side's socket
lab_vpndiag() { local s=$1; shift; "$VPNDIAG_CLI" "$@" --uri "unix://$LAB/$s/vpndiag.vici"; }

# A lab holds an exclusive flock on $VPNDIAG_LAB_LOCKS/<prefix>.lock for its
# whole life (the kernel drops it when the process dies, even by SIGKILL;
# daemons it started inherit it). Namespaces vd-<prefix>-moon/sun whose lock
# is free and with nothing running inside belong to a lab that was killed
# without its traps (timeout -k, a killed session) and are removed. Whether
# the pid in the name is alive is not asked: a runner in another pid
# namespace sees other pids.
VPNDIAG_LAB_LOCKS=${VPNDIAG_LAB_LOCKS:-/tmp/vpndiag-labs}
_lab_lock() {
	mkdir -p "$VPNDIAG_LAB_LOCKS"
	LAB_LOCK=$VPNDIAG_LAB_LOCKS/${NS_MOON%-moon}.lock
	exec {LAB_LOCK_FD}>"$LAB_LOCK"
	flock -n "$LAB_LOCK_FD" || lab_die "lab lock $LAB_LOCK held by another process"
}

_lab_reap_orphans() {
	local f n prefix lock
	for f in /run/netns/vd-*-*; do
		[[ -e $f ]] || continue
		n=${f##*/} prefix=${n%-*}
		lock=$VPNDIAG_LAB_LOCKS/$prefix.lock
		# no lock file: not a lab of this tree (or one from before locks);
		# a held lock (ours included): a live lab
		[[ -e $lock ]] || continue
		flock -n "$lock" true 2>/dev/null || continue
		[[ -z $(ip netns pids "$n" 2>/dev/null) ]] || continue
		ip netns del "$n" 2>/dev/null && lab_log "removed namespace $n of a lab that was killed (its lock was free)"
	done
	for lock in "$VPNDIAG_LAB_LOCKS"/vd-*.lock; do
		[[ -e $lock ]] || continue
		prefix=${lock##*/} prefix=${prefix%.lock}
		[[ ! -e /run/netns/$prefix-moon && ! -e /run/netns/$prefix-sun ]] || continue
		flock -n "$lock" true 2>/dev/null && rm -f "$lock"
	done
	return 0 # a lock held or a namespace another lab removed first is no error
}

lab_net_up() {
	_lab_reap_orphans
	_lab_record namespaces "$NS_MOON"
	_lab_record namespaces "$NS_SUN"
	ip netns add "$NS_MOON"
	ip netns add "$NS_SUN"
	ip link add veth-moon netns "$NS_MOON" type veth peer name veth-sun netns "$NS_SUN"
	ip -n "$NS_MOON" addr add 192.0.2.1/24 dev veth-moon
	ip -n "$NS_SUN" addr add 192.0.2.2/24 dev veth-sun
	local s
	for s in moon sun; do
		ip -n "$(_lab_ns $s)" link set "veth-$s" up
		ip -n "$(_lab_ns $s)" link set lo up
	done
	if [[ ${LAB_IPV6:-0} == 1 ]]; then
		ip -n "$NS_MOON" addr add 2001:db8::1/64 dev veth-moon nodad
		ip -n "$NS_SUN" addr add 2001:db8::2/64 dev veth-sun nodad
	fi
	if [[ ${LAB_LANS:-0} == 1 ]]; then
		_lab_lans_up
		return
	fi
	ip -n "$NS_MOON" addr add 10.1.0.1/32 dev lo
	ip -n "$NS_SUN" addr add 10.2.0.1/32 dev lo
}

# LAB_LANS=1: <gw>-lan namespaces with a host .2 behind each gateway's .1
_lab_lans_up() {
	local s gw lan net
	for s in moon sun; do
		gw=$(_lab_ns $s) lan=$(_lab_ns $s-lan) net=10.1.0
		[[ $s == sun ]] && net=10.2.0
		_lab_record namespaces "$lan"
		ip netns add "$lan"
		ip link add "lan-$s" netns "$gw" type veth peer name eth0 netns "$lan"
		ip -n "$gw" addr add "$net.1/24" dev "lan-$s"
		ip -n "$lan" addr add "$net.2/24" dev eth0
		ip -n "$gw" link set "lan-$s" up
		ip -n "$lan" link set eth0 up
		ip -n "$lan" link set lo up
		ip -n "$lan" route add default via "$net.1"
		ip netns exec "$gw" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
	done
}

# lab_set <moon|sun|both> <section>.<key> <value>
lab_set() {
	local sides=$1 path=$2 value=$3 s
	[[ $sides == both ]] && sides="moon sun"
	for s in $sides; do
		local k="$s|${path%%.*}|${path#*.}"
		[[ -v LAB_CFG[$k] ]] || LAB_CFG_KEYS+=("$k")
		LAB_CFG[$k]=$value
	done
}

# print "key = value" lines of one section: defaults (in order), overridden,
# then keys set by lab_set that the baseline lacks
_lab_section() {
	local s=$1 sec=$2 ind=$3 kv k v
	shift 3
	local -A seen=()
	for kv in "$@"; do
		k=${kv%%=*} v=${kv#*=}
		seen[$k]=1
		[[ -v LAB_CFG["$s|$sec|$k"] ]] && v=${LAB_CFG["$s|$sec|$k"]}
		[[ $v == - ]] || printf '%s%s = %s\n' "$ind" "$k" "$v"
	done
	for kv in "${LAB_CFG_KEYS[@]}"; do
		[[ $kv == "$s|$sec|"* ]] || continue
		k=${kv#"$s|$sec|"}
		[[ -v seen[$k] ]] && continue
		printf '%s%s = %s\n' "$ind" "$k" "${LAB_CFG[$kv]}"
	done
}

# the baseline swanctl.conf of lab.md with the overrides of this scenario
lab_swanctl_conf() {
	local s=$1 v="LAB_SWANCTL_$1"
	if [[ -n ${!v:-} ]]; then printf '%s\n' "${!v}"; return; fi
	local me=192.0.2.1 peer=192.0.2.2 id=moon.lab pid=sun.lab lts=10.1.0.0/16 rts=10.2.0.0/16
	[[ $s == sun ]] && me=192.0.2.2 peer=192.0.2.1 id=sun.lab pid=moon.lab lts=10.2.0.0/16 rts=10.1.0.0/16
	if [[ ${LAB_LANS:-0} == 1 ]]; then
		lts=${lts/\/16//24} rts=${rts/\/16//24}
	fi
	local conns="LAB_CONNS_$s" secrets="LAB_SECRETS_$s" pools="LAB_POOLS_$s"
	echo "connections {"
	echo "  gw {"
	_lab_section "$s" gw "    " version=2 local_addrs=$me remote_addrs=$peer \
		proposals=aes128-sha256-x25519 aggressive=no encap=no dpd_delay=0 \
		rekey_time=4h reauth_time=0 rand_time=0 unique=no vips= pools=
	echo "    local {"
	_lab_section "$s" local "      " auth=psk id=$id
	echo "    }"
	echo "    remote {"
	_lab_section "$s" remote "      " auth=psk id=$pid
	echo "    }"
	local gw="LAB_GW_$s"
	[[ -n ${!gw:-} ]] && printf '%s\n' "${!gw}"
	echo "    children {"
	echo "      net {"
	_lab_section "$s" net "        " local_ts=$lts remote_ts=$rts esp_proposals=aes128gcm16 \
		start_action=none dpd_action=clear close_action=none rekey_time=1h rand_time=0 mode=tunnel
	echo "      }"
	echo "    }"
	echo "  }"
	[[ -n ${!conns:-} ]] && printf '%s\n' "${!conns}"
	echo "}"
	echo "secrets {"
	echo "  ike-gw {"
	_lab_section "$s" ike-gw "    " id-1=moon.lab id-2=sun.lab 'secret="labsecret-0123456789"'
	echo "  }"
	[[ -n ${!secrets:-} ]] && printf '%s\n' "${!secrets}"
	echo "}"
	echo "pools {"
	[[ -n ${!pools:-} ]] && printf '%s\n' "${!pools}"
	echo "}"
}

lab_strongswan_conf() {
	local s=$1 d=$LAB/$1 load=$LAB_LOAD modular=no includes=
	local charon="LAB_CHARON_$1" vd="LAB_VPNDIAG_$1" side_load="LAB_LOAD_$1"
	[[ -n ${!side_load:-} ]] && load=${!side_load}
	[[ $VPNDIAG_LOAD == yes ]] && load="vpndiag $load"
	if [[ $VPNDIAG_LOAD == installed ]]; then
		# as a gateway: every plugin's strongswan.d snippet decides; ESP
		# needs kernel-libipsec, registered before kernel-netlink
		modular=yes
		load=
		includes="include /etc/strongswan.d/charon/*.conf
    kernel-libipsec { load = 3 }"
	fi
	cat <<EOF
charon {
  load_modular = $modular
  ${load:+load = $load}
  retransmit_timeout = 1.0
  retransmit_tries = 3
  retransmit_base = 1.4
  half_open_timeout = 6
  install_routes = yes
  syslog { daemon { default = -1 } auth { default = -1 } }
  filelog {
    lab {
      path = $d/charon.log
      append = no
      flush_line = yes
      time_format = %T
      time_add_ms = yes
      ike_name = yes
      default = 1
      ike = 2
      cfg = 1
      knl = 1
      net = 1
      enc = 1
    }
  }
  plugins {
    $includes
    vici { socket = unix://$d/charon.vici }
    error-notify { socket = unix:///run/charon.enfy }
    vpndiag {
      socket = unix://$d/vpndiag.vici
      state_file = $d/vpndiag.state
      syslog { socket = $d/syslog.sock }
      # a peer's IKE DELETE waits this long for a reauthenticated IKE_SA
      # (default 10 s; the lab's reauthentications take well under 1 s)
      replace_wait = 3
${!vd:-}
    }
  }
${!charon:-}
}
swanctl { }
EOF
}

# run a command in a side's namespace with the side's dir mounted over /run
# (private mount namespace, disappears with the process); background-able.
# With LAB_SPAWN_BIND="FILE TARGET" (set for one call) FILE is also
# bind-mounted over TARGET in that namespace.
_lab_spawn() {
	local s=$1 out=$2 bind=${LAB_SPAWN_BIND:-}
	shift 2
	setsid ip netns exec "$(_lab_ns "$s")" unshare -m sh -c \
		'r=$1 f=$2 t=$3; shift 3; mount --bind "$r" /run && { [ -z "$f" ] || mount --bind "$f" "$t"; } && exec "$@"' \
		sh "$LAB/$s/run" "${bind%% *}" "${bind#* }" "$@" >"$out" 2>&1 </dev/null &
}

_lab_starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

_lab_track() { # name pid
	LAB_PID[$1]=$2
	LAB_START[$1]=$(_lab_starttime "$2")
	_lab_record pids "$2 ${LAB_START[$1]} $1"
}

_lab_alive() { # name: the tracked process still runs (same start time, no zombie)
	local p=${LAB_PID[$1]:-} st
	[[ -n $p ]] || return 1
	st=$(awk '{print $3, $22}' "/proc/$p/stat" 2>/dev/null) || return 1
	[[ ${st% *} != Z && ${st#* } == "${LAB_START[$1]}" ]]
}

# stop a tracked process: signal, wait up to 5 s, then SIGKILL
_lab_kill() { # name [signal]
	local n=$1 sig=${2:-TERM} i
	[[ -v LAB_PID[$n] ]] || return 0
	if _lab_alive "$n"; then
		kill -"$sig" "${LAB_PID[$n]}" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			_lab_alive "$n" || break
			sleep 0.05
		done
		if _lab_alive "$n"; then
			lab_log "${LAB_PID[$n]} ($n) ignored SIG$sig, sending SIGKILL"
			kill -KILL "${LAB_PID[$n]}" 2>/dev/null || true
			for ((i = 0; i < 40; i++)); do
				_lab_alive "$n" || break
				sleep 0.05
			done
		fi
	fi
	wait "${LAB_PID[$n]}" 2>/dev/null || true
	unset "LAB_PID[$n]"
}

lab_start() { # side...
	local s i pid
	for s in "$@"; do
		local d=$LAB/$s
		lab_strongswan_conf "$s" >"$d/strongswan.conf"
		rm -f "$d/run/charon.pid" "$d/charon.vici" "$d/run/charon.enfy" "$d/vpndiag.vici"
		local pre=() plugin="VPNDIAG_PLUGIN_$s" sw="LAB_STRONGSWAN_$s"
		plugin=${!plugin:-${!sw:+none}}
		[[ $VPNDIAG_LOAD == yes && $plugin != none ]] && pre=(env "LD_PRELOAD=${VPNDIAG_PRELOAD:-${plugin:-$VPNDIAG_PLUGIN}}")
		# a sanitizer build (testing/sanitize) reports into the side's dir
		[[ -n ${VPNDIAG_PRELOAD:-} ]] && pre+=("ASAN_OPTIONS=detect_leaks=0:check_printf=0:log_path=$d/asan:abort_on_error=1" \
			"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$d/ubsan")
		local daemon="LAB_DAEMON_$s" bind= so="LAB_STRONGSWAN_PLUGIN_$s"
		if [[ -n ${!sw:-} && -n ${!so:-} && $plugin == none ]]; then
			bind="${!so} ${!sw}/lib/ipsec/plugins/libstrongswan-vpndiag.so"
			[[ -f ${!so} ]] || lab_die "$so: no plugin ${!so}"
			[[ -f ${bind#* } ]] || lab_die "$so: no file ${bind#* } to mount it over"
		fi
		LAB_SPAWN_BIND=$bind STRONGSWAN_CONF=$d/strongswan.conf _lab_spawn "$s" "$d/charon.out" "${pre[@]}" \
			"${!daemon:-$(_lab_bin "$s" lib/ipsec/charon "$LAB_CHARON")}"
		_lab_track "charon-$s" $!
	done
	for s in "$@"; do
		local d=$LAB/$s
		local tries=$((${LAB_START_TIMEOUT:-5} * 20))
		for ((i = 0; i < tries; i++)); do
			[[ -S $d/charon.vici ]] && lab_swanctl "$s" --stats >/dev/null 2>&1 && break
			_lab_alive "charon-$s" || lab_die "charon $s exited: $(tail -n 5 "$d/charon.out")"
			sleep 0.05
		done
		((i < tries)) || lab_die "charon $s: vici not ready after ${LAB_START_TIMEOUT:-5} s"
		# charon-systemd writes no pid file: the spawned process is the daemon
		pid=$(cat "$d/run/charon.pid" 2>/dev/null || echo "${LAB_PID[charon-$s]}")
		[[ $pid == "${LAB_PID[charon-$s]}" ]] || _lab_track "charon-$s" "$pid"
		_lab_spawn "$s" "$d/en.txt" stdbuf -oL "$(_lab_bin "$s" lib/ipsec/error-notify "$LAB_EN_CLIENT")"
		_lab_track "en-$s" $!
		lab_log "started charon $s (pid $pid)"
		[[ $VPNDIAG_LOAD != no && ${LAB_EXPECT_LOADED:-yes} != no ]] && assert_plugin_loaded "$s"
	done
	sleep 0.1 # let the error-notify clients connect
}

# a real rsyslogd per side on the side's private socket ($LAB/<side>/syslog.sock,
# where the lab's strongswan.conf points vpndiag): raw datagrams go to
# syslog.log, rsyslog's parse of them (app-name, msgid, structured data) to
# syslog-parsed.log
lab_rsyslog() { # side...
	local s d i
	for s in "$@"; do
		d=$LAB/$s
		mkdir -p "$d/rsyslog"
		cat >"$d/rsyslog.conf" <<EOF
global(workDirectory="$d/rsyslog")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$d/syslog.sock" UseSpecialParser="off" ParseHostname="on")
template(name="raw" type="string" string="%rawmsg%\n")
template(name="parsed" type="string" string="app=%app-name% msgid=%msgid% pri=%syslogfacility-text%.%syslogseverity-text% sd=%structured-data% msg=%msg%\n")
*.* action(type="omfile" file="$d/syslog.log" template="raw")
*.* action(type="omfile" file="$d/syslog-parsed.log" template="parsed")
EOF
		rsyslogd -n -f "$d/rsyslog.conf" -i "$d/rsyslog/rsyslogd.pid" >"$d/rsyslog.out" 2>&1 </dev/null &
		_lab_track "rsyslog-$s" $!
	done
	for s in "$@"; do
		for ((i = 0; i < 100; i++)); do
			[[ -S $LAB/$s/syslog.sock ]] && break
			_lab_alive "rsyslog-$s" || lab_die "rsyslogd $s exited: $(cat "$LAB/$s/rsyslog.out")"
			sleep 0.05
		done
		((i < 100)) || lab_die "rsyslogd $s: no socket after 5 s"
	done
}

# lab_wait_file_grep <file> <regex> <timeout>: rc 0 once the file matches
lab_wait_file_grep() {
	local f=$1 re=$2 t=$3 i
	for ((i = 0; i < t * 5; i++)); do
		grep -qE -- "$re" "$f" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# the test PKI of lab.md (ECDSA P-256): ca, moon, sun, moon-expired,
# moon-revoked and a CRL revoking moon-revoked, in $LAB/pki
lab_pki() {
	local d=$LAB/pki
	mkdir -p "$d"
	(
		cd "$d"
		export PKI_QUIET=1
		gen() { pki --gen --type ecdsa --size 256 --outform pem >"$1.key" 2>/dev/null; }
		issue() { # name san [extra args]
			local n=$1 san=$2
			shift 2
			gen "$n"
			pki --pub --in "$n.key" --type ecdsa 2>/dev/null |
				pki --issue --cacert ca.crt --cakey ca.key --dn "C=CH, O=Lab, CN=$san" \
					--san "$san" "$@" --outform pem >"$n.crt" 2>/dev/null
		}
		gen ca
		pki --self --ca --lifetime 3650 --in ca.key --type ecdsa \
			--dn "C=CH, O=Lab, CN=Lab Root CA" --outform pem >ca.crt 2>/dev/null
		issue moon moon.lab
		issue sun sun.lab
		issue moon-expired moon.lab --not-before "$(date -d '-30 days' '+%d.%m.%y %T')" \
			--not-after "$(date -d '-1 days' '+%d.%m.%y %T')"
		issue moon-revoked moon.lab
		pki --signcrl --cacert ca.crt --cakey ca.key --reason key-compromise \
			--cert moon-revoked.crt --outform pem >ca.crl 2>/dev/null
	) || lab_die "building the test PKI failed"
	local f
	for f in ca.crt moon.crt sun.crt moon-expired.crt moon-revoked.crt ca.crl; do
		[[ -s $d/$f ]] || lab_die "test PKI: $f missing"
	done
}

# lab_certs <side> <cert> [ca] [crl]: install <cert>.crt/.key (and the CA
# and CRL) into a side's swanctl dirs and use the cert for its local auth
lab_certs() {
	local s=$1 cert=$2 d=$LAB/$1/swanctl
	cp "$LAB/pki/$cert.crt" "$d/x509/"
	cp "$LAB/pki/$cert.key" "$d/ecdsa/"
	[[ ${3:-ca} == ca ]] && cp "$LAB/pki/ca.crt" "$d/x509ca/"
	[[ ${4:-} == crl ]] && cp "$LAB/pki/ca.crl" "$d/x509crl/"
	lab_set "$s" local.certs "$cert.crt"
}

lab_swanctl() { # side command [args...]
	local s=$1
	shift
	STRONGSWAN_CONF=$LAB/$s/strongswan.conf SWANCTL_DIR=$LAB/$s/swanctl \
		"$(_lab_bin "$s" sbin/swanctl swanctl)" "$@" --uri "unix://$LAB/$s/charon.vici"
}

lab_load() { # side...
	local s
	for s in "$@"; do
		lab_swanctl_conf "$s" >"$LAB/$s/swanctl/swanctl.conf"
		lab_swanctl "$s" --load-all --noprompt >"$LAB/$s/load.out" 2>&1 ||
			lab_die "swanctl --load-all on $s failed: $(cat "$LAB/$s/load.out")"
	done
}

# namespaces, both daemons started and configured
lab_up() {
	lab_net_up
	lab_start moon sun
	lab_load moon sun
}

# stop a side's daemon (error-notify client first, it spins otherwise)
lab_stop() { # side [signal]
	local s=$1 sig=${2:-TERM}
	LAB_SETTLED=0
	_lab_kill "en-$1"
	_lab_kill "charon-$1" "$sig"
	rm -f "$LAB/$s/run/charon.pid"
	lab_log "stopped charon $s (SIG$sig)"
}

# lab_initiate [side] [child] [timeout]: rc in LAB_RC, output in $LAB/<side>/initiate.out
lab_initiate() {
	local s=${1:-moon} child=${2:-net} t=${3:-30}
	LAB_SETTLED=0
	lab_log "initiate $child on $s"
	LAB_RC=0
	# in the background: a signal to the script interrupts "wait", not swanctl
	timeout $((t + 5)) env STRONGSWAN_CONF="$LAB/$s/strongswan.conf" SWANCTL_DIR="$LAB/$s/swanctl" \
		"$(_lab_bin "$s" sbin/swanctl swanctl)" --initiate --child "$child" --timeout "$t" --uri "unix://$LAB/$s/charon.vici" \
		>"$LAB/$s/initiate.out" 2>&1 &
	_lab_track swanctl $!
	wait "${LAB_PID[swanctl]}" || LAB_RC=$?
	unset "LAB_PID[swanctl]"
	lab_log "initiate rc=$LAB_RC: $(tail -n 1 "$LAB/$s/initiate.out")"
}

# lab_nft <side> <<< "table inet lab { ... }"   (checks nft's exit code)
lab_nft() {
	local rules
	rules=$(cat)
	LAB_SETTLED=0
	lab_exec "$1" nft -f - <<<"$rules" || lab_die "nft rules rejected on $1: $rules"
}

# lab_drop_esp <side>: drop ESP arriving at the side: UDP 4500 packets whose
# first four payload bytes are not zero are ESP in UDP (IKE on 4500 starts
# with the zero non-ESP marker, RFC 3948), and kernel-libipsec always
# encapsulates ESP in UDP; IKE and DPD keep working. lab_undrop_esp <side>
# removes the rule again (table inet lab_esp).
lab_drop_esp() {
	lab_nft "$1" <<<"table inet lab_esp { chain in { type filter hook input priority 0; udp dport 4500 @th,64,32 != 0 counter drop; }; }"
	lab_log "dropping ESP (UDP 4500, not IKE) arriving at $1"
}
lab_undrop_esp() {
	LAB_SETTLED=0
	lab_exec "$1" nft delete table inet lab_esp || lab_die "no ESP drop rule on $1"
	lab_log "ESP arriving at $1 passes again"
}

# lab_probe_ping <side> <addr> [args...]: vpndiag --probe gw --ping <addr>
# --json in the side's namespace (its local checks see the side's routes,
# sysctls and rules); JSON in $LAB/<side>/probe-ping.json, stderr in
# probe-ping.err, rc in LAB_RC
lab_probe_ping() {
	local s=$1 a=$2
	shift 2
	LAB_SETTLED=0
	LAB_RC=0
	lab_exec "$s" "$VPNDIAG_CLI" --probe gw --ping "$a" "$@" --json \
		--uri "unix://$LAB/$s/vpndiag.vici" >"$LAB/$s/probe-ping.json" \
		2>"$LAB/$s/probe-ping.err" || LAB_RC=$?
	lab_log "probe --ping $a on $s: rc $LAB_RC: $(cat "$LAB/$s/probe-ping.json" "$LAB/$s/probe-ping.err")"
}

# lab_probe_field <side> <key>[.<key>...]: a value of the last probe's JSON
# ("findings" prints the finding slugs, space-separated)
lab_probe_field() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
if sys.argv[2] == "findings":
    print(" ".join(f["finding"] for f in d["findings"]))
    sys.exit(0)
for k in sys.argv[2].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print(d)' "$LAB/$1/probe-ping.json" "$2" 2>/dev/null || echo "(no JSON)"
}

# lab_half_open_4500: with moon encap=yes, bring the lab up, drop UDP 4500
# at sun and initiate: the exchanges on UDP 500 pass, the first message on
# 4500 is lost; checks that the initiate failed and that sun deleted the
# half-open IKE_SA after half_open_timeout (scenarios 11 and 29)
lab_half_open_4500() {
	lab_set moon gw.encap yes
	lab_up
	lab_nft sun <<<"table inet lab { chain in { type filter hook input priority 0; udp dport 4500 drop; }; }"
	lab_initiate moon net 60
	lab_check "initiate failed" test "$LAB_RC" != 0
	lab_check "sun log: deleting half open IKE_SA" \
		lab_wait_log sun 'deleting half open IKE_SA (.* )?with 192\.0\.2\.1 after timeout' 15
}

# lab_ping [count]: moon's LAN host pings sun's through the tunnel; rc 0 if all replied
lab_ping() {
	local n=${1:-3} out rc=0
	out=$(lab_exec moon ping -c "$n" -i 0.2 -W 1 -I 10.1.0.1 10.2.0.1 2>&1) || rc=$?
	printf '%s\n' "$out" >"$LAB/moon/ping.out"
	lab_log "ping: $(grep -E 'packets transmitted' <<<"$out" || echo "$out" | tail -1)"
	((rc == 0)) && grep -q " $n received" <<<"$out"
}

# lab_traffic_start [interval]: moon's LAN host pings sun's through the
# tunnel in the background (every interval s, default 0.2) until
# lab_traffic_stop (or the teardown); output in $LAB/moon/ping-bg.out
lab_traffic_start() {
	LAB_SETTLED=0
	lab_exec moon ping -i "${1:-0.2}" -W 1 -I 10.1.0.1 10.2.0.1 >"$LAB/moon/ping-bg.out" 2>&1 &
	_lab_track ping-bg $!
	lab_log "background ping from 10.1.0.1 to 10.2.0.1 every ${1:-0.2} s"
}
lab_traffic_stop() { _lab_kill ping-bg; lab_log "background ping stopped"; }

# lab_child_traffic <side> <key[,key...]> [child]: fields of the newest
# sampled CHILD_SA <child> (default net) in the side's vpndiag --status
# --json (section traffic: traffic, cause, packets_in, bytes_out, ...), from
# one snapshot, space separated; "" for a missing one or no such CHILD_SA
# (a rekeyed CHILD_SA shows up after its first sample)
lab_child_traffic() {
	lab_vpndiag "$1" --status --json 2>/dev/null | python3 -c '
import json, sys
sas = [(int(k), sa) for conn in json.load(sys.stdin)
       for k, sa in (conn.get("traffic") or {}).items()
       if sa.get("name") == sys.argv[2]]
sa = max(sas, key=lambda x: x[0])[1] if sas else {}
print(" ".join("" if sa.get(k) is None else str(sa[k]) for k in sys.argv[1].split(",")))' "$2" "${3:-net}" 2>/dev/null || true
}

# lab_counter <side> <code_id>: how often the side counted the code
# (vpndiag --counters --json; info records count too), 0 if never
lab_counter() {
	lab_vpndiag "$1" --counters --json 2>/dev/null | python3 -c '
import json, sys
print(json.load(sys.stdin).get("counters", {}).get(sys.argv[1], 0))' "$2" 2>/dev/null || echo "?"
}

# lab_wait_child_traffic <side> <key> <value> <timeout>: rc 0 once
# lab_child_traffic shows that value
lab_wait_child_traffic() {
	local end
	end=$(($(_lab_us) + $(_lab_t2us "$4")))
	while :; do
		[[ $(lab_child_traffic "$1" "$2") == "$3" ]] && return 0
		(($(_lab_us) < end)) || return 1
		sleep 0.2
	done
}

# print "<bytes_in> <bytes_out>" of the CHILD_SA <child> (default net) of a side
lab_sa_bytes() { # side [child]
	lab_swanctl "$1" --list-sas >"$LAB/$1/list-sas.out" 2>&1 || true
	awk -v c="${2:-net}" '
		$1 == c":" { inchild = 1; next }
		inchild && $1 == "in" && /bytes/ { for (i = 2; i <= NF; i++) if ($(i) ~ /^bytes/) bi = $(i - 1) }
		inchild && $1 == "out" && /bytes/ { for (i = 2; i <= NF; i++) if ($(i) ~ /^bytes/) bo = $(i - 1); inchild = 0 }
		END { printf "%d %d\n", bi, bo }' "$LAB/$1/list-sas.out"
}

# lab_wait_log <side> <ERE> <timeout>: rc 0 when the line showed up
lab_wait_log() {
	local f=$LAB/$1/charon.log re=$2 end
	end=$(($(_lab_us) + $(_lab_t2us "${3:-10}")))
	while :; do
		grep -qE -- "$re" "$f" 2>/dev/null && return 0
		(($(_lab_us) < end)) || return 1
		sleep 0.05
	done
}

# --- assertions --------------------------------------------------------------

LAB_RECORD_RE='vpndiag: (.+) \[([a-z0-9-]+), (err|warning|notice|info), #([0-9]+)\]'

# "<code_id> <severity>" per vpndiag record in a side's charon log
lab_records() {
	grep -E -- "$LAB_RECORD_RE" "$LAB/$1/charon.log" 2>/dev/null |
		sed -E "s/.*$LAB_RECORD_RE.*/\\2 \\3/" || true
}

_lab_failure_ids() { lab_records "$1" | awk '$2 != "info" { print $1 }' | sort -u; }

# _lab_proved <side> <code_id>...: an assertion about these codes passed on
# the side; "<code_id> TAB <side>" lines land in <results>/<test>/codes.tsv
# at teardown, where testing/reported finds them (the "reported by vpndiag"
# column of docs/codes.md counts only tests that passed as a whole)
_lab_proved() {
	local s=$1 c
	shift
	[[ -n ${LAB:-} && -d $LAB ]] || return 0
	for c in "$@"; do printf '%s\t%s\n' "$c" "$s" >>"$LAB/codes.tsv"; done
}

# dump what explains a side's behaviour
lab_show() { # side
	local f=$LAB/$1/charon.log
	echo "---- $1: vpndiag lines"
	grep -F 'vpndiag' "$f" 2>/dev/null | tail -n 30 || true
	echo "---- $1: key log lines"
	grep -E 'established|NO_PROP|proposal|unacceptable|AUTH|authentication|retransmit|giving up|not responding|failed|error|DELETE|loaded plugins|plugin' \
		"$f" 2>/dev/null | grep -v 'vpndiag:' | tail -n 30 || true
	echo "---- $1: error-notify"
	cat "$LAB/$1/en.txt" 2>/dev/null || true
	echo "----"
}

_lab_vpndiag_off() {
	[[ $VPNDIAG_LOAD == no ]] || return 1
	lab_log "skipped (VPNDIAG_LOAD=no): $*"
}

assert_plugin_loaded() { # side
	_lab_vpndiag_off "assert_plugin_loaded $1" && return 0
	if grep -qE 'loaded plugins:.* vpndiag( |$)' "$LAB/$1/charon.log" 2>/dev/null; then
		lab_log "ok: vpndiag loaded on $1"
	else
		lab_error "vpndiag not in $1's loaded plugins"
		grep -E 'plugin|vpndiag' "$LAB/$1/charon.log" "$LAB/$1/charon.out" 2>/dev/null | head -n 20 || true
	fi
}

# wait_for_record <side> <code_id> <timeout>: rc 0 when a record with that code_id appeared
wait_for_record() {
	_lab_vpndiag_off "wait_for_record $*" && return 0
	local end
	end=$(($(_lab_us) + $(_lab_t2us "${3:-10}")))
	while :; do
		lab_records "$1" | grep "^$2 " >/dev/null && return 0
		(($(_lab_us) < end)) || return 1
		sleep 0.05
	done
}

# assert_failure_codes <side> [code_id...|-]: the set of failure records
# (severity err, warning, notice) on the side is exactly the given set
assert_failure_codes() {
	local s=$1 c
	shift
	_lab_vpndiag_off "assert_failure_codes $s $*" && return 0
	local want=()
	for c in "$@"; do [[ $c == - ]] || want+=("$c"); done
	for c in "${want[@]}"; do wait_for_record "$s" "$c" 5 || true; done
	((LAB_SETTLED)) || sleep "$LAB_SETTLE"
	LAB_SETTLED=1
	local expected actual
	expected=$(printf '%s\n' "${want[@]}" | sed '/^$/d' | sort -u | xargs)
	actual=$(_lab_failure_ids "$s" | xargs)
	if [[ $expected == "$actual" ]]; then
		lab_log "ok: $s failure records: ${actual:--}"
		_lab_proved "$s" "${want[@]}"
	else
		lab_error "$s failure records: expected '${expected:--}', actual '${actual:--}'"
		lab_show "$s"
	fi
}

# the record line of a side with a given code_id (the newest), "" if none
_lab_record_line() { # side code_id
	grep -E -- "$LAB_RECORD_RE" "$LAB/$1/charon.log" 2>/dev/null | grep -F "[$2, " | tail -n 1
}

# assert_record_cause <side> <code_id> <cause>
assert_record_cause() {
	_lab_vpndiag_off "assert_record_cause $*" && return 0
	local line
	line=$(_lab_record_line "$1" "$2")
	if [[ $line == *" cause $3: "* ]]; then
		lab_log "ok: $1 $2 cause $3"
		_lab_proved "$1" "$2"
	else
		lab_error "$1 $2: expected cause $3, record: ${line#*vpndiag: }"
	fi
}

# assert_record_conn <side> <code_id> <conn|->
assert_record_conn() {
	_lab_vpndiag_off "assert_record_conn $*" && return 0
	local line
	line=$(_lab_record_line "$1" "$2")
	if [[ $line == *"] conn $3 peer "* ]]; then
		lab_log "ok: $1 $2 conn $3"
		_lab_proved "$1" "$2"
	else
		lab_error "$1 $2: expected conn $3, record: ${line#*vpndiag: }"
	fi
}

# assert_record_field <side> <code_id> <text>: the record line contains text
assert_record_field() {
	_lab_vpndiag_off "assert_record_field $*" && return 0
	local line
	line=$(_lab_record_line "$1" "$2")
	if [[ $line == *"$3"* ]]; then
		lab_log "ok: $1 $2 mentions '$3'"
		_lab_proved "$1" "$2"
	else
		lab_error "$1 $2: expected '$3' in record: ${line#*vpndiag: }"
	fi
}

# assert_json <side> <code_id> <key[.sub]> <value>: a field of the side's
# newest record with that code, as vpndiag --list --json shows it (lists
# joined with ",", null as "null")
assert_json() {
	_lab_vpndiag_off "assert_json $*" && return 0
	local got
	got=$(lab_vpndiag "$1" --list --json --code "$2" 2>&1 | python3 -c '
import json, sys
recs = json.load(sys.stdin)
v = recs[-1] if recs else {}
for k in sys.argv[1].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("null" if v is None else ",".join(map(str, v)) if isinstance(v, list) else v)' "$3" 2>&1)
	if [[ $got == "$4" ]]; then
		lab_log "ok: $1 $2 $3 = $4"
		# a proof only when the record exists (absent reads as null)
		[[ -n $(_lab_record_line "$1" "$2") ]] && _lab_proved "$1" "$2"
	else
		lab_error "$1 $2: $3 is '$got', expected '$4'"
	fi
}

# assert_record <side> <code_id> [severity]: the side has such a record
# (waits up to 5 s); for info records, which assert_failure_codes ignores
assert_record() {
	_lab_vpndiag_off "assert_record $*" && return 0
	wait_for_record "$1" "$2" 5 || true
	local line
	line=$(_lab_record_line "$1" "$2")
	if [[ -n $line && (-z ${3:-} || $line == *"[$2, $3, #"*) ]]; then
		lab_log "ok: $1 record $2${3:+ ($3)}"
		_lab_proved "$1" "$2"
	else
		lab_error "$1 lacks a ${3:+$3 }record $2${line:+, newest: ${line#*vpndiag: }}"
		lab_show "$1"
	fi
}

# assert_log <side> <ERE> [description]: the side's charon log has such a line
assert_log() {
	if grep -qE -- "$2" "$LAB/$1/charon.log" 2>/dev/null; then
		lab_log "ok: $1 log: ${3:-$2}"
	else
		lab_error "$1 log lacks /$2/${3:+ ($3)}"
		lab_show "$1"
	fi
}

# charon's own log lines of a side, without vpndiag's (whose details quote
# charon's log text, so they must not prove that charon logged something)
_lab_charon_lines() { grep -v -- 'vpndiag: ' "$LAB/$1/charon.log" 2>/dev/null || true; }

# assert_charon_log <side> <ERE> [description]: as assert_log, but only
# charon's own lines count
assert_charon_log() {
	if _lab_charon_lines "$1" | grep -qE -- "$2"; then
		lab_log "ok: $1 log: ${3:-$2}"
	else
		lab_error "$1 log lacks /$2/${3:+ ($3)}"
		lab_show "$1"
	fi
}

# assert_no_charon_log <side> <ERE> [description]: charon logged no such line
assert_no_charon_log() {
	local hit
	hit=$(_lab_charon_lines "$1" | grep -E -m1 -- "$2" || true)
	if [[ -z $hit ]]; then
		lab_log "ok: $1 log has no ${3:-/$2/}"
	else
		lab_error "$1 log has /$2/${3:+ ($3)}: $hit"
	fi
}

# lab_wait_links [timeout]: wait (default 5 s) until no IPv6 address in
# either namespace is tentative. The veths' link-local addresses finish DAD
# about 2 s after the links come up; charon sees that as an address change
# (roam event), and an IKE_SA established by then sends a MOBIKE address
# update (INFORMATIONAL [ N(NO_ADD_ADDR) ]). Scenarios that cut the path
# after establishment call this before initiating, so that the request
# left unanswered is the one they provoke (DPD), not that update.
lab_wait_links() {
	local end s busy
	end=$(($(_lab_us) + $(_lab_t2us "${1:-5}")))
	while :; do
		busy=
		for s in moon sun; do
			[[ -n $(lab_exec "$s" ip -6 addr show tentative 2>/dev/null) ]] && busy="$busy $s"
		done
		[[ -z $busy ]] && break
		(($(_lab_us) < end)) || { lab_log "links still tentative on$busy"; return 1; }
		sleep 0.1
	done
	sleep 0.3 # charon handles the address event after ROAM_DELAY (0.1 s)
	lab_log "links settled (no tentative addresses)"
}

# lab_check <description> <command...>: count a failed command as a failed check
lab_check() {
	local what=$1
	shift
	if "$@"; then lab_log "ok: $what"; else lab_error "$what"; fi
}

# --- teardown ----------------------------------------------------------------

_lab_teardown() {
	((LAB_TORN_DOWN)) && return 0
	LAB_TORN_DOWN=1
	local s n
	# what vpndiag said before the teardown's own deletes (comparison doc)
	for s in moon sun; do
		[[ -n ${LAB:-} && -f $LAB/$s/charon.log ]] &&
			grep -E -- "$LAB_RECORD_RE" "$LAB/$s/charon.log" | sed -E 's/^.*vpndiag: //' >"$LAB/$s/vpndiag-records.txt"
		# and what an operator sees with the CLI (README samples)
		[[ -n ${LAB:-} && -S $LAB/$s/vpndiag.vici && -x $VPNDIAG_CLI ]] &&
			timeout 5 "$VPNDIAG_CLI" --list --uri "unix://$LAB/$s/vpndiag.vici" >"$LAB/$s/vpndiag-list.txt" 2>&1
		# the same records as one JSON document (testing/compare/records)
		[[ -n ${LAB:-} && -S $LAB/$s/vpndiag.vici && -x $VPNDIAG_CLI ]] &&
			timeout 5 "$VPNDIAG_CLI" --list --json --uri "unix://$LAB/$s/vpndiag.vici" >"$LAB/$s/vpndiag-list.json" 2>&1
	done
	for s in moon sun; do _lab_kill "en-$s"; done
	for n in "${!LAB_PID[@]}"; do _lab_kill "$n"; done
	for s in "${NS_MOON:-}" "${NS_SUN:-}" "${NS_MOON:+${NS_MOON}lan}" "${NS_SUN:+${NS_SUN}lan}"; do
		[[ -n $s && -e /run/netns/$s ]] && ip netns del "$s"
	done
	[[ -n ${LAB_LOCK:-} ]] && rm -f "$LAB_LOCK"
	[[ -n ${LAB:-} && -d $LAB ]] || return 0
	if [[ -n ${VPNDIAG_RESULTS_DIR:-} ]]; then
		mkdir -p "$VPNDIAG_RESULTS_DIR"
		# the codes this test's assertions proved (testing/reported)
		[[ -f $LAB/codes.tsv ]] && sort -u "$LAB/codes.tsv" >>"$VPNDIAG_RESULTS_DIR/codes.tsv"
		for s in moon sun; do
			mkdir -p "$VPNDIAG_RESULTS_DIR/$s"
			cp -a "$LAB/$s/"*.{log,out,txt,conf,md} "$LAB/$s/vpndiag-list.json" "$LAB/$s/swanctl/swanctl.conf" \
				"$VPNDIAG_RESULTS_DIR/$s/" 2>/dev/null || true
		done
	fi
	if [[ ${VPNDIAG_KEEP:-0} == 1 || ($1 != 0 && -z ${VPNDIAG_RESULTS_DIR:-}) ]]; then
		echo "lab kept: $LAB"
	else
		rm -rf "$LAB"
	fi
}

_lab_exit() {
	local rc=$?
	set +eu
	((rc == 0 && LAB_FAILURES)) && rc=1
	trap - EXIT INT TERM
	_lab_teardown "$rc"
	exit "$rc"
}

_lab_signal() {
	lab_log "interrupted"
	exit "$1" # runs the EXIT trap
}
