package io.vswap.method.cove.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.files.api.AtomicFile;
import io.vswap.swap.api.PreprocessingCache;
import io.vswap.video.api.RgbFrame;

/**
 * COVE's source side of a clip in the swap api's {@link PreprocessingCache}: the correspondences
 * (depending on the frames, the source prompt, the model and the feature and search settings) and
 * the inverted noise z_T (those, and the inversion's settings), and the inversion's latents at the
 * timesteps where the edit injects the source (those, and the edit's steps). Each file is named by a hash of what
 * it depends on, so a changed input is computed again, never reused; each is written whole, then
 * renamed into place. A file that cannot be read counts as absent.
 */
final class SourceCache {

    private static final int CORRESPONDENCE_FORMAT = 0x434f5645; // "COVE"
    private static final int INVERSION_FORMAT = 0x5a5f5431; // "Z_T1"

    private final Path correspondenceFile;
    private final Path inversionFile;
    private final Path levelsFile;

    SourceCache(PreprocessingCache cache, List<RgbFrame> frames, String sourcePrompt, CoveSettings s) {
        String source = hash(cache.modelKey(), frames, sourcePrompt, "t" + s.featureTimestep(), "up" + s.featureUpBlock(),
                "l" + s.window(), "k" + s.topK(), "seed" + s.seed());
        correspondenceFile = cache.folder().resolve("cove-correspondences-" + source + ".bin");
        String inversion = hash(source, List.of(), "", "steps" + s.inversionSteps(), "cga" + (s.correspondenceAttention()
                && s.inversionAttention()), "merge" + s.mergeRatio(), "motion" + s.motionModules(),
                "st" + s.spatioTemporalAttention());
        inversionFile = cache.folder().resolve("cove-inversion-" + inversion + ".bin");
        levelsFile = cache.folder().resolve("cove-levels-" + hash(inversion, List.of(), "", "edit" + s.steps(),
                "inject" + s.injectionSteps()) + ".bin");
    }

    Path correspondenceFile() {
        return correspondenceFile;
    }

    Path inversionFile() {
        return inversionFile;
    }

    /** The source's latents at the edit's injected timesteps ({@link CovePipeline.SourceLevels}), stacked. */
    Path levelsFile() {
        return levelsFile;
    }

    /** The cached correspondences by grid, or null when absent or unreadable. */
    Map<String, Correspondences> readCorrespondences() {
        try (DataInputStream in = open(correspondenceFile, CORRESPONDENCE_FORMAT)) {
            if (in == null) {
                return null;
            }
            Map<String, Correspondences> out = new LinkedHashMap<>();
            int grids = in.readInt();
            for (int g = 0; g < grids; g++) {
                int frames = in.readInt(), h = in.readInt(), w = in.readInt(), k = in.readInt();
                int[] index = new int[in.readInt()];
                for (int i = 0; i < index.length; i++) {
                    index[i] = in.readInt();
                }
                out.put(DiffusionFeatures.key(h, w), new Correspondences(frames, h, w, k, index));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void writeCorrespondences(Map<String, Correspondences> grids) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CORRESPONDENCE_FORMAT);
            out.writeInt(grids.size());
            for (Correspondences c : grids.values()) {
                out.writeInt(c.frames());
                out.writeInt(c.height());
                out.writeInt(c.width());
                out.writeInt(c.topK());
                out.writeInt(c.index().length);
                for (int i : c.index()) {
                    out.writeInt(i);
                }
            }
        }
        AtomicFile.write(correspondenceFile, bytes.toByteArray());
    }

    /** Stored latents: their shape and values, row-major. */
    record StoredLatents(long[] shape, float[] values) {
    }

    /** The cached z_T, or null when absent or unreadable. */
    StoredLatents readInversion() {
        return readLatents(inversionFile);
    }

    /** The cached levels the injection runs on, or null when absent or unreadable. */
    StoredLatents readLevels() {
        return readLatents(levelsFile);
    }

    void writeInversion(long[] shape, float[] values) throws IOException {
        writeLatents(inversionFile, shape, values);
    }

    void writeLevels(long[] shape, float[] values) throws IOException {
        writeLatents(levelsFile, shape, values);
    }

    private static StoredLatents readLatents(Path file) {
        try (DataInputStream in = open(file, INVERSION_FORMAT)) {
            if (in == null) {
                return null;
            }
            long[] shape = new long[in.readInt()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readLong();
                size *= shape[i];
            }
            float[] values = new float[Math.toIntExact(size)];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            return new StoredLatents(shape, values);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeLatents(Path file, long[] shape, float[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(INVERSION_FORMAT);
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            for (float v : values) {
                out.writeFloat(v);
            }
        }
        AtomicFile.write(file, bytes.toByteArray());
    }

    private static DataInputStream open(Path file, int format) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
        if (in.readInt() != format) {
            return null;
        }
        return in;
    }

    private static String hash(String first, List<RgbFrame> frames, String text, String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(first.getBytes(StandardCharsets.UTF_8));
            for (RgbFrame f : frames) {
                md.update((f.width() + "x" + f.height()).getBytes(StandardCharsets.UTF_8));
                md.update(f.rgb());
            }
            md.update(("\n" + text).getBytes(StandardCharsets.UTF_8));
            for (String p : parts) {
                md.update(("\n" + p).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
