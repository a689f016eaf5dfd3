package io.vswap.batch.internal;

import java.util.List;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;

/** {@code vswap batch --describe TYPE}: a job type's declared fields as a table people read. */
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
}
