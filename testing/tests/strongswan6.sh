#!/bin/bash
# strongSwan 6 smoke (issue 24): the newest 6.x source revision the archive
# serves (Debian's source packages, from whichever archive serves it), built
# once per machine into /var/cache/vpndiag/strongswan6 (testing/strongswan6);
# vpndiag built against it with -Werror and its unit tests; an IKE failure
# (02), a CHILD failure (07a) and a teardown (13b) with 6.x on both gateways,
# moon 5.9.8 / sun 6.x and moon 6.x / sun 5.9.8. Fails when no 6.x source can
# be fetched, strongSwan or vpndiag does not build, a unit test fails or a
# scenario diagnoses wrong. Writes summary.md, which a full run copies into
# README.md's strongSwan 6 section (testing/compare/samples).
# Starts first (its cold build overlaps the other tests). Measured on 2
# cores beside other runs: 18 min 45 s with an empty cache (in a full check
# of 20 min 19 s), 65 s with it (testing/README.md, "strongSwan 6").
# vpndiag-start: first
# vpndiag-timeout: 2400
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
exec "$REPO/testing/strongswan6" --smoke
