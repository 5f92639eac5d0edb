# Shared by scripts/run, scripts/test and scripts/bench. Source it; do not run it.
# Puts the shell at the project root and offers: require_tools, build_if_needed, java_opts.

CAHIER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$CAHIER_ROOT"
JAR="backend/target/cahier.jar"

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $* automatically (no apt-get): install it and retry"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $* from the distribution's packages"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Java 17+, Maven and Node.js 20+ with npm: install from the distribution's packages when missing.
require_tools() {
  if ! command -v java >/dev/null || ! command -v javac >/dev/null; then apt_install openjdk-17-jdk-headless; fi
  local java_major
  java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  [ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or later is needed (found ${java_major:-none})"
  command -v mvn >/dev/null || apt_install maven
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node.js 20 or later is needed to build the web client (found $(node -v))"
}

# Rebuilds the runnable jar when it is missing or older than any source file.
build_if_needed() {
  local newer=""
  if [ -f "$JAR" ]; then
    newer=$(find pom.xml protocol backend web -type f -newer "$JAR" \
      -not -path '*/target/*' -not -path '*/node_modules/*' -print -quit)
  fi
  if [ ! -f "$JAR" ] || [ -n "$newer" ]; then
    require_tools
    say "building Cahier (mvn package)…"
    mvn -B -q -ntp package -DskipTests || die "the build failed"
  fi
}

# A fixed heap and the parallel collector. Its young generation stays in place, so fresh heap
# memory page-faults only during the first cycle (G1 moved eden across the whole heap: the
# automerge-paper replay swung between 19 and 300 ms until the heap was pre-touched, which cost
# 0.35 s of start-up; with the parallel collector it took 12 ms without pre-touching). With a small
# live set its young pauses are short, and it has no concurrent refinement threads competing for
# two cores (measured, 1000 typists on 100 documents: p99 28 ms against 62 ms with G1).
# The young generation is 128 MB, not the third of the heap the collector picks: shorter, more
# frequent pauses, and a shorter latency tail under load (figures in README, "Performance"; 48 MB
# did as well for many small documents but was twice as slow for 400 typists on one).
java_opts() {
  echo "${CAHIER_JAVA_OPTS:--Xms1g -Xmx1g -Xmn128m -XX:+UseParallelGC}"
}
