#!/usr/bin/env bash
# Quick start, step 1: install what is needed, build `profile` as a NativeAOT binary into
# artifacts/bin, and run the main job: the nbdkit SDK for arm64-linux@2, an example plugin built
# for arm64 and proven in the arm64 nbdkit under qemu, and the env a user's own plugin build uses.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps
scripts/publish   # the native profile (NativeAOT) into artifacts/bin
export PATH="$PWD/artifacts/bin:$PATH"
# A root of our own, so the quick start never touches a user's profiles.
export PROFILES_ROOT="$PWD/artifacts/quickstart-root"
set -x
profile --help
# The SDK for arm64 (the flow installs its requirement cross:toolchain first).
profile install --target=arm64-linux@2 nbdkit-sdk
# An example plugin from the built-in catalog (profiles/nbdkit-plugins/ramdisk): built with the arm64
# toolchain, its ELF machine checked, then served by the arm64 nbdkit under qemu-user (the
# nbdkit-server requirement) and written and read back with the host's nbdcopy.
profile install --target=arm64-linux ramdisk
profile verify --target=arm64-linux ramdisk
profile list --target=arm64-linux
# What a user's own plugin build sees: CC, NBDKIT_CFLAGS, NBDKIT_LDFLAGS, NBDKIT (see README.md).
profile env --profiles=toolchain,nbdkit-sdk,nbdkit-server --target=arm64-linux
profile env --profiles=nbdkit:ramdisk --target=arm64-linux NBDKIT_PLUGIN_RAMDISK=
profile env --profiles=nbdkit:ramdisk --target=arm64-linux NBDKIT_PLUGIN_RAMDISK_SHA256=
