#!/usr/bin/env bash
# Build the frozen app for this system, run its self-test, and package it.
#
#   bash packaging/build.sh                 build, self-test, package
#   bash packaging/build.sh --no-package    build and self-test only (what tests/test_packaging.py runs)
#
# Linux:   build/dist/xhs-editor/ (one folder)  → build/installers/XHS-Editor-<version>-linux-<arch>.tar.gz
# macOS:   build/dist/XHS Editor.app            → build/installers/XHS-Editor-<version>-macos-<arch>.dmg
# Windows: build/dist/xhs-editor/ (Git Bash)    → build/installers/XHS-Editor-Setup-<version>.exe (Inno Setup)
#
# Needs uv (PyInstaller comes in through `uv run --with`, so it is no project dependency).
# BUILD_DIR moves every output (default: build/, which git ignores). The self-test's report is
# $BUILD_DIR/selftest.txt; the script exits non-zero if the build or the self-test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PYINSTALLER_SPEC="${PYINSTALLER_SPEC:-pyinstaller>=6.10}"
PACKAGE=1
for arg in "$@"; do
  case "$arg" in
    --no-package) PACKAGE=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  Linux*) OS=linux ;;
  Darwin*) OS=macos ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) echo "build.sh: unsupported system $(uname -s)" >&2; exit 2 ;;
esac
ARCH="$(uname -m)"
case "$ARCH" in aarch64) ARCH=arm64 ;; amd64) ARCH=x86_64 ;; esac

started=$SECONDS
VERSION="$(uv run --no-project python packaging/version.py | tr -d '\r')"  # Windows prints CRLF
echo "== XHS Editor $VERSION: frozen build for $OS-$ARCH into $BUILD_DIR"

echo "== icons"
uv run python packaging/make_icons.py "$BUILD_DIR/icons" >/dev/null

echo "== PyInstaller ($PYINSTALLER_SPEC)"
rm -rf "$BUILD_DIR/dist"
# --isolated: a fresh environment with exactly the locked dependencies (and XHS_BUILD_EXTRAS, e.g.
# "ocr"), so nothing else that happens to be installed in the developer's .venv gets frozen in.
extras=()
for extra in ${XHS_BUILD_EXTRAS:-}; do extras+=(--extra "$extra"); done
XHS_EDITOR_ICON_DIR="$BUILD_DIR/icons" uv run --isolated --no-dev ${extras[@]+"${extras[@]}"} --with "$PYINSTALLER_SPEC" \
  pyinstaller packaging/xhs-editor.spec --noconfirm --clean --log-level WARN \
  --distpath "$BUILD_DIR/dist" --workpath "$BUILD_DIR/pyinstaller"
build_seconds=$((SECONDS - started))

case "$OS" in
  macos) APP_DIR="$BUILD_DIR/dist/XHS Editor.app"; EXE="$APP_DIR/Contents/MacOS/xhs-editor" ;;
  windows) APP_DIR="$BUILD_DIR/dist/xhs-editor"; EXE="$APP_DIR/xhs-editor.exe" ;;
  *) APP_DIR="$BUILD_DIR/dist/xhs-editor"; EXE="$APP_DIR/xhs-editor" ;;
esac
if [[ "$OS" == linux ]]; then
  cp packaging/linux/xhs-editor.desktop packaging/linux/install.sh "$APP_DIR/"
  cp "$BUILD_DIR/icons/xhs-editor-256.png" "$APP_DIR/xhs-editor.png"
fi

echo "== self-test of the frozen app"
# The windowed Windows build has no standard output: the report file carries the result.
report="$BUILD_DIR/selftest.txt"
rm -f "$report"
set +e
QT_QPA_PLATFORM=offscreen "$EXE" --self-test "$report"
status=$?
set -e
if [[ "$OS" == windows && -f "$report" ]]; then cat "$report"; fi
if [[ $status -ne 0 ]] || ! grep -q "^self-test passed" "$report" 2>/dev/null; then
  echo "build.sh: the frozen app's self-test failed (exit $status)" >&2
  exit 1
fi

size="$(du -sh "$APP_DIR" | cut -f1)"
echo "== frozen app: $APP_DIR ($size), built in ${build_seconds}s"

if [[ $PACKAGE -eq 1 ]]; then
  out="$BUILD_DIR/installers"
  mkdir -p "$out"
  case "$OS" in
    linux)
      artifact="$out/XHS-Editor-$VERSION-linux-$ARCH.tar.gz"
      tar -C "$BUILD_DIR/dist" -czf "$artifact" xhs-editor
      ;;
    macos)
      artifact="$out/XHS-Editor-$VERSION-macos-$ARCH.dmg"
      bash packaging/macos/make_dmg.sh "$APP_DIR" "$artifact" "XHS Editor $VERSION"
      ;;
    windows)
      iscc="${ISCC:-}"
      if [[ -z "$iscc" ]]; then
        for candidate in "/c/Program Files (x86)/Inno Setup 6/ISCC.exe" "/c/Program Files/Inno Setup 6/ISCC.exe"; do
          [[ -x "$candidate" ]] && { iscc="$candidate"; break; }
        done
      fi
      [[ -n "$iscc" ]] || { echo "build.sh: Inno Setup 6 (ISCC.exe) not found; set ISCC" >&2; exit 1; }
      artifact="$out/XHS-Editor-Setup-$VERSION.exe"
      # Keep MSYS from rewriting ISCC's /D and /O switches as paths.
      MSYS2_ARG_CONV_EXCL='*' "$iscc" /Q "/DAppVersion=$VERSION" "/DSourceDir=$(cygpath -w "$APP_DIR")" \
        "/DIconFile=$(cygpath -w "$BUILD_DIR/icons/xhs-editor.ico")" "/O$(cygpath -w "$out")" \
        "$(cygpath -w "$ROOT/packaging/windows/xhs-editor.iss")"
      ;;
  esac
  echo "== installer: $artifact ($(du -sh "$artifact" | cut -f1))"
fi
echo "== done in $((SECONDS - started))s"
