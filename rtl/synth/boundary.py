#!/usr/bin/env python3
"""Logic at the ports of a module that synthesis keeps as its own unit (Yosys write_json, mapped).

`make synth-core` maps the 32 identical HMAC engines once (keep_hierarchy) instead of 32 times;
the parent's longest-path search (`ltp`) then stops at an engine's pins. That cut is honest
only when the pins are registers. This script measures how far they are from it: the deepest
chain of logic cells from an input port to a register (or RAM write pin) and from a register
(or RAM read data) to an output port, charged like report.py does. report.py adds both to the
parent's longest path, so the estimate is an upper bound of the flattened design's path through
the cut (ports that are flip-flops add nothing).

A kept module may hold kept modules of its own (`make synth-core` keeps the engine port, which
holds the 32 kept HMAC engines). An inner instance is measured first; in the outer module's graph
its input pins end a path charged the inner module's input-side logic, and its output pins start
one charged its output-side logic, so the outer figures include the inner ones (an upper bound
of the flattened path). A combinational path through an inner module is reported as a path
through the outer one (its "through" figures), which report.py fails.

Usage: boundary.py <json> <family>; prints one line per module with cells in the netlist (the
synthesis scripts write only the kept modules), inner modules first:
  boundary <module> in <n_lut> <n_carry> out <n_lut> <n_carry> through <n_lut> <n_carry> <port>
and for a module that instantiates kept modules:
  contains <module> <kept module>...
and, per port, the same figures for that port alone (pinshell.py builds the exact cut from them):
  pin <module> <in|out> <port> <n_lut> <n_carry>
"""
import json
import sys

from cells import directions, is_lutram_read_pin

path, family = sys.argv[1], sys.argv[2]
design = json.load(open(path))


def is_register(cell_type):
    return cell_type.startswith(("FD", "RAMB", "URAM", "SRL", "LD"))


def is_lutram(cell_type):
    return cell_type.startswith("RAM") and not cell_type.startswith("RAMB")


def is_carry(cell_type):
    return "CARRY" in cell_type.upper()

modules = {n: m for n, m in design["modules"].items()
           if m.get("cells") and "blackbox" not in m.get("attributes", {})}
# Inner kept modules first: a module is measured after every kept module it instantiates.
order, seen = [], set()


def visit(n):
    if n in seen:
        return
    seen.add(n)
    for cell in modules[n]["cells"].values():
        if cell["type"] in modules:
            visit(cell["type"])
    order.append(n)


for n in modules:
    visit(n)
measured = {}   # module -> ((ns, lut, carry) in, (ns, lut, carry) out, through)

for name in order:
    mod = modules[name]
    ports = mod["ports"]
    in_bits = {b for p in ports.values() if p["direction"] == "input" for b in p["bits"]
               if isinstance(b, int)}
    clock_bits = {b for pn, p in ports.items() if pn.startswith("clk") for b in p["bits"]}
    out_bits = {}
    for pn, p in ports.items():
        if p["direction"] == "output":
            for b in p["bits"]:
                if isinstance(b, int):
                    out_bits.setdefault(b, pn)

    # Combinational graph: net -> list of (cell, output nets). A LUT RAM passes its read address
    # to its data outputs (asynchronous read); its write pins end a path like a flip-flop's D.
    fanout = {}
    kind = {}
    # Pins of inner kept instances: input bits end a path with the inner input-side cost added,
    # output bits start one with the inner output-side cost.
    sub_in, sub_out, inner = {}, {}, []
    for cname, cell in mod["cells"].items():
        ctype = cell["type"]
        if ctype not in measured:
            continue
        inner.append(ctype)
        sin, sout, sthr = measured[ctype]
        sports = modules[ctype]["ports"]
        for pn, bits in cell["connections"].items():
            d = sports.get(pn, {}).get("direction")
            for b in bits:
                if not isinstance(b, int):
                    continue
                if d == "input" and not pn.startswith("clk"):
                    if sin[0] > sub_in.get(b, (-1.0,))[0]:
                        sub_in[b] = sin
                elif d == "output":
                    if sout[0] > sub_out.get(b, (-1.0,))[0]:
                        sub_out[b] = sout
    for cname, cell in mod["cells"].items():
        ctype = cell["type"]
        if is_register(ctype) or ctype in measured:
            continue
        dirs = directions(cell)
        outs = [b for pn, bits in cell["connections"].items() if dirs.get(pn) == "output"
                for b in bits if isinstance(b, int)]
        for pn, bits in cell["connections"].items():
            if dirs.get(pn) != "input":
                continue
            if is_lutram(ctype) and not is_lutram_read_pin(pn):
                continue
            for b in bits:
                if isinstance(b, int):
                    fanout.setdefault(b, []).append((cname, outs))
        kind[cname] = "carry" if is_carry(ctype) else "lut"

    # Sources of "out" paths: register outputs (flip-flop Q, block RAM and SRL data).
    reg_out = set()
    for cname, cell in mod["cells"].items():
        if is_register(cell["type"]):
            dirs = directions(cell)
            for pn, bits in cell["connections"].items():
                if dirs.get(pn) == "output":
                    reg_out.update(b for b in bits if isinstance(b, int))

    cost = {"lut": (1, 0), "carry": (0, 1)}
    weight = (0.45, 0.10) if family == "xcup" else (0.70, 0.15)

    def longest(starts):
        """Longest (ns, luts, carries) from the start nets (net -> initial cost) to every net
        they reach."""
        best = dict(starts)
        order = list(starts)
        i = 0
        while i < len(order):
            net = order[i]
            i += 1
            ns, nl, nc = best[net]
            for cname, outs in fanout.get(net, []):
                dl, dc = cost[kind[cname]]
                cand = (ns + dl * weight[0] + dc * weight[1], nl + dl, nc + dc)
                for o in outs:
                    if o not in best or cand[0] > best[o][0] + 1e-9:
                        best[o] = cand
                        order.append(o)
        return best

    def plus(a, b):
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])

    from_in = longest({b: (0.0, 0, 0) for b in in_bits - clock_bits})
    # Input side: the deepest net reached from an input port (it ends at a register pin, or at
    # an inner kept module's input, which adds that module's input-side logic).
    in_worst = max(list(from_in.values()) +
                   [plus(from_in[b], c) for b, c in sub_in.items() if b in from_in],
                   key=lambda t: t[0])
    starts = {b: (0.0, 0, 0) for b in reg_out}
    for b, c in sub_out.items():
        if c[0] >= starts.get(b, (-1.0,))[0]:
            starts[b] = c
    from_reg = longest(starts)
    out_worst = max((from_reg[b] for b in out_bits if b in from_reg), key=lambda t: t[0],
                    default=(0.0, 0, 0))
    through = [(from_in[b], out_bits[b]) for b in out_bits if b in from_in and b not in in_bits]
    thr = max(through, key=lambda t: t[0][0]) if through else ((0.0, 0, 0), "-")
    # A combinational path through an inner kept module is one through this module if it
    # reaches both an input and an output port; report it whole (report.py fails on it).
    for ctype in set(inner):
        if measured[ctype][2][1] or measured[ctype][2][2]:
            thr = (measured[ctype][2], "via-" + ctype.replace(" ", "_"))
    measured[name] = (in_worst, out_worst, thr[0])
    pin_lines = []
    for pn, p in ports.items():
        bits = [b for b in p["bits"] if isinstance(b, int)]
        if p["direction"] == "input" and not pn.startswith("clk"):
            reach = longest({b: (0.0, 0, 0) for b in bits})
            w = max(list(reach.values()) +
                    [plus(reach[b], c) for b, c in sub_in.items() if b in reach],
                    key=lambda t: t[0])
            pin_lines.append(f"pin {name} in {pn} {w[1]} {w[2]}")
        elif p["direction"] == "output":
            w = max((from_reg[b] for b in bits if b in from_reg), key=lambda t: t[0],
                    default=(0.0, 0, 0))
            pin_lines.append(f"pin {name} out {pn} {w[1]} {w[2]}")
    if inner:
        print(f"contains {name} {' '.join(sorted(set(inner)))}")
    print(f"boundary {name} in {in_worst[1]} {in_worst[2]} out {out_worst[1]} {out_worst[2]} "
          f"through {thr[0][1]} {thr[0][2]} {thr[1]}")
    for line in pin_lines:
        print(line)
