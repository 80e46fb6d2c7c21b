#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes a JDK "shim" for Fray's prepare-fray goal on a JDK that ships no jmods/ (Temurin 25).
#
#   model-tests/fray/jdk-shim.sh REAL_JDK SHIM_DIR
#
# Fray 0.9.2 builds its instrumented JDK with
#   $JDK/bin/jlink ... --module-path=$JDK/jmods --add-modules=ALL-MODULE-PATH --fray-instrumentation
# which fails here ("No module found in module path '.../jmods'"). JDK 24+'s jlink can link from
# the run-time image instead (JEP 493) when given the modules by name. SHIM_DIR looks like a
# JDK to Fray (release file, bin/ links to REAL_JDK's tools) except that bin/jlink drops the
# jmods module path and names every module of REAL_JDK but jdk.jlink (a run-time image cannot
# link jdk.jlink into another image) and jdk.jpackage (which requires it).
set -euo pipefail
real=$1
shim=$2
rm -rf "$shim"
mkdir -p "$shim/bin" "$shim/jmods"
cp "$real/release" "$shim/"
for tool in "$real"/bin/*; do
  ln -s "$tool" "$shim/bin/"
done
rm "$shim/bin/jlink"
modules=$("$real/bin/java" --list-modules | sed 's/@.*//' | grep -vxE 'jdk\.jlink|jdk\.jpackage' | paste -sd, -)
cat > "$shim/bin/jlink" <<SHIM
#!/usr/bin/env bash
# Written by model-tests/fray/jdk-shim.sh: jlink from the run-time image of $real.
args=()
for a in "\$@"; do
  case "\$a" in
    --module-path=*/jmods) ;;
    --add-modules=ALL-MODULE-PATH) args+=("--add-modules=$modules") ;;
    *) args+=("\$a") ;;
  esac
done
exec "$real/bin/jlink" "\${args[@]}"
SHIM
chmod +x "$shim/bin/jlink"
echo "JDK shim for Fray at $shim (jlink from the run-time image of $real)"
