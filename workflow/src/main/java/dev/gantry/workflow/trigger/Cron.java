package dev.gantry.workflow.trigger;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code schedule} cron in POSIX five-field syntax (minute, hour, day of month, month, day of
 * week), as GitHub accepts it: {@code *}, lists, ranges, {@code /} steps, month and weekday names
 * ({@code JAN}, {@code MON}), weekday 7 as Sunday; always in UTC. As in POSIX cron, when both
 * day fields are restricted a day matches if either matches.
 */
public record Cron(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                   boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
    private static final String[] MONTH_NAMES = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    public Cron {
        Objects.requireNonNull(text, "text");
        minutes = (BitSet) minutes.clone();
        hours = (BitSet) hours.clone();
        daysOfMonth = (BitSet) daysOfMonth.clone();
        months = (BitSet) months.clone();
        daysOfWeek = (BitSet) daysOfWeek.clone();
    }

    @Override
    public BitSet minutes() {
        return (BitSet) minutes.clone();
    }

    @Override
    public BitSet hours() {
        return (BitSet) hours.clone();
    }

    @Override
    public BitSet daysOfMonth() {
        return (BitSet) daysOfMonth.clone();
    }

    @Override
    public BitSet months() {
        return (BitSet) months.clone();
    }

    @Override
    public BitSet daysOfWeek() {
        return (BitSet) daysOfWeek.clone();
    }

    /**
     * Parses a cron.
     *
     * @throws IllegalArgumentException when it is not valid
     */
    public static Cron parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("Invalid cron expression: '" + text + "'. Expected 5 fields.");
        }
        BitSet minutes = field(text, fields[0], 0, 59, null);
        BitSet hours = field(text, fields[1], 0, 23, null);
        BitSet days = field(text, fields[2], 1, 31, null);
        BitSet months = field(text, fields[3], 1, 12, MONTH_NAMES);
        BitSet weekdays = field(text, fields[4], 0, 7, DAY_NAMES);
        if (weekdays.get(7)) {
            weekdays.clear(7);
            weekdays.set(0);
        }
        return new Cron(text, minutes, hours, days, months, weekdays, !fields[2].startsWith("*"), !fields[4].startsWith("*"));
    }

    /** Whether {@code text} is a valid cron. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The first minute strictly after {@code after} at which the schedule fires, if any within eight years. */
    public Optional<Instant> nextAfter(Instant after) {
        LocalDateTime time = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = time.plusYears(8);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
                continue;
            }
            if (!dayMatches(time)) {
                time = time.withHour(0).withMinute(0).plusDays(1);
                continue;
            }
            if (!hours.get(time.getHour())) {
                time = time.withMinute(0).plusHours(1);
                continue;
            }
            if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
                continue;
            }
            return Optional.of(time.toInstant(ZoneOffset.UTC));
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime time) {
        boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    private static BitSet field(String text, String field, int min, int max, String[] names) {
        BitSet values = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(text, part.substring(slash + 1), 1, max, null);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(text, range.substring(0, dash), min, max, names);
                    to = number(text, range.substring(dash + 1), min, max, names);
                    if (to < from) {
                        throw invalid(text);
                    }
                } else {
                    from = number(text, range, min, max, names);
                    // "5/15" means from 5 to the end in steps of 15.
                    to = slash >= 0 ? max : from;
                }
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, String value, int min, int max, String[] names) {
        if (names != null) {
            String upper = value.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return names.length == 12 ? i + 1 : i;
                }
            }
        }
        if (value.isEmpty() || value.length() > 2 || !value.chars().allMatch(Character::isDigit)) {
            throw invalid(text);
        }
        int number = Integer.parseInt(value);
        if (number < min || number > max) {
            throw invalid(text);
        }
        return number;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("Invalid cron expression: '" + text + "'");
    }
}
