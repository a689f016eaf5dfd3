package io.vswap.swap.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.GradientCheckpointing;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.ModelSettings;
import io.vswap.video.api.ClipSizeAdvisor;

/**
 * Clip sizes for the model a swap will run on (the installed {@code sample} provider's, else the
 * first provider's): its native size from its configs, and what a VideoSwap edit at another size
 * costs here, from a UNet pass timed at that size on this machine times the passes the method
 * says it runs at the model's recommended settings ({@link EditMethod#framePasses}).
 */
@Component(service = ClipSizeAdvisor.class)
public final class SwapSizeAdvisor implements ClipSizeAdvisor {

    /** Far from the model's own size by more than this factor of area: flagged. */
    static final double AREA_FACTOR = 2;
    /** A swap estimated longer than this: flagged. */
    static final Duration LONG = Duration.ofMinutes(30);
    /** A peak above this share of the machine's memory: flagged. */
    static final double MEMORY_SHARE = 0.8;
    /**
     * A checkpointed registration's activations against a plain backward's: at SD 1.5 size, one
     * 64×64-latent frame, +1.35 GB against +4.49 GB above the weights (docs/benchmarks.md, 2026-12-07).
     */
    static final double CHECKPOINTED_SHARE = 0.3;

    /**
     * A first one-frame pass longer than this is the estimate's pass (at most a little high: it
     * includes setting up the shape's kernels), instead of warming up and timing more.
     */
    static final double LONG_PASS_SECONDS = 2;

    /** A window timed whole when one frame's pass times its frames is at most this. */
    static final double WHOLE_WINDOW_SECONDS = 4;

    @Reference
    private TensorRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<EditMethod> methods;

    /** Seconds per frame of a window's pass, by model folder, size and window: measured once. */
    private final Map<String, Double> passTimes = new ConcurrentHashMap<>();
    private final Map<String, Facts> facts = new ConcurrentHashMap<>();
    /** Each provider's layout, found once: finding it verifies the weights' checksums (seconds at SD size). */
    private final Map<ModelProvider, VideoDiffusionModel.Layout> layouts = new ConcurrentHashMap<>();

    private VideoDiffusionModel.Layout layout(ModelProvider p) throws IOException {
        VideoDiffusionModel.Layout l = layouts.get(p);
        if (l == null) {
            l = p.layout();
            layouts.put(p, l);
        }
        return l;
    }

    private Optional<ModelProvider> provider() {
        List<ModelProvider> all = models == null ? List.of() : new ArrayList<>(models);
        return all.stream().filter(p -> p.id().equals("sample")).findFirst().or(() -> all.stream().findFirst());
    }

    @Override
    public Optional<ModelSize> modelSize() {
        Optional<ModelProvider> p = provider();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            int side = layout(p.get()).nativeSide();
            return Optional.of(new ModelSize(p.get().description(), side, side));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged model is said where it is loaded, with its cause
        }
    }

    @Override
    public SizeAdvice advise(int width, int height, int frames, IProgressMonitor monitor) throws Exception {
        SubMonitor sub = SubMonitor.convert(monitor, "Estimating a swap at " + width + " × " + height, 4);
        ModelProvider provider = provider().orElseThrow(
                () -> new IOException("no base model is installed, so no swap can be estimated"));
        EditMethod method = (methods == null ? List.<EditMethod>of() : new ArrayList<>(methods)).stream()
                .filter(m -> m.id().equals(VideoSwapMethod.ID)).findFirst()
                .orElseThrow(() -> new IOException("the VideoSwap method is not installed"));
        VideoDiffusionModel.Layout layout = layout(provider);
        int side = layout.nativeSide();
        ModelSize model = new ModelSize(provider.description(), side, side);
        Map<String, Object> settings = ModelSettings.resolve(method.settings(),
                ModelSettings.recommended(layout.folder(), method), Map.of());
        double passes = method.framePasses(settings, frames).orElseThrow();
        int span = Math.min(frames, ((Number) settings.get("contextLength")).intValue());
        sub.worked(1);
        String folder = layout.folder().toAbsolutePath().toString();
        String sizeKey = folder + "@" + width + "x" + height + "x" + span;
        Facts f = facts.get(folder);
        Double perFrame = passTimes.get(sizeKey);
        if (f == null || perFrame == null) {
            // the model is loaded only for what is not known yet (an SD-size load takes seconds)
            double[] timed = new double[1];
            f = runtime.call(() -> {
                try (NDManager root = runtime.newManager();
                        VideoDiffusionModel m = VideoDiffusionModel.load(layout, root, runtime.precision())) {
                    Facts known = Facts.of(m);
                    known.requireMultiple(width, height);
                    timed[0] = secondsPerFrame(m, root, height / known.vaeScale(), width / known.vaeScale(), span,
                            sub.split(2));
                    return known;
                }
            });
            facts.put(folder, f);
            passTimes.put(sizeKey, perFrame = timed[0]);
        }
        f.requireMultiple(width, height);
        Duration time = Duration.ofMillis((long) (passes * perFrame * 1000));
        long bytes = f.peakBytes(span, height / f.vaeScale(), width / f.vaeScale(), runtime);
        sub.worked(1);
        return new SizeAdvice(model, width, height, frames, method.displayName() + " at the model's recommended "
                + "settings", time, bytes, warning(model, width, height, time, bytes));
    }

    /** What an estimate needs of a loaded model, kept per model folder. */
    private record Facts(int vaeScale, long parameters, int bytesPerValue, long firstLevelChannels) {

        static Facts of(VideoDiffusionModel m) {
            long params = m.vae().parameterCount() + m.textEncoder().parameterCount()
                    + m.unet().imageUNet().parameterCount() + m.unet().motionParameterCount();
            return new Facts(m.vaeScale(), params, m.precision() == Precision.FP32 ? 4 : 2,
                    m.unet().imageUNet().config().blockOutChannels().get(0));
        }

        void requireMultiple(int width, int height) {
            if (width % vaeScale != 0 || height % vaeScale != 0) {
                throw new IllegalArgumentException("a clip for this model needs a width and height that are "
                        + "multiples of " + vaeScale);
            }
        }

        /** The weights and the registration's activations (the largest stage), estimated. */
        long peakBytes(int span, int h, int w, TensorRuntime runtime) {
            long plain = GradientCheckpointing.estimateBytes(span, h, w, firstLevelChannels);
            double activations = GradientCheckpointing.enabled(plain, runtime.device()) ? plain * CHECKPOINTED_SHARE
                    : plain;
            return parameters * bytesPerValue + (long) (activations * bytesPerValue / 4);
        }
    }

    /**
     * Seconds per frame of a forward over a window of {@code span} frames. Each shape runs once
     * first (its first pass sets up its kernels); a first pass over {@link #LONG_PASS_SECONDS} is
     * taken as it is. A window that runs in a few seconds is timed
     * itself: a small model's pass over one frame is mostly fixed costs, so one frame would
     * overstate a frame's share (the sample model: about 2 times); the fastest of three counts.
     * Else one and two frames are
     * timed and the window's time extrapolated from them.
     */
    private static double secondsPerFrame(VideoDiffusionModel m, NDManager root, int h, int w, int span,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 6);
        try (NDManager step = root.newSubManager()) {
            NDArray prompt = m.encodePrompts(step, List.of("a photo"));
            double cold = pass(m, step, prompt, 1, h, w, sub.split(1)); // sets up the shape's kernels
            if (cold > LONG_PASS_SECONDS) {
                return cold; // a long pass: its set-up is a small part of it, and more would keep the user waiting
            }
            double one = pass(m, step, prompt, 1, h, w, sub.split(1));
            if (span == 1) {
                return one;
            }
            if (one * span <= WHOLE_WINDOW_SECONDS) {
                // warm up for a few seconds: a small model's pass is thousands of small ops, several times
                // slower until Java's JIT has compiled their dispatch (as it has early in a real run)
                long warm = System.nanoTime();
                for (int i = 0; i < 20 && System.nanoTime() - warm < WHOLE_WINDOW_SECONDS * 1e9; i++) {
                    pass(m, step, prompt, span, h, w, null);
                }
                sub.worked(1);
                double best = Double.MAX_VALUE; // the fastest of three: a pass that met other work says nothing
                for (int i = 0; i < 3; i++) {
                    best = Math.min(best, pass(m, step, prompt, span, h, w, sub.split(1)));
                }
                return best / span;
            }
            pass(m, step, prompt, 2, h, w, sub.split(1));
            double slope = Math.max(0, pass(m, step, prompt, 2, h, w, sub.split(1)) - one);
            return (one + slope * (span - 1)) / span;
        }
    }

    /** Seconds of one forward over {@code frames} frames. */
    private static double pass(VideoDiffusionModel m, NDManager step, NDArray prompt, int frames, int h, int w,
            IProgressMonitor monitor) {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
        try (NDManager pass = step.newSubManager()) {
            VideoUNetModel unet = m.unet();
            long channels = unet.imageUNet().config().inChannels();
            NDArray z = SeededNoise.normal(pass, 1, new Shape(frames, channels, h, w));
            NDArray text = prompt.repeat(0, frames);
            long t0 = System.nanoTime();
            unet.forward(z, frames, new float[] { 500 }, text, null).toFloatArray();
            if (monitor != null) {
                monitor.done();
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Why a size deserves a second thought, in words; null when nothing does. */
    public static String warning(ModelSize model, int width, int height, Duration time, long bytes) {
        List<String> why = new ArrayList<>();
        double area = (double) width * height / ((double) model.width() * model.height());
        if (area > AREA_FACTOR || area < 1 / AREA_FACTOR) {
            why.add(String.format(Locale.ROOT, "The model was made for %s clips; %d × %d is %s its area, where it "
                    + "draws worse.", model.label(), width, height, area > 1 ? ratio(area) + " times"
                            : "1/" + ratio(1 / area) + " of"));
        }
        if (time.compareTo(LONG) > 0) {
            why.add("A swap would take about " + SizeAdvice.duration(time) + " on this machine.");
        }
        long physical = physicalMemory();
        if (physical > 0 && bytes > MEMORY_SHARE * physical) {
            why.add(String.format(Locale.ROOT, "It needs about %.1f GB, more than this machine's %.1f GB can give.",
                    bytes / 1e9, physical / 1e9));
        }
        return why.isEmpty() ? null : String.join(" ", why);
    }

    /** "64", "4", "2.3" */
    private static String ratio(double r) {
        return r >= 10 || Math.abs(r - Math.round(r)) < 0.05 ? String.valueOf(Math.round(r))
                : String.format(Locale.ROOT, "%.1f", r);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
