# Sourced by the other scripts: make .venv (Python ≥ 3.11) with innokg installed, and activate it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "innokg needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))" >&2
    exit 2
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
stamp=.venv/.innokg-installed-$(sha256sum pyproject.toml | cut -c1-16)-${INNOKG_EXTRAS:-base}
if [ ! -e "$stamp" ]; then
    python -m pip install --quiet --upgrade pip
    python -m pip install --quiet -e ".${INNOKG_EXTRAS:+[$INNOKG_EXTRAS]}"
    touch "$stamp"
fi
