#!/usr/bin/env python3
"""The exact cut at kept modules: `make synth-core` maps the engine port (and the HMAC engines
inside it) once and boundary.py measures the logic between each of its ports and its registers.
report.py used to add the worst port's figure to every path of the parent, which charges a
path that never touches the port as if it crossed the port's deepest pins. This script writes,
for every kept module, a shell with the same name and ports in which each input bit feeds a
chain of as many buffer cells as its port has logic levels (and each output bit is driven by
such a chain), named so that sta.py charges them as LUT or carry levels, and a Yosys script
that swaps the shells in for the mapped modules and writes the netlists sta.py measures:

  pass 1 (exact-1.json): the HMAC engine's shell inside the engine port -> the port's paths
  pass 2 (exact-2.json): the engine port's shell (its figures include the HMAC engine's)
          inside the core -> the core's paths, each charged only the pins it reaches

Per port, not per bit: every bit of a port is charged its port's deepest bit (still an upper
bound, much closer than one figure for every pin).

Usage: pinshell.py <boundary.txt> <kept.json> <out dir> <top>
writes <out dir>/shells-<n>.il and <out dir>/exact.ys (reads <out dir>/mapped.il, writes
<out dir>/exact-<n>.json). Prints the kept modules measured exactly by each pass:
  pass <n> <module>...
"""
import json
import sys

boundary, kept_json, out_dir, top = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
design = json.load(open(kept_json))

pins = {}        # module -> {port: (direction, lut, carry)}
contains = {}    # module -> kept modules inside it
order = []       # modules, inner first (boundary.py's order)
for line in open(boundary):
    f = line.split()
    if not f:
        continue
    if f[0] == "boundary":
        order.append(f[1])
    elif f[0] == "contains":
        contains[f[1]] = f[2:]
    elif f[0] == "pin":
        pins.setdefault(f[1], {})[f[3]] = ({"in": "input", "out": "output"}[f[2]], int(f[4]),
                                          int(f[5]))


def shell(name):
    """RTLIL text of the module's timing shell."""
    ports = design["modules"][name]["ports"]
    out = [f"module {name}"]
    cells = []
    for idx, (pn, p) in enumerate(ports.items(), start=1):
        width = len(p["bits"])
        out.append(f"  wire width {width} {p['direction']} {idx} \\{pn}")
        direction, nlut, ncarry = pins.get(name, {}).get(pn, (p["direction"], 0, 0))
        kinds = ["lut"] * nlut + ["carry"] * ncarry
        if not kinds or pn.startswith("clk"):
            continue
        for bit in range(width):
            prev = f"\\{pn} [{bit}]" if direction == "input" else None
            for k, kind in enumerate(kinds):
                cname = f"\\pinchain_{kind}_{pn}_{bit}_{k}"
                y = f"\\{pn} [{bit}]" if direction == "output" and k == len(kinds) - 1 \
                    else f"\\pc_{pn}_{bit}_{k}"
                if y.startswith("\\pc_"):
                    out.append(f"  wire {y}")
                if prev is None:
                    prev = f"\\pc_src_{pn}_{bit}"
                    out.append(f"  wire {prev}")
                cells.append(f"  cell $_BUF_ {cname}\n    connect \\A {prev}\n"
                             f"    connect \\Y {y}\n  end")
                prev = y
    return "\n".join(out + cells + ["end", ""])


# A kept module that holds kept modules is measured with their shells (pass 1 for the port,
# with the HMAC shell); the outermost kept modules are then swapped for their own shells in
# the top (pass 2).
inner = {c for cs in contains.values() for c in cs}
outer = [m for m in order if m not in inner]
script = [f"read_rtlil {out_dir}/mapped.il"]
for n, group in enumerate((sorted(inner), outer), start=1):
    if not group:
        continue
    with open(f"{out_dir}/shells-{n}.il", "w") as fh:
        fh.write("".join(shell(m) for m in group))
    for m in group:
        script.append(f"delete {m}")
    script.append(f"read_rtlil {out_dir}/shells-{n}.il")
    script.append("flatten")
    script.append(f"write_json {out_dir}/exact-{n}.json")
    print(f"pass {n} " + (" ".join(sorted(contains)) if n == 1 else top))
open(f"{out_dir}/exact.ys", "w").write("\n".join(script) + "\n")
