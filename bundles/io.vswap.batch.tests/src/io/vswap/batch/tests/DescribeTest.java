package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.testing.TestServices;

/**
 * {@code vswap batch --describe TYPE} prints a job type's declared fields, and the spec check refuses
 * a field the declaration does not have: both come from the one declaration.
 */
class DescribeTest {

    @Test
    void everyDeclaredFieldIsPrintedWithItsDefaultAndDoc() {
        var types = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "import", "prepare", "export");
        for (String type : List.of("import", "prepare", "export")) {
            List<JobField> fields = types.get(type).fields();
            assertTrue(!fields.isEmpty(), type + " declares its fields");
            BatchRun r = BatchRun.run("--describe", type);
            assertEquals(0, r.exitCode, r.err);
            for (JobField f : fields) {
                String line = r.out.lines().filter(l -> l.startsWith(f.name() + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError(type + ": no line for " + f.name() + "\n" + r.out));
                assertTrue(line.contains(f.doc()) && line.contains(f.required() ? "(required)" : f.defaultValue()),
                        line);
            }
        }
    }

    @Test
    void aFieldTheDeclarationHasNotIsRefusedByName() {
        BatchRun r = BatchRun.run("--job", "prepare", "project=p", "shot=s", "clp=main");
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.err.contains("clp"), r.err);
    }

    @Test
    void theReferenceHasATableForEveryJobTypeFromItsDeclaration() {
        var types = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "import", "prepare", "export",
                "track");
        BatchRun r = BatchRun.run("--reference");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.startsWith("# Batch job reference"), r.out);
        for (String type : List.of("import", "prepare", "export", "track")) {
            int at = r.out.indexOf("\n## " + type + "\n");
            assertTrue(at >= 0, "a section for " + type + "\n" + r.out);
            int next = r.out.indexOf("\n## ", at + 1);
            String section = r.out.substring(at, next < 0 ? r.out.length() : next);
            for (JobField f : types.get(type).fields()) {
                String row = section.lines().filter(l -> l.startsWith("| `" + f.name() + "` |")).findFirst()
                        .orElseThrow(() -> new AssertionError(type + ": no row for " + f.name() + "\n" + section));
                assertTrue(row.contains(f.doc().replace("|", "\\|")) && row.contains(f.kind().shown()), row);
            }
        }
    }
}
