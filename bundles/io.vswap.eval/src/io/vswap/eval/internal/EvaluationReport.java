package io.vswap.eval.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.eval.api.MetricResult;
import io.vswap.files.api.AtomicFile;

/** An evaluation's three files: every value (JSON), a table for spreadsheets (CSV), a page for people (HTML). */
final class EvaluationReport {

    static final String FORMAT = "vswap-evaluation";
    static final int VERSION = 1;

    private EvaluationReport() {
    }

    static void write(List<Evaluation> evaluations, Path folder) throws IOException {
        Files.createDirectories(folder);
        AtomicFile.writeString(folder.resolve("evaluation.json"), json(evaluations));
        AtomicFile.writeString(folder.resolve("evaluation.csv"), csv(evaluations));
        AtomicFile.writeString(folder.resolve("evaluation.html"), EvaluationPage.html(evaluations));
    }

    static String json(List<Evaluation> evaluations) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        JsonArray all = new JsonArray();
        for (Evaluation e : evaluations) {
            JsonObject o = new JsonObject();
            o.addProperty("label", e.label());
            o.addProperty("frames", e.frames());
            o.addProperty("maskOrigin", e.maskOrigin());
            JsonArray inputNotes = new JsonArray();
            e.notes().forEach(inputNotes::add);
            o.add("notes", inputNotes);
            JsonArray ms = new JsonArray();
            for (Measurement m : e.measurements()) {
                JsonObject j = new JsonObject();
                j.addProperty("metric", m.metric());
                j.addProperty("label", m.label());
                j.addProperty("unit", m.unit());
                j.addProperty("direction", m.direction() == Metric.Direction.HIGHER_IS_BETTER ? "higher" : "lower");
                if (m.result().isPresent()) {
                    MetricResult r = m.result().get();
                    j.add("summary", number(r.summary()));
                    JsonArray values = new JsonArray();
                    for (double v : r.perFrame()) {
                        values.add(number(v));
                    }
                    j.add("perFrame", values);
                    JsonArray notes = new JsonArray();
                    r.notes().forEach(notes::add);
                    j.add("notes", notes);
                } else {
                    j.addProperty("unavailable", m.unavailable());
                }
                ms.add(j);
            }
            o.add("measurements", ms);
            all.add(o);
        }
        root.add("evaluations", all);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
    }

    /** NaN (no value) as JSON's null. */
    private static com.google.gson.JsonElement number(double v) {
        return Double.isNaN(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
    }

    /** {@code edit,metric,unit,frame,value}: a row per frame, then the clip's value with frame "clip". */
    static String csv(List<Evaluation> evaluations) {
        StringBuilder b = new StringBuilder("edit,metric,unit,frame,value\n");
        for (Evaluation e : evaluations) {
            for (Measurement m : e.measurements()) {
                if (m.result().isEmpty()) {
                    continue;
                }
                MetricResult r = m.result().get();
                double[] v = r.perFrame();
                for (int f = 0; f < v.length; f++) {
                    row(b, e, m, Integer.toString(f), v[f]);
                }
                row(b, e, m, "clip", r.summary());
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, Evaluation e, Measurement m, String frame, double value) {
        b.append(cell(e.label())).append(',').append(m.metric()).append(',').append(cell(m.unit())).append(',')
                .append(frame).append(',').append(Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value))
                .append('\n');
    }

    /** A CSV cell, quoted where it holds a comma, a quote or a line break (RFC 4180). */
    static String cell(String s) {
        return s.matches(".*[,\"\\r\\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
