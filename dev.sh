#!/usr/bin/env bash
# Notify's developer commands:
#   ./dev.sh up   [AppHost options]      build, then run the whole stack locally with the Aspire dashboard
#   ./dev.sh test [dotnet test options]  build everything and run every test against real servers
#   ./dev.sh manifest                    regenerate deploy/aspire-manifest.json from the AppHost
# up and test first make sure the prerequisites are installed (installing missing Debian packages when allowed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

# The Debian packages Notify runs, each with the programs that show it is installed ("a|b": either one;
# paths may be globs). This is the one list to extend when a new prerequisite comes along. kubernetes-client is
# Debian's kubectl (1.20): the tests render deploy/kubernetes with its `kubectl kustomize`, so the manifests keep
# to what that kustomize understands (bases, patchesStrategicMerge), which newer ones still accept. nats-server is
# not in the list: Notify needs 2.10 or newer, as production runs, and Debian 12's is 2.9 (see ensure_nats_server).
PREREQUISITES=(
  "redis-server      redis-server"
  "postgresql        postgres|/usr/lib/postgresql/*/bin/postgres"
  "python3-aiosmtpd  /usr/bin/aiosmtpd"
  "util-linux        setpriv"
  "openssl           openssl"
  "kubernetes-client kubectl"
  "chromium          /usr/bin/chromium"
)
DOTNET_MAJOR=10

# The oldest nats-server Notify runs on, and where one comes from when the nats-server on PATH is older or
# missing: that Debian release's package, unpacked (not installed) into the git-ignored tools folder, once.
NATS_MINIMUM=2.10
NATS_DEBIAN_SUITE=trixie
TOOLS=.tools
NATS_TOOL="$TOOLS/nats-server"
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

say() { echo "dev.sh: $*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
Usage: ./dev.sh up   [options]   install what is missing, build (Release), run the AppHost: the whole stack and the
                                 Aspire dashboard (it prints the dashboard's login URL, Ingest's URL and curl
                                 commands); Ctrl-C stops everything. Options are the AppHost's configuration keys,
                                 e.g. --Notify:Dispatchers=3 --Notify:StateDirectory=/tmp/notify (see README)
       ./dev.sh test [options]   build, run all tests, print "tests: N passed, N failed, N skipped"
       ./dev.sh manifest         build, regenerate deploy/aspire-manifest.json (Aspire's publish mode)
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

# Prints the version of a nats-server program (2.10.27 for "nats-server: v2.10.27"), or nothing.
nats_version() {
  "$1" --version 2> /dev/null | grep -o 'v[0-9][0-9.]*' | sed -n '1s/^v//p' || true
}

# Whether version $1 is $2 or newer.
version_at_least() {
  [[ -n $1 ]] && printf '%s\n%s\n' "$2" "$1" | sort -V -C
}

# Prints the code name of this system's Debian release (bookworm for Debian 12), or nothing.
debian_codename() {
  # shellcheck source=/dev/null
  (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2> /dev/null || true
}

# Prints the archive URI of the apt source that serves this system's own Debian release (e.g. bookworm), from
# /etc/apt/sources.list, sources.list.d/*.list (one-line format) or sources.list.d/*.sources (deb822).
debian_mirror() {
  local codename file
  codename="$(debian_codename)"
  [[ -n $codename ]] || return 0
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    if [[ $file != *.sources ]]; then
      awk -v suite="$codename" '
        { sub(/#.*/, "") }
        $1 == "deb" { sub(/^[ \t]*deb[ \t]+(\[[^]]*\][ \t]+)?/, ""); split($0, field); if (field[2] == suite) print field[1] }' "$file"
    else
      awk -v suite="$codename" '
        function flush(  count, i, item, uri) {
          count = split(suites, item, " ")
          if (types ~ /(^| )deb( |$)/ && enabled != "no")
            for (i = 1; i <= count; i++) if (item[i] == suite) { split(uris, uri, " "); print uri[1]; break }
          types = uris = suites = enabled = key = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/ { if (key == "uris") uris = uris " " $0; else if (key == "suites") suites = suites " " $0; next }
        {
          key = tolower($0); sub(/:.*/, "", key)
          value = $0; sub(/^[^:]*:/, "", value); gsub(/\t/, " ", value); gsub(/^ +| +$/, "", value)
          if (key == "types") types = value; else if (key == "uris") uris = value
          else if (key == "suites") suites = value; else if (key == "enabled") enabled = tolower(value)
        }
        END { flush() }' "$file"
    fi
  done | awk 'NR == 1'
}

# Downloads one Debian package with apt-get into the current directory, from a suite of the system's mirror, with
# apt's lists, cache and sources of its own under $work: the system's apt sources and state stay as they are.
# apt.conf.d's hooks after an update (AppStream, PackageKit) are dropped, since they act on the system's state.
# Returns 2 when $keyring cannot check the suite's Release file.
apt_download() {
  local work="$1" mirror="$2" suite="$3" keyring="$4" package="$5"
  mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/sources.list.d"
  echo "deb [signed-by=$keyring target=Packages] $mirror $suite main" > "$work/sources.list"
  printf '#clear APT::Update::Pre-Invoke;\n#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n' \
    > "$work/apt.conf"
  local apt=(apt-get -q -c "$work/apt.conf"
    -o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/sources.list.d"
    -o "Dir::State=$work" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work" -o "Dir::Cache::Archives=$work/archives")
  local status=0
  "${apt[@]}" update > "$work/update.log" 2>&1 || status=$?
  # Whether apt-get update fails on a Release file it cannot check, or only warns, depends on apt's version.
  if grep -q -E '^(W|E): .*(GPG error|NO_PUBKEY|is not signed)' "$work/update.log"; then
    grep -E '^(W|E): ' "$work/update.log" >&2
    return 2
  fi
  (( status == 0 )) || { cat "$work/update.log" >&2; return 1; }
  "${apt[@]}" download "$package" || { grep -E '^(W|E): ' "$work/update.log" >&2; return 1; }
}

# Unpacks Debian $NATS_DEBIAN_SUITE's nats-server package into $NATS_TOOL. Its Release file is checked with the
# system's Debian archive keyring: Debian signs trixie's Release file with bookworm's archive key as well as with
# trixie's keys, and Debian 12's debian-archive-keyring has trixie's keys since 2023.3+deb12u2. Should the system's
# keyring still not check it, the newest debian-archive-keyring of the system's own release is downloaded (checked
# with the system's keys through that release's Release file) and unpacked beside the download, not installed, to
# check it with. Never unchecked: a keyring taken from trixie itself could only be checked with trixie's keys.
download_nats_server() {
  if ! command -v apt-get > /dev/null 2>&1 || ! command -v dpkg-deb > /dev/null 2>&1; then
    die "nats-server $NATS_MINIMUM or newer is needed: put one on PATH (no apt-get and dpkg-deb to get Debian's)"
  fi
  local mirror codename
  mirror="$(debian_mirror)"
  codename="$(debian_codename)"
  [[ -n $mirror ]] || die "nats-server $NATS_MINIMUM or newer is needed: no apt source of Debian's $codename" \
    "in /etc/apt/sources.list(.d) to take the mirror from; put one on PATH"

  mkdir -p "$TOOLS"
  rm -rf "$TOOLS"/download.* # what an interrupted download left
  local work
  work="$(mktemp -d "$PWD/$TOOLS/download.XXXXXX")"
  # apt downloads as its sandbox user where there is one (when run as root), which writes the .deb in there
  chmod 755 "$work"
  if (( EUID == 0 )) && id _apt > /dev/null 2>&1; then chown _apt "$work"; fi
  say "downloading Debian $NATS_DEBIAN_SUITE's nats-server package from $mirror into $TOOLS/ (once)"
  local keyring="$DEBIAN_KEYRING" status=0
  (cd "$work" && apt_download "$work/apt" "$mirror" "$NATS_DEBIAN_SUITE" "$keyring" nats-server) || status=$?
  (( status == 0 || status == 2 )) || die "could not download Debian $NATS_DEBIAN_SUITE's nats-server package"
  if (( status == 2 )); then
    say "$keyring cannot check Debian $NATS_DEBIAN_SUITE's Release file; trying $codename's newest debian-archive-keyring"
    (cd "$work" && apt_download "$work/apt-$codename" "$mirror" "$codename" "$DEBIAN_KEYRING" debian-archive-keyring) \
      || die "could not download $codename's debian-archive-keyring"
    dpkg-deb -x "$work"/debian-archive-keyring_*.deb "$work/keyring"
    keyring="$work/keyring/usr/share/keyrings/debian-archive-keyring.gpg"
    [[ -f $keyring ]] || die "$codename's debian-archive-keyring has no ${keyring#"$work/keyring"}"
    rm -rf "$work/apt"
    (cd "$work" && apt_download "$work/apt" "$mirror" "$NATS_DEBIAN_SUITE" "$keyring" nats-server) \
      || die "could not download Debian $NATS_DEBIAN_SUITE's nats-server package"
  fi
  dpkg-deb -x "$work"/nats-server_*.deb "$work/nats-server"
  rm -rf "$NATS_TOOL"
  mv "$work/nats-server" "$NATS_TOOL"
  rm -rf "$work"
}

# Puts a nats-server of version $NATS_MINIMUM or newer first on PATH (exported, so the tests and the AppHost that
# start nats-server find it): the one on PATH when it is new enough, else the one in $NATS_TOOL, downloaded once.
ensure_nats_server() {
  local program version
  program="$(command -v nats-server 2> /dev/null || true)"
  [[ -n $program ]] && version="$(nats_version "$program")"
  if [[ -z $program ]] || ! version_at_least "${version:-}" "$NATS_MINIMUM"; then
    program="$NATS_TOOL/usr/sbin/nats-server"
    version="$(nats_version "$program")"
    if ! version_at_least "$version" "$NATS_MINIMUM"; then
      download_nats_server
      version="$(nats_version "$program")"
      version_at_least "$version" "$NATS_MINIMUM" \
        || die "Debian $NATS_DEBIAN_SUITE's nats-server (${version:-not runnable}) is not $NATS_MINIMUM or newer"
    fi
    program="$PWD/$program"
    PATH="$(dirname "$program"):$PATH"
    export PATH
  fi
  say "using nats-server $version ($program)"
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
  ensure_nats_server
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

# The AppHost runs the services from its own build configuration's output, so the whole solution is built first.
# `dotnet run` (not the dll) because the AppHost's launch profile sets the dashboard's URLs. exec: Ctrl-C and SIGTERM
# reach dotnet run, which passes them on to the AppHost; the AppHost stops the dashboard, DCP and every resource.
cmd_up() {
  ensure_prerequisites
  say "building the solution (Release)"
  dotnet build Notify.sln -c Release -v quiet -nologo || die "build failed"
  exec dotnet run --project Notify.AppHost -c Release --no-build -- "$@"
}

# The manifest is written to a new file and moved into place: the publisher keeps properties of a file it overwrites.
cmd_manifest() {
  ensure_dotnet
  dotnet build Notify.AppHost -v quiet -nologo || die "build failed"
  local manifest="$PWD/deploy/aspire-manifest.json" scratch
  scratch="$(mktemp -d)"
  dotnet run --project Notify.AppHost --no-build -- --publisher manifest --output-path "$scratch/aspire-manifest.json" > "$scratch/log" 2>&1 \
    || { cat "$scratch/log" >&2; rm -rf "$scratch"; die "the AppHost did not write the manifest"; }
  # Project paths are relative to where the manifest was written: make them relative to deploy/.
  sed -e 's|"path": "[^"]*/\(Notify\.[A-Za-z]*/Notify\.[A-Za-z]*\.csproj\)"|"path": "../\1"|' "$scratch/aspire-manifest.json" > "$manifest"
  rm -rf "$scratch"
  say "wrote ${manifest#"$PWD/"}"
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
  manifest) shift; cmd_manifest "$@" ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
