package io.vswap.batch.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.vswap.batch.internal.BatchCommand;
import io.vswap.testing.TestServices;

/** Runs {@code vswap batch …} in this framework, as the product does, capturing its output. */
final class BatchRun {

    final int exitCode;
    final String out;
    final String err;

    private BatchRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static BatchRun run(String... args) {
        return run(null, args);
    }

    /**
     * @param onErrLine called with each line written to stderr (progress) and the command, so
     *        that a test can cancel in the middle of a job as Ctrl-C would
     */
    static BatchRun run(java.util.function.BiConsumer<String, BatchCommand> onErrLine, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineTap errTap = new LineTap();
        PrintStream errStream = new PrintStream(errTap, true, StandardCharsets.UTF_8);
        BatchCommand command = new BatchCommand(context(), new PrintStream(out, true, StandardCharsets.UTF_8),
                errStream, false);
        if (onErrLine != null) {
            errTap.listener = line -> onErrLine.accept(line, command);
        }
        int code = command.run(args);
        BatchRun r = new BatchRun(code, out.toString(StandardCharsets.UTF_8), errTap.text());
        // show what the product would print: a failing assertion is easier to read with it
        System.out.println("$ vswap batch " + String.join(" ", args) + "   → exit " + code + "\n" + r.out + r.err);
        return r;
    }

    static Path writeSpec(Path folder, String json) throws IOException {
        Path spec = folder.resolve("spec.json");
        Files.writeString(spec, json, StandardCharsets.UTF_8);
        return spec;
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(BatchRun.class).getBundleContext();
    }

    /** The service, waiting a little for DS to register it. */
    static <T> T service(Class<T> type) {
        return TestServices.await(type);
    }

    private static final class LineTap extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        Consumer<String> listener;

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (listener != null) {
                    listener.accept(l);
                }
            } else {
                line.write(b);
            }
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
