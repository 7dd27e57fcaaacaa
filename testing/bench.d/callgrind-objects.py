#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Summarize a callgrind dump by object (shared library) and count the
calls of some functions:

   callgrind-objects.py FILE [FUNCTION...]

  total ir <n>
  object <basename> self_ir <n>        instructions executed in the object
  calls <function> <n> incl <ir>       calls of a function (any object) and
                                       their inclusive instructions
  edge <caller-object> <callee-object> <callee> calls <n> incl <ir>
                                       calls from one object into another,
                                       per callee (the callee may be an
                                       address in a stripped library)

Self cost per object works without debug symbols (Debian's charon,
libcharon, kernel-libipsec and libipsec are stripped)."""
import os
import re
import sys
from collections import defaultdict


def main(path, functions):
    objs, fns = {}, {}
    self_ir, calls, incl = defaultdict(int), defaultdict(int), defaultdict(int)
    edges = defaultdict(lambda: [0, 0])
    ob = cob = None
    callee = None
    pending = None  # calls of the call whose inclusive cost comes next
    total = 0

    def resolve(table, spec):
        m = re.match(r"\((\d+)\)(?: (.*))?$", spec)
        if not m:
            return spec
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
        return table.get(m.group(1), spec)

    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if not line:
            continue
        c = line[0]
        if c.isdigit() or c in "+-*":
            parts = line.split()
            ir = int(parts[1]) if len(parts) > 1 else 0
            if pending is not None:
                # (calls=0: a call that began before the counters were zeroed)
                calls[callee] += pending
                incl[callee] += ir
                e = edges[(ob, os.path.basename(cob or ob), callee)]
                e[0] += pending
                e[1] += ir
                pending = None
                cob = None
            else:
                self_ir[ob] += ir
                total += ir
        elif line.startswith("ob="):
            ob = os.path.basename(resolve(objs, line[3:]))
        elif line.startswith("cob="):
            cob = resolve(objs, line[4:])
        elif line.startswith("fn="):
            resolve(fns, line[3:])
            cob = None
        elif line.startswith("cfn="):
            callee = resolve(fns, line[4:])
        elif line.startswith("calls="):
            pending = int(line[6:].split()[0])
    print("total ir %d" % total)
    for o, ir in sorted(self_ir.items(), key=lambda x: -x[1]):
        print("object %s self_ir %d" % (o, ir))
    for f in functions:
        print("calls %s %d incl %d" % (f, calls.get(f, 0), incl.get(f, 0)))
    for (a, b, f), (n, ir) in sorted(edges.items(), key=lambda x: -x[1][1]):
        if a != b:
            print("edge %s %s %s calls %d incl %d" % (a, b, f, n, ir))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
