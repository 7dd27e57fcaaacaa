#!/bin/bash
# testing/lib/debsrc.sh (how testing/setup and testing/strongswan6 fetch
# Debian source packages) against two local archives (file:// URIs, private
# apt directory, no network): a revision listed by an archive whose pool does
# not serve it comes from the other archive that lists it (the shape of
# trixie's 6.0.1-6+deb13u7 and bookworm's 5.9.8-5+deb12u6); a revision no
# archive serves falls back to the next older one; a file whose SHA256 does
# not match the index is refused; the archive used is reported.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$REPO/testing/lib/debsrc.sh"
T=$(mktemp -d /tmp/vd-debsrc.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# --- a source package vdtest 1.0 in revisions 1.0-1 .. 1.0-3 ----------------
mkdir -p "$T/work"
cd "$T/work"
mkdir -p o/vdtest-1.0
echo orig >o/vdtest-1.0/ORIG
tar -C o -czf vdtest_1.0.orig.tar.gz vdtest-1.0
for rev in 1.0-1 1.0-2 1.0-3; do
	rm -rf vdtest-1.0
	mkdir -p vdtest-1.0/debian/source
	echo "revision $rev" >vdtest-1.0/REVISION
	echo 1.0 >vdtest-1.0/debian/source/format
	printf 'Source: vdtest\nMaintainer: T <t@example.org>\n\nPackage: vdtest\nArchitecture: all\nDescription: t\n t\n' \
		>vdtest-1.0/debian/control
	printf 'vdtest (%s) unstable; urgency=low\n\n  * t\n\n -- T <t@example.org>  Thu, 01 Jan 2026 00:00:00 +0000\n' \
		"$rev" >vdtest-1.0/debian/changelog
	dpkg-source -b vdtest-1.0 >/dev/null 2>&1
done

# archive NAME SUITE FILE...: pool with these files, Sources listing them,
# an unsigned Release (the sources entry says trusted=yes)
archive() {
	local a=$T/$1 s=$2
	shift 2
	mkdir -p "$a/pool/main/v/vdtest" "$a/dists/$s/main/source"
	cp "$@" "$a/pool/main/v/vdtest/"
	(cd "$a" && dpkg-scansources pool /dev/null >"dists/$s/main/source/Sources" 2>/dev/null)
	release "$a" "$s"
}
release() {
	local a=$1 s=$2
	(cd "$a/dists/$s" && {
		printf 'Suite: %s\nCodename: %s\nDate: %s\nComponents: main\nSHA256:\n' "$s" "$s" "$(date -uR)"
		printf ' %s %s main/source/Sources\n' "$(sha256sum <main/source/Sources | cut -d' ' -f1)" \
			"$(stat -c %s main/source/Sources)"
	} >Release)
}
rev_files() { echo "vdtest_$1.dsc vdtest_$1.diff.gz"; }
# A lists 1.0-1, 1.0-2, 1.0-3 and serves 1.0-1 and the orig tarball only;
# B lists 1.0-2 and serves it
# shellcheck disable=SC2046
archive A sa vdtest_1.0.orig.tar.gz $(rev_files 1.0-1) $(rev_files 1.0-2) $(rev_files 1.0-3)
# shellcheck disable=SC2046
rm -f $(rev_files 1.0-2 | sed "s#[^ ]*#$T/A/pool/main/v/vdtest/&#g") $(rev_files 1.0-3 | sed "s#[^ ]*#$T/A/pool/main/v/vdtest/&#g")
# shellcheck disable=SC2046
archive B sb $(rev_files 1.0-2)

mkdir -p "$T/apt/lists/partial" "$T/apt/sources.list.d" "$T/apt/cache"
printf 'deb-src [trusted=yes] file://%s/A sa main\ndeb-src [trusted=yes] file://%s/B sb main\n' "$T" "$T" >"$T/apt/sources.list"
opts=(-o "Dir::Etc::sourcelist=$T/apt/sources.list" -o "Dir::Etc::sourceparts=$T/apt/sources.list.d"
	-o "Dir::State::lists=$T/apt/lists" -o "Dir::Cache=$T/apt/cache" -o "Dir::State::status=/var/lib/dpkg/status")
update() { apt-get -q "${opts[@]}" update >"$T/update.log" 2>&1 || { cat "$T/update.log"; exit 1; }; }
update

echo "== listed (newest first, one line per archive):"
debsrc_list vdtest 1.0 "${opts[@]}" | cut -f1-3
[[ $(debsrc_list vdtest 1.0 "${opts[@]}" | cut -f1,3 | tr '\t\n' ' ,') == "1.0-3 sa,1.0-2 sa,1.0-2 sb,1.0-1 sa," ]] &&
	ok "debsrc_list: every archive's listing, newest revision first" || bad "debsrc_list order"

check() { # what dir want-version want-origin-substring want-readme
	local what=$1 dir=$2 v=$3 origin=$4 readme=$5
	if [[ $DEBSRC_VERSION == "$v" && $DEBSRC_ORIGIN == *"$origin"* && -f $DEBSRC_TREE/REVISION &&
		$(cat "$DEBSRC_TREE/REVISION") == "$readme" && -f $DEBSRC_TREE/ORIG ]]; then
		ok "$what: $v from $DEBSRC_ORIGIN"
	else
		bad "$what: got '$DEBSRC_VERSION' from '$DEBSRC_ORIGIN' (tree $DEBSRC_TREE), want $v from *$origin*"
	fi
	# only the revision's files and its tree are left
	local left want
	left=$(cd "$dir" && ls | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' dpkg-source.log vdtest-1.0 vdtest_1.0.orig.tar.gz "vdtest_$v.diff.gz" "vdtest_$v.dsc" |
		LC_ALL=C sort | tr '\n' ' ')
	[[ $left == "$want" ]] &&
		ok "$what: $dir holds $v only" || bad "$what: $dir holds $left"
}

# 1. newest revision listed by A and B: A 404s, B serves (orig from A):
#    with the revision named, and as the newest upstream 1.0 one after 1.0-3
#    (listed by A only) fails
debsrc_fetch vdtest 1.0-2 "$T/one" "${opts[@]}" 2>"$T/one.err" || bad "1.0-2 not fetched: $(cat "$T/one.err")"
check "listed by two archives, served by one" "$T/one" 1.0-2 "file:$T/B/ sb (files also from file:$T/A/ sa)" "revision 1.0-2"
grep -q "not served: file:$T/A/pool/main/v/vdtest/vdtest_1.0-2.dsc" "$T/one.err" &&
	ok "the archive that did not serve it is named" || bad "no 'not served' line for A: $(cat "$T/one.err")"
debsrc_fetch vdtest 1.0 "$T/two" "${opts[@]}" 2>"$T/two.err" || bad "1.0 not fetched: $(cat "$T/two.err")"
check "1.0-3 served nowhere: the next older revision" "$T/two" 1.0-2 "file:$T/B/ sb" "revision 1.0-2"
grep -q 'vdtest 1.0-3 could not be fetched' "$T/two.err" && ok "1.0-3 reported as not fetched" || bad "1.0-3 not reported"

# 2. B's index has a wrong SHA256 for 1.0-2's diff: refused, 1.0-1 from A
sed -i -E '/^Checksums-Sha256:/,/^[^ ]/ s/^ [0-9a-f]{64} ([0-9]+ vdtest_1\.0-2\.diff\.gz)$/ 0000000000000000000000000000000000000000000000000000000000000000 \1/' \
	"$T/B/dists/sb/main/source/Sources"
release "$T/B" sb
update
debsrc_fetch vdtest 1.0 "$T/three" "${opts[@]}" 2>"$T/three.err" || bad "1.0 not fetched: $(cat "$T/three.err")"
check "wrong SHA256 in the index: refused, older revision" "$T/three" 1.0-1 "file:$T/A/ sa" "revision 1.0-1"
grep -q 'Hash Sum mismatch' "$T/three.err" && ok "the hash mismatch is reported" || bad "no hash mismatch: $(cat "$T/three.err")"

# 3. nothing served: failure, the errors name every file tried, nothing left
rm -f "$T/A/pool/main/v/vdtest/"*
if debsrc_fetch vdtest 1.0 "$T/four" "${opts[@]}" 2>"$T/four.err"; then
	bad "fetched $DEBSRC_VERSION although nothing is served"
else
	[[ -z $(ls -A "$T/four") && ${#DEBSRC_ERRORS[@]} -ge 5 ]] &&
		ok "nothing served: fails, ${#DEBSRC_ERRORS[@]} errors, directory empty" ||
		bad "nothing served: ${#DEBSRC_ERRORS[@]} errors, left $(ls -A "$T/four")"
fi
debsrc_fetch vdtest 2.0 "$T/five" "${opts[@]}" 2>/dev/null && bad "2.0 fetched" ||
	{ [[ ${DEBSRC_ERRORS[*]} == "no archive lists vdtest 2.0-*" ]] && ok "unlisted version: '${DEBSRC_ERRORS[*]}'" || bad "unlisted: ${DEBSRC_ERRORS[*]}"; }
exit $fail
