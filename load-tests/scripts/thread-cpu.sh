#!/usr/bin/env bash
# CPU time per request of each group of a JVM's threads between two `jcmd <pid> Thread.print`
# snapshots (includes native time: syscalls, JIT, GC, which JFR's execution samples do not show).
#   load-tests/scripts/thread-cpu.sh snapshot <pid> <file>
#   load-tests/scripts/thread-cpu.sh diff <before> <after> <requests>
set -euo pipefail
case "$1" in
  snapshot)
    jcmd "$2" Thread.print >"$3" ;;
  diff)
    awk -v n="$4" '
      function group(name) { gsub(/[0-9]+/, "N", name); return name }
      /^"/ && match($0, /cpu=[0-9.]+ms/) {
        name = substr($0, 2, index(substr($0, 2), "\"") - 1)
        cpu = substr($0, RSTART + 4, RLENGTH - 6) + 0
        if (FILENAME == ARGV[1]) before[name] = cpu; else { g = group(name); d = cpu - (name in before ? before[name] : 0); if (d > 0) sum[g] += d; total += d }
      }
      END {
        printf "| thread group | CPU µs per request | share |\n|---|---|---|\n"
        for (g in sum) printf "%s\t%.1f\t%.1f\n", g, sum[g] * 1000 / n, 100 * sum[g] / total | "sort -t\"\t\" -k2 -nr | head -15 | awk -F\"\t\" \"{printf \\\"| %s | %s | %s%% |\\\\n\\\", \\$1, \\$2, \\$3}\""
        close("sort -t\"\t\" -k2 -nr | head -15 | awk -F\"\t\" \"{printf \\\"| %s | %s | %s%% |\\\\n\\\", \\$1, \\$2, \\$3}\"")
        printf "| all threads | %.1f | 100%% |\n", total * 1000 / n
      }' "$2" "$3" ;;
  *) echo "usage: $0 snapshot <pid> <file> | diff <before> <after> <requests>" >&2; exit 2 ;;
esac
