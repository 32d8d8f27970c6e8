#!/usr/bin/env python3
"""Weighted longest register-to-register path of mapped modules (Yosys write_json).

Yosys's `ltp` finds the path with the most cells, and report.py then charged that path by
kind: 0.45 ns per LUT or wide mux, 0.10 per carry block. A path of 20 cells that are mostly
carry blocks beats, for ltp, a path of 9 LUTs that takes longer; the 9-LUT path was never seen.
This script charges each cell as it goes, so the path it reports is the slowest under the
model, not the longest in cells.

Graph: a net's arrival is 0 at a register output (flip-flop, block/Ultra RAM, SRL), a module
input or a constant; a LUT, mux or carry cell adds its charge to the latest of its inputs. A
LUT RAM's read address reaches its data outputs (asynchronous read; its write pins end a
path). Cells named pinchain_lut_* / pinchain_carry_* are the timing shells of kept modules
(pinshell.py), charged as their names say. Cells whose type is a module (a kept module not
swapped for its shell) cut the graph like registers.

LUT RAM and SRL reads are charged one LUT from their address, so no blanket LUT-RAM level is
needed. Kept modules still instantiated cut the graph (report.py adds their pin figures);
with --exact the caller says they were swapped for shells, so nothing is to be added.

Usage: sta.py <family> <json> [--exact] [--list <ns>] [module...]
prints per module: sta[-exact] <module> <ns> <luts> <carries> <from net> <to net>
(ns without report.py's fixed clock-to-out plus setup), and with --list every path of at
least <ns> to a distinct run of named nets (up to 40):
  path <module> <ns> <n>L <n>C <net> <- <net> <- ... (end first)
STA_PATH=1 prints the slowest path cell by cell; STA_PATH=<text> the slowest path through a net
whose name holds <text>.
"""
import json
import os
import sys

from cells import directions, is_lutram_read_pin

args = sys.argv[1:]
exact = "--exact" in args
list_over = None
if "--list" in args:
    list_over = float(args[args.index("--list") + 1])
    del args[args.index("--list"):args.index("--list") + 2]
args = [a for a in args if a != "--exact"]
family, path = args[0], args[1]
only = set(args[2:])
lut_ns, carry_ns = (0.45, 0.10) if family == "xcup" else (0.70, 0.15)

design = json.load(open(path))


def is_register(t):
    return t.startswith(("FD", "RAMB", "URAM", "LD"))


def is_lutram(t):
    """LUT RAMs and shift-register LUTs: an address reaches the data output through the LUT."""
    return (t.startswith("RAM") and not t.startswith("RAMB")) or t.startswith("SRL")

# Modules of our own design still instantiated as cells (kept, not swapped for a shell) cut the
# graph; library cells (black or white boxes) do not.
# A module of ours left as a black box (the engine unit boxes the AES pipe) cuts it too.
kept_types = {n for n, m in design["modules"].items()
              if (m.get("cells") and not any(a in m.get("attributes", {}) for a in
                                              ("blackbox", "whitebox", "lib_whitebox")))
              or "srtpo_" in n}

for mname, mod in design["modules"].items():
    if only and mname not in only:
        continue
    if mname not in kept_types:
        continue
    driver = {}      # bit -> (cell name, input bits, lut, carry)
    source = {}      # bit -> the register (or kept cell) that drives it, to name a path's start
    for cname, cell in mod["cells"].items():
        t = cell["type"]
        dirs = directions(cell)
        if is_register(t) or t in kept_types:
            for pn, bits in cell["connections"].items():
                if dirs.get(pn) == "output":
                    for b in bits:
                        source[b] = cname
            continue
        ins, outs = [], []
        for pn, bits in cell["connections"].items():
            d = dirs.get(pn, "input")
            if is_lutram(t) and d == "input" and not is_lutram_read_pin(pn):
                continue
            (outs if d == "output" else ins).extend(b for b in bits if isinstance(b, int))
        carry = "CARRY" in t.upper() or "pinchain_carry" in cname
        for b in outs:
            driver[b] = (cname, ins, 0 if carry else 1, 1 if carry else 0)
    # arrival[bit] = (ns, luts, carries, predecessor bit), computed depth-first without recursion
    arrival = {}
    for root in list(driver):
        if root in arrival:
            continue
        stack = [root]
        while stack:
            b = stack[-1]
            if b in arrival:
                stack.pop()
                continue
            d = driver.get(b)
            if d is None:
                arrival[b] = (0.0, 0, 0, None)
                stack.pop()
                continue
            pending = [i for i in d[1] if i not in arrival and i in driver]
            if pending:
                stack.extend(pending)
                continue
            best = (-1.0, 0, 0, None)
            for i in d[1]:
                a = arrival.get(i, (0.0, 0, 0, None))
                if a[0] > best[0]:
                    best = (a[0], a[1], a[2], i)
            best = (max(best[0], 0.0),) + best[1:]
            arrival[b] = (best[0] + d[2] * lut_ns + d[3] * carry_ns, best[1] + d[2],
                          best[2] + d[3], best[3])
            stack.pop()
    if not arrival:
        continue
    names = {}      # bit -> a net name, a name from the source first
    for user in (True, False):
        for nn, net in mod.get("netnames", {}).items():
            if nn.startswith("$") != user:
                for i, b in enumerate(net["bits"]):
                    if isinstance(b, int):
                        names.setdefault(b, f"{nn}[{i}]")
    def walk_back(b):
        """The bits of the slowest path into b, from b back to its start."""
        while b is not None:
            yield b
            b = arrival.get(b, (0, 0, 0, None))[3]

    end = max(arrival, key=lambda b: arrival[b][0])
    start = list(walk_back(end))[-1]
    ns, nl, nc, _ = arrival[end]
    if list_over is not None:   # the slowest paths, one per distinct run of named nets
        seen, rows = set(), []
        for b in sorted(arrival, key=lambda x: -arrival[x][0]):
            if arrival[b][0] < list_over:
                break
            named = []
            for st in walk_back(b):
                nm = names.get(st, "$")
                if not nm.startswith("$") and (not named or named[-1] != nm.split("[")[0]):
                    named.append(nm.split("[")[0])
            key = tuple(named[:2]) + (named[-1] if named else "",)
            if key in seen:
                continue
            seen.add(key)
            rows.append(f"  {arrival[b][0]:5.2f} {arrival[b][1]:2d}L {arrival[b][2]:2d}C "
                        + " <- ".join(named[:6]) + (" <- ... <- " + named[-1]
                                                     if len(named) > 6 else ""))
        print("\n".join(f"path {mname}" + r for r in rows[:40]))
    if "STA_PATH" in os.environ:   # the whole path, for a designer
        want = os.environ["STA_PATH"]
        shown = end
        if want != "1":   # the slowest path through a net whose name holds this text
            shown = next((b for b in sorted(arrival, key=lambda x: -arrival[x][0])
                          if any(want in names.get(st, "") for st in walk_back(b))), end)
        for b in walk_back(shown):
            d = driver.get(b)
            print(f"  {arrival.get(b, (0.0,))[0]:5.2f} {names.get(b, b)}"
                  + (f"  via {d[0]}" if d else ""))
    # the start's net name from the source, else the register that drives it
    first = names.get(start, "$")
    if first.startswith("$"):
        first = source.get(start, start)
    print(f"{'sta-exact' if exact else 'sta'} {mname} {ns:.2f} {nl} {nc} {first} "
          f"{names.get(end, end)}")
