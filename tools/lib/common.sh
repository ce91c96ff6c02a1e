# Shared by tools/serve and tools/test (sourced, not run).
#
#   ensure_packages PKG...   installs the Debian packages that are missing (dpkg -s), with one apt-get update
#                            first and only when something is missing; sudo when not root; never prompts.
#   require_dotnet           fails with a clear message when the .NET SDK is not on PATH.
#   section TITLE            prints a section header.
#   solution_file            OmenDb.Pg.sln, relative to the repository root.

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

section() {
    printf '\n==== %s ====\n' "$*"
}

_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else
        echo "error: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

_package_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "note: not a Debian system; make sure these are installed: $*" >&2
        return 0
    fi

    local missing=() package
    for package in "$@"; do
        _package_installed "$package" || missing+=("$package")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "packages present: $*"
        return 0
    fi

    echo "installing: ${missing[*]}"
    _as_root apt-get update -q
    _as_root apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dotnet.microsoft.com/download" >&2
        exit 1
    fi
}

solution_file() {
    echo OmenDb.Pg.sln
}
