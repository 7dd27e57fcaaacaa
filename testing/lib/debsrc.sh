# shellcheck shell=bash disable=SC2034 # DEBSRC_* are for the caller
# Fetch a Debian source package revision from whichever configured archive
# serves it (sourced by testing/setup and testing/strongswan6).
#
# apt-get source takes one URI per revision, and an archive may list a
# revision in its Sources index while its pool answers 404 (bookworm's
# 5.9.8-5+deb12u6 in bookworm-security, trixie's 6.0.1-6+deb13u7 in the main
# archive, both also listed elsewhere). Here every Sources index apt knows
# (apt-get indextargets) is read, and each file of a revision is downloaded
# from each archive that lists it until one serves it. apt-helper checks
# each file's SHA256 against the index (whose InRelease apt verified), and
# dpkg-source -x checks them against the .dsc again.
#
#   debsrc_list PKG GLOB [APT_OPTION...]
#       revisions of PKG whose upstream version matches the shell glob GLOB
#       (e.g. 6.0.1 or 6.*; or GLOB is one revision, 6.0.1-6+deb13u7),
#       newest first, one line per archive that lists
#       it: VERSION<TAB>ARCHIVE_URI<TAB>SUITE<TAB>DIRECTORY<TAB>FILES, FILES
#       being "sha256:size:name" separated by spaces
#   debsrc_fetch PKG GLOB DIR [APT_OPTION...]
#       downloads the newest revision that can be fetched completely into
#       DIR (empty or new) and unpacks it with dpkg-source -x into
#       DIR/<pkg>-<upstream>; on success sets DEBSRC_VERSION, DEBSRC_TREE
#       and DEBSRC_ORIGIN ("ARCHIVE_URI SUITE" of the .dsc, plus "(files
#       also from ...)" when the archive served only part of it) and returns
#       0; returns 1 (with DEBSRC_ERRORS) when no revision could be fetched
# Progress and the archives tried go to stderr through debsrc_say (override it).

debsrc_say() { echo "debsrc: $*" >&2; }

debsrc_list() {
	local pkg=$1 glob=$2
	shift 2
	local -a opts=("$@") rows=()
	local file uri suite line v i j
	while IFS=$'\t' read -r file uri suite; do
		[[ -f $file ]] || continue
		while IFS= read -r line; do
			[[ -n $line ]] || continue
			v=${line%%$'\t'*}
			v=${v#*:}
			# shellcheck disable=SC2053 # GLOB is a pattern
			[[ ${v%-*} == $glob || $v == "$glob" ]] || continue
			rows+=("${line%%$'\t'*}"$'\t'"$uri"$'\t'"$suite"$'\t'"${line#*$'\t'}")
		done < <(/usr/lib/apt/apt-helper cat-file "$file" 2>/dev/null | awk -v pkg="$pkg" '
			BEGIN { RS = ""; FS = "\n" }
			{
				ver = ""; dir = ""; files = ""; p = ""; insha = 0
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^Package:/) { p = $i; sub(/^Package:[ \t]*/, "", p) }
					else if ($i ~ /^Version:/) { ver = $i; sub(/^Version:[ \t]*/, "", ver) }
					else if ($i ~ /^Directory:/) { dir = $i; sub(/^Directory:[ \t]*/, "", dir) }
					if ($i ~ /^Checksums-Sha256:/) { insha = 1; continue }
					if (insha && $i ~ /^[ \t]/) {
						split($i, f, /[ \t]+/)
						files = files (files == "" ? "" : " ") f[2] ":" f[3] ":" f[4]
						continue
					}
					insha = 0
				}
				if (p == pkg && ver != "" && dir != "" && files != "")
					printf "%s\t%s\t%s\n", ver, dir, files
			}')
	done < <(apt-get "${opts[@]}" indextargets --format '$(FILENAME)	$(REPO_URI)	$(RELEASE)' 'Identifier: Sources')
	# newest revision first (dpkg order); a stable insertion sort keeps the
	# archives of one revision in apt's order
	for ((i = 1; i < ${#rows[@]}; i++)); do
		line=${rows[i]}
		for ((j = i - 1; j >= 0; j--)); do
			dpkg --compare-versions "${rows[j]%%$'\t'*}" lt "${line%%$'\t'*}" || break
			rows[j + 1]=${rows[j]}
		done
		rows[j + 1]=$line
	done
	((${#rows[@]} == 0)) || printf '%s\n' "${rows[@]}"
}

# _debsrc_get URL DEST SHA256: one file, hash checked; a file already there
# with the right hash is kept
_debsrc_get() {
	local url=$1 dest=$2 sha=$3
	if [[ -f $dest ]] && [[ $(sha256sum <"$dest") == "$sha  -" ]]; then
		return 0
	fi
	rm -f "$dest" "$dest.FAILED"
	# root downloads into a private directory; the file is checked by hash
	/usr/lib/apt/apt-helper -o APT::Sandbox::User=root download-file "$url" "$dest" "SHA256:$sha" \
		>"$dest.log" 2>&1 && { rm -f "$dest.log"; return 0; }
	DEBSRC_ERRORS+=("$url: $(grep -m1 -E '^E: ' "$dest.log" | sed -E 's/^E: Failed to fetch [^ ]* +//; s/ \[IP: [^]]*\]//' || true)")
	debsrc_say "not served: ${DEBSRC_ERRORS[-1]}"
	rm -f "$dest" "$dest.FAILED" "$dest.log"
	return 1
}

debsrc_fetch() {
	local pkg=$1 glob=$2 dir=$3
	shift 3
	local -a rows=()
	local row v uri suite pdir files want f sha size name ok dsc_from other_from version
	DEBSRC_VERSION= DEBSRC_TREE= DEBSRC_ORIGIN=
	DEBSRC_ERRORS=()
	mapfile -t rows < <(debsrc_list "$pkg" "$glob" "$@")
	if ((${#rows[@]} == 0)); then
		DEBSRC_ERRORS+=("no archive lists $pkg $glob-*")
		return 1
	fi
	mkdir -p "$dir"
	# revisions in order; per revision every archive listing it, file by file
	local -a versions=()
	for row in "${rows[@]}"; do
		v=${row%%$'\t'*}
		[[ " ${versions[*]} " == *" $v "* ]] || versions+=("$v")
	done
	# files stay between revisions (_debsrc_get keeps one whose hash fits:
	# revisions of one upstream version share the orig tarball)
	for version in "${versions[@]}"; do
		declare -A have=()
		dsc_from= other_from= want=
		for row in "${rows[@]}"; do
			IFS=$'\t' read -r v uri suite pdir files <<<"$row"
			[[ $v == "$version" ]] || continue
			[[ -n $want ]] || want=$files
			for f in $files; do
				IFS=: read -r sha _ name <<<"$f"
				[[ -z ${have[$name]:-} ]] || continue
				if _debsrc_get "${uri%/}/$pdir/$name" "$dir/$name" "$sha"; then
					have[$name]="$uri $suite"
					[[ $name != *.dsc ]] || dsc_from="$uri $suite"
				fi
			done
		done
		# complete: every file of the revision is there
		ok=1
		for f in $want; do
			name=${f##*:}
			if [[ -z ${have[$name]:-} ]]; then
				ok=0
			elif [[ ${have[$name]} != "$dsc_from" && ", $other_from, " != *", ${have[$name]}, "* ]]; then
				other_from+="${other_from:+, }${have[$name]}"
			fi
		done
		unset have
		if ((ok)); then
			local up=${version#*:}
			up=${up%-*}
			rm -rf "${dir:?}/$pkg-$up"
			if (cd "$dir" && dpkg-source -x "./${pkg}_${version#*:}.dsc" "$pkg-$up") >"$dir/dpkg-source.log" 2>&1; then
				# drop what only other revisions needed
				for f in "$dir"/*; do
					[[ $f == "$dir/$pkg-$up" || $f == "$dir/dpkg-source.log" || " $want " == *":${f##*/} "* ]] ||
						rm -rf "$f"
				done
				DEBSRC_VERSION=$version
				DEBSRC_TREE=$dir/$pkg-$up
				DEBSRC_ORIGIN="$dsc_from${other_from:+ (files also from $other_from)}"
				debsrc_say "$pkg $version from $DEBSRC_ORIGIN"
				return 0
			fi
			DEBSRC_ERRORS+=("$version: dpkg-source -x: $(grep -m1 -E 'error' "$dir/dpkg-source.log" || tail -n 1 "$dir/dpkg-source.log")")
		fi
		debsrc_say "$pkg $version could not be fetched from any archive listing it"
	done
	find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
	return 1
}
