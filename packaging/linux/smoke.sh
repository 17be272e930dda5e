#!/usr/bin/env bash
# Start the built package as a user would, outside the source tree: unpack the .deb, then
#   1. ledgerdesk --version
#   2. ledgerdesk demo + invoices --json + backup + backups --json on a fresh book
#   3. the window under Xvfb (real X11, the xcb plugin) on that book: painted, screenshot saved, quit
# Usage: packaging/linux/smoke.sh dist/ledgerdesk_<version>_<arch>.deb   (artifacts in artifacts/smoke/)
set -euo pipefail
deb=$(realpath "$1")
cd "$(dirname "$0")/../.."
out=$PWD/artifacts/smoke
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
app="$work/root/opt/ledgerdesk/ledgerdesk"
test -x "$app"
test -f "$work/root/usr/share/applications/ledgerdesk.desktop"
test -f "$work/root/usr/share/icons/hicolor/256x256/apps/ledgerdesk.png"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$work/root/usr/share/applications/ledgerdesk.desktop"
fi

# Run from an empty folder with a clean environment: nothing may come from the checkout or its venv.
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_STATE_HOME="$work/home/state" \
       XDG_CACHE_HOME="$work/home/cache" XDG_CONFIG_HOME="$work/home/config"
unset PYTHONPATH VIRTUAL_ENV LEDGERDESK_DATA_DIR LEDGERDESK_CACHE_DIR LEDGERDESK_LOG_DIR
book="$work/book"
t0=$(date +%s.%N)

version=$("$app" --version)
echo "version: $version"
[[ "$version" == ledgerdesk\ * ]]

"$app" --data-dir "$book" demo --years 1 --customers 8 --seed 3 > "$out/demo.txt"
"$app" --data-dir "$book" invoices --json > "$out/invoices.json"
count=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d and all('number' in r for r in d); print(len(d))" "$out/invoices.json")
echo "invoices --json: $count documents"
"$app" --data-dir "$book" backup --json > "$out/backup.json"
"$app" --data-dir "$book" backups --json > "$out/backups.json" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); b=d['backups'][0]; assert b['verified'] and b['invoices'] > 0, d; print('backup checked:', b['invoices'], 'documents, last invoice', b['last_invoice'])" "$out/backups.json"
# the e-invoice validator (saxonche + the CEN schematron + the UBL XSDs) works from the package
# The first invoice that makes a Peppol e-invoice: a consumer's has no Peppol address and is refused (R010).
number=""
for candidate in $(python3 -c "import json,sys; print(' '.join(r['number'] for r in json.load(open(sys.argv[1])) if r['number'] and r['kind']=='invoice'))" "$out/invoices.json"); do
    if "$app" --data-dir "$book" export-ubl "$candidate" -o "$out/$candidate.xml" > /dev/null 2>&1; then
        number=$candidate
        break
    fi
done
test -n "$number"
"$app" --data-dir "$book" validate-ubl "$out/$number.xml" --json > "$out/validate.json"  # exit 1 if invalid
echo "validate-ubl $number: valid ($(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$out/validate.json") warnings)"
"$app" --data-dir "$book" invoice-pdf "$number" -o "$out/$number.pdf" > /dev/null
test -s "$out/$number.pdf"

# The window, on a real (virtual) X server with Qt's xcb plugin.
LEDGERDESK_SMOKE_SCREENSHOT="$out/window.png" QT_QPA_PLATFORM=xcb \
  timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$app" --data-dir "$book" > "$out/window.txt" 2>&1 \
  || { cat "$out/window.txt"; exit 1; }
cat "$out/window.txt" | grep "window shown"
test -s "$out/window.png"
ls "$book/backups" | grep -q -- "-close.sqlite"  # and closing the window backed the book up
t1=$(date +%s.%N)
echo "smoke test passed in $(python3 -c "print(round($t1 - $t0, 1))") s (artifacts in artifacts/smoke/)"
