#!/usr/bin/env bash
# Vendors GOV.UK Frontend (and axe-core for the browser tests) from npm, once, so that no Node
# runs at run time. Run again only to upgrade; commit what it writes.
set -euo pipefail
GOVUK_FRONTEND=5.14.0   # crispy-forms-gds is tested with govuk-frontend 5.x
AXE_CORE=4.14.1
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
  "govuk-frontend@$GOVUK_FRONTEND" "axe-core@$AXE_CORE")
dist="$work/node_modules/govuk-frontend/dist/govuk"
out="$top/static/govuk"
rm -rf "$out" && mkdir -p "$out/assets"
cp "$dist/govuk-frontend.min.js" "$out/"
cp -r "$dist/assets/images" "$dist/assets/rebrand" "$dist/assets/manifest.json" "$out/assets/"
# The GDS Transport font is only for services on gov.uk domains: drop its @font-face rules so
# pages fall back to Arial, and point the remaining /assets/ URLs at our static folder.
python3 - "$dist/govuk-frontend.min.css" "$out/govuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*\}", "", css)
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
css = css.replace("/assets/", "/static/govuk/assets/")
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
cp "$work/node_modules/axe-core/axe.min.js" "$top/tests/browser/axe.min.js"
echo "Vendored govuk-frontend $GOVUK_FRONTEND and axe-core $AXE_CORE"
