#!/usr/bin/env bash
# Redraws docs/screenshots/*.png: the first screen (1280 x 900) of the report of
# two bundled scenarios, as headless Chromium shows it. Needs a release build
# (cargo build --release) and the Debian package chromium.
#
#   docs/screenshots.sh            # from the repository's root or anywhere
set -euo pipefail
cd "$(dirname "$0")/.."

authsim=target/release/authsim
[[ -x $authsim ]] || { echo "no $authsim: run cargo build --release first" >&2; exit 1; }
command -v chromium >/dev/null || { echo "no chromium: apt-get install chromium" >&2; exit 1; }

# Under target/ (ignored), so that the provenance on screen names no random path.
scratch=target/screenshots
rm -rf "$scratch"
trap 'rm -rf "$scratch"' EXIT
mkdir -p docs/screenshots

for scenario in hybrid-organisation second-factors; do
    "$authsim" run "scenarios/$scenario.toml" --out "$scratch/$scenario" --quiet
    # A fresh profile each time, and nothing fetched: what a reviewer's first screen shows.
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$PWD/$scratch/profile-$scenario" \
        --window-size=1280,900 --screenshot="$PWD/docs/screenshots/$scenario.png" \
        "file://$PWD/$scratch/$scenario/report.html" 2>/dev/null
    echo "docs/screenshots/$scenario.png"
done
