package io.vswap.samples.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModelConfigs;

/**
 * What a training run does: the seed and the steps and batch of each stage. Everything the run
 * draws (samples, noise, timesteps, caption drops) derives from the seed and the step, so a plan
 * reproduces its weights, and a run resumed from a checkpoint goes on as the uninterrupted one.
 */
public record TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
        int motionClips, int checkpointEvery, double subjectWeight, Map<SubjectShape, Double> shapeWeights,
        double pointWeight, List<Integer> unetLayers) {

    public TrainingPlan {
        if (vaeSteps < 0 || unetSteps < 0 || motionSteps < 0 || vaeBatch < 1 || unetBatch < 1 || motionClips < 1
                || checkpointEvery < 1) {
            throw new IllegalArgumentException("steps must be ≥ 0, batches and checkpoint interval ≥ 1: " + this);
        }
        if (!(subjectWeight >= 0) || subjectWeight > 100) {
            throw new IllegalArgumentException("subject weight must be in [0, 100]: " + subjectWeight);
        }
        if (!(pointWeight >= 0) || pointWeight > 100) {
            throw new IllegalArgumentException("point weight must be in [0, 100]: " + pointWeight);
        }
        shapeWeights = normalised(shapeWeights);
        unetLayers = List.copyOf(unetLayers);
        if (!unetLayers.isEmpty() && (unetLayers.size() != SampleModelConfigs.UNET_LAYERS.size()
                || unetLayers.stream().anyMatch(l -> l < 1 || l > 4))) {
            throw new IllegalArgumentException("UNet layers: one number from 1 to 4 per level ("
                    + SampleModelConfigs.UNET_LAYERS.size() + " levels, e.g. 2,1,1,1): " + unetLayers);
        }
    }

    /** A plan that keeps the UNet's layers as they are (every phase of the shipped weights). */
    public TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
            int motionClips, int checkpointEvery, double subjectWeight, Map<SubjectShape, Double> shapeWeights,
            double pointWeight) {
        this(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips, checkpointEvery, subjectWeight,
                shapeWeights, pointWeight, List.of());
    }

    /** A plan whose loss gives the named points' cells no extra weight (every phase of the shipped weights). */
    public TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
            int motionClips, int checkpointEvery, double subjectWeight, Map<SubjectShape, Double> shapeWeights) {
        this(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips, checkpointEvery, subjectWeight,
                shapeWeights, 0);
    }

    /** A plan that draws every shape alike (every phase of the shipped weights up to refinement round 4). */
    public TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
            int motionClips, int checkpointEvery, double subjectWeight) {
        this(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips, checkpointEvery, subjectWeight,
                Map.of());
    }

    /**
     * A plan whose denoising loss weighs every latent cell alike (every phase of the shipped weights up to
     * refinement round 3).
     */
    public TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
            int motionClips, int checkpointEvery) {
        this(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips, checkpointEvery, 0, Map.of());
    }

    /**
     * The first phase of the shipped weights, from scratch: VAE, UNet with the text encoder, a
     * short motion stage. The shipped model is this, then {@link #refine(int)} rounds on its result.
     */
    public static TrainingPlan base() {
        return new TrainingPlan(20261122L, 1000, 16, 2800, 32, 300, 2, 100);
    }

    /** The phases of the shipped weights: {@link #base()} from scratch, then refinement rounds 1 to 6. */
    public static List<TrainingPlan> shippedPhases() {
        return List.of(base(), refine(1), refine(2), refine(3), refine(4), refine(5), refine(6));
    }

    /**
     * The UNet layers per level from refinement round 6 on: a second layer at the finest (16×16) level,
     * where a star's tips are decided (earlier rounds had one layer at every level).
     */
    public static final List<Integer> SHIPPED_UNET_LAYERS = List.of(2, 1, 1, 1);

    /**
     * Round 6's seed. Not {@code 20261122 + 6}: that seed went to a trial round with point weights that
     * did not ship, and a shipped round draws data no earlier run drew.
     */
    private static final long ROUND_6_SEED = 20261129L;

    /** The subject weight of refinement rounds from 4 on (rounds 1 to 3 weighed every latent cell alike). */
    public static final double SHIPPED_SUBJECT_WEIGHT = 4;

    /**
     * The shape weights of refinement rounds from 5 on: stars three times and crosses twice as often as
     * each other shape (the two shapes round 4 drew worst; earlier rounds drew every shape alike).
     */
    public static final Map<SubjectShape, Double> SHIPPED_SHAPE_WEIGHTS = Map.of(SubjectShape.STAR, 3.0,
            SubjectShape.CROSS, 2.0);

    /**
     * A refinement round of a trained model ({@code from=}): no VAE steps (its latents stay as they
     * are), more UNet steps with a fresh warm-up and cosine cycle, then the motion modules retrained
     * for longer on the refined UNet. Each round has its own seed (round 1: 20261123, round 2:
     * 20261124, …), so it draws data no earlier phase did. From round 4 the denoising loss weighs the
     * subject's latent cells and their neighbours {@link #SHIPPED_SUBJECT_WEIGHT} times more (shape, not
     * the background that fills most of a frame, is what earlier rounds left to learn). From round 5
     * the training also draws the shapes by {@link #SHIPPED_SHAPE_WEIGHTS}. Round 6 deepens the UNet to
     * {@link #SHIPPED_UNET_LAYERS} before it trains (the added layers start as identities).
     */
    public static TrainingPlan refine(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("refinement rounds count from 1: " + round);
        }
        return new TrainingPlan(round >= 6 ? ROUND_6_SEED + (round - 6) : 20261122L + round, 0, 16, 1600, 32, 1400, 2,
                100, round >= 4 ? SHIPPED_SUBJECT_WEIGHT : 0, round >= 5 ? SHIPPED_SHAPE_WEIGHTS : Map.of(), 0,
                round >= 6 ? SHIPPED_UNET_LAYERS : List.of());
    }

    /** This plan with another seed (the draws change, the steps and batches stay). */
    public TrainingPlan withSeed(long other) {
        return new TrainingPlan(other, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, subjectWeight, shapeWeights, pointWeight, unetLayers);
    }

    /** This plan with another subject weight (see {@link #subjectWeight()}). */
    public TrainingPlan withSubjectWeight(double weight) {
        return new TrainingPlan(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, weight, shapeWeights, pointWeight, unetLayers);
    }

    /** This plan with other shape weights (see {@link #shapeWeights()}). */
    public TrainingPlan withShapeWeights(Map<SubjectShape, Double> weights) {
        return new TrainingPlan(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, subjectWeight, weights, pointWeight, unetLayers);
    }

    /** This plan with another point weight (see {@link #pointWeight()}). */
    public TrainingPlan withPointWeight(double weight) {
        return new TrainingPlan(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, subjectWeight, shapeWeights, weight, unetLayers);
    }

    /** This plan with other UNet layers per level (see {@link #unetLayers()}). */
    public TrainingPlan withUnetLayers(List<Integer> layers) {
        return new TrainingPlan(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, subjectWeight, shapeWeights, pointWeight, layers);
    }

    /**
     * The UNet's layers per level (down blocks; each up block has one more) this run trains; empty
     * keeps the architecture as it is: the base model's for a refinement, else the shipped one
     * ({@link SampleModelConfigs#UNET_LAYERS}). A refinement asked for more layers than its base has
     * adds them so that the model computes exactly what the base did until training changes it (see
     * {@link UNetDeepening}); fewer are refused.
     */
    public List<Integer> unetLayers() {
        return unetLayers;
    }

    /** The layers this run trains, given the base model's ({@code null} from scratch). */
    public List<Integer> resolveUnetLayers(List<Integer> baseLayers) {
        return !unetLayers.isEmpty() ? unetLayers : baseLayers != null ? baseLayers : SampleModelConfigs.UNET_LAYERS;
    }

    /**
     * What the denoising loss adds to the weight of each latent cell that holds one of the subject's named
     * points in view (the star's tips, the square's corners, …): 0 weighs them as {@link #subjectWeight()}
     * does. Where a shape's points lie is what tells a star from a square with blunt corners, and a tip
     * fills only part of one cell, so the subject weight alone counts it less than the subject's body.
     */
    public double pointWeight() {
        return pointWeight;
    }

    /**
     * How often the training draws each shape, relative to the others; a shape not named has weight 1,
     * so an empty map draws every shape alike (the world's own mix). Only the training draws follow
     * it: the held-out loss keeps the world's mix, so it stays comparable across rounds.
     */
    public Map<SubjectShape, Double> shapeWeights() {
        return shapeWeights;
    }

    /**
     * The shape of a training sample drawn with {@code seed}: {@code worldShape} (the world's uniform
     * draw) when every shape weighs alike, else a draw by the weights from the seed alone.
     */
    public SubjectShape trainingShape(long seed, SubjectShape worldShape) {
        if (shapeWeights.isEmpty()) {
            return worldShape;
        }
        double total = 0;
        for (SubjectShape s : SubjectShape.values()) {
            total += shapeWeights.getOrDefault(s, 1.0);
        }
        double u = new SplittableRandom(seed ^ 0x5A4B_E5EEDL).nextDouble() * total;
        SubjectShape last = worldShape;
        for (SubjectShape s : SubjectShape.values()) {
            double w = shapeWeights.getOrDefault(s, 1.0);
            if (w > 0) {
                last = s;
                if (u < w) {
                    return s;
                }
                u -= w;
            }
        }
        return last; // rounding at the top end
    }

    /** Weights 1 dropped (a shape not named weighs 1), so plans that draw alike are equal. */
    private static Map<SubjectShape, Double> normalised(Map<SubjectShape, Double> weights) {
        EnumMap<SubjectShape, Double> out = new EnumMap<>(SubjectShape.class);
        double total = 0;
        for (SubjectShape s : SubjectShape.values()) {
            Double w = weights.get(s);
            double v = w == null ? 1 : w;
            if (!(v >= 0) || v > 100) {
                throw new IllegalArgumentException("shape weight of " + s.word() + " must be in [0, 100]: " + w);
            }
            total += v;
            if (v != 1) {
                out.put(s, v);
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException("at least one shape must have a weight above 0: " + weights);
        }
        return out.isEmpty() ? Map.of() : Collections.unmodifiableMap(out);
    }

    /** A few minutes on two cores: every loss falls, nothing is good yet (CI and tests). */
    public static TrainingPlan smoke(long seed) {
        return new TrainingPlan(seed, 40, 8, 40, 8, 12, 1, 15);
    }

    /**
     * Whether a run checkpointed under this plan at {@code current} may go on under {@code other}:
     * the same seed and checkpoint interval, and the same steps and batch for every stage begun
     * (later stages may be re-planned, e.g. to train the UNet longer).
     */
    public boolean canContinueAs(TrainingPlan other, Stage current, int step) {
        if (seed != other.seed || checkpointEvery != other.checkpointEvery || subjectWeight != other.subjectWeight
                || pointWeight != other.pointWeight || !shapeWeights.equals(other.shapeWeights)
                || !unetLayers.equals(other.unetLayers)) {
            return false;
        }
        boolean same = true;
        for (Stage s : Stage.values()) {
            boolean begun = s.ordinal() < current.ordinal() || (s == current && step > 0);
            if (begun && s != Stage.DONE) {
                same &= steps(s) == other.steps(s) && batch(s) == other.batch(s);
            }
        }
        return same;
    }

    int batch(Stage s) {
        return switch (s) {
        case VAE -> vaeBatch;
        case UNET -> unetBatch;
        case MOTION -> motionClips;
        case DONE -> 0;
        };
    }

    public int steps(Stage s) {
        return switch (s) {
        case VAE -> vaeSteps;
        case UNET -> unetSteps;
        case MOTION -> motionSteps;
        case DONE -> 0;
        };
    }

    /** The plan as recorded in a checkpoint and in a model's {@code training.json}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("seed", seed);
        o.addProperty("vae_steps", vaeSteps);
        o.addProperty("vae_batch", vaeBatch);
        o.addProperty("unet_steps", unetSteps);
        o.addProperty("unet_batch", unetBatch);
        o.addProperty("motion_steps", motionSteps);
        o.addProperty("motion_clips", motionClips);
        o.addProperty("checkpoint_every", checkpointEvery);
        if (subjectWeight != 0) {
            o.addProperty("subject_weight", subjectWeight); // absent in the records of earlier plans
        }
        if (!shapeWeights.isEmpty()) {
            JsonObject shapes = new JsonObject(); // absent in the records of earlier plans
            shapeWeights.forEach((s, w) -> shapes.addProperty(s.word(), w));
            o.add("shape_weights", shapes);
        }
        if (pointWeight != 0) {
            o.addProperty("point_weight", pointWeight); // absent in the records of earlier plans
        }
        if (!unetLayers.isEmpty()) {
            JsonArray layers = new JsonArray(); // absent in the records of earlier plans
            unetLayers.forEach(layers::add);
            o.add("unet_layers", layers);
        }
        return o;
    }

    /** The plan recorded in a checkpoint or in a model's {@code training.json}. */
    public static TrainingPlan fromJson(JsonObject o) {
        return new TrainingPlan(o.get("seed").getAsLong(), o.get("vae_steps").getAsInt(), o.get("vae_batch").getAsInt(),
                o.get("unet_steps").getAsInt(), o.get("unet_batch").getAsInt(), o.get("motion_steps").getAsInt(),
                o.get("motion_clips").getAsInt(), o.get("checkpoint_every").getAsInt(),
                o.has("subject_weight") ? o.get("subject_weight").getAsDouble() : 0,
                o.has("shape_weights") ? parseShapeWeights(o.getAsJsonObject("shape_weights")) : Map.of(),
                o.has("point_weight") ? o.get("point_weight").getAsDouble() : 0,
                o.has("unet_layers") ? parseLayers(o.getAsJsonArray("unet_layers")) : List.of());
    }

    private static List<Integer> parseLayers(JsonArray a) {
        List<Integer> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsInt()));
        return out;
    }

    private static Map<SubjectShape, Double> parseShapeWeights(JsonObject o) {
        EnumMap<SubjectShape, Double> out = new EnumMap<>(SubjectShape.class);
        for (String word : o.keySet()) {
            out.put(shapeNamed(word), o.get(word).getAsDouble());
        }
        return out;
    }

    /** The shape whose caption word is {@code word}. */
    static SubjectShape shapeNamed(String word) {
        for (SubjectShape s : SubjectShape.values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shape is called \"" + word + "\"; the shapes are " + shapeWords());
    }

    static String shapeWords() {
        return String.join(", ", Arrays.stream(SubjectShape.values()).map(SubjectShape::word).toList());
    }

    /** {@code "star:3,cross:2"}: the shapes named with their weights (the others weigh 1). */
    public static Map<SubjectShape, Double> parseShapeWeights(String text) {
        EnumMap<SubjectShape, Double> out = new EnumMap<>(SubjectShape.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("\"" + part.trim() + "\" is not shape:weight (e.g. star:3,cross:2)");
            }
            SubjectShape s = shapeNamed(kv[0].trim());
            double w;
            try {
                w = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + s.word() + " is not a number: " + kv[1].trim());
            }
            if (out.put(s, w) != null) {
                throw new IllegalArgumentException(s.word() + " is named twice");
            }
        }
        return out;
    }

    /** {@code "2,1,1,1"}: UNet layers per level, as {@link #unetLayersArgument()} writes them. */
    public static List<Integer> parseUnetLayers(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("UNet layers are whole numbers per level, e.g. 2,1,1,1: " + text);
            }
        }
        return out;
    }

    /** The inverse of {@link #parseUnetLayers(String)}; empty when the plan keeps the architecture. */
    public String unetLayersArgument() {
        return String.join(",", unetLayers.stream().map(String::valueOf).toList());
    }

    /** A number as a command-line value: {@code 4}, not {@code 4.0}, when it is whole. */
    static String argument(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The inverse of {@link #parseShapeWeights(String)}: {@code "star:3,cross:2"}; empty when all alike. */
    public String shapeWeightsArgument() {
        StringBuilder b = new StringBuilder();
        shapeWeights.forEach((s, w) -> b.append(b.isEmpty() ? "" : ",").append(s.word()).append(':')
                .append(argument(w)));
        return b.toString();
    }

    /** The stages, in order: the VAE alone; the image UNet with the text encoder; the motion modules on clips. */
    public enum Stage {
        VAE, UNET, MOTION, DONE;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
