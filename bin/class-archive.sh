# Sourced by ./gantry, bench/run-all and bench/run-startup (after gantry_find_java_home): the
# server's class archive. It holds what the server loads until its first answer, so the JVM maps
# those classes instead of reading, parsing and verifying them from the jars. On JDK 25 and newer it
# is an AOT cache (JEP 483/514: classes loaded and linked, with method profiles), measured at ~1.8 s
# to the first answer against ~2.3 s with a CDS archive and ~3.5 s with neither; on JDK 21-24 a
# dynamic CDS archive.

# The archive's file in DIST for this JDK.
gantry_class_archive_file() {
  if [ "${GANTRY_JAVA_MAJOR:-0}" -ge 25 ]; then echo "$1/gantry-server.aot"; else echo "$1/gantry-server.jsa"; fi
}

# Prints the JVM options that use DIST's archive, one a line, or nothing when there is none. A stale
# archive (another JDK, other jars) is skipped by the JVM, which then loads from the jars; the log
# options keep it from saying so on every start.
gantry_class_archive_options() {
  local archive
  archive=$(gantry_class_archive_file "$1")
  [ -f "$archive" ] || return 0
  if [ "${GANTRY_JAVA_MAJOR:-0}" -ge 25 ]; then
    printf '%s\n' "-XX:AOTCache=$archive" -Xlog:aot=off -Xlog:cds=off
  else
    printf '%s\n' "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off
  fi
}

# Records DIST's archive: a throwaway server on a scratch directory starts, answers one request and
# stops, and the JVM writes what it loaded at exit (on JDK 25 a second JVM then assembles the cache).
# Written under another name and then renamed, so a server already running from this distribution
# never reads a half-written file.
gantry_record_class_archive() {
  local dist=$1 scratch pid="" port="" request archive record
  archive=$(gantry_class_archive_file "$dist")
  if [ "${GANTRY_JAVA_MAJOR:-0}" -ge 25 ]; then
    record=(-XX:AOTCacheOutput="$archive.new" -Xlog:aot=off -Xlog:cds=off)
  else
    record=(-XX:ArchiveClassesAtExit="$archive.new" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  scratch=$(mktemp -d)
  request=$'GET /meta HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'
  echo "gantry: recording the server's class archive (once per build)..." >&2
  rm -f "$dist"/gantry-server.aot "$dist"/gantry-server.jsa
  : >"$scratch/log" # there before the server's first line, for the reads below
  # An interrupted recording must not leave the throwaway server running.
  trap 'kill -TERM "$pid" 2>/dev/null; rm -rf "$scratch" "$archive.new"' EXIT
  trap 'exit 130' INT TERM
  # None of the caller's GANTRY_* settings: the throwaway server must not touch their database.
  env $(compgen -e | grep '^GANTRY_' | sed 's/^/-u /') "$JAVA_HOME/bin/java" "${record[@]}" -cp "$dist/lib/*" dev.gantry.server.Main server \
    --data-dir "$scratch/data" --bind 127.0.0.1 --port 0 >"$scratch/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*Gantry serving .* on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$scratch/log" | head -n 1) || true
    if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  # One answer, so the classes on a request's path are in the archive too.
  [ -z "$port" ] || timeout 20 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "%s" "$2" >&3 && cat <&3 >/dev/null' _ "$port" "$request" \
    2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$archive.new" ]; then mv -f "$archive.new" "$archive"; else rm -f "$archive.new"; fi
  rm -rf "$scratch"
  trap - EXIT INT TERM
}
