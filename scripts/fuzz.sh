#!/bin/sh
# Run every libFuzzer target in fuzz/ for SECONDS each (default 60), all at
# once, and fail on any finding. Seeds come from fuzz/corpus/<target>/ (read
# only); new inputs collect in build-fuzz/corpus/<target>/, crashes in
# build-fuzz/artifacts/. Longer runs: docs/fuzzing.md.
set -eu
secs=${1:-60}
cd "$(dirname "$0")/.."
command -v clang >/dev/null || apt-get install -y clang
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || apt-get install -y libclang-rt-14-dev
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false
ninja -C build-fuzz
mkdir -p build-fuzz/artifacts build-fuzz/logs

pids=
for exe in build-fuzz/fuzz/fuzz_*; do
    [ -f "$exe" ] || continue
    name=${exe##*/fuzz_}
    mkdir -p "build-fuzz/corpus/$name"
    "$exe" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/artifacts/$name-" \
        "build-fuzz/corpus/$name" "fuzz/corpus/$name" >"build-fuzz/logs/$name.log" 2>&1 &
    pids="$pids $!:$name"
done

failed=0
for p in $pids; do
    if wait "${p%%:*}"; then
        echo "fuzz ${p#*:}: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' \
            "build-fuzz/logs/${p#*:}.log" | grep -o '[0-9]*$') runs)"
    else
        echo "fuzz ${p#*:}: FINDING (build-fuzz/logs/${p#*:}.log, build-fuzz/artifacts/)"
        tail -n 40 "build-fuzz/logs/${p#*:}.log"
        failed=1
    fi
done
exit $failed
