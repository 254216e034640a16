#!/usr/bin/env bash
# JMH microbenchmarks of the gateway's hot path (the *Jmh classes in gateway/src/test/java).
# Usage (from anywhere): load-tests/scripts/jmh.sh [regex] [extra JMH options, e.g. -f 1 -wi 2 -i 3]
# Prints the machine and load first, so a result is never quoted without them.
set -euo pipefail
cd "$(dirname "$0")/../.."
regex="${1:-Jmh}"
shift || true
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${SKIP_BUILD:-}" ] || mvn -B -o -q -pl gateway -am test-compile
cp_file=gateway/target/jmh.classpath
{ [ -s "$cp_file" ] && [ "$cp_file" -nt gateway/pom.xml ]; } || mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
# The reactor modules' own classes first: the classpath file names their (possibly stale) jars in ~/.m2.
java -cp "gateway/target/test-classes:gateway/target/classes:routing/target/classes:products/target/classes:observability/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$regex" "$@"
