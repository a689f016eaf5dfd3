package io.vswap.product.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A copy of the built headless product, unpacked into a folder of its own for one test class and
 * run as a user runs it: through its {@code vswap} script, as separate processes, in that folder.
 */
final class Product {

    /** What a finished run said and how it ended. */
    record Result(int exitCode, String output, long millis) {
    }

    final Path work;
    final Path home;

    private Product(Path work) {
        this.work = work;
        this.home = work.resolve("vswap-batch");
    }

    /** Unpacks the archive the build made into a new temporary folder (a copy: the build's stays as built). */
    static Product unpack(String prefix) throws Exception {
        Path archive = Path.of(System.getProperty("vswap.productArchive"));
        assertTrue(Files.isRegularFile(archive), "the product archive is built first: " + archive);
        Path work = Files.createTempDirectory(prefix);
        // tar keeps the script's execute bit
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", work.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Product p = new Product(work);
        assertTrue(Files.isExecutable(p.home.resolve("vswap")), "launch script in " + p.home);
        return p;
    }

    /** Runs {@code vswap ARGS} in the work folder to its end (at most 180 s) and prints what it said. */
    Result run(Map<String, String> env, String... args) throws Exception {
        Running r = start(env, args);
        return r.finish(Duration.ofSeconds(180));
    }

    Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    /**
     * Starts {@code vswap ARGS} with SIGINT and SIGTERM at their defaults: a runner started in the
     * background passes them down as ignored, and a JVM leaves an ignored signal ignored, so
     * {@code env} restores them and the product's own handling is what is tested.
     */
    Running start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
                home.resolve("vswap").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "out-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Running(pb.start(), log, String.join(" ", args));
    }

    /** Deletes the work folder. */
    void delete() throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A run in progress; {@code env --default-signal} exec's the script, which exec's java: one process. */
    static final class Running {
        final Process process;
        final Path log;
        final String args;
        final long started = System.nanoTime();

        Running(Process process, Path log, String args) {
            this.process = process;
            this.log = log;
            this.args = args;
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits until the output has a line matching {@code line}; fails if the run ends or the time runs out first. */
        void await(Pattern line, Duration limit) throws Exception {
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end) {
                if (output().lines().anyMatch(l -> line.matcher(l).find())) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("vswap " + args + " ended (exit " + process.exitValue() + ") before \""
                            + line + "\":\n" + output());
                }
                Thread.sleep(20);
            }
            process.destroyForcibly();
            throw new AssertionError("vswap " + args + " did not reach \"" + line + "\" in " + limit + ":\n" + output());
        }

        /** Sends {@code signal} (KILL, INT, TERM) to the JVM. */
        void signal(String signal) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
        }

        Result finish(Duration limit) throws Exception {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("vswap " + args + " did not finish in " + limit + ":\n" + output());
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            String out = output();
            System.out.println("$ vswap " + args + "   → exit " + process.exitValue() + " in " + ms + " ms\n"
                    + filtered(out));
            return new Result(process.exitValue(), out, ms);
        }

        /** The output without PyTorch's per-thread NNPACK warnings. */
        private static String filtered(String out) {
            return String.join("\n", out.lines().filter(l -> !l.contains("NNPACK")).toList());
        }
    }

    static final Pattern ANY = Pattern.compile(".");

    static Map<String, String> env(String... keyValues) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
