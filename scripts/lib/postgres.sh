# Shared by scripts/test and scripts/bench. Source it after common.sh; do not run it.
# Offers ensure_postgres, which finds or starts a PostgreSQL for the tests and exports
# CAHIER_TEST_PG_URL=postgresql://USER[:PASS]@HOST:PORT/DB, a database whose user may CREATE and
# DROP DATABASE: each test makes its own cahier_test_<random> database from it and drops it.
# Call it in the script's own shell (not in $(…) or a pipeline), because it exports and may set
# an EXIT trap; and do not `exec` the test command afterwards, or a throwaway cluster outlives it.
#
# Where the server comes from, first match wins:
#   1. CAHIER_TEST_PG_URL already set: kept as it is (a parent script, or the developer, chose it).
#   2. Any of PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE set: the URL is built from them.
#   3. A server on 127.0.0.1:5432 (this kind of machine and its CI start one, trust auth).
#   4. A throwaway cluster from the installed PostgreSQL binaries, stopped and removed at exit.
# CAHIER_PG_THROWAWAY=1 skips 2 and 3 and goes straight to 4: to test this script, or to run the
# tests against a server nobody else is using (benchmarks, durability checks).

declare -F say >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Runs CMD when the shell exits, before whatever EXIT trap was there already (last in, first out).
# CMD should be a single command, usually a function name. Each is guarded with `|| true`: under
# set -e a failing command in an EXIT trap ends the trap, skipping the others, and replaces the
# script's exit status with its own.
add_exit_trap() {
  local cmd=$1 old
  # `trap -p` prints `trap -- 'CMD' EXIT`, quoted for reuse, so eval'ing it into "$@" recovers CMD
  # exactly; bash lets $(trap -p) see the caller's traps.
  old=$(trap -p EXIT)
  if [ -n "$old" ]; then eval "set -- $old"; old=$3; fi
  trap -- "$cmd || true${old:+$'\n'$old}" EXIT
}

ensure_postgres() {
  if [ -n "${CAHIER_TEST_PG_URL:-}" ]; then
    _pg_answers "$CAHIER_TEST_PG_URL" ||
      die "CAHIER_TEST_PG_URL ($(_pg_redact "$CAHIER_TEST_PG_URL")) does not answer: $_pg_why"
    _pg_usable "$CAHIER_TEST_PG_URL" ||
      die "CAHIER_TEST_PG_URL ($(_pg_redact "$CAHIER_TEST_PG_URL")) is not usable for tests: $_pg_why"
    export CAHIER_TEST_PG_URL
    say "PostgreSQL for tests: $(_pg_redact "$CAHIER_TEST_PG_URL") (given in CAHIER_TEST_PG_URL)"
    return
  fi

  if [ "${CAHIER_PG_THROWAWAY:-}" != 1 ]; then
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}${PGDATABASE:-}" ]; then
      _pg_from_pg_vars
      return
    fi
    if _pg_machine_server; then return; fi
  fi

  _pg_throwaway
}

# --- 2. PG* variables ---------------------------------------------------------------------------

# The developer named a server: use it or stop, never fall back to another one silently.
_pg_from_pg_vars() {
  local host="${PGHOST:-127.0.0.1}" port="${PGPORT:-5432}" user="${PGUSER:-postgres}"
  local db="${PGDATABASE:-postgres}" url
  # The tests connect over TCP, to the host and port the URL names: a socket directory won't do.
  case "$host" in
    /*) die "PGHOST=$host is a Unix socket directory; the tests need a TCP host (e.g. PGHOST=127.0.0.1)" ;;
    *,*) die "PGHOST=$host lists several hosts; give one" ;;
    *:*) host="[$host]" ;;  # IPv6 literal
  esac
  url="postgresql://$(_pg_encode "$user")${PGPASSWORD:+:$(_pg_encode "$PGPASSWORD")}@$host:$port/$(_pg_encode "$db")"
  _pg_answers "$url" || die "PostgreSQL named by the PG* variables ($(_pg_redact "$url")) does not answer: $_pg_why"
  _pg_usable "$url" || die "PostgreSQL named by the PG* variables ($(_pg_redact "$url")) is not usable for tests: $_pg_why"
  export CAHIER_TEST_PG_URL="$url"
  say "PostgreSQL for tests: $(_pg_redact "$url") (from the PG* variables)"
}

# --- 3. The machine's own server ----------------------------------------------------------------

# This kind of machine runs PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres; a
# developer's machine may only let the login user in. A server that lets neither in, or whose
# user may not create databases, is left alone and a throwaway cluster is started instead.
_pg_machine_server() {
  local user url me
  _pg_answers "postgresql://postgres@127.0.0.1:5432/postgres" || return 1
  me=$(id -un)
  for user in postgres "$me"; do
    url="postgresql://$(_pg_encode "$user")@127.0.0.1:5432/postgres"
    if _pg_usable "$url"; then
      export CAHIER_TEST_PG_URL="$url"
      say "PostgreSQL for tests: $url (this machine's server)"
      return 0
    fi
    say "127.0.0.1:5432 answers but is not usable as $user: $_pg_why"
    [ "$me" != postgres ] || break
  done
  return 1
}

# --- 4. A throwaway cluster ---------------------------------------------------------------------

_pg_dir=""        # the throwaway cluster's temp dir (data/, socket, log), removed at exit
_pg_owner=""      # the user its server runs as when we are root
_pg_bindir=""

_pg_throwaway() {
  _pg_find_bindir || apt_install postgresql || _pg_fail "PostgreSQL is not installed and installing it failed"
  _pg_find_bindir || _pg_fail "no initdb/pg_ctl found (looked in PATH and /usr/lib/postgresql/*/bin) even after installing postgresql"

  # initdb and postgres refuse to run as root, so the cluster belongs to a system user of its own
  # (not the distribution's postgres user, whose clusters we leave alone).
  if [ "$(id -u)" = 0 ]; then
    _pg_owner=cahier-pg
    id -u "$_pg_owner" >/dev/null 2>&1 ||
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$_pg_owner" || _pg_fail "could not create the system user $_pg_owner"
  fi

  _pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/cahier-pg.XXXXXX")
  add_exit_trap _pg_stop_throwaway
  if [ -n "$_pg_owner" ]; then
    chown "$_pg_owner:" "$_pg_dir"
    _pg_as_owner test -w "$_pg_dir" ||
      _pg_fail "user $_pg_owner cannot write to $_pg_dir: set TMPDIR to a directory every user can reach (e.g. /tmp)"
  fi

  local port
  port=$(_pg_free_port) || _pg_fail "no free port between 55432 and 55531 for a throwaway PostgreSQL"

  # trust auth: the server listens on loopback only and lives as long as this script.
  _pg_as_owner "$_pg_bindir/initdb" -D "$_pg_dir/data" -U postgres -A trust -E UTF8 --no-locale \
    >"$_pg_dir/initdb.log" 2>&1 || { tail -n 20 "$_pg_dir/initdb.log" >&2; _pg_fail "initdb failed"; }
  # fsync stays on (the default, written out so nobody "speeds up" tests with it): the tests and
  # benchmarks measure durable writes, and fsync=off would make their numbers meaningless.
  cat >>"$_pg_dir/data/postgresql.conf" <<EOF

# Cahier's throwaway test cluster (scripts/lib/postgres.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$_pg_dir'
fsync = on
EOF
  _pg_as_owner "$_pg_bindir/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/postgres.log" -w -t 60 start \
    >/dev/null 2>&1 || { tail -n 20 "$_pg_dir/postgres.log" >&2 || true; _pg_fail "the throwaway PostgreSQL did not start"; }

  export CAHIER_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  _pg_answers "$CAHIER_TEST_PG_URL" || _pg_fail "the throwaway PostgreSQL started but does not answer: $_pg_why"
  say "PostgreSQL for tests: $CAHIER_TEST_PG_URL (throwaway PostgreSQL $("$_pg_bindir/postgres" --version | sed -E 's/^[^0-9]*([0-9.]+).*/\1/'), data in $_pg_dir, removed at exit)"
}

# No PostgreSQL could be made reachable. The tests cannot run without one, in CI or not, so stop
# here and say how to name one.
_pg_fail() {
  local how="set CAHIER_TEST_PG_URL=postgresql://USER[:PASS]@HOST:PORT/DB (a user with CREATEDB),"
  how+=" or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE"
  if [ -n "${CI:-}" ]; then
    die "CI: no PostgreSQL for the tests: $1. CI uses the machine's server on 127.0.0.1:5432 when it answers, else a throwaway cluster; or $how"
  fi
  die "no PostgreSQL for the tests: $1. To use an existing server, $how"
}

_pg_stop_throwaway() {
  [ -n "$_pg_dir" ] || return 0
  if [ -f "$_pg_dir/data/postmaster.pid" ]; then
    _pg_as_owner "$_pg_bindir/pg_ctl" -D "$_pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      echo "warning: could not stop the throwaway PostgreSQL in $_pg_dir" >&2
  fi
  rm -rf "$_pg_dir"
  _pg_dir=""
}

# Runs a command as the cluster's owner, from its temp dir: the owner may not be allowed to read
# the project directory, and postgres complains when it cannot resolve its working directory.
_pg_as_owner() {
  (
    cd "${_pg_dir:-/}"
    if [ -z "$_pg_owner" ]; then "$@"
    elif command -v runuser >/dev/null; then runuser -u "$_pg_owner" -- "$@"
    # printf %q quotes for bash, so the command line is read by bash rather than /bin/sh.
    else su -s /bin/bash -c "$(printf '%q ' "$@")" "$_pg_owner"; fi
  )
}

# initdb and pg_ctl from PATH, else from the newest /usr/lib/postgresql/N/bin (Debian keeps them
# there, off PATH).
_pg_find_bindir() {
  local dir initdb
  if initdb=$(command -v initdb) && [ -x "$(dirname "$(readlink -f "$initdb")")/pg_ctl" ]; then
    _pg_bindir=$(dirname "$(readlink -f "$initdb")")
    return 0
  fi
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then _pg_bindir=$dir; return 0; fi
  done
  return 1
}

# The first port from 55432 up on which nothing listens (well above the usual 5432, to stay clear
# of a real server).
_pg_free_port() {
  local port
  for ((port = 55432; port <= 55531; port++)); do
    if ! _pg_tcp_open 127.0.0.1 "$port"; then echo "$port"; return 0; fi
  done
  return 1
}

# --- Probes -------------------------------------------------------------------------------------

_pg_why=""  # why the last probe failed, for the error message

# 0 when a PostgreSQL server answers at URL. pg_isready only asks whether the server accepts
# connections (no login), psql logs in, and without either a TCP connect is the best we can do.
_pg_answers() {
  local url=$1 out
  if command -v pg_isready >/dev/null; then
    out=$(pg_isready -t 5 -d "$url" 2>&1) && return 0
    _pg_why=${out:-pg_isready failed}
  elif command -v psql >/dev/null; then
    out=$(PGCONNECT_TIMEOUT=5 psql -X -w -d "$url" -Atq -c 'select 1' 2>&1) && return 0
    _pg_why=${out:-psql failed}
  else
    local rest=${url#*://}; rest=${rest##*@}; rest=${rest%%/*}; rest=${rest%%\?*}
    local host=${rest%:*} port=${rest##*:}
    [ "$host" != "$rest" ] || port=5432
    host=${host#[}; host=${host%]}
    _pg_tcp_open "$host" "$port" && return 0
    _pg_why="nothing listens on $host:$port"
  fi
  return 1
}

# 0 when URL's user can log in and create databases. Without psql (a bare machine) this cannot be
# checked and is assumed: the tests will say soon enough.
_pg_usable() {
  local url=$1 out
  command -v psql >/dev/null || return 0
  if ! out=$(PGCONNECT_TIMEOUT=5 psql -X -w -d "$url" -Atq -v ON_ERROR_STOP=1 \
      -c 'select rolcreatedb or rolsuper from pg_roles where rolname = current_user' 2>&1); then
    _pg_why=${out:-psql could not log in}
    return 1
  fi
  [ "$out" = t ] && return 0
  _pg_why="its user may not create databases (needs CREATEDB)"
  return 1
}

_pg_tcp_open() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# Percent-encodes a URL component (user, password, database name).
_pg_encode() {
  local LC_ALL=C  # byte by byte, so that UTF-8 characters come out as their %XX bytes
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# The URL with its password, if any, replaced by ***.
_pg_redact() {
  printf '%s' "$1" | sed -E 's#^([a-z]+://[^:/@]*):[^@/]*@#\1:***@#'
}
