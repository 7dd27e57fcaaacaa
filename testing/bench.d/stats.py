#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ratio of paired measurements (with vpndiag / without), as testing/bench
prints it.

   stats.py ratio "W1 W2 ..." "O1 O2 ..."
      -> "<sum W / sum O> (pairs <min>..<max>, median <median>)"
   stats.py median "X1 X2 ..."   -> the median
   stats.py sampling "<output with>" "<output without>" total|notes
      sampling-cost.sh's outputs with and without sampling: instructions
      per CHILD_SA sample (total), or the split (the sampler's jobs,
      charon's get_usestats/kernel-libipsec's query_sa, vpndiag's own) and
      the raw figures (notes)"""
import statistics
import sys


def nums(s):
    return [float(x) for x in s.split()]


if sys.argv[1] == "ratio":
    w, o = nums(sys.argv[2]), nums(sys.argv[3])
    if not w or len(w) != len(o) or not all(o):
        print("-")
    else:
        r = [a / b for a, b in zip(w, o)]
        print("%.3f (pairs %.3f..%.3f, median %.3f)" % (
            sum(w) / sum(o), min(r), max(r), statistics.median(r)))
elif sys.argv[1] == "sampling":
    def parse(text):
        d, edges = {}, []
        for line in text.splitlines():
            f = line.split()
            if len(f) >= 2 and f[0] in ("samples", "total_ir", "job_ir", "job_calls"):
                d[f[0]] = int(f[1])
            elif len(f) == 4 and f[0] == "object":
                d[f[1].split(".so")[0]] = int(f[3])
            elif len(f) == 8 and f[0] == "edge":
                edges.append((int(f[5]), int(f[7])))
        return d, edges
    (w, edges), (o, _) = parse(sys.argv[2]), parse(sys.argv[3])
    n = w.get("samples", 0)
    if not n or "total_ir" not in w or "total_ir" not in o:
        print("-")
        sys.exit(0)
    total = (w["total_ir"] - o["total_ir"]) / n
    job = w.get("job_ir", 0) / n
    # two calls per sample; a sample whose CHILD_SA left the installed
    # state in between queries nothing (seen: 16 of 28,509 at 1,000 SAs,
    # 186 of 19,843 in a later run), so the edge may have up to 5 % fewer
    # calls than two per sample
    usestats = max([ir for calls, ir in edges
                    if abs(calls - 2 * n) <= max(2, n // 20)] or [0]) / n
    if sys.argv[4] == "total":
        print("%.0f" % total)
    else:
        print("%d samples in %d jobs; the sampler's jobs %.0f per sample "
              "(inclusive), of which charon's get_usestats() x 2, i.e. "
              "kernel-libipsec's query_sa() with its list search, %.0f and "
              "vpndiag's own part %.0f; all threads with %d, without %d "
              "instructions" % (n, w.get("job_calls", 0), job, usestats,
                                job - usestats, w["total_ir"], o["total_ir"]))
elif sys.argv[1] == "median":
    x = nums(sys.argv[2])
    print("%.0f" % statistics.median(x) if x else "-")
