package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.eval.study.api.StudyResults.AgreementRow;
import io.vswap.eval.study.api.StudyResults.Cell;
import io.vswap.eval.study.api.StudyResults.Row;
import io.vswap.files.api.AtomicFile;

/**
 * A study's results as files: {@code results.json} (format {@code vswap-study-results}, version 1),
 * {@code results.csv} (one line per pair of variants and question), {@code results.md} and
 * {@code results.html} (the paper's table: a row per variant compared against, a column per question).
 */
public final class StudyReports {

    public static final String FORMAT = "vswap-study-results";
    public static final int VERSION = 1;
    public static final List<String> FILES = List.of("results.json", "results.csv", "results.md", "results.html");

    /** Said beside every table: what the shares are of. */
    public static final String NOTE = "Share: the answers preferring the row's variant, of those preferring either; "
            + "\"can't tell\" answers are counted apart and left out of the share, its 95 % Wilson interval and the "
            + "exact two-sided sign test (p).";

    private StudyReports() {
    }

    /** Writes the four files into {@code folder}, each atomically. */
    public static void write(Path folder, StudyResults r) throws IOException {
        AtomicFile.writeString(folder.resolve(FILES.get(0)), json(r));
        AtomicFile.writeString(folder.resolve(FILES.get(1)), csv(r));
        AtomicFile.writeString(folder.resolve(FILES.get(2)), markdown(r));
        AtomicFile.writeString(folder.resolve(FILES.get(3)), html(r));
    }

    public static String json(StudyResults r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("study", r.studyId());
        o.addProperty("title", r.title());
        o.addProperty("note", NOTE);
        o.add("raters", strings(r.raters()));
        o.add("refused", strings(r.refused()));
        JsonArray rows = new JsonArray();
        for (Row row : r.rows()) {
            JsonObject x = new JsonObject();
            x.addProperty("variant", row.variant());
            x.addProperty("against", row.against());
            JsonObject cells = new JsonObject();
            for (Cell c : row.cells()) {
                JsonObject y = new JsonObject();
                y.addProperty("forVariant", c.forVariant());
                y.addProperty("forAgainst", c.forAgainst());
                y.addProperty("cantTell", c.cantTell());
                number(y, "share", c.share());
                number(y, "low95", c.interval().low());
                number(y, "high95", c.interval().high());
                number(y, "signTestP", c.signTestP());
                cells.add(c.criterion(), y);
            }
            x.add("criteria", cells);
            rows.add(x);
        }
        o.add("rows", rows);
        JsonObject agreement = new JsonObject();
        r.agreement().forEach((id, a) -> {
            JsonObject y = new JsonObject();
            y.addProperty("ratersPerPair", a.ratersPerPair());
            y.addProperty("pairs", a.pairs());
            number(y, "fleissKappa", a.kappa());
            number(y, "percentAgreement", a.agreement() * 100);
            agreement.add(id, y);
        });
        o.add("agreement", agreement);
        return StudyJson.pretty(o);
    }

    /** NaN (nothing to estimate from) is written as null. */
    private static void number(JsonObject o, String name, double v) {
        if (Double.isNaN(v)) {
            o.add(name, com.google.gson.JsonNull.INSTANCE);
        } else {
            o.addProperty(name, v);
        }
    }

    private static JsonArray strings(List<String> l) {
        JsonArray a = new JsonArray();
        l.forEach(a::add);
        return a;
    }

    public static String csv(StudyResults r) {
        StringBuilder b = new StringBuilder("variant,against,criterion,for_variant,for_against,cant_tell,share,"
                + "low95,high95,sign_test_p\n");
        for (Row row : r.rows()) {
            for (Cell c : row.cells()) {
                b.append(String.join(",", csvText(row.variant()), csvText(row.against()), c.criterion(),
                        "" + c.forVariant(), "" + c.forAgainst(), "" + c.cantTell(), plain(c.share()),
                        plain(c.interval().low()), plain(c.interval().high()), plain(c.signTestP()))).append('\n');
            }
        }
        return b.toString();
    }

    private static String csvText(String s) {
        return s.matches("[^,\"\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** One cell in words: {@code 62.5 % [48.1, 75.0], p = 0.031 (n = 40, 3 can't tell)}. */
    public static String cellText(Cell c) {
        int n = c.forVariant() + c.forAgainst();
        if (n == 0) {
            return "no preference given" + (c.cantTell() > 0 ? " (" + c.cantTell() + " can't tell)" : "");
        }
        return String.format(Locale.ROOT, "%.1f %% [%.1f, %.1f], p = %s (n = %d, %d can't tell)", c.share() * 100,
                c.interval().low() * 100, c.interval().high() * 100, pText(c.signTestP()), n, c.cantTell());
    }

    private static String pText(double p) {
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** One question's agreement between raters in words: {@code κ = 0.412, 78.0 % agreement (12 pairs × 3 raters)}. */
    public static String agreementText(AgreementRow a) {
        if (a.pairs() == 0) {
            return "no pair answered by two raters";
        }
        String kappa = Double.isNaN(a.kappa()) ? "κ undefined (one answer only)"
                : String.format(Locale.ROOT, "κ = %.3f", a.kappa());
        return String.format(Locale.ROOT, "%s, %.1f %% agreement (%d pairs × %d raters)", kappa,
                a.agreement() * 100, a.pairs(), a.ratersPerPair());
    }

    public static String markdown(StudyResults r) {
        StringBuilder b = new StringBuilder("# " + r.title() + "\n\n");
        b.append("| compared | ");
        r.criteria().forEach(c -> b.append(c.name()).append(" | "));
        b.append("\n| --- |");
        r.criteria().forEach(c -> b.append(" --- |"));
        b.append('\n');
        for (Row row : r.rows()) {
            b.append("| ").append(row.variant()).append(" vs. ").append(row.against()).append(" | ");
            row.cells().forEach(c -> b.append(cellText(c)).append(" | "));
            b.append('\n');
        }
        b.append("| agreement | ");
        r.criteria().forEach(c -> b.append(agreementText(r.agreement().get(c.id()))).append(" | "));
        b.append("\n\n").append(NOTE).append(" Agreement: Fleiss' kappa and the share of rater pairs agreeing.\n\n");
        b.append("Raters: ").append(r.raters().isEmpty() ? "none" : String.join(", ", r.raters())).append(".\n");
        r.refused().forEach(m -> b.append("\nLeft out: ").append(m).append('\n'));
        return b.toString();
    }

    public static String html(StudyResults r) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(r.title())).append("</title><style>table{border-collapse:collapse}td,th{border:1px "
                        + "solid #999;padding:4px 8px}</style></head><body>\n<h1>").append(escape(r.title()))
                .append("</h1>\n<table>\n<tr><th>compared</th>");
        r.criteria().forEach(c -> b.append("<th>").append(escape(c.name())).append("</th>"));
        b.append("</tr>\n");
        for (Row row : r.rows()) {
            b.append("<tr><th>").append(escape(row.variant() + " vs. " + row.against())).append("</th>");
            row.cells().forEach(c -> b.append("<td>").append(escape(cellText(c))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("<tr><th>agreement</th>");
        r.criteria().forEach(c -> b.append("<td>").append(escape(agreementText(r.agreement().get(c.id()))))
                .append("</td>"));
        b.append("</tr>\n</table>\n<p>").append(escape(NOTE)).append("</p>\n<p>Raters: ")
                .append(escape(String.join(", ", r.raters()))).append("</p>\n");
        r.refused().forEach(m -> b.append("<p>Left out: ").append(escape(m)).append("</p>\n"));
        return b.append("</body></html>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
