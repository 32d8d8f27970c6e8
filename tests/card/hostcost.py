#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Host instructions per packet on the card path, from a callgrind profile of hostcost_card.

    hostcost.py CALLGRIND_OUT PACKETS [--target N] [--goal N] [--max-card N]
                [--model-prefix PREFIX] [--json]

The profile holds only what ran inside hc_protect/hc_unprotect (callgrind --collect-atstart=no,
--toggle-collect on both). From that total it subtracts the inclusive cost of every call that
enters the card model: a call from code outside libsrtpo_sim.so to a function inside it, which
are exactly the transport calls of card.h (read32, write32, dma_alloc, wait_irq, step) with
everything under them (card_model.cpp, the Verilated model, and any libc they call). What is
left is the library: stream layer, card backend (card_sim.c), ring code, and any software
fallback. The inclusive costs are the ones callgrind records on each call edge, so nothing is
estimated. The part under srtpo_card_sim_run (card_sim.c, ring code) is given apart from the rest
(the stream layer: parsing, ROC, replay, burst bookkeeping, the same code the software backend
runs). Exits 1 when that card part is above --max-card.

With --model-prefix the transport is not libsrtpo_sim.so but functions linked into the program
whose names begin with PREFIX (the null card of tests/card/null_card.c: null_card_): the calls
into them from other functions are subtracted the same way. --target and --goal print the
library's instructions per packet against the issue's figures as met or NOT met.
"""
import json
import os
import re
import sys

MODEL_OBJ = "libsrtpo_sim.so"


def parse(path):
    """Returns (total, edges), edges as (caller_ob, caller_fn, callee_ob, callee_fn, cost)."""
    names = {"ob": {}, "fn": {}}
    total = None
    edges = []
    ob = fn = cob = cfn = None
    pending_call = False
    name_re = re.compile(r"^\((\d+)\)(?: (.*))?$")

    def name(kind, text):
        m = name_re.match(text)
        if not m:
            return text
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), text)

    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line[0] == "#":
                continue
            key, eq, val = line.partition("=")
            if eq and key in ("ob", "fn", "cob", "cfn", "fl", "fi", "fe", "cfi", "cfl"):
                if key == "ob":
                    ob = name("ob", val)
                    cob = None
                elif key == "fn":
                    fn = name("fn", val)
                    cob = None
                elif key == "cob":
                    cob = name("ob", val)
                elif key == "cfn":
                    cfn = name("fn", val)
                continue
            if eq and key == "calls":
                pending_call = True
                continue
            if line.startswith("summary:"):
                total = int(line.split()[1])
                continue
            if line.startswith("totals:") and total is None:
                total = int(line.split()[1])
                continue
            if pending_call:
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                # callgrind names the callee's object only when it differs from the caller's
                edges.append((ob, fn, cob if cob is not None else ob, cfn, cost))
                pending_call = False
                cob = None
    if total is None:
        raise SystemExit("hostcost.py: no summary line in %s" % path)
    return total, edges


def main():
    args = sys.argv[1:]
    opts = {"--target": None, "--goal": None, "--max-card": None}
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    prefix = None
    if "--model-prefix" in args:
        i = args.index("--model-prefix")
        if i + 1 >= len(args):
            raise SystemExit("hostcost.py: --model-prefix needs a function name prefix")
        prefix = args[i + 1]
        del args[i:i + 2]
    for name in opts:
        if name in args:
            i = args.index(name)
            if i + 1 >= len(args):
                raise SystemExit("hostcost.py: %s needs a number" % name)
            opts[name] = float(args[i + 1])
            del args[i:i + 2]
    if len(args) != 2:
        raise SystemExit("usage: hostcost.py CALLGRIND_OUT PACKETS [--target N] [--goal N] "
                         "[--max-card N] [--model-prefix PREFIX] [--json]")
    total, edges = parse(args[0])
    packets = int(args[1])
    if packets <= 0:
        raise SystemExit("hostcost.py: PACKETS must be positive")

    def in_model(o, f):
        if prefix is not None:
            return f is not None and f.startswith(prefix)
        return o is not None and os.path.basename(o) == MODEL_OBJ

    model = 0
    entries = {}
    incl = {}
    for cob_, cfn_, eob, efn, cost in edges:
        if in_model(eob, efn) and not in_model(cob_, cfn_):
            model += cost
            short = re.sub(r"^\(anonymous namespace\)::", "", efn).split("(")[0]
            entries[short] = entries.get(short, 0) + cost
        if cfn_ != efn:
            incl[efn] = incl.get(efn, 0) + cost
    if not model:
        raise SystemExit("hostcost.py: no call into %s in %s: was the card path used?"
                         % (prefix + "*" if prefix else MODEL_OBJ, args[0]))
    host = total - model
    # every transport call comes from under srtpo_card_sim_run: the rest of it is the backend
    card = incl.get("srtpo_card_sim_run", 0) - model
    sw = sum(c for _, f, _, e, c in edges if e == "srtpo_sw_engine_run")
    per, card_per = host / packets, card / packets
    res = {
        "packets": packets,
        "collected_ir": total,
        "model_ir": model,
        "host_ir_per_packet": round(per, 1),
        "card_backend_ir_per_packet": round(card_per, 1),
        "stream_layer_ir_per_packet": round(per - card_per, 1),
        "sw_fallback_ir": sw,
        "transport_ir": entries,
    }
    if opts["--target"] is not None:
        res["target"] = opts["--target"]
        res["target_met"] = per <= opts["--target"]
    if as_json:
        print(json.dumps(res))
    else:
        note = ""
        if opts["--target"] is not None:
            t = opts["--target"]
            note = " [target <= %g: %s" % (t, "met" if per <= t else "NOT met")
            if opts["--goal"] is not None:
                g = opts["--goal"]
                note += "; goal <= %g: %s" % (g, "met" if per <= g else "NOT met")
            note += "]"
        print("%.1f host instructions per packet = stream layer %.1f + card backend and ring "
              "%.1f%s; %d packet ops, %d instructions of %d were the model (%s), software "
              "fallback %d" % (per, per - card_per, card_per, note, packets, model, total,
                               ", ".join("%s %d" % kv for kv in sorted(entries.items())), sw))
    limit = opts["--max-card"]
    if limit is not None and card_per > limit:
        print("host-cost: FAIL: the card backend and ring take %.1f instructions per packet, "
              "budget %g" % (card_per, limit), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
