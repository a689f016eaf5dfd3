package io.vswap.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code vswap bench [decode] [track] [unet] [swap] [memory] [load] [metrics] [concept] [--frames N] [--batch 2,4] [--steps N] [swap options]}: measures our
 * components against a reference measured in the same run, so that the ratio means something on a busy shared machine.
 */
public final class BenchApplication implements IApplication {

    private static final String USAGE = """
            usage: vswap bench [decode] [track] [unet] [swap] [memory] [load] [metrics] [concept] [concept] [--frames N] [--batch 2[,4]]
                   [--steps N] [--latent 64] [--precision fp32|fp16|bf16] [--swap-steps N] [--iterations N] [--dift N]
                   [--sd-frames 1[,2,4]] [--tiny-only|--sd-only] [--lengths 100,1000] [--no-reference] [--load-steps N]
                   [--metrics-size 512] [--clip FOLDER] [--concept-steps 20] [--concept-sd-steps 1]
                   [--concept-batch 2]
              no name: decode and track (unet, SD 1.5 size on the CPU, takes minutes and ~6 GB: name it)
              --precision: the models' (unet: and the reference matmul's; default the runtime's:
                    -Dvswap.precision, fp32 on the CPU)
              unet: --latent is the latent side (64 = 512 px)
              swap: VideoSwap's stages (DIFT, registration, inversion, edit) on the tiny sample model at the
                    given settings (default the paper's: 50 steps, 100 iterations, 8 DIFT draws), then one pass
                    of each at SD 1.5 size with random weights on --sd-frames frames (default 1: ~20 GB peak;
                    2 frames did not fit in 24 GB),
                    extrapolated to 16 frames and the paper's counts
              memory: peak live heap of the prepare and export jobs on 1080p clips of --lengths frames
                    (default 100,1000), beside export holding the whole clip (--no-reference skips it:
                    ~6.2 GB at 1000 frames)
              metrics: each evaluation metric's cost per frame on 16 frames of --metrics-size (default 512) px,
                    beside decoding them; CLIP-T/F/I with a CLIP folder given by --clip
              concept: ED-LoRA training (Mix-of-Show) on 5 drawn references: --concept-steps steps of the
                    sample model timed, then at SD 1.5 size with random weights (512 px, batch 2, or 1 when
                    memory is short; --concept-batch forces it) one warm-up and --concept-sd-steps steps timed
                    with peak RSS; both EXTRAPOLATED to Mix-of-Show's 1250 steps; needs 14 GiB free
              load: one stage of the tiny swap (DDIM inversion, --load-steps, default 20) idle and beside two
                    busy threads the benchmark starts: wall and CPU seconds, the CPU ratio (goal <= 1.3)""";

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<String> rest = new ArrayList<>(Arrays.asList(args == null ? new String[0] : args));
        int frames = intOption(rest, "--frames", 150);
        List<Integer> batches = intsOption(rest, "--batch", List.of(2));
        List<Integer> lengths = intsOption(rest, "--lengths", List.of(100, 1000));
        boolean memoryReference = !rest.remove("--no-reference");
        int steps = intOption(rest, "--steps", 2);
        VideoSwapDefaults d = new VideoSwapDefaults();
        int swapSteps = intOption(rest, "--swap-steps", d.steps);
        int iterations = intOption(rest, "--iterations", d.iterations);
        int dift = intOption(rest, "--dift", d.dift);
        List<Integer> sdFrames = intsOption(rest, "--sd-frames", List.of(1));
        int loadSteps = intOption(rest, "--load-steps", 20);
        int latent = intOption(rest, "--latent", UnetBenchmark.LATENT);
        int metricsSize = intOption(rest, "--metrics-size", 512);
        int conceptSteps = intOption(rest, "--concept-steps", 20);
        int conceptSdSteps = intOption(rest, "--concept-sd-steps", 1);
        int conceptBatch = intOption(rest, "--concept-batch", 0);
        java.util.Optional<java.nio.file.Path> clipFolder = java.util.Optional.empty();
        int ci = rest.indexOf("--clip");
        if (ci >= 0 && ci + 1 < rest.size()) {
            clipFolder = java.util.Optional.of(java.nio.file.Path.of(rest.get(ci + 1)));
            rest.remove(ci + 1);
            rest.remove(ci);
        }
        io.vswap.diffusion.api.Precision precision = null; // the runtime's
        int pr = rest.indexOf("--precision");
        if (pr >= 0) {
            if (pr + 1 >= rest.size()) {
                System.err.println("--precision needs a value: " + io.vswap.diffusion.api.Precision.allowed());
                return 2;
            }
            try {
                precision = io.vswap.diffusion.api.Precision.parse(rest.get(pr + 1));
            } catch (IllegalArgumentException e) {
                System.err.println("--precision: " + e.getMessage());
                return 2;
            }
            rest.remove(pr + 1);
            rest.remove(pr);
        }
        boolean tinyOnly = rest.remove("--tiny-only");
        boolean sdOnly = rest.remove("--sd-only");
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println(USAGE);
            return IApplication.EXIT_OK;
        }
        List<String> which = rest.isEmpty() ? List.of("decode", "track") : rest;
        for (String name : which) {
            try {
                switch (name) {
                    case "decode" -> new DecodeBenchmark(frames).run(System.out);
                    case "track" -> new io.vswap.points.internal.bench.TrackingBenchmark().run(System.out);
                    case "unet" -> new UnetBenchmark(batches, steps, latent, precision).run(System.out);
                    case "swap" -> new SwapBenchmark(new SwapBenchmark.Options(!sdOnly, !tinyOnly, swapSteps, iterations,
                            dift, sdFrames, precision)).run(System.out);
                    case "memory" -> new MemoryBenchmark(lengths, memoryReference).run(System.out);
                    case "load" -> new LoadBenchmark(loadSteps).run(System.out);
                    case "concept" -> new ConceptBenchmark(!sdOnly, !tinyOnly, conceptSteps, conceptSdSteps, conceptBatch)
                            .run(System.out);
                    case "metrics" -> new MetricsBenchmark(metricsSize, clipFolder).run(System.out);
                    default -> {
                        System.err.println("unknown benchmark: " + name + " (known: decode, track, unet, swap, memory, load, metrics, concept)");
                        return 2;
                    }
                }
            } catch (Exception | OutOfMemoryError e) {
                // e.g. SD 1.5 size on a machine with too little memory: say so, and exit non-zero
                System.err.println("bench " + name + " failed: " + e);
                e.printStackTrace();
                return 1;
            }
        }
        return IApplication.EXIT_OK;
    }

    /** Removes {@code name a,b,c} from {@code rest}; the numbers, or {@code fallback} when absent. */
    private static List<Integer> intsOption(List<String> rest, String name, List<Integer> fallback) {
        int i = rest.indexOf(name);
        if (i < 0 || i + 1 >= rest.size()) {
            return fallback;
        }
        List<Integer> values = Arrays.stream(rest.get(i + 1).split(",")).map(String::trim).map(Integer::valueOf)
                .toList();
        rest.remove(i + 1);
        rest.remove(i);
        return values;
    }

    /** Removes {@code name value} from {@code rest}; the value, or {@code fallback} when absent. */
    private static int intOption(List<String> rest, String name, int fallback) {
        int i = rest.indexOf(name);
        if (i < 0 || i + 1 >= rest.size()) {
            return fallback;
        }
        int v = Integer.parseInt(rest.get(i + 1));
        rest.remove(i + 1);
        rest.remove(i);
        return v;
    }

    /** The paper's settings, as VideoSwap's defaults carry them. */
    private static final class VideoSwapDefaults {
        final int steps = io.vswap.swap.api.VideoSwapSettings.DEFAULTS.steps();
        final int iterations = io.vswap.swap.api.VideoSwapSettings.DEFAULTS.registrationIterations();
        final int dift = io.vswap.swap.api.VideoSwapSettings.DEFAULTS.diftEnsemble();
    }

    @Override
    public void stop() {
        // runs to completion
    }
}
