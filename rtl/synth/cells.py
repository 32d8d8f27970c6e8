"""What boundary.py and sta.py need to know of a mapped Xilinx cell in a Yosys JSON netlist."""


def pin_is_output(pin):
    # Without the primitive library in the netlist Yosys writes no port_directions: Xilinx
    # primitives name their outputs O, O5/O6, CO, Q, Q31, SPO/DPO, DO*, CASCADEOUT*; Yosys's
    # own gates (the timing shells' $_BUF_) Y.
    return pin in ("O", "O5", "O6", "CO", "Q", "Q31", "SPO", "DPO", "Y") or \
        pin.startswith(("DO", "CASCADEOUT"))


def directions(cell):
    """pin -> "input" / "output" for one cell."""
    return cell.get("port_directions") or {
        pn: ("output" if pin_is_output(pn) else "input") for pn in cell["connections"]}


def is_lutram_read_pin(pin):
    """A LUT RAM's (or SRL's) address pins: the only inputs that reach its data outputs."""
    return pin.startswith(("A", "RADR", "DPRA", "ADDR"))
