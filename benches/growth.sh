#!/usr/bin/env bash
# The growth benchmark (BENCHMARKS.md, "Growth"): each input that once made opcit quadratic or
# let its memory outgrow the input, at 1×, 2×, 4× and 8× its base size, through the CLI on
# one core. Prints one line per run: input, multiple, input bytes, wall seconds, peak RSS
# (MB), the bound 3 × input + 50 MB, and the time ratio to the size before (linear: about 2).
#
#   cargo build --release && cargo run --release --example growth -- /tmp/growth
#   benches/growth.sh /tmp/growth                  # every input
#   benches/growth.sh /tmp/growth quotes nospace   # some of them
#   BIN=target/fast/release/opcit MULTIPLES="1 2" benches/growth.sh /tmp/growth
#
# The inputs: `quotes` (one note of interleaved unclosed « and “), `nospace` (one note of
# citations without spaces), `noauthor` (works with a title and no author), `opcit` (distinct
# authors, each cited again with op. cit.), `manycites` (one note of many citations), `ibid`
# (one work and many `Ibid.` notes), `refs` (a reference list, `--input refs`), `batch` (a
# directory of small files, `--to text` and `--to html`). Needs GNU time (/usr/bin/time).
set -euo pipefail
dir=${1:?usage: growth.sh DIR [INPUT...]}
shift
inputs=${*:-quotes nospace noauthor opcit manycites ibid refs batch-text batch-html}
bin=${BIN:-target/release/opcit}
multiples=${MULTIPLES:-1 2 4 8}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
printf '%-10s %3s %12s %9s %9s %9s %6s\n' input x bytes wall_s rss_MB bound_MB ratio
for input in $inputs; do
    previous=
    for k in $multiples; do
        case $input in
        refs) args=("$dir/refs-$k.txt" --input refs --to csl-json) ;;
        batch-text) args=("$dir/batch-$k" --to text) ;;
        batch-html) args=("$dir/batch-$k" --to html) ;;
        *) args=("$dir/$input-$k.txt" --to csl-json) ;;
        esac
        if [ -d "${args[0]}" ]; then
            bytes=$(cat "${args[0]}"/* | wc -c)
        else
            bytes=$(wc -c < "${args[0]}")
        fi
        /usr/bin/time -o "$timing" -f '%e %M' taskset -c 0 "$bin" "${args[@]}" > /dev/null 2> /dev/null || true
        out=$(tail -1 "$timing")
        wall=${out% *}
        rss=$(awk "BEGIN { printf \"%.1f\", ${out#* } / 1024 }")
        bound=$(awk "BEGIN { printf \"%.1f\", 3 * $bytes / 1e6 + 50 }")
        ratio=$( [ -n "$previous" ] && awk "BEGIN { printf \"%.2f\", $wall / ($previous > 0 ? $previous : 0.01) }" || echo -)
        printf '%-10s %3s %12s %9s %9s %9s %6s\n' "$input" "$k" "$bytes" "$wall" "$rss" "$bound" "$ratio"
        previous=$wall
    done
done
