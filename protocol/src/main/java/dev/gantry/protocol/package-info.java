/**
 * The runner ↔ server protocol: versioned JSON over HTTP under {@link dev.gantry.protocol.ProtocolVersion#PATH_PREFIX},
 * as records with their JSON names. No logic, no dependency on the rest of Gantry; the runner
 * and the server's runner endpoints both speak it. {@code docs/runner-protocol.md} at the
 * repository root describes the exchanges.
 *
 * <p>Timestamps are ISO-8601 strings in UTC ({@code 2026-01-02T03:04:05.123Z}), so the records
 * need nothing beyond Jackson's annotations. Absent optional fields are omitted or null. Every
 * record ignores fields it does not know, so a newer peer can add fields within a version.
 */
package dev.gantry.protocol;
