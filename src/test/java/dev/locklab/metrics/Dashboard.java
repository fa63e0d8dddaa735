package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: the dashboard JSON as Grafana reads it, for the tests that check it against a real
 * Prometheus. Its panels (rows' nested panels included), its template variables and how Grafana
 * turns a variable's query into options (label_values / query_result, regex, sort) and a target's
 * expression into PromQL (variable substitution). Stateless; any thread.
 */
final class Dashboard {
    static final Path FILE = Path.of("grafana/dashboards/locked-vs-unlocked.json");
    /** Grafana's value for "All" when a variable's allValue is {@code .*}. */
    static final String ALL = ".*";

    private Dashboard() {
    }

    static JsonNode load() throws IOException {
        return new ObjectMapper().readTree(Files.readString(FILE));
    }

    /**
     * Every panel that draws data, in dashboard order: top-level panels and the panels inside rows
     * (a collapsed row keeps its panels in its own {@code panels}); the row panels themselves excluded.
     */
    static List<JsonNode> panels(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<JsonNode> variables(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        dash.at("/templating/list").forEach(out::add);
        return out;
    }

    static JsonNode variable(JsonNode dash, String name) {
        return variables(dash).stream().filter(v -> v.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no template variable " + name));
    }

    /** The query string Grafana's Prometheus variable support runs ({@code query.query}, or a plain string). */
    static String variableQuery(JsonNode v) {
        JsonNode q = v.path("query");
        return q.isTextual() ? q.asText() : q.path("query").asText();
    }

    /**
     * Replaces {@code $name} and {@code ${name}} as Grafana does for single values and "All" (values
     * here need no regex escaping: scenario and run ids are letters, digits and dashes).
     */
    static String substitute(String expr, Map<String, String> values) {
        String out = expr;
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed()); // $__range_s before $__range
        for (String n : names) {
            out = out.replace("${" + n + "}", values.get(n)).replace("$" + n, values.get(n));
        }
        return out;
    }

    /** Answers a variable's query: label values, or query_result lines as Grafana formats them. */
    interface Source {
        List<String> labelValues(String label, String match);

        /** An instant query at the range's end: per series its labels and value. */
        List<Map.Entry<Map<String, String>, String>> instant(String promql);
    }

    /**
     * A query variable's options (values), in the order Grafana lists them: the query's results,
     * the variable's {@code regex} applied (a capture group, or named groups {@code value}/{@code text}),
     * duplicates dropped, then its {@code sort} (0: the data source's order; 1/2: by text).
     */
    static List<String> options(JsonNode v, Map<String, String> values, Source source) {
        String q = substitute(variableQuery(v), values).trim();
        List<String> raw = new ArrayList<>();
        Matcher lv = Pattern.compile("^label_values\\((?:(.+),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\)$").matcher(q);
        Matcher qr = Pattern.compile("^query_result\\((.+)\\)$").matcher(q);
        if (lv.matches()) {
            raw.addAll(source.labelValues(lv.group(2), lv.group(1)));
        } else if (qr.matches()) {
            for (var e : source.instant(qr.group(1))) {
                StringBuilder text = new StringBuilder(e.getKey().getOrDefault("__name__", "")).append('{');
                List<String> pairs = new ArrayList<>();
                e.getKey().forEach((k, val) -> {
                    if (!k.equals("__name__")) {
                        pairs.add(k + "=\"" + val + "\"");
                    }
                });
                raw.add(text.append(String.join(",", pairs)).append("} ").append(e.getValue()).toString());
            }
        } else {
            throw new AssertionError("variable query this test cannot evaluate: " + q);
        }
        Map<String, String> opts = new LinkedHashMap<>(); // value -> text
        String regex = v.path("regex").asText("");
        Pattern p = regex.isEmpty() ? null : jsRegex(regex);
        for (String r : raw) {
            if (p == null) {
                opts.putIfAbsent(r, r);
                continue;
            }
            Matcher m = p.matcher(r);
            if (!m.find()) {
                continue;
            }
            String value = group(m, "value");
            String text = group(m, "text");
            if (value == null && text == null) {
                value = m.groupCount() >= 1 ? m.group(1) : m.group();
            }
            opts.putIfAbsent(value != null ? value : text, text != null ? text : value);
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(opts.entrySet());
        int sort = v.path("sort").asInt(0);
        if (sort == 1 || sort == 2) {
            list.sort(Map.Entry.comparingByValue());
            if (sort == 2) {
                java.util.Collections.reverse(list);
            }
        } else if (sort != 0) {
            throw new AssertionError("sort " + sort + " not emulated by this test");
        }
        return list.stream().map(Map.Entry::getKey).toList();
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code /pattern/flags} as Grafana writes it; named groups {@code (?<name>...)} mean the same in Java. */
    static Pattern jsRegex(String js) {
        if (!js.startsWith("/")) {
            return Pattern.compile(js);
        }
        int end = js.lastIndexOf('/');
        String flags = js.substring(end + 1);
        return Pattern.compile(js.substring(1, end), flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
    }
}
