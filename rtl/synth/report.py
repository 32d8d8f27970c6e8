#!/usr/bin/env python3
"""Summarise a Yosys synth_xilinx run: resources, latches and a logic-depth timing estimate.

Method: every mapped cell on a register-to-register path is charged by kind, routing included:
a LUT, wide mux or LUT-RAM/SRL read 0.45 ns on UltraScale+ (-2) and 0.70 ns on 7-series (-2);
a carry block 0.10 / 0.15 ns (the carry chain hops within a column); plus 0.35 / 0.55 ns of
clock-to-out and setup. The slowest path under those charges is found by sta.py (sta.txt,
written by measure.sh); Yosys's `ltp -noff` (the path with the most cells, with one LUT level
added for a possible LUT-RAM read) is the fallback when there is no sta.txt. This is a
planning estimate from public datasheet figures, not a signed-off timing report: Vivado's
place and route decides.

A module kept as its own unit (the HMAC engine, the engine port) cuts the parent's graph at its
pins; boundary.py measures the logic between each port and the module's registers. measure.sh
swaps each kept module for a timing shell built from those figures (pinshell.py), so a path
of the parent is charged exactly the pins it reaches ("sta-exact"); without the shells (ltp,
or the units' plain sta) the worst pin figure is added to every path of the parent, an upper
bound. Stages over the budget are listed ("stage" lines, slowest 30).
"""
import re
import sys

family, top, log = sys.argv[1], sys.argv[2], sys.argv[3]
abc = sys.argv[4] if len(sys.argv) > 4 else ""
# Budget: the longest stage's estimate in ns must not exceed this (0: report only).
budget_ns = float(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[5] else 0.0
label = sys.argv[6] if len(sys.argv) > 6 else ""
out_dir = log.rsplit("/", 1)[0]
stat = open(out_dir + "/stat.txt").read()
ltp = open(out_dir + "/ltp.txt").read()

# With a kept sub-module the totals (instances counted) follow "design hierarchy".
if "=== design hierarchy ===" in stat:
    stat = stat.split("=== design hierarchy ===", 1)[1]
cells = {}
for m in re.finditer(r"^\s+(\S+)\s+(\d+)\s*$", stat, re.M):
    cells[m.group(1)] = cells.get(m.group(1), 0) + int(m.group(2))

def total(prefixes):
    return sum(n for c, n in cells.items() if any(c.startswith(p) for p in prefixes))

luts = total(["LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6"])
lutram = total(["RAM16", "RAM32", "RAM64", "RAM128", "RAM256"])
srl = total(["SRL16", "SRLC32"])
ffs = total(["FDRE", "FDSE", "FDCE", "FDPE"])
latches = total(["LDCE", "LDPE", "$_DLATCH", "$dlatch"])
bram36 = total(["RAMB36"])
bram18 = total(["RAMB18"])
dsp = total(["DSP48"])
carry = total(["CARRY4", "CARRY8"])

# Logic at the pins of kept modules (boundary.py): LUT and carry levels in and out, per module,
# and which kept modules each kept module instantiates ("contains"; the engine port holds the
# HMAC engines). A path in a module is charged the worst in + out of the kept modules it
# instantiates directly (the top: the kept modules no other kept module holds).
kept_lut, kept_carry, kept_note, kept_names = 0, 0, "", []
kept_pins = {}      # base name -> (lut in+out, carry in+out, note)
contains = {}       # base name -> base names of kept modules inside it


def base_name(module):
    # "$paramod\\srtpo_hmac_engine\\DepthBeats=..." -> "srtpo_hmac_engine"
    return module.split("\\")[1] if module.startswith("$paramod") and "\\" in module else module


try:
    for line in open(out_dir + "/boundary.txt"):
        f = line.split()
        if f and f[0] == "contains":
            contains[base_name(f[1])] = [base_name(x) for x in f[2:]]
        if f and f[0] == "boundary":
            kin_l, kin_c, kout_l, kout_c = int(f[3]), int(f[4]), int(f[6]), int(f[7])
            if int(f[9]) or int(f[10]):
                print(f"ERROR: combinational path through kept module {f[1]} ({f[11]})",
                      file=sys.stderr)
                sys.exit(1)
            kept_names.append(base_name(f[1]))
            kept_pins[base_name(f[1])] = (
                kin_l + kout_l, kin_c + kout_c,
                f"{base_name(f[1])} pins: {kin_l} LUT + {kin_c} carry in, "
                f"{kout_l} LUT + {kout_c} carry out")
except FileNotFoundError:
    pass
inner_names = {c for cs in contains.values() for c in cs}
outer_kept = [k for k in kept_names if k not in inner_names]


def pin_charge(module):
    """(lut, carry, note) added to a path in this module for the kept modules it holds."""
    kids = contains.get(module, []) if module in kept_pins else outer_kept
    if not kids:
        return 0, 0, ""
    worst = max(kids, key=lambda k: kept_pins[k][0] * 0.45 + kept_pins[k][1] * 0.10)
    return kept_pins[worst]


# Split ltp's output per module and keep the path with the largest estimated delay. The
# longest path is first in each block: "<n>: <net> (via <cell> <type>)" lines.
lut_ns, carry_ns, overhead = (0.45, 0.10, 0.35) if family == "xcup" else (0.70, 0.15, 0.55)
best = None
paths = []          # every module's longest path, for the per-module lines
for block in re.split(r"(?=Longest topological path in )", ltp):
    m = re.match(r"Longest topological path in (\S+) \(length=(\d+)\)", block)
    if not m:
        continue
    vias = re.findall(r"\(via ([^)]*)\)", block)
    ncarry = sum(1 for v in vias if "carry" in v.lower())
    nlut = len(vias) - ncarry
    nets = re.findall(r"^\s*\d+: (\S+)", block, re.M)
    ends = (nets[0], nets[-1]) if nets else ("?", "?")
    add_lut, add_carry, note = pin_charge(base_name(m.group(1)))
    nlut += add_lut
    ncarry += add_carry
    ns = (nlut + 1) * lut_ns + ncarry * carry_ns + overhead   # +1: a possible LUT-RAM read
    if best is None or ns > best[0]:
        best = (ns, m.group(1), int(m.group(2)), nlut, ncarry, ends, note)
    paths.append((ns, base_name(m.group(1)), nlut, ncarry, ends, note))
# sta.txt (rtl/synth/sta.py, written by measure.sh): the slowest path of each module with every
# cell charged as it goes, which replaces ltp's path with the most cells (a path of carry
# blocks can have more cells and less delay than one of LUTs). LUT RAM and SRL reads are
# counted on the path, so no blanket level is added; "sta-exact" modules were measured with
# their kept modules swapped for timing shells, so no pin charge is added either.
stage_rows = []
try:
    sta = {}
    for line in open(out_dir + "/sta.txt"):
        f = line.split()
        if f and f[0] in ("sta", "sta-exact"):
            sta[base_name(f[1])] = (f[0] == "sta-exact", float(f[2]), int(f[3]), int(f[4]),
                                    (f[5], f[6]))
        elif f and f[0] == "path":
            stage_rows.append((base_name(f[1]), line.split(None, 2)[2].rstrip()))
    if sta:
        paths, best = [], None
        for mod_name, (is_exact, ns, nl, nc, ends) in sta.items():
            add_lut, add_carry, note = (0, 0, "") if is_exact else pin_charge(mod_name)
            ns += add_lut * lut_ns + add_carry * carry_ns + overhead
            nl, nc = nl + add_lut, nc + add_carry
            note = note or ("kept modules as timing shells" if is_exact and mod_name in contains
                            or is_exact and mod_name == top else "")
            if best is None or ns > best[0]:
                best = (ns, mod_name, nl + nc, nl, nc, ends, note)
            paths.append((ns, mod_name, nl, nc, ends, note))
except FileNotFoundError:
    pass
est_ns, where, depth, nlut, ncarry, ends, kept_note = \
    best if best else (float("nan"), "?", -1, 0, 0, ("?", "?"), "")
if where.startswith("$paramod"):
    where = where.split("\\")[1] if "\\" in where else where

name = {"xcup": "UltraScale+ (xcup)", "xc7": "7-series (xc7)"}.get(family, family)
print(f"== {top}{label} on {name}, Yosys synth_xilinx {abc or '(abc)'} ==")
print(f"  LUTs (logic)   {luts}")
print(f"  LUTs as RAM    {lutram} cells  (+ {srl} SRL)")
print(f"  flip-flops     {ffs}")
print(f"  carry blocks   {carry}")
print(f"  block RAM      {bram36} RAMB36 + {bram18} RAMB18")
print(f"  DSP            {dsp}")
print(f"  latches        {latches}")
print(f"  logic depth    {nlut + ncarry} levels register to register ({nlut} LUT/mux, {ncarry} carry) in {where} (the slowest path)")
print(f"  longest path   from {ends[0]}")
print(f"                 to   {ends[1]}")
if kept_note and "shells" not in kept_note:
    print(f"  kept unit      {kept_note} (added to every path of the parent)")
for ns, mod_name, pl, pc, pe, pn in sorted(paths, reverse=True):
    print(f"  per module     {ns:.2f} ns {pl} LUT + {pc} carry in {mod_name}: {pe[0]} -> {pe[1]}"
          + (f" (+ {pn})" if pn else ""))
for mod_name, row in sorted(stage_rows, key=lambda r: -float(r[1].split()[0]))[:30]:
    f = row.split(None, 3)
    print(f"  stage          {float(f[0]) + overhead:.2f} ns {f[1]} {f[2]} in {mod_name}: {f[3]}")
print(f"  timing est.    {est_ns:.2f} ns -> {1000.0 / est_ns:.0f} MHz (method: rtl/synth/report.py)")
if budget_ns > 0:
    verdict = "within" if est_ns <= budget_ns else "EXCEEDS the budget"
    print(f"  budget         {budget_ns:.2f} ns ({1000.0 / budget_ns:.0f} MHz): {verdict}")
if latches:
    print("ERROR: latches inferred", file=sys.stderr)
    sys.exit(1)

