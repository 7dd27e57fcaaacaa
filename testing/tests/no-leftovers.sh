#!/bin/bash
# Check that the lab tests left nothing behind.
#
#   no-leftovers.sh --snapshot DIR   record namespaces and mounts before a run
#   no-leftovers.sh [DIR]            check after the run (DIR default: $VPNDIAG_RUN_DIR)
#
# The lab (testing/lib/lab.sh) records in DIR what it starts: started-pids
# ("pid starttime name"), started-namespaces, started-dirs. Fails when one of
# those processes still runs, one of those namespaces still exists, or a
# mount refers to a lab directory. Namespaces and mounts that appeared since
# the snapshot but were not recorded by this run are only reported (another
# run may own them).
set -uo pipefail

namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | sort -u; }
mounts() { awk '{print $5}' /proc/self/mountinfo | sort -u; }

if [[ ${1:-} == --snapshot ]]; then
	mkdir -p "$2"
	namespaces >"$2/snapshot-namespaces"
	mounts >"$2/snapshot-mounts"
	exit 0
fi

DIR=${1:-${VPNDIAG_RUN_DIR:-}}
[[ -n $DIR && -d $DIR ]] || { echo "usage: $0 [--snapshot] DIR" >&2; exit 2; }
bad=0
fail() { echo "LEFTOVER: $*"; bad=1; }

if [[ -f $DIR/started-pids ]]; then
	while read -r pid start name; do
		st=$(awk '{print $3, $22}' "/proc/$pid/stat" 2>/dev/null) || continue
		[[ ${st#* } == "$start" && ${st% *} != Z ]] &&
			fail "process $pid ($name: $(tr '\0' ' ' <"/proc/$pid/cmdline"))"
	done <"$DIR/started-pids"
fi
echo "checked $(wc -l 2>/dev/null <"$DIR/started-pids" || echo 0) started processes"

now_ns=$(namespaces)
if [[ -f $DIR/started-namespaces ]]; then
	while read -r ns; do
		grep -qxF -- "$ns" <<<"$now_ns" && fail "namespace $ns"
	done <"$DIR/started-namespaces"
fi
echo "checked $(wc -l 2>/dev/null <"$DIR/started-namespaces" || echo 0) namespaces"

now_mnt=$(mounts)
if [[ -f $DIR/started-dirs ]]; then
	while read -r d; do
		grep -F -- "$d" /proc/self/mountinfo && fail "mount under $d"
		[[ -e $d ]] && echo "note: lab directory kept: $d"
	done <"$DIR/started-dirs"
fi
echo "checked mounts for $(wc -l 2>/dev/null <"$DIR/started-dirs" || echo 0) lab directories"

# compared with the snapshot: report only
if [[ -f $DIR/snapshot-namespaces ]]; then
	new=$(comm -13 "$DIR/snapshot-namespaces" <(echo "$now_ns" | sed '/^$/d') |
		grep -vxF -f "$DIR/started-namespaces" 2>/dev/null)
	[[ -n $new ]] && echo "note: namespaces created since the snapshot, not by this run: ${new//$'\n'/ }"
fi
if [[ -f $DIR/snapshot-mounts ]]; then
	new=$(comm -13 "$DIR/snapshot-mounts" <(echo "$now_mnt"))
	[[ -n $new ]] && echo "note: mounts created since the snapshot: ${new//$'\n'/ }"
fi

((bad == 0)) && echo "no leftovers"
exit $bad
