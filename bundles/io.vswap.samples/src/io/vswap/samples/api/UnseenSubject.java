package io.vswap.samples.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.vswap.samples.internal.render.Rasterizer;
import io.vswap.samples.internal.render.ShapeTemplate;
import io.vswap.samples.internal.render.UnseenShapes;

/**
 * Subjects the sample model was never taught and cannot draw from words (its world has squares,
 * triangles, discs, rings, stars and crosses, each of one colour): for concepts learnt from a few
 * reference images. Each is drawn like the world's subjects (supersampled coverage over a
 * background; the mask is where the coverage is at least ½), so its truth is known, and
 * {@link UnseenSubjectChecker} finds it in a frame.
 */
public enum UnseenSubject {

    /** A hexagon, yellow above its middle and magenta below: no world subject has two colours. */
    TWO_TONE_HEXAGON("two-tone hexagon", "hexagon", new float[][] { { 0.94f, 0.86f, 0.12f }, { 0.86f, 0.16f, 0.78f } }),
    /** An orange heart: neither the shape nor the colour is the world's. */
    ORANGE_HEART("orange heart", "heart", new float[][] { { 0.98f, 0.51f, 0.08f } }),
    /** A cyan crescent: the world's cyan, a shape it lacks. */
    CYAN_CRESCENT("cyan crescent", "crescent", new float[][] { { 0.12f, 0.86f, 0.90f } });

    private final String description;
    private final String word;
    private final float[][] colours;

    UnseenSubject(String description, String word, float[][] colours) {
        this.description = description;
        this.word = word;
        this.colours = colours;
    }

    /** What it is, for people ("two-tone hexagon"). */
    public String description() {
        return description;
    }

    /** Its class word ("hexagon"): a word the sample model does not know. */
    public String word() {
        return word;
    }

    /** Its colours, red, green, blue in [0, 1], top part first (copies). */
    public List<float[]> colours() {
        List<float[]> out = new ArrayList<>();
        for (float[] c : colours) {
            out.add(c.clone());
        }
        return out;
    }

    /** Its shape, as the checker fits it. */
    ShapeTemplate template() {
        return switch (this) {
        case TWO_TONE_HEXAGON -> UnseenShapes.HEXAGON;
        case ORANGE_HEART -> UnseenShapes.HEART;
        case CYAN_CRESCENT -> UnseenShapes.CRESCENT;
        };
    }

    /** The parts drawn in {@link #colours()}' order. */
    private ShapeTemplate[] parts() {
        return this == TWO_TONE_HEXAGON ? new ShapeTemplate[] { UnseenShapes.HEXAGON_TOP, UnseenShapes.HEXAGON_BOTTOM }
                : new ShapeTemplate[] { template() };
    }

    /**
     * The subject drawn.
     *
     * @param frame RGB in [0, 1], {@code size × size × 3}
     * @param mask where the subject's coverage is at least ½
     * @param centroid the mask's centroid {x, y}, pixels
     */
    public record Drawn(float[] frame, boolean[] mask, double[] centroid) {
    }

    /** The subject at {@code pose} over {@code background} (RGB in [0, 1], {@code size × size × 3}, not changed). */
    public Drawn draw(float[] background, int size, SubjectPose pose) {
        if (background.length != size * size * 3) {
            throw new IllegalArgumentException("a " + size + "×" + size + " background needs " + size * size * 3
                    + " floats, not " + background.length);
        }
        float[] frame = background.clone();
        float[] total = new float[size * size];
        ShapeTemplate[] parts = parts();
        for (int k = 0; k < parts.length; k++) {
            float[] a = Rasterizer.coverage(parts[k], pose, size, 4);
            for (int p = 0; p < a.length; p++) {
                if (a[p] > 0) {
                    for (int c = 0; c < 3; c++) {
                        frame[3 * p + c] += a[p] * (colours[k][c] - background[3 * p + c]);
                    }
                    total[p] += a[p];
                }
            }
        }
        boolean[] mask = new boolean[size * size];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = total[p] >= 0.49; // as the world's subjects: a rounded ½ stays in
        }
        return new Drawn(frame, mask, SampleClip.centroid(mask, size));
    }

    /**
     * {@code n} reference images as a user would photograph a subject: upright, over a plain grey
     * that changes a little from one to the next, the subject a little moved and sized.
     */
    public List<Drawn> references(int n, int size) {
        List<Drawn> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float grey = (95 + 12 * (i % 6)) / 255f;
            float[] bg = new float[size * size * 3];
            java.util.Arrays.fill(bg, grey);
            double x = size * (0.41 + 0.06 * (i % 3) + (i % 5 == 4 ? 0.09 : 0));
            double y = size * (0.44 + 0.08 * (i % 2));
            double r = size * (0.25 + 0.03 * (i % 3));
            out.add(draw(bg, size, new SubjectPose(x, y, r, 0)));
        }
        return out;
    }

    /** Writes {@link #references} as {@code 01.png, 02.png, …} into {@code folder}; returns the files. */
    public List<Path> writeReferences(Path folder, int n, int size) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        List<Drawn> refs = references(n, size);
        for (int i = 0; i < refs.size(); i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            float[] f = refs.get(i).frame();
            for (int p = 0; p < size * size; p++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    rgb = rgb << 8 | Math.round(Math.max(0, Math.min(1, f[3 * p + c])) * 255);
                }
                img.setRGB(p % size, p / size, rgb);
            }
            Path file = folder.resolve(String.format("%02d.png", i + 1));
            Path tmp = folder.resolve("." + file.getFileName() + ".tmp");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            files.add(file);
        }
        return files;
    }

    /** The subject whose class word is {@code word}. */
    public static UnseenSubject byWord(String word) {
        for (UnseenSubject s : values()) {
            if (s.word.equalsIgnoreCase(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("the sample world has no unseen subject \"" + word + "\"; it has "
                + java.util.Arrays.stream(values()).map(UnseenSubject::word).toList());
    }
}
