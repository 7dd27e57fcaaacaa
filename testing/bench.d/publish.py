#!/usr/bin/env python3
# Copyright (C) 2026 The vpndiag authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Put the table of a testing/bench run into README.md and
docs/performance.md, between
   <!-- bench: table -->
   ...
   <!-- /bench -->
(the block's whole body is replaced with TABLE, the table.md of the run:
its first line names the command and commit, its second the machine).

   publish.py TABLE"""
import os
import re
import sys

table = open(sys.argv[1]).read().rstrip("\n") + "\n"
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
pattern = re.compile(r"(<!-- bench: table -->\n)(.*?)(<!-- /bench -->)", re.S)
for name in ("README.md", os.path.join("docs", "performance.md")):
    path = os.path.join(top, name)
    text = open(path).read()
    new, n = pattern.subn(lambda m: m.group(1) + table + m.group(3), text)
    if n != 1:
        sys.exit("publish: %s has %d bench blocks, expected 1" % (name, n))
    with open(path, "w") as f:
        f.write(new)
    print("publish: table written to %s" % name)
