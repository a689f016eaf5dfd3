package io.vswap.samples.model.internal;

import java.util.List;

import com.google.gson.JsonObject;

/**
 * What a training run does: the seed and the steps and batch of each stage. Everything the run
 * draws (samples, noise, timesteps, caption drops) derives from the seed and the step, so a plan
 * reproduces its weights, and a run resumed from a checkpoint goes on as the uninterrupted one.
 */
public record TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
        int motionClips, int checkpointEvery, double subjectWeight) {

    public TrainingPlan {
        if (vaeSteps < 0 || unetSteps < 0 || motionSteps < 0 || vaeBatch < 1 || unetBatch < 1 || motionClips < 1
                || checkpointEvery < 1) {
            throw new IllegalArgumentException("steps must be ≥ 0, batches and checkpoint interval ≥ 1: " + this);
        }
        if (!(subjectWeight >= 0) || subjectWeight > 100) {
            throw new IllegalArgumentException("subject weight must be in [0, 100]: " + subjectWeight);
        }
    }

    /**
     * A plan whose denoising loss weighs every latent cell alike (every phase of the shipped weights up to
     * refinement round 3).
     */
    public TrainingPlan(long seed, int vaeSteps, int vaeBatch, int unetSteps, int unetBatch, int motionSteps,
            int motionClips, int checkpointEvery) {
        this(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips, checkpointEvery, 0);
    }

    /**
     * The first phase of the shipped weights, from scratch: VAE, UNet with the text encoder, a
     * short motion stage. The shipped model is this, then {@link #refine(int)} rounds on its result.
     */
    public static TrainingPlan base() {
        return new TrainingPlan(20261122L, 1000, 16, 2800, 32, 300, 2, 100);
    }

    /** The phases of the shipped weights: {@link #base()} from scratch, then refinement rounds 1 to 4. */
    public static List<TrainingPlan> shippedPhases() {
        return List.of(base(), refine(1), refine(2), refine(3), refine(4));
    }

    /** The subject weight of refinement rounds from 4 on (rounds 1 to 3 weighed every latent cell alike). */
    public static final double SHIPPED_SUBJECT_WEIGHT = 4;

    /**
     * A refinement round of a trained model ({@code from=}): no VAE steps (its latents stay as they
     * are), more UNet steps with a fresh warm-up and cosine cycle, then the motion modules retrained
     * for longer on the refined UNet. Each round has its own seed (round 1: 20261123, round 2:
     * 20261124, …), so it draws data no earlier phase did. From round 4 the denoising loss weighs the
     * subject's latent cells and their neighbours {@link #SHIPPED_SUBJECT_WEIGHT} times more (shape, not
     * the background that fills most of a frame, is what earlier rounds left to learn).
     */
    public static TrainingPlan refine(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("refinement rounds count from 1: " + round);
        }
        return new TrainingPlan(20261122L + round, 0, 16, 1600, 32, 1400, 2, 100,
                round >= 4 ? SHIPPED_SUBJECT_WEIGHT : 0);
    }

    /** This plan with another seed (the draws change, the steps and batches stay). */
    public TrainingPlan withSeed(long other) {
        return new TrainingPlan(other, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, subjectWeight);
    }

    /** This plan with another subject weight (see {@link #subjectWeight()}). */
    public TrainingPlan withSubjectWeight(double weight) {
        return new TrainingPlan(seed, vaeSteps, vaeBatch, unetSteps, unetBatch, motionSteps, motionClips,
                checkpointEvery, weight);
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
        if (seed != other.seed || checkpointEvery != other.checkpointEvery || subjectWeight != other.subjectWeight) {
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

    JsonObject toJson() {
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
        return o;
    }

    static TrainingPlan fromJson(JsonObject o) {
        return new TrainingPlan(o.get("seed").getAsLong(), o.get("vae_steps").getAsInt(), o.get("vae_batch").getAsInt(),
                o.get("unet_steps").getAsInt(), o.get("unet_batch").getAsInt(), o.get("motion_steps").getAsInt(),
                o.get("motion_clips").getAsInt(), o.get("checkpoint_every").getAsInt(),
                o.has("subject_weight") ? o.get("subject_weight").getAsDouble() : 0);
    }

    /** The stages, in order: the VAE alone; the image UNet with the text encoder; the motion modules on clips. */
    public enum Stage {
        VAE, UNET, MOTION, DONE;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
