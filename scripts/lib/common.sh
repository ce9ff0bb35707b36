# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

CLIPWORKER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Prints the path of a JDK whose major version is 21 or newer: JAVA_HOME when it qualifies, else the newest
# under /usr/lib/jvm (or the macOS JavaVirtualMachines folder). Exits with a message saying what to install.
clipworker_find_jdk() {
  local candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(_clipworker_jdk_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(_clipworker_jdk_major "$candidate")
    if [ "${major:-0}" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  {
    echo "clipworker needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}; newest under /usr/lib/jvm: ${best_major:-none})."
    echo "Install one, for example: sudo apt-get install temurin-21-jdk (Adoptium repository) or openjdk-21-jdk;"
    echo "on macOS: brew install --cask temurin@21. Then run this command again."
  } >&2
  return 1
}

_clipworker_jdk_major() {
  local release="$1/release" version
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "${version:-0}"
}

# Exports JAVA_HOME and PATH for the JDK found above.
clipworker_use_jdk() {
  JAVA_HOME="$(clipworker_find_jdk)" || exit 1
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}
