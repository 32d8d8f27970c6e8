# tcl_check.tcl: checks a board's Vivado scripts without Vivado (make board-lint).
#
#   tclsh rtl/board/tcl_check.tcl <board> <scratch_dir>
#
# 1. Every .tcl and .xdc under constraints/<board>/ is complete Tcl (`info complete`).
# 2. The XDC is evaluated with recording stand-ins for the Vivado commands; every port it names
#    must be a port of the board top (rtl/board/<board>/srtpo_<board>_top.sv), with the index
#    inside the port's range, and every top-level port must have a pin (PACKAGE_PIN) unless it is
#    a GT lane N pin (placed with its P pin).
# 3. build.tcl runs as a dry run against the same stand-ins: it must stamp the generics it was
#    given, write the golden image with NEXT_CONFIG_ADDR = update_addr of flash.conf, then the
#    update image, and the flash files at the layout's addresses. A second dry run with an IP
#    whose ports differ from the port shell must stop with an error naming the port.
# Prints "N passed, N failed"; exits 1 on any failure.

if {[llength $argv] != 2} {
    puts stderr "usage: tclsh tcl_check.tcl <board> <scratch_dir>"
    exit 2
}
lassign $argv board scratch
set root    [file normalize [file join [file dirname [info script]] .. ..]]
set cdir    [file join $root constraints $board]
set top_sv  [file join $root rtl board $board srtpo_${board}_top.sv]
set scratch [file normalize $scratch]
file mkdir $scratch

set passed 0
set failed 0
proc check {cond msg} {
    if {[uplevel 1 [list expr $cond]]} {
        incr ::passed
    } else {
        incr ::failed
        puts "FAIL: $msg"
    }
}

# ---- 1. syntax --------------------------------------------------------------------------------
set files [lsort [concat [glob -nocomplain -directory $cdir *.tcl] \
                         [glob -nocomplain -directory $cdir *.xdc]]]
check {[llength $files] >= 3} "constraints/$board has its XDC, ip.tcl and build.tcl"
foreach f $files {
    set fh [open $f r]
    set text [read $fh]
    close $fh
    check [info complete $text] "[file tail $f] is not complete Tcl (unbalanced braces or quotes)"
}

# ---- top-level ports of the board top ---------------------------------------------------------
# name -> {msb lsb}
set fh [open $top_sv r]
set sv [read $fh]
close $fh
regsub -all {//[^\n]*} $sv {} sv
set hdr [string range $sv [string first ") (" $sv] [string first ");" $sv [string first ") (" $sv]]]
set ports [dict create]
foreach {all msb lsb name} [regexp -all -inline \
        {(?:input|output)\s+logic\s+(?:\[(\d+):(\d+)\]\s*)?([a-z_0-9]+)} $hdr] {
    if {$msb eq ""} { set msb 0; set lsb 0 }
    dict set ports $name [list $msb $lsb]
}
check {[dict size $ports] >= 8} "found the ports of [file tail $top_sv] ([dict size $ports])"

# ---- recording stand-ins for Vivado --------------------------------------------------------------
set ::calls {}
set ::pinned {}
set ::port_refs {}
set ::ip_ports_mode same

proc rec {args} { lappend ::calls $args }

proc get_ports {args} {
    set pat [lindex $args end]
    foreach p $pat { lappend ::port_refs $p }
    return $pat
}
proc get_pins {args}   { return [lindex $args end] }
proc get_cells {args}  { return [lindex $args end] }
proc get_clocks {args} { return [lindex $args end] }
proc current_design {args} { return design }
proc current_project {args} { return project }
proc set_property {args} {
    rec set_property {*}$args
    set a [lsearch -inline -all -not -regexp $args {^-}]
    if {[lindex $a 0] eq "PACKAGE_PIN"} {
        foreach p [lindex $a end] { lappend ::pinned $p }
    } elseif {[lindex $a 0] eq "-dict" || [string match *PACKAGE_PIN* [lindex $a 0]]} {
        if {[dict exists [lindex $a 0] PACKAGE_PIN]} {
            foreach p [lindex $a end] { lappend ::pinned $p }
        }
    }
}
foreach cmd {create_clock set_false_path set_output_delay set_input_delay set_max_delay
             set_operating_conditions set_clock_groups reset_property create_project set_param
             read_verilog read_xdc synth_design write_checkpoint report_utilization opt_design
             place_design phys_opt_design route_design report_timing_summary
             report_clock_interaction report_route_status report_drc generate_target} {
    proc $cmd {args} "rec $cmd {*}\$args"
}
proc get_parts {args} { return [lindex $args end] }
proc get_ips {args}   { return [lindex $args end] }
proc get_timing_paths {args} { return path }
proc create_ip {args} {
    rec create_ip {*}$args
    set i [lsearch $args -module_name]
    set ::ip_name [lindex $args [expr {$i + 1}]]
    return $::ip_name
}
# The IP's properties: the names ip.tcl sets (this run checks flow, not XDMA's property names).
proc list_property {obj} {
    set fh [open [file join $::cdir ip.tcl] r]
    set text [read $fh]
    close $fh
    set names {}
    foreach {all n} [regexp -all -inline -line {^\s{4}([a-z_0-9]+)\s+\S+$} $text] {
        lappend names "CONFIG.[string toupper $n]"
    }
    return $names
}
proc get_property {prop obj} {
    switch -- $prop {
        SLACK   { return 0.250 }
        NAME    { return $obj }
        IPDEF   { return xilinx.com:ip:xdma:4.1 }
        default { return "" }
    }
}
# synth_ip gives the IP's port stub: here the project's shell, or one with a port renamed.
proc synth_ip {args} {
    rec synth_ip {*}$args
    set src [file join $::root rtl board $::board stubs ${::ip_name}.v]
    set dir [file join $::ip_dir $::ip_name]
    file mkdir $dir
    set fh [open $src r]
    set text [read $fh]
    close $fh
    if {$::ip_ports_mode eq "renamed"} {
        regsub {output\s+user_lnk_up} $text {output user_link_up} text
    }
    set fh [open [file join $dir ${::ip_name}_stub.v] w]
    puts -nonewline $fh $text
    close $fh
}
proc write_bitstream {args} {
    rec write_bitstream {*}$args
    set fh [open [lindex $args end] w]
    puts $fh bit
    close $fh
}
proc write_cfgmem {args} {
    rec write_cfgmem {*}$args
    set fh [open [lindex $args [expr {[lsearch $args -file] + 1}]] w]
    puts -nonewline $fh [string repeat x 4096]
    close $fh
}
rename exit real_exit
proc exit {{code 0}} { error "exit $code" }
# What build.tcl prints during a dry run is kept (its errors for the checks below) and shown
# only when a check of that run fails.
set ::stderr_text ""
set ::dry_text ""
set ::in_dry 0
rename puts real_puts
proc puts {args} {
    set chan stdout
    if {[llength $args] == 2} { set chan [lindex $args 0] }
    if {$::in_dry && [llength $args] <= 2 && $chan in {stdout stderr}} {
        if {$chan eq "stderr"} { append ::stderr_text [lindex $args end] "\n" }
        append ::dry_text [lindex $args end] "\n"
        return
    }
    real_puts {*}$args
}

# ---- 2. the XDC against the top's ports ----------------------------------------------------------
set ::calls {}
set xdc [file join $cdir srtpo_${board}.xdc]
set rc [catch {source $xdc} err]
check {$rc == 0} "sourcing [file tail $xdc]: $err"
foreach ref [lsort -unique $::port_refs] {
    if {![regexp {^([a-z_0-9]+)(?:\[(\d+)\])?$} $ref -> name idx]} {
        check 0 "XDC port pattern `$ref` is not a port name"
        continue
    }
    if {![dict exists $ports $name]} {
        check 0 "XDC names port `$name`, which [file tail $top_sv] does not have"
        continue
    }
    lassign [dict get $ports $name] msb lsb
    if {$idx ne ""} {
        check {$idx >= $lsb && $idx <= $msb} "XDC port `$ref` is outside $name\[$msb:$lsb\]"
    } else {
        check {$msb == 0} "XDC names bus `$name` without an index"
    }
}
dict for {name range} $ports {
    lassign $range msb lsb
    if {[string match *_n $name] && [dict exists $ports [string range $name 0 end-2]_p]} {
        continue                                      ;# differential N pin: follows its P pin
    }
    for {set i $lsb} {$i <= $msb} {incr i} {
        set ref [expr {$msb == 0 && $lsb == 0 ? $name : "$name\[$i\]"}]
        check {[lsearch -exact $::pinned $ref] >= 0} "port `$ref` has no PACKAGE_PIN in the XDC"
    }
}
check {[lsearch -glob $::calls {create_clock -period 10.000 *}] >= 0} \
    "the XDC creates the 100 MHz reference clock"

# ---- 3. build.tcl dry runs -----------------------------------------------------------------------
proc dry_run {out} {
    set ::calls {}
    set ::dry_text ""
    set ::stderr_text ""
    set ::in_dry 1
    set ::argv [list $out 2]
    set ::argc 2
    set ::env(SRTPO_BUILD_DATE) 20260102
    set ::env(SRTPO_GIT_HASH)   0123abcd
    set rc [catch {uplevel #0 [list source [file join $::cdir build.tcl]]} err]
    set ::in_dry 0
    return [list $rc $err]
}

lassign [dry_run [file join $scratch ok]] rc err
check {$rc == 0} "build.tcl dry run failed: $err\n$::dry_text"

set conf {}
set fh [open [file join $cdir flash.conf] r]
while {[gets $fh line] >= 0} {
    if {[regexp {^([a-z_]+)\s*=\s*(\S+)} $line -> k v]} { dict set conf $k $v }
}
close $fh
set update_addr [format 0x%08X [dict get $conf update_addr]]

set synth [lsearch -inline $::calls {synth_design *}]
check {[string first "BuildDate=32'h20260102" $synth] >= 0} "synth_design stamps BuildDate: $synth"
check {[string first "GitHash=32'h0123abcd" $synth] >= 0} "synth_design stamps GitHash: $synth"
check {[string first "-top srtpo_${board}_top" $synth] >= 0} \
    "synth_design builds srtpo_${board}_top"

set bits [lsearch -all $::calls {write_bitstream *}]
check {[llength $bits] == 2} "two bitstreams written (golden, update): [llength $bits]"
set next [lsearch $::calls "set_property BITSTREAM.CONFIG.NEXT_CONFIG_ADDR $update_addr *"]
check {$next >= 0 && [llength $bits] == 2 && $next < [lindex $bits 0]} \
    "NEXT_CONFIG_ADDR = $update_addr is set before the golden bitstream"
set reboot_off [lsearch $::calls {set_property BITSTREAM.CONFIG.NEXT_CONFIG_REBOOT DISABLE *}]
check {$reboot_off > [lindex $bits 0] && $reboot_off < [lindex $bits 1]} \
    "the update bitstream is written without the jump"
check {[llength $bits] == 2 && [string match *_golden.bit [lindex $::calls [lindex $bits 0] end]]} \
    "first bitstream is the golden one"

set full [lsearch -inline $::calls "write_cfgmem *up $update_addr *"]
check {$full ne ""} "a flash image puts the update image at $update_addr"
set upd [lsearch -inline $::calls {write_cfgmem -force -format bin *}]
check {[string match *_update.bin* $upd] && [string first "up 0x00000000" $upd] >= 0} \
    "the field-update .bin holds the update image from offset 0"
check {[file exists [file join $scratch ok build-info.txt]]} "build-info.txt written"
if {[file exists [file join $scratch ok build-info.txt]]} {
    set fh [open [file join $scratch ok build-info.txt] r]
    set info [read $fh]
    close $fh
    check {[string first 0x0123abcd $info] >= 0 && [string first $update_addr $info] >= 0} \
        "build-info.txt names the git hash and the update address"
}

# The port parser of build.tcl: every declaration line of the shell, and Vivado's stub style.
set shell [file join $root rtl board $board stubs srtpo_${board}_xdma.v]
set fh [open $shell r]
set n_decl [llength [regexp -all -inline -line {^\s*(?:input|output)\M} [read $fh]]]
close $fh
check {[llength [srtpo_ports $shell]] == $n_decl && $n_decl >= 50} \
    "build.tcl parses all $n_decl ports of the shell ([llength [srtpo_ports $shell]])"
set fh [open [file join $scratch vivado_stub.v] w]
puts $fh "module m(a, b, c)\n/* synthesis syn_black_box */;"
puts $fh "  input \[15:0\]a;\n  output b;\n  input c;\nendmodule"
close $fh
check {[srtpo_ports [file join $scratch vivado_stub.v]] eq {a b c}} \
    "build.tcl parses a Vivado port stub"

set ::ip_ports_mode renamed
lassign [dry_run [file join $scratch renamed]] rc err
check {$rc != 0 && [string first "only in the shell: {user_lnk_up}" $::stderr_text] >= 0} \
    "a port shell that differs from the IP stops the build, naming the port"
set ::ip_ports_mode same

set ::env(SRTPO_GIT_HASH) not-hex
set ::in_dry 1
set ::stderr_text ""
set rc [catch {uplevel #0 [list source [file join $cdir build.tcl]]} err]
set ::in_dry 0
check {$rc != 0 && [string first "is not 8 hex digits" $::stderr_text] >= 0} \
    "a malformed GIT_HASH stops the build"

puts "tcl_check $board: $passed passed, $failed failed"
real_exit [expr {$failed == 0 ? 0 : 1}]
