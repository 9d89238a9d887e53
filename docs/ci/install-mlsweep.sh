#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# docs/ci/install-mlsweep.sh -- build mlsweep from a source checkout and
# put it on PATH, on a Debian or Ubuntu runner. The workflows in this
# directory call it; a runner image with mlsweep already installed can
# skip it.
#
# usage: install-mlsweep.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: install-mlsweep.sh SOURCE_DIR}
sudo=""
[[ $(id -u) -eq 0 ]] || sudo=sudo
$sudo apt-get update -q
$sudo apt-get install -y -q cmake gcc pkg-config libgit2-dev libxxhash-dev \
  libcjson-dev libyaml-dev liblmdb-dev libunistring-dev zlib1g-dev check
cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$src/build" -j2 --target mlsweep
$sudo install -m 0755 "$src/build/mlsweep" /usr/local/bin/mlsweep
mlsweep --version
