#!/bin/sh
# The timing figures of one synthesis run (rtl/synth/README.md): logic at the kept modules' pins
# (boundary.py), their timing shells (pinshell.py), the weighted longest paths (sta.py) and the
# report (report.py). Reads <dir>/mapped.il, <dir>/kept.json and <dir>/yosys.log.
#   measure.sh <dir> <family> <top> <abc flag> <budget ns or empty> <label>
set -e
dir=$1 fam=$2 top=$3 abc=$4 budget=$5 label=$6
here=$(dirname "$0")
python3 "$here/boundary.py" "$dir/kept.json" "$fam" > "$dir/boundary.txt"
python3 "$here/pinshell.py" "$dir/boundary.txt" "$dir/kept.json" "$dir" "$top" > "$dir/passes.txt"
${YOSYS:-yosys} -q -l "$dir/exact.log" -s "$dir/exact.ys" > /dev/null
# The kept modules on their own first (the HMAC engine is exact there: it holds no kept
# module); each pass's exact figures come after and replace them.
python3 "$here/sta.py" "$fam" "$dir/kept.json" > "$dir/sta.txt"
list=${budget:+--list $(python3 -c "print(round($budget - 0.35, 2))")}
while read -r _ n mods; do
	# shellcheck disable=SC2086
	python3 "$here/sta.py" "$fam" "$dir/exact-$n.json" --exact $list $mods >> "$dir/sta.txt"
done < "$dir/passes.txt"
rm -f "$dir"/exact-*.json
python3 "$here/report.py" "$fam" "$top" "$dir/yosys.log" "$abc" "$budget" "$label"
