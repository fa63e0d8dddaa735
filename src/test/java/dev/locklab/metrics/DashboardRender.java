package dev.locklab.metrics;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Test helper: draws the dashboard's panels as one SVG from what Prometheus returns for their queries
 * (the same queries the IT asserts on), so the README can show real data without Grafana. Bar gauges
 * and stats as bars, time series as lines, the table as text. Not Grafana's look, Grafana's layout.
 */
final class DashboardRender {
    private static final int COL = 50;
    private static final int ROW = 30;
    private static final String[] COLORS = {"#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#b877d9", "#f2495c", "#8ab8ff", "#fade2a", "#c4162a", "#96d98d", "#ffb357"};

    /** One query's answer: per series a label text and its points (t seconds, v). */
    record Series(String label, java.util.Map<String, String> metric, List<double[]> points) {
    }

    private DashboardRender() {
    }

    /** Draws every panel (rows' panels included); {@code $variables} in titles show as "All", as Grafana shows them. */
    static String svg(JsonNode dash, Function<JsonNode, List<Series>> answer, String subtitle) {
        int height = 0;
        for (JsonNode p : Dashboard.panels(dash)) {
            height = Math.max(height, (p.at("/gridPos/y").asInt() + p.at("/gridPos/h").asInt()) * ROW);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='11'>%n<rect width='100%%' height='100%%' fill='#111217'/>%n", 24 * COL, height + 40));
        s.append(text(8, 24, 16, "#ccccdc", esc(dash.get("title").asText()) + "  \u2014  " + esc(subtitle)));
        for (JsonNode p : Dashboard.panels(dash)) {
            int x = p.at("/gridPos/x").asInt() * COL + 4;
            int y = p.at("/gridPos/y").asInt() * ROW + 40;
            int w = p.at("/gridPos/w").asInt() * COL - 8;
            int h = p.at("/gridPos/h").asInt() * ROW - 8;
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='#181b1f' stroke='#2c3235'/>%n", x, y, w, h));
            s.append(text(x + 8, y + 16, 12, "#ccccdc", esc(p.get("title").asText().replaceAll("\\$\\w+", "All"))));
            List<Series> all = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (JsonNode t : p.get("targets")) {
                for (Series ser : answer.apply(t)) {
                    all.add(ser);
                    refs.add(t.get("refId").asText());
                }
            }
            String type = p.get("type").asText();
            if (all.stream().noneMatch(ser -> ser.points().stream().anyMatch(pt -> Double.isFinite(pt[1])))) {
                s.append(text(x + w / 2 - 60, y + h / 2, 12, "#8e8e8e", esc(p.at("/fieldConfig/defaults/noValue").asText("No data"))));
                continue;
            }
            if (type.equals("timeseries")) {
                lines(s, all, x + 8, y + 26, w - 16, h - 34, p.at("/fieldConfig/defaults/unit").asText());
            } else if (type.equals("table")) {
                table(s, all, refs, x + 8, y + 34);
            } else {
                bars(s, all, x + 8, y + 28, w - 16, h - 36, p.at("/fieldConfig/defaults/unit").asText());
            }
        }
        return s.append("</svg>\n").toString();
    }

    private static void bars(StringBuilder s, List<Series> all, int x, int y, int w, int h, String unit) {
        double max = all.stream().mapToDouble(DashboardRender::last).filter(Double::isFinite).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int n = Math.max(1, all.size());
        int bh = Math.min(26, h / n - 4);
        int lw = Math.min(w / 2, 8 + 6 * all.stream().mapToInt(a -> a.label().length()).max().orElse(10)); // label column
        for (int i = 0; i < all.size(); i++) {
            double v = last(all.get(i));
            int by = y + i * (bh + 4);
            int bw = Double.isFinite(v) ? (int) ((w - lw - 50) * v / max) : 0;
            s.append(text(x, by + bh / 2 + 4, 11, "#ccccdc", esc(all.get(i).label())));
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>%n",
                    x + lw, by, Math.max(bw, 1), bh, COLORS[i % COLORS.length]));
            s.append(text(x + lw + 4 + Math.max(bw, 1), by + bh / 2 + 4, 11, "#ccccdc", fmt(v, unit)));
        }
    }

    private static void lines(StringBuilder s, List<Series> all, int x, int y, int w, int h, String unit) {
        double t0 = Double.MAX_VALUE, t1 = -Double.MAX_VALUE, vmax = 0;
        for (Series ser : all) {
            for (double[] pt : ser.points()) {
                t0 = Math.min(t0, pt[0]);
                t1 = Math.max(t1, pt[0]);
                if (Double.isFinite(pt[1])) {
                    vmax = Math.max(vmax, pt[1]);
                }
            }
        }
        vmax = vmax <= 0 ? 1 : vmax * 1.1;
        int ph = h - 16 * ((all.size() + 2) / 3);
        s.append(text(x, y + 8, 10, "#8e8e8e", fmt(vmax, unit)));
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#2c3235'/>%n", x, y + ph, x + w, y + ph));
        for (int i = 0; i < all.size(); i++) {
            StringBuilder path = new StringBuilder();
            for (double[] pt : all.get(i).points()) {
                if (!Double.isFinite(pt[1])) {
                    continue;
                }
                double px = x + (t1 > t0 ? (pt[0] - t0) / (t1 - t0) : 0.5) * w;
                double py = y + ph - pt[1] / vmax * (ph - 12);
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            String c = COLORS[i % COLORS.length];
            s.append("<polyline fill='none' stroke-width='2' stroke='").append(c).append("' points='").append(path).append("'/>\n");
            int lx = x + (i % 3) * (w / 3);
            int ly = y + ph + 14 + (i / 3) * 14;
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='3' fill='%s'/>%n", lx, ly - 4, c));
            s.append(text(lx + 14, ly, 10, "#ccccdc", esc(all.get(i).label())));
        }
    }

    private static void table(StringBuilder s, List<Series> all, List<String> refs, int x, int y) {
        s.append(text(x, y, 11, "#8e8e8e", "run / scenario / lock / verdict / duration / items / stranded"));
        int row = 1;
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (refs.get(i).equals("A")) {
                rows.add(i);
            }
        }
        rows.sort((i, j) -> Double.compare(last(all.get(j)), last(all.get(i)))); // sortBy finished, desc
        for (int i : rows) {
            if (row >= 13) {
                break;
            }
            Series a = all.get(i);
            String run = a.metric().get("run");
            StringBuilder line = new StringBuilder(run + "   " + a.metric().get("scenario") + "   " + a.metric().get("lock")
                    + "   " + a.metric().get("verdict"));
            for (String ref : List.of("B", "C", "D")) {
                for (int j = 0; j < all.size(); j++) {
                    if (refs.get(j).equals(ref) && run.equals(all.get(j).metric().get("run"))) {
                        line.append("   ").append(fmt(last(all.get(j)), ref.equals("B") ? "s" : ""));
                    }
                }
            }
            s.append(text(x, y + row++ * 16, 11, "#ccccdc", esc(line.toString())));
        }
    }

    private static double last(Series ser) {
        return ser.points().isEmpty() ? Double.NaN : ser.points().get(ser.points().size() - 1)[1];
    }

    private static String fmt(double v, String unit) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return switch (unit) {
            case "s" -> v < 1 ? String.format(Locale.ROOT, "%.1f ms", v * 1000) : String.format(Locale.ROOT, "%.2f s", v);
            case "percentunit" -> String.format(Locale.ROOT, "%.0f%%", v * 100);
            case "bytes" -> String.format(Locale.ROOT, "%.0f MiB", v / 1048576);
            default -> v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        };
    }

    private static String text(int x, int y, int size, String fill, String t) {
        return String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='%d' fill='%s'>%s</text>%n", x, y, size, fill, t);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
