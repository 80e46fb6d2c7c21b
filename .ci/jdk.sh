# SPDX-License-Identifier: Apache-2.0
# Sourced, not run: defines pick_jdk MIN, which exports JAVA_HOME (and puts its bin first on
# PATH) for a JDK whose major version is MIN or newer, or fails with a message.
#
# JDK choice, first match wins:
#   1. $JAVA_HOME, if its java is MIN or newer;
#   2. the newest /usr/lib/jvm/*/bin/java that is MIN or newer;
#   3. `java` on PATH, if it is MIN or newer.
# Used by .ci/run (MIN 21) and benchmarks/run (MIN 25).

# Print the major version of the given java binary ("1.8.0_392" -> 8,
# "25.0.1" -> 25, "21-ea" -> 21), or 0 if it cannot be determined.
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1) || true
  case "$v" in
    1.*) v=${v#1.} ;;
  esac
  v=${v%%[!0-9]*}
  echo "${v:-0}"
}

pick_jdk() {
  local min=$1 java_home="" best=0 java major
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] \
     && (( $(java_major "$JAVA_HOME/bin/java") >= min )); then
    java_home=$JAVA_HOME
  else
    for java in /usr/lib/jvm/*/bin/java; do
      [[ -x "$java" ]] || continue
      major=$(java_major "$java")
      if (( major >= min && major > best )); then
        best=$major
        java_home=$(dirname "$(dirname "$java")")
      fi
    done
    if [[ -z "$java_home" ]] && command -v java >/dev/null \
       && (( $(java_major "$(command -v java)") >= min )); then
      java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    fi
  fi

  if [[ -z "$java_home" ]]; then
    echo "error: no JDK $min or newer found (checked \$JAVA_HOME, /usr/lib/jvm/*, and java on PATH)." >&2
    echo "Install a JDK $min+ or set JAVA_HOME to one." >&2
    return 1
  fi

  export JAVA_HOME=$java_home
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "Using JDK $(java_major "$JAVA_HOME/bin/java") at $JAVA_HOME"
}
