#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ratio of paired measurements (with vpndiag / without), as testing/bench
prints it.

   stats.py ratio "W1 W2 ..." "O1 O2 ..."
      -> "<sum W / sum O> (pairs <min>..<max>, median <median>)"
   stats.py median "X1 X2 ..."   -> the median"""
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
elif sys.argv[1] == "median":
    x = nums(sys.argv[2])
    print("%.0f" % statistics.median(x) if x else "-")
