#!/usr/bin/env bash
# Build libyaml as a static, position-independent library into PREFIX (default: build/libyaml), for wheels
# that carry the YAML accelerator with libyaml linked in (no libyaml needed where they are installed).
# cibuildwheel runs it once per platform (before-all in [tool.cibuildwheel], pyproject.toml); hatch_build.py
# then links PREFIX/lib's static library when TRUENORTH_LIBYAML=PREFIX. Needs git, cmake and a C compiler
# (all on GitHub's runners and in the manylinux images). LIBYAML_REF picks the tag (default 0.2.5, the one
# PyYAML's wheels use); LIBYAML_SOURCE builds an existing checkout instead of cloning.
#
# example: bash scripts/build-libyaml.sh build/libyaml
set -euo pipefail
prefix=${1:-build/libyaml}
mkdir -p "$prefix"
case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) prefix=$(cd "$prefix" && pwd -W) ;;  # a path cmake and MSVC understand (D:/...)
  *) prefix=$(cd "$prefix" && pwd) ;;
esac
if [ "$(uname -s)" = Darwin ]; then
  export MACOSX_DEPLOYMENT_TARGET=${MACOSX_DEPLOYMENT_TARGET:-11.0}  # cmake reads it; the wheel's tag follows it
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source=${LIBYAML_SOURCE:-}
if [ -z "$source" ]; then
  git clone --quiet --depth 1 --branch "${LIBYAML_REF:-0.2.5}" https://github.com/yaml/libyaml "$work/source"
  source=$work/source
fi
# libyaml 0.2.5 asks for CMake 3.0, which CMake 4 refuses without a policy floor.
cmake -S "$source" -B "$work/build" -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
  -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$work/build" --config Release >/dev/null
cmake --install "$work/build" --config Release >/dev/null
echo "libyaml (static) installed in $prefix" >&2
