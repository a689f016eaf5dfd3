package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.internal.TrainingPlan;
import io.vswap.samples.model.internal.TrainingPlan.Stage;

/** The training's shape weights: the draw follows them, and plans that draw alike are the same plan. */
class TrainingPlanShapeWeightsTest {

    private static final TrainingPlan PLAN = TrainingPlan.refine(1);

    @Test
    void theDrawFollowsTheWeights() {
        TrainingPlan weighted = PLAN.withShapeWeights(TrainingPlan.parseShapeWeights("star:3,cross:2"));
        Map<SubjectShape, Integer> counts = new EnumMap<>(SubjectShape.class);
        int n = 90_000;
        for (long seed = 0; seed < n; seed++) {
            SubjectShape world = SampleSpec.random(new Random(seed)).shape();
            counts.merge(weighted.trainingShape(seed, world), 1, Integer::sum);
        }
        // star 3/9, cross 2/9, each other shape 1/9; 4 standard errors of a share near 1/3 are 0.6 points
        for (SubjectShape s : SubjectShape.values()) {
            double expected = (s == SubjectShape.STAR ? 3 : s == SubjectShape.CROSS ? 2 : 1) / 9.0;
            assertEquals(expected, counts.getOrDefault(s, 0) / (double) n, 0.006, s + ": " + counts);
        }
        // a weight of 0 leaves a shape out
        TrainingPlan noDiscs = PLAN.withShapeWeights(Map.of(SubjectShape.DISC, 0.0));
        for (long seed = 0; seed < 5000; seed++) {
            assertFalse(noDiscs.trainingShape(seed, SubjectShape.DISC) == SubjectShape.DISC, "seed " + seed);
        }
    }

    @Test
    void withoutWeightsTheWorldsOwnDrawIsKept() {
        // so every earlier plan draws exactly the samples it drew when its weights were made
        for (long seed = 0; seed < 1000; seed++) {
            SubjectShape world = SampleSpec.random(new Random(seed)).shape();
            assertEquals(world, PLAN.trainingShape(seed, world));
        }
        assertTrue(PLAN.shapeWeights().isEmpty());
        assertEquals(PLAN, PLAN.withShapeWeights(Map.of(SubjectShape.STAR, 1.0)), "weight 1 is the default");
        assertEquals("", PLAN.shapeWeightsArgument());
    }

    @Test
    void weightsAreParsedWrittenBackAndCompared() {
        TrainingPlan weighted = PLAN.withShapeWeights(TrainingPlan.parseShapeWeights(" cross:2, star:3 "));
        assertEquals("star:3,cross:2", weighted.shapeWeightsArgument());
        assertEquals(weighted, PLAN.withShapeWeights(TrainingPlan.parseShapeWeights("star:3,cross:2,disc:1")));
        assertEquals("star:0.5", PLAN.withShapeWeights(TrainingPlan.parseShapeWeights("star:0.5")).shapeWeightsArgument());
        // a checkpoint of one mix does not go on under another
        assertFalse(weighted.canContinueAs(PLAN, Stage.UNET, 10));
        assertTrue(weighted.canContinueAs(weighted, Stage.UNET, 10));

        assertMessage("no shape is called \"hexagon\"", () -> TrainingPlan.parseShapeWeights("hexagon:2"));
        assertMessage("not shape:weight", () -> TrainingPlan.parseShapeWeights("star=2"));
        assertMessage("not a number", () -> TrainingPlan.parseShapeWeights("star:many"));
        assertMessage("named twice", () -> TrainingPlan.parseShapeWeights("star:2,star:3"));
        assertMessage("must be in [0, 100]", () -> PLAN.withShapeWeights(Map.of(SubjectShape.STAR, -1.0)));
        assertMessage("must be in [0, 100]", () -> PLAN.withShapeWeights(Map.of(SubjectShape.STAR, Double.NaN)));
        Map<SubjectShape, Double> none = new EnumMap<>(SubjectShape.class);
        for (SubjectShape s : SubjectShape.values()) {
            none.put(s, 0.0);
        }
        assertMessage("at least one shape", () -> PLAN.withShapeWeights(none));
    }

    @Test
    void theShippedModelWasTrainedByTheLastPhaseOfTheShippedPlan() throws Exception {
        // so `vswap train-sample-model output=DIR` reproduces what ships, shape and subject weights included
        JsonObject training = JsonParser.parseString(
                Files.readString(SampleModel.shippedFolder().resolve("training.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<TrainingPlan> phases = TrainingPlan.shippedPhases();
        assertEquals(phases.get(phases.size() - 1), TrainingPlan.fromJson(training.getAsJsonObject("plan")));
        assertEquals("vswap train-sample-model output=DIR", training.get("command").getAsString());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
