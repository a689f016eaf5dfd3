package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.samples.model.api.SampleModel;
import io.vswap.samples.model.api.SampleModelConfigs;
import io.vswap.samples.model.internal.SampleModelTrainer;
import io.vswap.samples.model.internal.TrainingPlan;
import io.vswap.samples.model.internal.TrainingPlan.Stage;
import io.vswap.samples.model.internal.UNetDeepening;

/** Layers added to a trained UNet: it computes what its base did, and the trainer refines it from there. */
class UNetDeepeningTest {

    private static final List<Integer> SHALLOW = SampleModelConfigs.UNET_LAYERS;
    private static final List<Integer> DEEP = List.of(2, 1, 1, 1);
    /** The shipped model's layers deepened once more, at the 8×8 level (the shipped model is already {@link #DEEP}). */
    private static final List<Integer> DEEPER = List.of(2, 2, 1, 1);

    @Test
    void theTrainedLayersKeepTheirSkipsAndTheNewOnesHaveNoSource() {
        // the down block's new layer comes after the trained one
        assertEquals("down_blocks.0.resnets.0.conv1.weight",
                UNetDeepening.sourceName("down_blocks.0.resnets.0.conv1.weight", SHALLOW, DEEP));
        assertNull(UNetDeepening.sourceName("down_blocks.0.resnets.1.conv1.weight", SHALLOW, DEEP));
        assertNull(UNetDeepening.sourceName("down_blocks.0.attentions.1.proj_in.weight", SHALLOW, DEEP));
        assertNull(UNetDeepening.sourceName("down_blocks.0.motion_modules.1.temporal_transformer.proj_in.weight",
                SHALLOW, DEEP));
        // the mirrored up block (3 of 0..3): its first resnet stays, the new one follows, the trained second moves on
        assertEquals("up_blocks.3.resnets.0.conv1.weight",
                UNetDeepening.sourceName("up_blocks.3.resnets.0.conv1.weight", SHALLOW, DEEP));
        assertNull(UNetDeepening.sourceName("up_blocks.3.resnets.1.conv_shortcut.weight", SHALLOW, DEEP));
        assertEquals("up_blocks.3.resnets.1.conv_shortcut.weight",
                UNetDeepening.sourceName("up_blocks.3.resnets.2.conv_shortcut.weight", SHALLOW, DEEP));
        assertEquals("up_blocks.3.attentions.1.proj_out.weight",
                UNetDeepening.sourceName("up_blocks.3.attentions.2.proj_out.weight", SHALLOW, DEEP));
        assertEquals("up_blocks.3.motion_modules.1.temporal_transformer.norm.weight",
                UNetDeepening.sourceName("up_blocks.3.motion_modules.2.temporal_transformer.norm.weight", SHALLOW, DEEP));
        // other levels and the parts outside the layers are as they were
        assertEquals("up_blocks.2.resnets.1.conv1.weight",
                UNetDeepening.sourceName("up_blocks.2.resnets.1.conv1.weight", SHALLOW, DEEP));
        assertEquals("down_blocks.0.downsamplers.0.conv.weight",
                UNetDeepening.sourceName("down_blocks.0.downsamplers.0.conv.weight", SHALLOW, DEEP));
        assertEquals("conv_in.weight", UNetDeepening.sourceName("conv_in.weight", SHALLOW, DEEP));
        assertThrows(IllegalArgumentException.class, () -> UNetDeepening.requireDeeper(DEEP, SHALLOW));
        assertThrows(IllegalArgumentException.class, () -> UNetDeepening.requireDeeper(SHALLOW, List.of(2, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> TrainingPlan.refine(1).withUnetLayers(List.of(0, 1, 1, 1)));
        assertEquals(DEEP, TrainingPlan.parseUnetLayers("2, 1,1,1"));
        assertEquals("[2, 1, 1, 1]", UNet2DConditionConfig.parse(SampleModelConfigs.unetJson(DEEP)).layersPerBlock()
                .toString());
        // one number where every level has the same, as the configs of real models give it
        assertTrue(SampleModelConfigs.unetJson().contains("\"layers_per_block\": 1,"), SampleModelConfigs.unetJson());
    }

    /**
     * The shipped weights (two layers at the finest level, one elsewhere), deepened at the 8×8 level: the same
     * noise prediction, motion features included.
     */
    @Test
    void aDeepenedModelPredictsWhatItsBaseDid() throws Exception {
        TensorRuntime rt = Runtime.get();
        Path model = SampleModel.shippedFolder();
        assertEquals(DEEP, UNet2DConditionConfig.read(model.resolve("unet/config.json")).layersPerBlock());
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoUNetModel base = VideoUNetModel.create(SampleModelConfigs.unet(DEEP), SampleModelConfigs.motion());
                    VideoUNetModel deep = VideoUNetModel.create(SampleModelConfigs.unet(DEEPER), SampleModelConfigs.motion());
                    SafetensorsFile u = SafetensorsFile.open(model.resolve("unet/diffusion_pytorch_model.fp16.safetensors"));
                    SafetensorsFile m = SafetensorsFile.open(model.resolve("motion_module/motion_module.fp16.safetensors"))) {
                assertTrue(base.imageUNet().load(u, root).isComplete());
                assertTrue(base.loadMotionModules(m, root).isComplete());
                deep.imageUNet().initialize(root, 1);
                deep.initializeMotionModules(root, 2);
                UNetDeepening.load(u, m, DEEP, DEEPER, deep);
                assertTrue(deep.imageUNet().parameters().size() > base.imageUNet().parameters().size());

                int frames = SampleModelConfigs.FRAMES;
                NDArray sample = SeededNoise.normal(root, 11, new Shape(frames, 4, 16, 16));
                NDArray text = SeededNoise.normal(root, 12, new Shape(frames, SampleModelConfigs.MAX_TOKENS, 64));
                List<NDArray> residuals = List.of(SeededNoise.normal(root, 13, new Shape(frames, 64, 16, 16)).mul(0.3f),
                        SeededNoise.normal(root, 14, new Shape(frames, 96, 8, 8)).mul(0.3f),
                        SeededNoise.normal(root, 15, new Shape(frames, 96, 4, 4)).mul(0.3f),
                        SeededNoise.normal(root, 16, new Shape(frames, 96, 2, 2)).mul(0.3f));
                float[] t = { 601 };
                NDArray expected = base.forward(sample, frames, t, text, residuals);
                NDArray got = deep.forward(sample, frames, t, text, residuals);
                float diff = got.sub(expected).abs().max().getFloat();
                assertTrue(diff < 1e-4f, "deepened model differs from its base by " + diff);

                // and the new layers are on the path: once trained away from identity, the prediction moves
                NDArray conv2 = deep.imageUNet().parameters().get("down_blocks.1.resnets.1.conv2.weight");
                conv2.set(FloatBuffer.wrap(SeededNoise.normal(root, 17, conv2.getShape()).mul(0.05f).toFloatArray()));
                float moved = deep.forward(sample, frames, t, text, residuals).sub(expected).abs().max().getFloat();
                assertTrue(moved > 1e-3f, "a new layer changed nothing: " + moved);
            }
            return null;
        });
    }

    @Test
    void aRefinementWithMoreLayersStartsWhereItsBaseWasAndRecordsTheLayers(@TempDir Path tmp) throws Exception {
        TensorRuntime rt = Runtime.get();
        Path base = SampleModel.shippedFolder();
        TrainingPlan plan = new TrainingPlan(9, 0, 16, 6, 4, 4, 1, 100, 0, Map.of(), 0, DEEPER);
        List<String> log = new ArrayList<>();
        Path out = tmp.resolve("deeper");
        List<SampleModelTrainer.StageResult> results = new SampleModelTrainer(rt, tmp.resolve("deeper.work"), plan,
                base, "shipped", log::add).run(out, new NullProgressMonitor());
        log.forEach(l -> System.out.println("  " + l));
        assertEquals(List.of(Stage.UNET, Stage.MOTION), results.stream().map(r -> r.stage()).toList());
        for (var r : results) {
            // a deepened model starts from its base's loss (fresh weights: near 1)
            assertTrue(r.evalBefore() < 0.1, r + ": the run did not start from the trained model");
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("[2, 1, 1, 1] -> [2, 2, 1, 1]")), log.toString());
        SampleModel.verify(out);
        assertEquals(DEEPER, UNet2DConditionConfig.read(out.resolve("unet/config.json")).layersPerBlock());
        JsonObject training = JsonParser.parseString(Files.readString(out.resolve("training.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(training.get("command").getAsString().endsWith(" unet_layers=2,2,1,1"),
                training.get("command").toString());
        assertEquals(plan, TrainingPlan.fromJson(training.getAsJsonObject("plan")), "the record gives the plan back");

        // a refinement of the deeper model keeps its layers, and may not take them away
        IOException e = assertThrows(IOException.class, () -> new SampleModelTrainer(rt, tmp.resolve("x.work"),
                TrainingPlan.refine(1).withUnetLayers(DEEP), out, null, s -> { })
                .run(tmp.resolve("x"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("not take them away"), e.getMessage());
        assertEquals(DEEPER, TrainingPlan.refine(1).resolveUnetLayers(DEEPER));
        String refused = Batch.refused("--job", "train-sample-model", "output=" + tmp.resolve("y"), "plan=refine",
                "from=shipped", "unet_layers=2,1,1");
        assertTrue(refused.contains("unet_layers") && refused.contains("one number from 1 to 4 per level"), refused);
    }
}
