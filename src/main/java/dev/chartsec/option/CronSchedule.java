package dev.chartsec.option;

import java.util.List;
import java.util.Locale;

/**
 * A CronJob schedule as the CronJob controller reads it (the standard five-field parser of robfig/cron v3):
 * minute, hour, day of month, month, day of week; each field a list of *, a value, a range, each with an
 * optional /step; ? like *; three-letter names (any case) for months and days; or a macro, or @every DURATION.
 */
final class CronSchedule {
    private record Field(String name, int min, int max, List<String> names) {
    }

    /** A Go duration, as @every takes it (time.ParseDuration). */
    private static final java.util.regex.Pattern EVERY = java.util.regex.Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))*");
    private static final List<String> MACROS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()),
            new Field("day of month", 1, 31, List.of()),
            new Field("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
            new Field("day of week", 0, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

    private CronSchedule() {
    }

    /** What is wrong with a schedule, or null when the controller would take it. */
    static String problem(String schedule) {
        if (schedule.startsWith("@every ")) {
            return EVERY.matcher(schedule.substring(7)).matches() ? null : "has no duration such as 90s, 5m or 1h30m after @every";
        }
        if (schedule.startsWith("@")) {
            return MACROS.contains(schedule) ? null : "is not @every DURATION or one of the macros " + String.join(", ", MACROS);
        }
        String[] parts = schedule.trim().split(" +");
        if (parts.length != FIELDS.size()) {
            return "has " + parts.length + " fields, not 5";
        }
        for (int i = 0; i < parts.length; i++) {
            // empty items between commas are dropped, as the controller's parser does (strings.FieldsFunc)
            for (String item : parts[i].split(",")) {
                if (item.isEmpty()) {
                    continue;
                }
                String wrong = item(FIELDS.get(i), item);
                if (wrong != null) {
                    return "has " + wrong + " in its " + FIELDS.get(i).name() + " field";
                }
            }
        }
        return null;
    }

    private static String item(Field f, String item) {
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            Integer step = number(item.substring(slash + 1));
            if (step == null || step < 1) {
                return "the step '" + item.substring(slash + 1) + "'";
            }
        }
        if (range.equals("*") || range.equals("?")) {
            return null;
        }
        String[] ends = range.split("-", -1);
        if (ends.length > 2) {
            return "'" + item + "'";
        }
        Integer low = value(f, ends[0]);
        Integer high = ends.length == 2 ? value(f, ends[1]) : low;
        if (low == null || high == null) {
            return "'" + item + "' (" + f.min() + "-" + f.max() + (f.names().isEmpty() ? "" : " or " + f.names().get(0) + "-" + f.names().get(f.names().size() - 1)) + ")";
        }
        return low > high ? "the backward range '" + range + "'" : null;
    }

    private static Integer value(Field f, String text) {
        int named = f.names().indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + (f.min() == 1 ? 1 : 0);
        }
        Integer n = number(text);
        return n != null && n >= f.min() && n <= f.max() ? n : null;
    }

    private static Integer number(String text) {
        return text.matches("[0-9]{1,4}") ? Integer.valueOf(text) : null;
    }
}
