#!/usr/bin/env bash
# install.sh PREFIX — builds and installs winsnmp's C library and command-line tool:
#
#   PREFIX/lib/libwsnmp32.so             the WinSNMP 2.0 library (no debug information)
#   PREFIX/lib/libwsnmp32.a              the same, static (debug sections stripped when
#                                        `strip` is there)
#   PREFIX/include/winsnmp.h             the drop-in header
#   PREFIX/lib/pkgconfig/wsnmp32.pc      for `pkg-config --cflags --libs wsnmp32`
#   PREFIX/bin/wsnmp                     the tool (`cargo install --path crates/wsnmp
#                                        --root PREFIX` puts the same there)
#
# Then: PKG_CONFIG_PATH=PREFIX/lib/pkgconfig cc app.c $(pkg-config --cflags --libs wsnmp32)
#
# Env: CARGO_TARGET_DIR (default the workspace's target/), NO_BUILD=1 to install what
# target/release already holds.
set -euo pipefail

PREFIX=${1:?usage: scripts/install.sh PREFIX}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)

if [[ ${NO_BUILD:-0} != 1 ]]; then
    (cd "$ROOT" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release --locked -p winsnmp-capi -p wsnmp)
fi
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
OUT=$TARGET_DIR/release

install -d "$PREFIX/lib/pkgconfig" "$PREFIX/include" "$PREFIX/bin"
install -m 0755 "$OUT/libwsnmp32.so" "$PREFIX/lib/libwsnmp32.so"
install -m 0644 "$OUT/libwsnmp32.a" "$PREFIX/lib/libwsnmp32.a"
if command -v strip >/dev/null 2>&1; then
    strip --strip-debug "$PREFIX/lib/libwsnmp32.a"
fi
install -m 0644 "$ROOT/crates/winsnmp-capi/include/winsnmp.h" "$PREFIX/include/winsnmp.h"
sed -e "s|@LIBDIR@|$PREFIX/lib|" \
    -e "s|@INCLUDEDIR@|$PREFIX/include|" \
    -e "s|@VERSION@|$VERSION|" \
    "$ROOT/crates/winsnmp-capi/wsnmp32.pc.in" >"$PREFIX/lib/pkgconfig/wsnmp32.pc"
install -m 0755 "$OUT/wsnmp" "$PREFIX/bin/wsnmp"

echo "installed winsnmp $VERSION in $PREFIX:"
ls -l "$PREFIX/lib/libwsnmp32.so" "$PREFIX/lib/libwsnmp32.a" "$PREFIX/include/winsnmp.h" \
    "$PREFIX/lib/pkgconfig/wsnmp32.pc" "$PREFIX/bin/wsnmp" | awk '{print "  " $5 "\t" $9}'
