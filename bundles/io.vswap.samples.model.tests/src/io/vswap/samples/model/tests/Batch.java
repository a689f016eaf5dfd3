package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.FrameworkUtil;

import io.vswap.batch.internal.BatchCommand;

/** Runs {@code vswap batch …} in this OSGi framework, as the launcher does, and requires success. */
final class Batch {

    private Batch() {
    }

    /** The command's console output; fails the test, with that output, unless it exits 0. */
    static String run(String... args) {
        return expect(0, args);
    }

    /** The console output of a command refused as a bad spec (exit status 2). */
    static String refused(String... args) {
        return expect(2, args);
    }

    private static String expect(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new BatchCommand(FrameworkUtil.getBundle(Batch.class).getBundleContext(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(args);
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.out.println("$ vswap batch " + String.join(" ", args) + " → " + code + "\n" + text);
        assertEquals(expected, code, text);
        return text;
    }
}
