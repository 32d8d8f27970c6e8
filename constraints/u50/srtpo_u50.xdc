# srtpo on the AMD Alveo U50 (xcu50-fsvh2104-2-e): pins, clocks, timing exceptions, bitstream.
#
# Pins follow AMD's board constraints for the U50 (alveo-u50-xdc.xdc, v4.0 of 05 May 2021: PERST#,
# reference clocks, LEDs, HBM_CATTRIP) and the PCIe lane pins of the x16 edge connector
# (GTY quads 224-227, lane 0 on MGTY quad 227 channel 3 = GTYE4_CHANNEL_X1Y15, lane 15 on X1Y0).
# The golden / update settings (NEXT_CONFIG_ADDR, watchdog) differ per image and are set by
# build.tcl just before each write_bitstream.

# ---- configuration and bitstream ---------------------------------------------------------------
set_property CFGBVS GND                                [current_design]
set_property CONFIG_VOLTAGE 1.8                        [current_design]
set_property CONFIG_MODE SPIx4                         [current_design]
set_property BITSTREAM.CONFIG.SPI_BUSWIDTH 4           [current_design]
# The MT25QU01G is 1 Gbit: images above 16 MiB need 4-byte addresses.
set_property BITSTREAM.CONFIG.SPI_32BIT_ADDR YES       [current_design]
set_property BITSTREAM.CONFIG.SPI_FALL_EDGE YES        [current_design]
# Master CCLK from the internal oscillator at 85 MHz, the rate AMD's U50 constraints use.
set_property BITSTREAM.CONFIG.CONFIGRATE 85.0          [current_design]
set_property BITSTREAM.CONFIG.EXTMASTERCCLK_EN DISABLE [current_design]
set_property BITSTREAM.GENERAL.COMPRESS TRUE           [current_design]
set_property BITSTREAM.CONFIG.UNUSEDPIN PULLUP         [current_design]
# A failed load of the update image (CRC, IDCODE, watchdog) falls back to the golden image at 0.
set_property BITSTREAM.CONFIG.CONFIGFALLBACK ENABLE    [current_design]
# Passive card: let the configuration logic shut the FPGA down on over-temperature.
set_property BITSTREAM.CONFIG.OVERTEMPSHUTDOWN ENABLE  [current_design]
# The U50 is a 75 W card; AMD's constraints give the FPGA a 63 W power budget.
set_operating_conditions -design_power_budget 63

# ---- PCIe ------------------------------------------------------------------------------------------
# 100 MHz reference clock from the edge connector: MGTREFCLK0 of quad 225 (PCIE_REFCLK1 in AMD's
# file; the x16 link takes its clock from a centre quad). The bridge derives axi_aclk from it.
set_property PACKAGE_PIN AF9 [get_ports pcie_refclk_p]
set_property PACKAGE_PIN AF8 [get_ports pcie_refclk_n]
create_clock -period 10.000 -name pcie_refclk [get_ports pcie_refclk_p]

# PERST# from the edge connector, bank 65 (1.8 V), the PERSTN0 pin of the PCIe block.
set_property PACKAGE_PIN AW27    [get_ports pcie_perst_n]
set_property IOSTANDARD LVCMOS18 [get_ports pcie_perst_n]
set_property PULLTYPE PULLUP     [get_ports pcie_perst_n]
# Asynchronous: the bridge synchronizes it.
set_false_path -from [get_ports pcie_perst_n]

# Lanes: receive and transmit P pins, lane 0 first (the N pins follow).
set pcie_rx_p_pins {AL2 AM4 AK4 AN2 AP4 AR2 AT4 AU2 AV4 AW2 BA2 BC2 AY4 BB4 BD4 BE6}
set pcie_tx_p_pins {Y5 AA7 AB5 AC7 AD5 AF5 AE7 AH5 AG7 AJ7 AL7 AM9 AN7 AP9 AR7 AT9}
for {set lane 0} {$lane < 16} {incr lane} {
    set_property PACKAGE_PIN [lindex $pcie_rx_p_pins $lane] [get_ports "pcie_rx_p\[$lane\]"]
    set_property PACKAGE_PIN [lindex $pcie_tx_p_pins $lane] [get_ports "pcie_tx_p\[$lane\]"]
}

# ---- board status ----------------------------------------------------------------------------------
# HBM_CATTRIP to the satellite controller: high cuts the card's power. The design drives it low;
# the pull-down holds it low while the FPGA is not configured.
set_property PACKAGE_PIN J18     [get_ports hbm_cattrip]
set_property IOSTANDARD LVCMOS18 [get_ports hbm_cattrip]
set_property PULLDOWN TRUE       [get_ports hbm_cattrip]

# The U50 has no user LEDs besides the three of the QSFP28 cage (bank 68): activity, green and
# yellow status. srtpo uses them for interrupts, link up and fallback/fault.
set_property -dict {PACKAGE_PIN E18 IOSTANDARD LVCMOS18 SLEW SLOW DRIVE 8} [get_ports qsfp_led_act]
set_property -dict {PACKAGE_PIN E16 IOSTANDARD LVCMOS18 SLEW SLOW DRIVE 8} [get_ports qsfp_led_stat_g]
set_property -dict {PACKAGE_PIN F17 IOSTANDARD LVCMOS18 SLEW SLOW DRIVE 8} [get_ports qsfp_led_stat_y]

# Static or slow outputs: no timing relation to any clock outside.
set_false_path -to [get_ports {hbm_cattrip qsfp_led_act qsfp_led_stat_g qsfp_led_stat_y}]
set_output_delay 0.000 [get_ports {hbm_cattrip qsfp_led_act qsfp_led_stat_g qsfp_led_stat_y}]

# ---- configuration flash after configuration (STARTUPE3) ---------------------------------------
# The SPI lines are driven by registers and change at most every SPI_CTRL.DIV + 1 clocks; MISO
# from the flash (D01 of STARTUPE3) is sampled half an SCK period after the falling edge that
# launched it. The margin comes from the divider (README: DIV >= 5 at 250 MHz), not from the
# 4 ns clock, so the flash data input is not timed against axi_aclk.
set_false_path -through [get_pins -hierarchical -filter {NAME =~ *u_flash/u_startup/DI[*]}]

# ---- clock domains ----------------------------------------------------------------------------------
# axi_aclk (250 MHz, from the bridge) and the ICAP clock (axi_aclk / 4 through BUFGCE_DIV) are
# derived by Vivado from pcie_refclk and the BUFGCE_DIV. They are related, so the two crossings
# between them (reload request, boot status valid, both through two-flop synchronizers) are timed
# as ordinary synchronous paths and need no exception. The bridge constrains its own clocks.
