# srtpo on the AMD Alveo U50: non-project Vivado build, from sources to flash images.
#
#   vivado -mode batch -nojournal -source constraints/u50/build.tcl -tclargs <out_dir> [jobs]
#
# `make bitstream BOARD=u50` runs exactly this (rtl/board/board.mk). Steps: IP (ip.tcl), a check
# that the IP's ports match the port shell the RTL is linted against, synthesis with the firmware
# ID (BuildDate, GitHash) as generics, opt/place/phys_opt/route, timing and utilization reports,
# two bitstreams from the one routed design (golden: jumps to the update image at power-up;
# update: plain), and the flash files (constraints/README.md lists them).
#
# Environment: SRTPO_BUILD_DATE=YYYYMMDD and SRTPO_GIT_HASH=<8 hex digits> override the stamps
# (a reproducible rebuild); SRTPO_ALLOW_TIMING_FAIL=1 writes bitstreams despite failed timing (for
# bring-up only: such an image may fail on some cards or temperatures).

set script_dir [file dirname [file normalize [info script]]]
set root       [file normalize [file join $script_dir .. ..]]
set board      u50
set part       xcu50-fsvh2104-2-e
set top        srtpo_u50_top

set out_dir [file join $root build board $board]
if {[llength $argv] > 0} { set out_dir [lindex $argv 0] }
set out_dir [file normalize $out_dir]
set jobs    [expr {[llength $argv] > 1 ? [lindex $argv 1] : 2}]

# Configuration watchdog for the load of the update image, in the units of UG570's TIMER register:
# the value AMD's XAPP1280 uses for an SPI x4 MultiBoot design. A valid update image that still
# falls back with WTO_ERROR set in BOOTSTS (RELOAD_BOOT_STATUS[31:16]) needs a larger value.
set watchdog_timer 0x00050000

# ---- procedures ---------------------------------------------------------------------------------

proc srtpo_fail {msg} {
    puts stderr "build.tcl: error: $msg"
    exit 1
}

# key = value file, '#' comments; returns a dict.
proc srtpo_read_conf {path} {
    if {[catch {open $path r} fh]} { srtpo_fail "cannot read $path: $fh" }
    set conf [dict create]
    set n 0
    while {[gets $fh line] >= 0} {
        incr n
        set line [string trim [lindex [split $line #] 0]]
        if {$line eq ""} continue
        if {![regexp {^([a-z_]+)\s*=\s*(\S+)$} $line -> key value]} {
            close $fh
            srtpo_fail "$path:$n: expected `key = value`, got `$line`"
        }
        dict set conf $key $value
    }
    close $fh
    return $conf
}

# Port names of a Verilog module file (declarations `input|output|inout [range] name`), sorted.
proc srtpo_ports {path} {
    if {[catch {open $path r} fh]} { srtpo_fail "cannot read $path: $fh" }
    set text [read $fh]
    close $fh
    regsub -all {//[^\n]*} $text {} text
    set names {}
    set decl {\m(?:input|output|inout)\s+(?:wire\s+|reg\s+|logic\s+)?}
    append decl {(?:\[[^\]]*\]\s*)?([A-Za-z_][A-Za-z0-9_]*)}
    foreach {all name} [regexp -all -inline $decl $text] {
        lappend names $name
    }
    return [lsort -unique $names]
}

proc srtpo_git {root args} {
    if {[catch {exec git -C $root {*}$args} out]} { return "" }
    return [string trim $out]
}

# ---- identity and layout ------------------------------------------------------------------------

set conf [srtpo_read_conf [file join $script_dir flash.conf]]
foreach key {board fpga_part flash_part flash_bytes golden_addr update_addr update_bytes} {
    if {![dict exists $conf $key]} { srtpo_fail "flash.conf has no `$key`" }
}
if {[dict get $conf fpga_part] ne $part} {
    srtpo_fail "flash.conf is for [dict get $conf fpga_part], this build is for $part"
}
set flash_part  [dict get $conf flash_part]
set flash_mib   [expr {[dict get $conf flash_bytes] / 1048576}]
set golden_addr [format 0x%08X [dict get $conf golden_addr]]
set update_addr [format 0x%08X [dict get $conf update_addr]]
if {$golden_addr != 0} {
    srtpo_fail "the golden image must sit at 0 (power-up and fallback load from 0)"
}
if {[dict get $conf update_addr] + [dict get $conf update_bytes] > [dict get $conf flash_bytes]} {
    srtpo_fail "update image region ends past the flash"
}

if {[info exists ::env(SRTPO_BUILD_DATE)]} {
    set build_date $::env(SRTPO_BUILD_DATE)
} else {
    set build_date [clock format [clock seconds] -format %Y%m%d -gmt 1]
}
if {![regexp {^20[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$} $build_date]} {
    srtpo_fail "build date `$build_date` is not YYYYMMDD"
}
if {[info exists ::env(SRTPO_GIT_HASH)]} {
    set git_hash $::env(SRTPO_GIT_HASH)
} else {
    set git_hash [srtpo_git $root rev-parse --short=8 HEAD]
    if {$git_hash eq ""} {
        puts "build.tcl: warning: not a git checkout, GIT_HASH stays 00000000"
        set git_hash 00000000
    } elseif {[srtpo_git $root status --porcelain --untracked-files=no] ne ""} {
        puts "build.tcl: warning: uncommitted changes; GIT_HASH $git_hash names the commit only"
    }
}
set git_hash [string tolower $git_hash]
if {![regexp {^[0-9a-f]{8}$} $git_hash]} { srtpo_fail "git hash `$git_hash` is not 8 hex digits" }

puts "build.tcl: $top for $part, BUILD_DATE 0x$build_date, GIT_HASH 0x$git_hash, out $out_dir"

if {[llength [get_parts -quiet $part]] == 0} {
    srtpo_fail "this Vivado has no $part: install UltraScale+ (Alveo) device support\
 and a licence that covers it"
}

file mkdir $out_dir
set ip_dir [file join $out_dir ip]
file mkdir $ip_dir
create_project -in_memory -part $part
set_property target_language Verilog [current_project]
set_param general.maxThreads $jobs

# ---- IP ------------------------------------------------------------------------------------------

source [file join $script_dir ip.tcl]
synth_ip [get_ips $srtpo_ip_name]

set ip_stub [file join $ip_dir $srtpo_ip_name ${srtpo_ip_name}_stub.v]
set my_stub [file join $root rtl board u50 stubs ${srtpo_ip_name}.v]
set ip_ports [srtpo_ports $ip_stub]
set my_ports [srtpo_ports $my_stub]
if {$ip_ports ne $my_ports} {
    set only_ip {}
    set only_mine {}
    foreach p $ip_ports { if {[lsearch -exact $my_ports $p] < 0} { lappend only_ip $p } }
    foreach p $my_ports { if {[lsearch -exact $ip_ports $p] < 0} { lappend only_mine $p } }
    srtpo_fail "the IP's ports differ from $my_stub: only in the IP: {$only_ip};\
 only in the shell: {$only_mine}. Update the shell and srtpo_u50_top.sv"
}

# ---- synthesis ---------------------------------------------------------------------------------

set srcs {}
foreach dir {rtl/crypto rtl/srtp rtl/dma rtl/top rtl/board/common rtl/board/u50} {
    set srcs [concat $srcs [lsort [glob -nocomplain -directory [file join $root $dir] *.sv]]]
}
read_verilog -sv $srcs
read_xdc [file join $script_dir srtpo_u50.xdc]

synth_design -top $top -part $part \
    -include_dirs [list [file join $root rtl regs]] \
    -generic "BuildDate=32'h$build_date" \
    -generic "GitHash=32'h$git_hash"
write_checkpoint -force [file join $out_dir post_synth.dcp]
report_utilization -file [file join $out_dir utilization_synth.rpt]

# ---- implementation ------------------------------------------------------------------------------

opt_design
place_design
phys_opt_design
route_design
set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
if {$wns ne "" && $wns < 0} {
    # One more pass on the routed design often closes the last few paths.
    phys_opt_design
}
write_checkpoint -force [file join $out_dir post_route.dcp]

report_timing_summary -max_paths 20 -report_unconstrained \
    -file [file join $out_dir timing_summary.rpt]
report_utilization -hierarchical -file [file join $out_dir utilization.rpt]
report_utilization -file [file join $out_dir utilization_summary.rpt]
report_clock_interaction -file [file join $out_dir clock_interaction.rpt]
report_route_status -file [file join $out_dir route_status.rpt]
report_drc -file [file join $out_dir drc.rpt]

set wns [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -setup]]
set whs [get_property SLACK [get_timing_paths -max_paths 1 -nworst 1 -hold]]
puts "build.tcl: timing WNS $wns ns, WHS $whs ns (timing_summary.rpt)"
if {($wns ne "" && $wns < 0) || ($whs ne "" && $whs < 0)} {
    if {![info exists ::env(SRTPO_ALLOW_TIMING_FAIL)] || $::env(SRTPO_ALLOW_TIMING_FAIL) ne "1"} {
        srtpo_fail "timing not met (WNS $wns, WHS $whs); see timing_summary.rpt"
    }
    puts "build.tcl: warning: timing not met, writing bitstreams anyway (SRTPO_ALLOW_TIMING_FAIL=1)"
}

# ---- bitstreams ----------------------------------------------------------------------------------

set name       srtpo_u50
set golden_bit [file join $out_dir ${name}_golden.bit]
set update_bit [file join $out_dir ${name}_update.bit]

# Golden: at power-up its header sets WBSTAR to the update image, arms the watchdog and sends
# IPROG. If the update image fails to load (blank, CRC, IDCODE, watchdog) the configuration logic
# falls back to address 0, skips that IPROG and loads the golden image itself.
set_property BITSTREAM.CONFIG.NEXT_CONFIG_ADDR   $update_addr    [current_design]
set_property BITSTREAM.CONFIG.NEXT_CONFIG_REBOOT ENABLE          [current_design]
set_property BITSTREAM.CONFIG.TIMER_CFG          $watchdog_timer [current_design]
write_bitstream -force $golden_bit

# Update: the same design without the jump or the watchdog.
set_property BITSTREAM.CONFIG.NEXT_CONFIG_REBOOT DISABLE         [current_design]
reset_property BITSTREAM.CONFIG.NEXT_CONFIG_ADDR                 [current_design]
reset_property BITSTREAM.CONFIG.TIMER_CFG                        [current_design]
write_bitstream -force $update_bit

# ---- flash files ---------------------------------------------------------------------------------

# First programming over JTAG: the golden image alone (the update region is left as it is).
write_cfgmem -force -format mcs -size $flash_mib -interface SPIx4 \
    -loadbit "up $golden_addr $golden_bit" \
    -file [file join $out_dir ${name}_golden.mcs]
# Factory image: golden and update together.
write_cfgmem -force -format mcs -size $flash_mib -interface SPIx4 \
    -loadbit "up $golden_addr $golden_bit up $update_addr $update_bit" \
    -file [file join $out_dir ${name}_full.mcs]
# Field update: the update image from offset 0 of the file; `srtpo flash write --update` writes it
# at update_addr of flash.conf.
write_cfgmem -force -format bin -size $flash_mib -interface SPIx4 \
    -loadbit "up 0x00000000 $update_bit" \
    -file [file join $out_dir ${name}_update.bin]

set bin_size [file size [file join $out_dir ${name}_update.bin]]
if {$bin_size > [dict get $conf update_bytes]} {
    srtpo_fail "${name}_update.bin is $bin_size bytes,\
 larger than the update region ([dict get $conf update_bytes])"
}

set fh [open [file join $out_dir build-info.txt] w]
puts $fh "board        $board"
puts $fh "part         $part"
puts $fh "top          $top"
puts $fh "build_date   0x$build_date"
puts $fh "git_hash     0x$git_hash"
puts $fh "flash_part   $flash_part"
puts $fh "golden_addr  $golden_addr"
puts $fh "update_addr  $update_addr"
puts $fh "update_bin   ${name}_update.bin $bin_size bytes"
puts $fh "timing       WNS $wns WHS $whs"
close $fh

file copy -force [file join $script_dir flash.conf] [file join $out_dir flash.conf]
puts "build.tcl: done: $out_dir"
