#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Summarize callgrind output files (dumps) of charon with vpndiag:

  hook <fn> calls <n> ir_per_call <x>   inclusive instructions per call of
                                        each bus hook in vpndiag_listener.c
                                        (what charon's threads pay; all but
                                        log_ under the bus mutex)
  worker handle calls <n> ir_per_call <x>   the worker's processing per event
                                        (classifier, store, state file,
                                        publishers), on vpndiag's own thread
  total ir <n> hooks_ir <n> worker_ir <n> vpndiag_self_ir <n>
                                        the whole program, the hooks and the
                                        worker inclusive, and the self cost of
                                        every function in vpndiag's files"""
import re
import sys
from collections import defaultdict

HOOKS = ("alert", "message_hook", "ike_state_change", "ike_updown",
         "child_updown", "ike_rekey", "child_rekey", "ike_update", "log_")


def main(paths):
    names, files = {}, {}
    calls, incl, self_cost = defaultdict(int), defaultdict(int), defaultdict(int)
    edge_calls, edge_incl = defaultdict(int), defaultdict(int)  # (caller, callee)
    fn_file = {}
    fl = cfl = fn = callee = None
    pending = None
    total = 0

    def resolve(table, spec):
        m = re.match(r"\((\d+)\)(?: (.*))?$", spec)
        if not m:
            return spec
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
        return table.get(m.group(1), spec)

    for line in (l for path in paths for l in open(path, errors="replace")):
        line = line.rstrip("\n")
        if not line:
            continue
        c = line[0]
        if c.isdigit() or c in "+-*":
            parts = line.split()
            ir = int(parts[1]) if len(parts) > 1 else 0
            if pending:
                calls[pending[0]] += pending[1]
                incl[pending[0]] += ir
                edge_calls[(fn, pending[0])] += pending[1]
                edge_incl[(fn, pending[0])] += ir
                pending = None
            else:
                self_cost[fn] += ir
        elif line.startswith("fl="):
            fl = resolve(files, line[3:])
        elif line.startswith(("fi=", "fe=")):
            resolve(files, line[3:])
        elif line.startswith("fn="):
            fn = resolve(names, line[3:])
            fn_file.setdefault(fn, fl)
        elif line.startswith(("cfl=", "cfi=")):
            cfl = resolve(files, line[4:])
        elif line.startswith("cfn="):
            callee = resolve(names, line[4:])
            if cfl:
                fn_file.setdefault(callee, cfl)
        elif line.startswith("calls="):
            pending = (callee, int(line[6:].split()[0]))
            cfl = None
        elif line.startswith("summary:"):
            total += int(line.split()[1])

    def in_file(f, name):
        return (fn_file.get(f) or "").endswith(name)

    hooks_ir = worker_ir = 0
    for f in HOOKS:
        if calls[f] and in_file(f, "vpndiag_listener.c"):
            print("hook %s calls %d ir_per_call %.0f" % (f, calls[f], incl[f] / calls[f]))
            hooks_ir += incl[f]
    # the worker's loop: what run() and handle() call per event (handle()
    # may be inlined into run() or not, depending on the compiler), without
    # the loop's setup and teardown
    loop = ("run", "handle")
    events = edge_calls[("run", "process")] + edge_calls[("handle", "process")]
    if events and in_file("run", "vpndiag_worker.c"):
        parts = defaultdict(int)
        part_calls = defaultdict(int)
        for (caller, callee), ir in edge_incl.items():
            if caller not in loop or callee in loop or \
                    callee.startswith(("destroy", "vpndiag_worker_load_caps")) or \
                    callee.endswith("_create"):
                continue
            worker_ir += ir
            parts[callee] += ir
            part_calls[callee] += edge_calls[(caller, callee)]
        print("worker event calls %d ir_per_call %.0f" % (events, worker_ir / events))
        for callee in sorted(parts, key=parts.get, reverse=True)[:6]:
            print("worker_part %s calls %d ir_per_call %.0f" % (
                callee, part_calls[callee], parts[callee] / max(1, part_calls[callee])))
    vd_self = sum(v for f, v in self_cost.items()
                  if "/vpndiag/" in (fn_file.get(f) or "") or
                  (fn_file.get(f) or "").split("/")[-1].startswith("vpndiag_"))
    print("total ir %d hooks_ir %d worker_ir %d vpndiag_self_ir %d" % (total, hooks_ir, worker_ir, vd_self))


if __name__ == "__main__":
    main(sys.argv[1:])
