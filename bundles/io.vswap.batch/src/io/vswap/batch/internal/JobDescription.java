package io.vswap.batch.internal;

import java.util.List;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;

/**
 * A job type's declared fields for people: {@code vswap batch --describe TYPE} prints one type as a
 * text table, {@code vswap batch --reference} every type as the Markdown page {@code docs/jobs.md}.
 */
final class JobDescription {

    private JobDescription() {
    }

    static String of(BatchJobType t) {
        StringBuilder b = new StringBuilder();
        b.append(t.type()).append(": ").append(t.description()).append("\n\n");
        List<JobField> fields = t.fields();
        if (fields.isEmpty()) {
            b.append("(this job type declares no fields beyond the line above)\n");
            return b.toString();
        }
        int name = Math.max(5, fields.stream().mapToInt(f -> f.name().length()).max().orElse(0));
        int kind = Math.max(4, fields.stream().mapToInt(f -> f.kind().shown().length()).max().orElse(0));
        int dflt = Math.min(28, Math.max(7, fields.stream().mapToInt(f -> shownDefault(f).length()).max().orElse(0)));
        String row = "%-" + name + "s  %-" + kind + "s  %-" + dflt + "s  %s%n";
        b.append(String.format(row, "field", "kind", "default", "what it does"));
        for (JobField f : fields) {
            String doc = f.doc() + (f.range().isEmpty() ? "" : " (" + f.range() + ")");
            b.append(String.format(row, f.name(), f.kind().shown(), shownDefault(f), doc));
        }
        return b.toString();
    }

    private static String shownDefault(JobField f) {
        return f.required() ? "(required)" : f.defaultValue();
    }

    /** Every job type's fields as one Markdown page, types in name order. */
    static String markdown(java.util.Collection<BatchJobType> types) {
        StringBuilder b = new StringBuilder();
        b.append("# Batch job reference\n\n");
        b.append("<!-- Generated from the job types' declarations by `vswap batch --reference` "
                + "(releng/scripts/job-reference); do not edit by hand. -->\n\n");
        b.append("The job types a spec may name (`\"type\"`), with every field each one reads. A relative path "
                + "is taken from the spec file's folder; a field the type does not declare is refused by name. "
                + "`vswap batch --describe TYPE` prints the same table on the console. Any job may also have a "
                + "`\"matrix\"`: lists of values (or of objects of fields) that run it once per combination, "
                + "e.g. `\"matrix\": {\"shot\": [\"s01\", \"s02\"], \"target\": [\"disc\", \"ring\"]}` "
                + "([user guide](user-guide.md#batches-of-many-shots)).\n\n");
        for (BatchJobType t : types) {
            b.append("- [`").append(t.type()).append("`](#").append(t.type()).append(")\n");
        }
        for (BatchJobType t : types) {
            b.append("\n## ").append(t.type()).append("\n\n").append(capitalised(t.description())).append("\n\n");
            if (t.fields().isEmpty()) {
                b.append("This job type declares no fields.\n");
                continue;
            }
            b.append("| field | kind | default | what it does |\n| --- | --- | --- | --- |\n");
            for (JobField f : t.fields()) {
                String doc = f.doc() + (f.range().isEmpty() ? "" : " (" + f.range() + ")");
                b.append("| `").append(f.name()).append("` | ").append(cell(f.kind().shown())).append(" | ")
                        .append(cell(shownDefault(f))).append(" | ").append(cell(doc)).append(" |\n");
            }
        }
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String capitalised(String s) {
        String t = s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return t.endsWith(".") ? t : t + ".";
    }
}
