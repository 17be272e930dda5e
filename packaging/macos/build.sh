#!/usr/bin/env bash
# Build LedgerDesk.app and a .dmg on macOS: PyInstaller -> sign (hardened runtime) -> dmg -> notarize.
#   packaging/macos/build.sh      -> dist/LedgerDesk-<version>.dmg
# Signing happens when these are set (otherwise the app is only ad-hoc signed and Gatekeeper warns):
#   LEDGERDESK_MACOS_CERT_P12_BASE64  a "Developer ID Application" certificate with its key (.p12, base64)
#   LEDGERDESK_MACOS_CERT_PASSWORD    its password
#   LEDGERDESK_MACOS_SIGN_IDENTITY    e.g. "Developer ID Application: Atelier Janssens (TEAMID1234)"
# Notarization in addition needs LEDGERDESK_NOTARY_APPLE_ID, LEDGERDESK_NOTARY_TEAM_ID and
# LEDGERDESK_NOTARY_PASSWORD (an app-specific password).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/ledgerdesk/__init__.py)
export LEDGERDESK_VERSION=$version

uv sync --quiet --group packaging
uv run --no-sync pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/ledgerdesk.spec
app=dist/LedgerDesk.app

if [[ -n "${LEDGERDESK_MACOS_CERT_P12_BASE64:-}" && -n "${LEDGERDESK_MACOS_SIGN_IDENTITY:-}" ]]; then
  keychain="$PWD/build/ledgerdesk-sign.keychain-db"
  kpass=$(uuidgen)
  security create-keychain -p "$kpass" "$keychain"
  security set-keychain-settings -lut 3600 "$keychain"
  security unlock-keychain -p "$kpass" "$keychain"
  echo "$LEDGERDESK_MACOS_CERT_P12_BASE64" | base64 --decode > build/cert.p12
  security import build/cert.p12 -k "$keychain" -P "$LEDGERDESK_MACOS_CERT_PASSWORD" -T /usr/bin/codesign
  rm -f build/cert.p12
  security set-key-partition-list -S apple-tool:,apple: -s -k "$kpass" "$keychain" >/dev/null
  security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
  trap 'security delete-keychain "$keychain" || true' EXIT
  sign=(codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist
        --sign "$LEDGERDESK_MACOS_SIGN_IDENTITY")
  # Inside out: every Mach-O library and program first, then the bundle (no --deep: it hides failures).
  find "$app/Contents" -type f \( -name "*.dylib" -o -name "*.so" -o -perm -u+x \) -print0 |
    while IFS= read -r -d '' f; do file -b "$f" | grep -q Mach-O && "${sign[@]}" "$f"; done
  "${sign[@]}" "$app"
  codesign --verify --strict --verbose=2 "$app"
else
  echo "warning: LEDGERDESK_MACOS_CERT_P12_BASE64 / LEDGERDESK_MACOS_SIGN_IDENTITY not set: the app is NOT signed" >&2
fi

# The program answers before it is packed.
"$app/Contents/MacOS/ledgerdesk" --version

dmg=dist/LedgerDesk-$version.dmg
stage=build/dmg
rm -rf "$stage" "$dmg" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "LedgerDesk $version" -srcfolder "$stage" -ov -format UDZO "$dmg"
if [[ -n "${LEDGERDESK_MACOS_SIGN_IDENTITY:-}" && -n "${LEDGERDESK_MACOS_CERT_P12_BASE64:-}" ]]; then
  codesign --force --timestamp --sign "$LEDGERDESK_MACOS_SIGN_IDENTITY" "$dmg"
  if [[ -n "${LEDGERDESK_NOTARY_APPLE_ID:-}" ]]; then
    xcrun notarytool submit "$dmg" --apple-id "$LEDGERDESK_NOTARY_APPLE_ID" --team-id "$LEDGERDESK_NOTARY_TEAM_ID" \
      --password "$LEDGERDESK_NOTARY_PASSWORD" --wait
    xcrun stapler staple "$dmg"
  fi
fi
echo "built $dmg in $(( $(date +%s) - start )) s; $(du -h "$dmg" | cut -f1)"
