#!/usr/bin/env bash
# Build LedgerDesk for Linux: the PyInstaller folder, then a .deb around it.
#   packaging/linux/build.sh            -> dist/ledgerdesk_<version>_<arch>.deb (+ dist/ledgerdesk/ the folder)
# Needs uv and dpkg-deb (Debian/Ubuntu). Prints the build time and sizes at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
start=$(date +%s)

version=$(uv run --no-sync python -c "import ledgerdesk; print(ledgerdesk.__version__)" 2>/dev/null \
          || sed -n 's/^__version__ = "\(.*\)"/\1/p' src/ledgerdesk/__init__.py)
arch=$(dpkg --print-architecture)

# 1. The program folder (dist/ledgerdesk/: the ledgerdesk program and _internal/).
uv sync --quiet --group packaging
uv run --no-sync pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/ledgerdesk.spec
pyi_done=$(date +%s)

# 2. The .deb: /opt/ledgerdesk, /usr/bin/ledgerdesk, the desktop entry and the icons.
pkg=build/deb/ledgerdesk_${version}_${arch}
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
         "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/ledgerdesk"
cp -a dist/ledgerdesk "$pkg/opt/ledgerdesk"
ln -s /opt/ledgerdesk/ledgerdesk "$pkg/usr/bin/ledgerdesk"
install -m 644 packaging/linux/ledgerdesk.desktop "$pkg/usr/share/applications/ledgerdesk.desktop"
install -m 644 packaging/icons/ledgerdesk.svg "$pkg/usr/share/icons/hicolor/scalable/apps/ledgerdesk.svg"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$pkg/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "packaging/icons/ledgerdesk-${size}.png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/ledgerdesk.png"
done
install -m 644 resources/fonts/LICENSE-DejaVu.txt "$pkg/usr/share/doc/ledgerdesk/LICENSE-DejaVu.txt"
installed_kb=$(du -sk "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_kb/" \
    packaging/linux/control.in > "$pkg/DEBIAN/control"
install -m 755 packaging/linux/postinst "$pkg/DEBIAN/postinst"
install -m 755 packaging/linux/postinst "$pkg/DEBIAN/postrm"
# zstd -9: 153 MB in ~6 s here; xz -3 saves 20 MB but takes ~4 minutes on two cores. zstd .debs need
# dpkg >= 1.21.18 (Debian 12, Ubuntu 21.10 and later); LEDGERDESK_DEB_COMPRESSION=gzip for older systems.
compression=${LEDGERDESK_DEB_COMPRESSION:-zstd}
dpkg-deb --root-owner-group "-Z$compression" -z9 --build "$pkg" "dist/ledgerdesk_${version}_${arch}.deb" >/dev/null
end=$(date +%s)

deb="dist/ledgerdesk_${version}_${arch}.deb"
echo "built $deb"
echo "  pyinstaller: $((pyi_done - start)) s, .deb: $((end - pyi_done)) s, total: $((end - start)) s"
echo "  program folder: $(du -sh dist/ledgerdesk | cut -f1), installed: $((installed_kb / 1024)) MB, .deb: $(du -h "$deb" | cut -f1)"
