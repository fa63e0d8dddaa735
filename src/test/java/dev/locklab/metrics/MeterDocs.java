package dev.locklab.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the {@code locklab_*} meter names that docs/metrics.md's meter tables list. A table row's
 * first cell names one meter, or one histogram in short form:
 * {@code `locklab_lock_hold_seconds_bucket` / `_count` / `_sum` / `_max`} means the four names with the
 * stem {@code locklab_lock_hold_seconds}. Stateless.
 */
final class MeterDocs {
    private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");
    private static final Pattern SUFFIX = Pattern.compile("_(bucket|count|sum|max|total)$");

    private MeterDocs() {
    }

    static Set<String> documented(String markdown) {
        Set<String> names = new TreeSet<>();
        for (String line : markdown.lines().toList()) {
            if (!line.startsWith("| `locklab_")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            String stem = null;
            Matcher m = CODE.matcher(cell);
            while (m.find()) {
                String n = m.group(1);
                if (n.startsWith("locklab_")) {
                    names.add(n);
                    Matcher s = SUFFIX.matcher(n);
                    stem = s.find() ? n.substring(0, s.start()) : n;
                } else if (n.startsWith("_") && stem != null) {
                    names.add(stem + n);
                }
            }
        }
        return names;
    }
}
