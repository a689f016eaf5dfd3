package io.vswap.method.tuneavideo.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.swap.api.CacheKey;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.video.api.RgbFrame;

/**
 * The source side of a Tune-A-Video edit in a {@link PreprocessingCache} folder, F32 safetensors
 * written atomically, each named by a hash of what it depends on:
 * <ul>
 * <li>{@code tuned-<key>}: the tuned query projections and temporal layers (model, frames, source
 * prompt, the tuning settings and seed), with {@code steps_done} and every step's loss in its
 * metadata; while the tuning is unfinished (cancelled, or a checkpoint) also AdamW's moments, so that
 * the next run resumes where it stopped;</li>
 * <li>{@code inversion-<key>}: the DDIM-inverted latents z_T of the tuned model (the tuned key, the
 * inversion steps).</li>
 * </ul>
 * The target prompt and the edit's settings are not part of any key. An unreadable file is ignored
 * (recomputed and replaced).
 */
public final class TunedWeightsCache {

    private static final String VERSION = "tuneavideo-source-1";
    static final String FORMAT = "tuneavideo-tuned-weights";

    private final Path folder;
    private final String tunedKey;
    private final String inversionKey;

    public TunedWeightsCache(PreprocessingCache cache, List<RgbFrame> frames, String sourcePrompt,
            TuneAVideoSettings s) {
        this.folder = cache.folder();
        CacheKey h = new CacheKey().add(VERSION).add(cache.modelKey()).add(sourcePrompt).add(s.tuningSteps())
                .add(s.learningRate()).add(s.weightDecay()).add(s.seed()).add(s.temporalLayers() ? 1 : 0);
        for (RgbFrame f : frames) {
            h.add(f.width()).add(f.height()).add(f.rgb());
        }
        tunedKey = h.hex();
        inversionKey = new CacheKey().add(tunedKey).add("inversion").add(s.inversionSteps()).hex();
    }

    public Path tunedFile() {
        return folder.resolve("tuned-" + tunedKey + ".safetensors");
    }

    public Path inversionFile() {
        return folder.resolve("inversion-" + inversionKey + ".safetensors");
    }

    /** The saved tuning (finished or not), or null when there is none or it cannot be read. */
    public OneShotTuning.Resume readTuned() {
        Path file = tunedFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (!FORMAT.equals(f.metadata().get("format"))) {
                return null;
            }
            Map<String, float[]> weights = new LinkedHashMap<>();
            Map<String, float[]> moments = new LinkedHashMap<>();
            for (SafetensorsEntry e : f.entries()) {
                boolean moment = e.name().startsWith("m.") || e.name().startsWith("v.");
                (moment ? moments : weights).put(e.name(), f.floats(e.name()));
            }
            List<Float> losses = new ArrayList<>();
            String list = f.metadata().getOrDefault("losses", "");
            for (String l : list.isEmpty() ? new String[0] : list.split(",")) {
                losses.add(Float.parseFloat(l));
            }
            int done = Integer.parseInt(f.metadata().get("steps_done"));
            if (losses.size() != done) {
                return null;
            }
            return new OneShotTuning.Resume(done, Long.parseLong(f.metadata().get("updates")), weights, moments, losses);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Saves a tuning's state: its moments too while {@code stepsDone < steps}. */
    public void writeTuned(int steps, int stepsDone, long updates, Map<String, NDArray> weights,
            Map<String, NDArray> moments, List<Float> losses) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", FORMAT)
                .metadata("steps", Integer.toString(steps)).metadata("steps_done", Integer.toString(stepsDone))
                .metadata("updates", Long.toString(updates)).metadata("losses", join(losses));
        weights.forEach(w::add);
        if (stepsDone < steps) {
            moments.forEach(w::add);
        }
        w.write(tunedFile());
    }

    private static String join(List<Float> losses) {
        List<String> parts = new ArrayList<>();
        // Float.toString round-trips exactly: a resumed run's figures equal a straight run's
        losses.forEach(l -> parts.add(Float.toString(l)));
        return String.join(",", parts);
    }

    /** The cached z_T as values and shape, or null. */
    public float[] readInversion(long[] expectedShape) {
        Path file = inversionFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (!java.util.Arrays.equals(f.entry("noise").shape(), expectedShape)) {
                return null;
            }
            return f.floats("noise");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void writeInversion(NDArray noise) throws IOException {
        new SafetensorsWriter().metadata("format", "tuneavideo-inversion").add("noise", noise).write(inversionFile());
    }
}
