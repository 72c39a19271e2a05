package dev.gantry.api.runs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.RunQuery;
import dev.gantry.engine.runs.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's run list filters ({@code actor}, {@code branch}, {@code event}, {@code status},
 * {@code created}, {@code head_sha}, {@code check_suite_id}) read into a {@link RunQuery}.
 */
final class RunFilters {
    /** Names GitHub accepts for {@code status} that no Gantry run ever has: they select nothing. */
    private static final Set<String> NEVER = Set.of("requested", "pending", "stale");
    /** A filter that matches no run: ids start at 1. */
    private static final long NO_ID = -1;

    private RunFilters() {}

    static RunQuery read(ApiRequest request, AccountStore accounts, Optional<Long> workflowId) {
        Optional<Long> actor = request.query("actor").map(login -> accounts.findByLogin(login).map(account -> account.id())
                .orElse(NO_ID));
        Optional<RunStatus> status = Optional.empty();
        Optional<Conclusion> conclusion = Optional.empty();
        Optional<Long> runId = request.query("check_suite_id").map(RunFilters::id);
        Optional<String> statusName = request.query("status").map(name -> name.toLowerCase(Locale.ROOT));
        if (statusName.isPresent()) {
            String name = statusName.get();
            if (NEVER.contains(name)) {
                runId = Optional.of(NO_ID);
            } else {
                status = runStatus(name);
                conclusion = status.isPresent() ? Optional.empty() : Optional.of(conclusion(name));
            }
        }
        Instant[] created = request.query("created").map(RunFilters::range).orElse(new Instant[2]);
        return new RunQuery(request.repository().id(), workflowId, actor, request.query("branch"), request.query("event"),
                status, conclusion, Optional.ofNullable(created[0]), Optional.ofNullable(created[1]), request.query("head_sha"),
                runId);
    }

    private static Optional<RunStatus> runStatus(String name) {
        for (RunStatus status : RunStatus.values()) {
            if (status.value().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    private static Conclusion conclusion(String name) {
        for (Conclusion conclusion : Conclusion.values()) {
            if (conclusion.value().equals(name)) {
                return conclusion;
            }
        }
        throw invalid("status", "status must be a run status or conclusion, not '" + name + "'");
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return NO_ID;
        }
    }

    /**
     * GitHub's date-range syntax ({@code 2026-01-02}, {@code >=2026-01-02}, {@code <2026-01-02T10:00:00Z},
     * {@code 2026-01-01..2026-01-31}, {@code 2026-01-01..*}) as [from inclusive, until exclusive];
     * a bare date covers that whole day (UTC).
     */
    static Instant[] range(String text) {
        String value = text.strip();
        try {
            if (value.contains("..")) {
                String[] ends = value.split("\\.\\.", 2);
                return new Instant[] {ends[0].equals("*") ? null : start(ends[0]), ends[1].equals("*") ? null : afterEnd(ends[1])};
            }
            if (value.startsWith(">=")) {
                return new Instant[] {start(value.substring(2)), null};
            }
            if (value.startsWith(">")) {
                return new Instant[] {afterEnd(value.substring(1)), null};
            }
            if (value.startsWith("<=")) {
                return new Instant[] {null, afterEnd(value.substring(2))};
            }
            if (value.startsWith("<")) {
                return new Instant[] {null, start(value.substring(1))};
            }
            return new Instant[] {start(value), afterEnd(value)};
        } catch (DateTimeParseException e) {
            throw invalid("created", "created must be a date or date range such as >=2026-01-02 or 2026-01-01..2026-01-31");
        }
    }

    private static Instant start(String point) {
        return point.contains("T") ? OffsetDateTime.parse(withZone(point)).toInstant()
                : LocalDate.parse(point).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The first instant after the point: the next day for a date, the next second for a time. */
    private static Instant afterEnd(String point) {
        return point.contains("T") ? OffsetDateTime.parse(withZone(point)).toInstant().plusSeconds(1)
                : LocalDate.parse(point).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String withZone(String time) {
        return time.endsWith("Z") || time.matches(".*[+-]\\d\\d:\\d\\d$") ? time : time + "Z";
    }

    private static GantryException invalid(String field, String message) {
        return GantryException.invalid("Validation Failed", FieldError.custom("WorkflowRun", field, message));
    }
}
