package io.vswap.product.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Studios extend an installed product from an update site: a copy of the built headless
 * product gets the example PNG-sequence codec from the built site through the p2 director,
 * and the batch runner then lists and uses it; and the built product's benchmark runs. Everything
 * runs as separate processes through the product's own {@code vswap} script, as a user would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpdateSiteInstallIT {

    static final String FEATURE = "io.vswap.example.pngseq.feature.feature.group";
    /** A studio's edit method: proves the EditMethod seam as the codec proves the VideoCodec one. */
    static final String METHOD_FEATURE = "io.vswap.example.subjectgrade.feature.feature.group";

    static Product installed;
    static Path work;
    static Path product;
    static boolean failed;

    record Result(int exitCode, String output, long millis) {
    }

    @BeforeAll
    static void unpackProduct() throws Exception {
        installed = Product.unpack("vswap-it-");
        work = installed.work;
        product = installed.home;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (installed != null && !failed) {
            installed.delete();
        } else if (work != null) {
            System.out.println("Kept for a look: " + work);
        }
    }

    static Result vswap(String... args) throws Exception {
        Product.Result r = installed.run(args);
        return new Result(r.exitCode(), r.output(), r.millis());
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            failed = true;
        }
        assertTrue(condition, message);
    }

    @Test
    @Order(1)
    void beforeInstallOnlyTheBuiltInCodec() throws Exception {
        Result r = vswap("batch", "--list-services");
        check(r.exitCode == 0, r.output);
        check(r.output.contains("io.vswap.video.api.VideoCodec"), "codecs are listed:\n" + r.output);
        check(r.output.lines().anyMatch(l -> l.contains("ffmpeg") && l.contains("io.vswap.video ")),
                "FFmpeg from io.vswap.video:\n" + r.output);
        check(!r.output.contains("pngseq"), "the example is not in the base product:\n" + r.output);
        check(!r.output.contains("subject-grade"), "nor the example method:\n" + r.output);
    }

    @Test
    @Order(2)
    void installExampleFromUpdateSite() throws Exception {
        Path site = Path.of(System.getProperty("vswap.updateSite")).toAbsolutePath().normalize();
        check(Files.isRegularFile(site.resolve("content.jar")) || Files.isRegularFile(site.resolve("content.xml.xz")),
                "the update site is built first: " + site);
        Result r = vswap("p2", "-repository", site.toUri().toString(), "-installIU", FEATURE + "," + METHOD_FEATURE);
        check(r.exitCode == 0, "p2 director install failed:\n" + r.output);
        check(r.output.contains("Operation completed"), r.output);
        System.out.println("p2 install took " + r.millis + " ms");
        try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
            List<String> names = plugins.map(p -> p.getFileName().toString()).toList();
            check(names.stream().anyMatch(n -> n.startsWith("io.vswap.example.pngseq_"))
                    && names.stream().anyMatch(n -> n.startsWith("io.vswap.example.subjectgrade_")),
                    "both bundles are in plugins/: " + names);
        }
    }

    @Test
    @Order(3)
    void afterInstallThePngCodecIsListed() throws Exception {
        Result r = vswap("batch", "--list-services");
        check(r.exitCode == 0, r.output);
        check(r.output.lines().anyMatch(l -> l.contains("pngseq") && l.contains("io.vswap.example.pngseq ")),
                "pngseq from io.vswap.example.pngseq after the install:\n" + r.output);
        check(r.output.contains("ffmpeg"), "and FFmpeg is still there:\n" + r.output);
    }

    @Test
    @Order(4)
    void batchImportsAPngSequence() throws Exception {
        Path frames = Files.createDirectories(work.resolve("renders/shot010"));
        for (int i = 1; i <= 12; i++) {
            writePng(frames.resolve(String.format("frame_%04d.png", i)), 64, 48, i);
        }
        Files.writeString(frames.resolve("framerate.txt"), "25\n");
        Path spec = work.resolve("import-png.json");
        Files.writeString(spec, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "renders/shot010", "project": "projects/shot010", "shot": "shot010",
                   "clip": {"frames": 6, "stride": 2, "size": "64x48"}},
                  {"type": "prepare", "project": "projects/shot010", "shot": "shot010"}
                ]}""");
        Result r = vswap("batch", spec.toString());
        check(r.exitCode == 0, "import of the PNG sequence failed:\n" + r.output);
        // the import reports the probe: 64×48, 25 fps, 12 frames, png rgb24, read by pngseq
        String importLine = r.output.lines().filter(l -> l.startsWith("[1/2] ok")).findFirst().orElse("");
        check(importLine.matches(".*64.48, 25\\.0 fps, 12 frames \\(0\\.48 s\\), png rgb24.*\\[pngseq].*"),
                "probe figures in: " + importLine + "\n" + r.output);
        check(r.output.contains("[2/2] ok"), "prepare decoded the clip through the example codec:\n" + r.output);
        Path projectFile = work.resolve("projects/shot010/project.vswap.json");
        check(Files.isRegularFile(projectFile), "project saved: " + projectFile);
    }

    @Test
    @Order(5)
    void aStudiosEditMethodRunsFromABatchSpec() throws Exception {
        // the clip first: the track job reads its points file when the spec is checked
        Path sample = work.resolve("star-sample.json");
        Files.writeString(sample, """
                {"version": 1, "jobs": [
                  {"type": "sample", "output": "footage/star.mkv", "seed": 7, "size": 64, "frames": 8,
                   "shape": "star", "color": "red", "pattern": "striped", "background": "grey"}]}""");
        Result made = vswap("batch", sample.toString());
        check(made.exitCode == 0, made.output);
        Path spec = work.resolve("subject-grade.json");
        Files.writeString(spec, """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "footage/star.mkv", "project": "projects/star", "shot": "star",
                   "clip": {"name": "main", "start": 0, "frames": 8, "stride": 1, "size": "64x64"}},
                  {"type": "track", "project": "projects/star", "shot": "star", "keyframe": 0,
                   "points": "footage/star.truth.json"},
                  {"type": "swap", "project": "projects/star", "shot": "star", "method": "subject-grade",
                   "prompt": "a red star on a grey striped background", "subject": "star", "target": "blue",
                   "strength": 0.9},
                  {"type": "swap", "project": "projects/star", "shot": "star", "method": "subject-grade",
                   "prompt": "a red star on a grey striped background", "subject": "star", "target": "teal",
                   "name": "teal"}
                ]}""");
        // the second swap asks for no colour: it fails in words, the first is done all the same
        Result r = vswap("batch", spec.toString());
        check(r.output.contains("[3/4] ok"), "the example method's swap failed:\n" + r.output);
        check(r.exitCode != 0 && r.output.lines().anyMatch(l -> l.startsWith("[4/4] FAILED")
                && l.contains("subject-grade grades to a colour")), "a target that is no colour, in words:\n" + r.output);
        try (Stream<Path> renders = Files.list(work.resolve("projects/star/renders"))) {
            List<Path> records = renders.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            check(records.size() == 1, "one render: " + records);
            String json = Files.readString(records.get(0));
            check(json.contains("\"method\": \"subject-grade\"") && json.contains("subject share"),
                    "the render record names the studio's method and its figure:\n" + json);
        }
    }

    @Test
    @Order(6)
    void gapInNumberingIsAClearError() throws Exception {
        Path frames = Files.createDirectories(work.resolve("renders/gappy"));
        for (int i : new int[] { 1, 2, 3, 5, 6 }) {
            writePng(frames.resolve(String.format("frame_%04d.png", i)), 64, 48, i);
        }
        Path spec = work.resolve("import-gappy.json");
        Files.writeString(spec, """
                {"jobs": [{"type": "import", "video": "renders/gappy", "project": "projects/gappy",
                           "clip": {"frames": 2, "stride": 1, "size": "64x48"}}]}""");
        Result r = vswap("batch", spec.toString());
        check(r.exitCode == 1, "a job failure exits 1:\n" + r.output);
        check(r.output.contains("missing frame") && r.output.contains("[4]"), "names the missing frame:\n" + r.output);
        assertFalse(Files.exists(work.resolve("projects/gappy")), "no project left behind");
    }

    /** Ctrl-C (SIGINT) in the middle of a prepare: exit 130, and the cache holds no partial file. */
    @Test
    @Order(7)
    void ctrlCCancelsWithoutPartialFiles() throws Exception {
        Path frames = Files.createDirectories(work.resolve("renders/long"));
        for (int i = 1; i <= 300; i++) {
            writePng(frames.resolve(String.format("f_%04d.png", i)), 320, 240, i % 90);
        }
        Path spec = work.resolve("import-long.json");
        Files.writeString(spec, """
                {"jobs": [
                  {"type": "import", "video": "renders/long", "project": "projects/long", "shot": "long",
                   "clip": {"frames": 300, "stride": 1, "size": "256x256"}},
                  {"type": "prepare", "project": "projects/long", "shot": "long"}
                ]}""");
        // a runner started in the background (nohup, cmd &) passes SIGINT down as ignored, and a JVM
        // leaves an ignored SIGINT ignored; env restores the default so the product's own handling is tested
        Process p = new ProcessBuilder("env", "--default-signal=INT", product.resolve("vswap").toString(), "batch",
                spec.toString()).directory(work.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        boolean signalled = false;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null;) {
                out.append(line).append('\n');
                if (!signalled && line.matches("\\[2/2] [1-9]0%.*")) {
                    // the script exec's java, so this is the JVM: what a terminal's Ctrl-C sends
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                    signalled = true;
                }
            }
        }
        check(p.waitFor(60, TimeUnit.SECONDS), "exits after Ctrl-C");
        System.out.println("$ vswap batch " + spec + " ^C  → exit " + p.exitValue() + "\n" + out);
        check(signalled, "prepare reported progress to interrupt:\n" + out);
        check(p.exitValue() == 130, "Ctrl-C exits 130:\n" + out);
        check(out.toString().contains("cancelled"), out.toString());
        try (Stream<Path> cache = Files.walk(work.resolve("projects/long"))) {
            List<Path> cached = cache.filter(f -> f.toString().contains("/cache/") && Files.isRegularFile(f)).toList();
            check(cached.isEmpty(), "no partial file in the cache: " + cached);
        }
    }

    /**
     * {@code vswap bench swap} on the shipped model with tiny counts: every stage is timed beside the
     * UNet reference of the same run, then the edit again at the model's recommended settings with its
     * placement passes, and the benchmark's scratch cache is gone afterwards.
     */
    @Test
    @Order(8)
    void theSwapBenchmarkTimesEachStageBesideItsReference() throws Exception {
        long before = System.currentTimeMillis();
        Result r = vswap("bench", "swap", "--tiny-only", "--swap-steps", "2", "--iterations", "2", "--dift", "1");
        check(r.exitCode == 0, r.output);
        java.util.Map<String, Double> rows = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern
                .compile("swap tiny: (.+?) +([0-9.]+) s = +([0-9.]+) x reference");
        for (String line : r.output.lines().toList()) {
            var m = row.matcher(line);
            if (m.matches()) {
                double seconds = Double.parseDouble(m.group(2));
                check(seconds > 0 && Double.parseDouble(m.group(3)) > 0, line);
                rows.put(m.group(1).replaceAll(" \\(.*\\)$", "").trim(), seconds);
            }
        }
        check(rows.keySet().containsAll(List.of("embeddings", "registration x2", "inversion x2", "edit x2",
                "placement pass 1", "placement pass 2", "edit x2, the model's settings")), rows + "\n" + r.output);
        check(r.output.contains("placementPasses=2"), "the model's recommendations are named:\n" + r.output);
        // the passes are the parts of that edit; each figure is printed rounded to 0.01 s, so the two
        // rounded parts may exceed the rounded whole by up to three half-hundredths (3.62 + 1.85 > 5.46)
        check(rows.get("placement pass 1") + rows.get("placement pass 2") <= rows.get("edit x2, the model's settings")
                + 0.015 + 1e-9, rows.toString());
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            List<Path> left = tmp.filter(p -> p.getFileName().toString().startsWith("vswap-bench-swap-"))
                    .filter(p -> p.toFile().lastModified() >= before - 1000).toList();
            check(left.isEmpty(), "the benchmark's scratch cache is deleted: " + left);
        }
    }

    /**
     * The job reference in the docs is what the installed product's job types declare: a field added,
     * renamed or given another default without regenerating the page fails here.
     */
    @Test
    @Order(9)
    void theJobReferenceInTheDocsIsTheProductsDeclarations() throws Exception {
        Result r = vswap("batch", "--reference");
        check(r.exitCode == 0, r.output);
        Path page = Path.of(System.getProperty("vswap.jobReference"));
        String written = Files.readString(page);
        for (String type : List.of("import", "prepare", "export", "track", "sample", "reconstruct", "swap",
                "train-sample-model", "evaluate-sample-model", "evaluate-swap")) {
            check(r.output.contains("\n## " + type + "\n"), "the product has a " + type + " section:\n" + r.output);
        }
        check(written.strip().equals(r.output.strip()), page + " is not what the product declares; regenerate it "
                + "with releng/scripts/job-reference (after the build). The product prints:\n" + r.output);
    }

    private static void writePng(Path file, int w, int h, int i) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean square = x >= 3 * i && x < 3 * i + 10 && y >= 15 && y < 25;
                img.setRGB(x, y, square ? 0xffffff : (x * 4) << 16 | (y * 5) << 8 | 60);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /**
     * {@code vswap bench load} with tiny counts: the stage is timed idle and beside two busy threads,
     * each as wall and CPU seconds, and the CPU ratio is printed with its goal (its value is a
     * measurement, not checked here: docs/benchmarks.md).
     */
    @Test
    @Order(10)
    void theLoadBenchmarkTimesAStageIdleAndBesideBusyThreads() throws Exception {
        Result r = vswap("bench", "load", "--load-steps", "2");
        check(r.exitCode == 0, r.output);
        check(r.output.contains("OpenMP threads spin 1000 times before they sleep"), "the default is named:\n" + r.output);
        java.util.regex.Pattern row = java.util.regex.Pattern
                .compile("load: (idle|beside 2 busy threads) +wall +([0-9.]+) s +CPU +([0-9.]+) s.*");
        List<String> rows = r.output.lines().filter(l -> {
            var m = row.matcher(l);
            return m.matches() && Double.parseDouble(m.group(2)) > 0 && Double.parseDouble(m.group(3)) > 0;
        }).toList();
        check(rows.size() == 2, "an idle and a loaded row:\n" + r.output);
        check(r.output.matches("(?s).*CPU seconds under load / idle: [0-9.]+ \\(goal <= 1\\.3: (met|NOT MET)\\).*"),
                r.output);
    }

    /**
     * A GPU asked for on a machine without one: the swap-family job that needs tensors fails saying
     * what to install or choose instead (the runtime still starts, so the job types stay listed).
     */
    @Test
    @Order(11)
    void aGpuAskedForWhereThereIsNoneFailsTheJobInWords() throws Exception {
        Path spec = work.resolve("reconstruct-on-gpu.json");
        Files.writeString(spec, """
                {"version": 1, "jobs": [
                  {"type": "reconstruct", "project": "projects/shot010", "shot": "shot010",
                   "prompt": "a red star on a grey striped background", "steps": 2}
                ]}""");
        Result r = vswap("batch", "--device", "gpu", spec.toString());
        check(r.exitCode == 1, "the job fails:\n" + r.output);
        check(r.output.contains("a GPU was asked for (--device gpu, -Dvswap.device=gpu) but PyTorch sees none"),
                "the reason in words:\n" + r.output);
        check(r.output.contains("or run on the CPU (--device cpu)"), "what to do:\n" + r.output);
        check(!r.output.contains("unknown job type"), "the job type is still there:\n" + r.output);
    }
}
