package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

import io.vswap.batch.api.JobField;
import io.vswap.batch.internal.BatchCommand;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.SwapSpec;
import io.vswap.swap.api.VideoSwapSettings;

/** {@code vswap batch --describe swap}: every field of the swap job, from its one declaration. */
class SwapJobDescribeTest {

    private record Run(int code, String out, String err) {
    }

    private static Run batch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new BatchCommand(FrameworkUtil.getBundle(SwapJobDescribeTest.class).getBundleContext(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void describePrintsEveryFieldWithItsDefaultAndDoc() {
        Run r = batch("--describe", "swap");
        System.out.println(r.out());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        for (JobField f : SwapSpec.DECLARED) {
            String line = lines.stream().filter(l -> l.startsWith(f.name() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + f.name() + ":\n" + r.out()));
            assertTrue(line.contains(f.doc()), line);
            assertTrue(line.contains(f.required() ? "(required)" : f.defaultValue()), line);
        }
        for (EditSetting s : VideoSwapSettings.descriptors()) {
            String line = lines.stream().filter(l -> l.startsWith(s.name() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for the setting " + s.name() + ":\n" + r.out()));
            assertTrue(line.contains(s.description()), line);
            assertTrue(line.contains(String.valueOf(s.defaultValue())), s.defaultValue() + " in " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("steps ") && l.contains("1 to ")), "a range is shown");
    }

    @Test
    void anUnknownTypeIsNamedWithTheKnownOnes() {
        Run r = batch("--describe", "swapp");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no job type \"swapp\"") && r.err().contains("swap"), r.err());
        assertEquals(2, batch("--describe").code());
    }
}
