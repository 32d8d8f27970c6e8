# srtpo_u50_xdma: the PCIe bridge of the U50 build, the DMA/Bridge Subsystem for PCI Express
# (XDMA 4.1) in AXI Bridge mode. Sourced by build.tcl with $ip_dir set; needs a part set (in-memory
# project). The port shell rtl/board/u50/stubs/srtpo_u50_xdma.v mirrors the ports this gives;
# build.tcl checks the two match.
#
# Why XDMA in AXI Bridge mode: srtpo_core is a plain AXI slave for BAR0 and an AXI master for DMA,
# which is exactly the bridge's M_AXI_B / S_AXI_B pair; the card has its own queues, so the
# DMA engines of XDMA/QDMA mode would be dead weight; and in Bridge mode the subsystem turns
# usr_irq_req bits into MSI-X messages from an internal table, one vector per queue.
#
# PCI identity: vendor 0x10ee, device 0x5350 (rtl/regs PCI_VENDOR_ID / PCI_DEVICE_ID), class
# 0x108000 (encryption/decryption controller, other), subsystem 0x10ee:0x0050 (srtpo on a U50).
# BAR0: 1 MiB, 64-bit, not prefetchable (registers with read side effects), mapped to AXI 0.
# BAR2: 64 KiB, the bridge's interrupt block and MSI-X table/PBA (its "BAR indicator"): a driver
# finds the MSI-X table there through the capability and never touches BAR0 for it.
# MSI-X: 4 vectors = 4 queue pairs (NumQueues of srtpo_u50_top; the table size field is N - 1);
# no MSI. Lane placement: PCIE4C_X1Y0 with GTY quad 227 first (lane 0 = X1Y15, the U50's x16 edge
# connector wiring), as public U50 XDMA designs set it; srtpo_u50.xdc pins the same lanes.
# S_AXI_B: the card's AXI addresses are host bus addresses (one 64-bit window, no translation).

set srtpo_ip_name srtpo_u50_xdma

# Sets each CONFIG.<name> of an IP after checking that the IP has such a property, so a name that
# another IP version spells differently stops the build with its name instead of being ignored.
proc srtpo_ip_config {ip config} {
    set known [list_property $ip]
    set props {}
    foreach {name value} $config {
        set idx [lsearch -exact -nocase $known "CONFIG.$name"]
        if {$idx < 0} {
            error "IP [get_property NAME $ip] has no property CONFIG.$name\
 (check the IP version: [get_property IPDEF $ip])"
        }
        lappend props [lindex $known $idx] $value
    }
    set_property -dict $props $ip
}

create_ip -name xdma -vendor xilinx.com -library ip -version 4.1 \
    -module_name $srtpo_ip_name -dir $ip_dir -force
set srtpo_ip [get_ips $srtpo_ip_name]

srtpo_ip_config $srtpo_ip {
    functional_mode             AXI_Bridge
    mode_selection              Advanced
    device_port_type            PCI_Express_Endpoint_device
    en_gt_selection             true
    pcie_blk_locn               PCIE4C_X1Y0
    select_quad                 GTY_Quad_227
    pl_link_cap_max_link_width  X16
    pl_link_cap_max_link_speed  8.0_GT/s
    plltype                     QPLL1
    ref_clk_freq                100_MHz
    axi_data_width              512_bit
    axisten_freq                250
    axi_addr_width              64
    axi_id_width                4
    vendor_id                   10EE
    pf0_device_id               5350
    pf0_subsystem_vendor_id     10EE
    pf0_subsystem_id            0050
    pf0_revision_id             01
    pf0_class_code              108000
    pf0_class_code_base         10
    pf0_class_code_sub          80
    pf0_class_code_interface    00
    pf0_bar0_64bit              true
    pf0_bar0_prefetchable       false
    pf0_bar0_scale              Megabytes
    pf0_bar0_size               1
    pciebar2axibar_0            0x0000000000000000
    pf0_bar2_enabled            true
    pf0_bar2_64bit              true
    pf0_bar2_prefetchable       false
    pf0_bar2_scale              Kilobytes
    pf0_bar2_size               64
    bar_indicator               BAR_3:2
    en_bridge_slv               true
    bridge_burst                true
    axibar_num                  1
    axibar_0                    0x0000000000000000
    axibar_highaddr_0           0xFFFFFFFFFFFFFFFF
    axibar2pciebar_0            0x0000000000000000
    xdma_num_usr_irq            4
    pf0_msi_enabled             false
    pf0_msix_enabled            true
    pf0_msix_impl_locn          Internal
    pf0_msix_cap_table_size     003
    pf0_msix_cap_table_bir      BAR_3:2
    pf0_msix_cap_pba_bir        BAR_3:2
    pf0_msix_cap_table_offset   00008000
    pf0_msix_cap_pba_offset     00008FE0
}

generate_target all $srtpo_ip
