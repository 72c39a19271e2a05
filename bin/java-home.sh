# Sourced by ./gantry and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer, and sets
# GANTRY_JAVA_MAJOR to its feature version. Order: an existing JAVA_HOME that is new enough, then
# the newest JDK under /usr/lib/jvm.
java_major() { # prints the feature version of the java binary $1, or 0
  local release
  release="$(dirname "$(dirname "$1")")/release"
  # The JDK's release file says it without starting a JVM (~0.1 s each, on every ./gantry start).
  if [ -f "$release" ] && grep -q '^JAVA_VERSION="[0-9]' "$release"; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
gantry_find_java_home() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then GANTRY_JAVA_MAJOR=$major; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "${major:-0}" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "gantry: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*). Install one or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  GANTRY_JAVA_MAJOR=$best_major
}
