#!/usr/bin/env bash
# Notify's two developer commands:
#   ./dev.sh up   [AppHost options]      build, then run the whole stack locally (see: ./dev.sh up --help)
#   ./dev.sh test [dotnet test options]  build everything and run every test against real servers
# Both first make sure the prerequisites are installed (installing missing Debian packages when allowed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

# The Debian packages Notify runs, each with the programs that show it is installed ("a|b": either one;
# paths may be globs). This is the one list to extend when a new prerequisite comes along. kubernetes-client is
# Debian's kubectl (1.20): the tests render deploy/kubernetes with its `kubectl kustomize`, so the manifests keep
# to what that kustomize understands (bases, patchesStrategicMerge), which newer ones still accept.
PREREQUISITES=(
  "nats-server       nats-server"
  "redis-server      redis-server"
  "postgresql        postgres|/usr/lib/postgresql/*/bin/postgres"
  "python3-aiosmtpd  /usr/bin/aiosmtpd"
  "util-linux        setpriv"
  "kubernetes-client kubectl"
  "chromium          /usr/bin/chromium"
)
DOTNET_MAJOR=10

say() { echo "dev.sh: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
Usage: ./dev.sh up   [options]   build (Release), then run the whole stack locally; Ctrl-C stops it
       ./dev.sh test [options]   build, run all tests, print "tests: N passed, N failed, N skipped"
EOF
}

has_program() {
  local alternative file
  IFS='|' read -ra alternatives <<< "$1"
  for alternative in "${alternatives[@]}"; do
    if [[ $alternative == */* ]]; then
      for file in $alternative; do [[ -x $file ]] && return 0; done
    elif command -v "$alternative" > /dev/null 2>&1; then
      return 0
    fi
  done
  return 1
}

missing_packages() {
  local entry package programs
  for entry in "${PREREQUISITES[@]}"; do
    read -r package programs <<< "$entry"
    has_program "$programs" || echo "$package"
  done
}

ensure_dotnet() {
  command -v dotnet > /dev/null 2>&1 \
    || die "dotnet not found: install the .NET $DOTNET_MAJOR SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian)"
  local version
  version="$(dotnet --version)"
  (( ${version%%.*} >= DOTNET_MAJOR )) \
    || die "the .NET $DOTNET_MAJOR SDK is needed, found $version (https://learn.microsoft.com/dotnet/core/install/linux-debian)"
}

online_clusters() {
  command -v pg_lsclusters > /dev/null 2>&1 || return 0
  pg_lsclusters --no-header 2> /dev/null | awk '$4 == "online" { print $1 "/" $2 }'
}

# Debian's postgresql package creates a "main" cluster and, where an init system runs, starts it on 5432:
# the port `up` wants. Notify runs its own server, so a cluster that our install started is stopped again.
stop_clusters_started_by_install() {
  local before="$1" cluster
  for cluster in $(online_clusters); do
    grep -qx "$cluster" <<< "$before" && continue
    say "stopping PostgreSQL cluster $cluster that installing postgresql started (Notify runs its own server;" \
      "start it again with: sudo pg_ctlcluster ${cluster%/*} ${cluster#*/} start)"
    "${SUDO[@]}" pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop
  done
}

ensure_prerequisites() {
  ensure_dotnet
  local missing
  mapfile -t missing < <(missing_packages)
  (( ${#missing[@]} == 0 )) && return 0

  SUDO=()
  if (( EUID != 0 )); then
    if command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
      SUDO=(sudo -n)
    else
      say "missing Debian packages: ${missing[*]}"
      die "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    fi
  fi
  command -v apt-get > /dev/null 2>&1 || die "missing packages ${missing[*]}, and no apt-get to install them with"

  local clusters_before
  clusters_before="$(online_clusters)"
  say "installing ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  stop_clusters_started_by_install "$clusters_before"

  mapfile -t missing < <(missing_packages)
  (( ${#missing[@]} == 0 )) || die "still missing after apt-get install: ${missing[*]}"
}

# Sums one counter (total, executed, passed, failed) over the TRX files in a directory. Skipped tests are
# the ones not executed (their TRX outcome is NotExecuted, but the notExecuted counter stays 0).
trx_count() {
  local directory="$1" counter="$2"
  find "$directory" -name '*.trx' -print0 2> /dev/null \
    | xargs -0 -r grep -ho "<Counters [^>]*" \
    | grep -o " $counter=\"[0-9]*\"" \
    | grep -o '[0-9]*' \
    | awk '{ sum += $1 } END { print sum + 0 }'
}

# Prints each failed test of the TRX files in a directory with the first lines of its message, so the
# end of a long log says what failed and why.
trx_failures() {
  local directory="$1"
  find "$directory" -name '*.trx' -print0 2> /dev/null \
    | xargs -0 -r awk '
        function unescape(text) {
          gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text)
          gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&#xD;/, "", text); gsub(/&#xA;/, "\n", text)
          gsub(/&amp;/, "\\&", text)
          return text
        }
        /<UnitTestResult / {
          failed = ($0 ~ / outcome="Failed"/)
          if (failed) {
            name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name)
            print "FAILED " unescape(name); lines = 0
          }
        }
        failed && /<Message>/ { in_message = 1; sub(/.*<Message>/, "") }
        failed && in_message {
          done = sub(/<\/Message>.*/, "")
          if (lines++ < 20) print "  " unescape($0)
          if (done) { in_message = 0; failed = 0 }
        }'
}

# The AppHost runs the services from their Release build output, so the whole solution is built first; the
# AppHost then runs directly (not under `dotnet run`), so Ctrl-C and SIGTERM reach it and it stops everything.
cmd_up() {
  ensure_prerequisites
  say "building the solution (Release)"
  dotnet build Notify.sln -c Release -v quiet -nologo || die "build failed"
  local apphost
  apphost="$(find Notify.AppHost/bin/Release -maxdepth 2 -name Notify.AppHost.dll -print -quit)"
  [[ -n $apphost ]] || die "the build did not produce Notify.AppHost.dll under Notify.AppHost/bin/Release"
  exec dotnet "$apphost" "$@"
}

cmd_test() {
  ensure_prerequisites
  local results="TestResults/dev-sh" verbosity=minimal
  [[ ${CI:-} == true ]] && verbosity=normal
  rm -rf "$results"

  dotnet build Notify.sln || die "build failed"

  # The test runner kills the test process 100 ms after the run unless told otherwise; the shared test servers stop
  # and delete their temporary state as that process exits, which takes longer than that.
  export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-30000}"
  local status=0
  dotnet test Notify.sln --no-build --blame-hang-timeout 10m \
    --logger "console;verbosity=$verbosity" --logger trx --results-directory "$results" "$@" || status=$?

  local passed failed total skipped
  passed="$(trx_count "$results" passed)"
  failed="$(trx_count "$results" failed)"
  total="$(trx_count "$results" total)"
  skipped=$(( total - $(trx_count "$results" executed) ))
  (( status != 0 && failed == 0 )) && say "dotnet test exited with $status (a test run aborted or crashed?)"
  (( total == 0 )) && say "no test ran"
  (( failed > 0 )) && trx_failures "$results"
  echo "tests: $passed passed, $failed failed, $skipped skipped"
  (( status == 0 && failed == 0 && total > 0 ))
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  test) shift; cmd_test "$@" ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
