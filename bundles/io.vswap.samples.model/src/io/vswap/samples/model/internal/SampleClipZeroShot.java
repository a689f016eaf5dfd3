package io.vswap.samples.model.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonObject;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.Embeddings;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;

/**
 * Zero-shot accuracy of a CLIP on held-out sample-world frames, as CLIP-T asks: for each frame, the
 * frame's caption with its shape word replaced by each of the six shapes (resp. its colour word by each
 * of the six colours), the rest of the caption as it is; the caption with the highest cosine is the
 * prediction. Chance is 1/6 for each. Both at once (36 captions) is reported too.
 */
final class SampleClipZeroShot {

    /** Accuracies in [0, 1] over {@code frames} frames, and the shape accuracy per true shape. */
    record Result(int frames, double shape, double colour, double both, Map<SubjectShape, Double> byShape) {

        static final double CHANCE = 1.0 / 6;

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("frames", frames);
            o.addProperty("shape_accuracy", shape);
            o.addProperty("colour_accuracy", colour);
            o.addProperty("shape_and_colour_accuracy", both);
            o.addProperty("chance_shape", CHANCE);
            o.addProperty("chance_colour", CHANCE);
            o.addProperty("chance_shape_and_colour", CHANCE * CHANCE);
            JsonObject by = new JsonObject();
            byShape.forEach((s, a) -> by.addProperty(s.word(), a));
            o.add("shape_accuracy_by_shape", by);
            return o;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "zero-shot on %d held-out frames: shape %.1f %%, colour %.1f %%, both %.1f %% (chance %.1f %%, "
                            + "%.1f %%, %.1f %%); shape by shape:",
                    frames, 100 * shape, 100 * colour, 100 * both, 100 * CHANCE, 100 * CHANCE, 100 * CHANCE * CHANCE));
            byShape.forEach((s, a) -> b.append(String.format(Locale.ROOT, " %s %.0f %%", s.word(), 100 * a)));
            return b.toString();
        }
    }

    private SampleClipZeroShot() {
    }

    /** Measures {@code clip} on the frames of {@link SampleClipDraws#heldOut}. */
    static Result measure(ClipModel clip, long firstSeed, int clips) {
        return measure(clip, SampleClipDraws.heldOut(firstSeed, clips));
    }

    static Result measure(ClipModel clip, List<SampleClipDraws.HeldOut> heldOut) {
        float[][] texts = clip.embedTexts(SampleClipDraws.captions());
        float[][] images = clip.embedImages(heldOut.stream().map(SampleClipDraws.HeldOut::frame).toList());
        int shapeRight = 0;
        int colourRight = 0;
        int bothRight = 0;
        Map<SubjectShape, int[]> byShape = new EnumMap<>(SubjectShape.class);
        for (int i = 0; i < images.length; i++) {
            SampleSpec truth = heldOut.get(i).spec();
            SubjectShape bestShape = null;
            SubjectColor bestColour = null;
            double shapeScore = Double.NEGATIVE_INFINITY;
            double colourScore = Double.NEGATIVE_INFINITY;
            double bothScore = Double.NEGATIVE_INFINITY;
            SampleSpec bestBoth = null;
            for (SubjectShape s : SubjectShape.values()) {
                for (SubjectColor c : SubjectColor.values()) {
                    SampleSpec candidate = new SampleSpec(s, c, truth.pattern(), truth.background());
                    double score = Embeddings.cosine(images[i], texts[SampleClipDraws.index(candidate)]);
                    if (c == truth.color() && score > shapeScore) {
                        shapeScore = score;
                        bestShape = s;
                    }
                    if (s == truth.shape() && score > colourScore) {
                        colourScore = score;
                        bestColour = c;
                    }
                    if (score > bothScore) {
                        bothScore = score;
                        bestBoth = candidate;
                    }
                }
            }
            int[] counts = byShape.computeIfAbsent(truth.shape(), k -> new int[2]);
            counts[1]++;
            if (bestShape == truth.shape()) {
                shapeRight++;
                counts[0]++;
            }
            colourRight += bestColour == truth.color() ? 1 : 0;
            bothRight += truth.equals(bestBoth) ? 1 : 0;
        }
        Map<SubjectShape, Double> shares = new EnumMap<>(SubjectShape.class);
        byShape.forEach((s, c) -> shares.put(s, c[0] / (double) c[1]));
        double n = images.length;
        return new Result(images.length, shapeRight / n, colourRight / n, bothRight / n, shares);
    }
}
