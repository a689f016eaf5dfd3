package io.vswap.batch.tests;

import java.util.List;

import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.FarmStep;
import io.vswap.batch.internal.farm.FarmStep.Dependency;
import io.vswap.batch.internal.farm.FarmStep.Parameter;
import io.vswap.batch.internal.farm.FarmStep.Resources;

/**
 * A farm job shaped like a real batch: prepare 4 clips, swap each of them to 3 targets (frame by
 * frame after its clip's preparation), then one export after all swaps. Labels and arguments carry
 * spaces and quotes on purpose.
 */
final class DemoFarmJob {

    static final String SPEC = "/studio/specs/demo batch.json";
    static final String NOTE = "it's a \"test\" & <more>";
    static final List<String> CLIPS = List.of("beach", "city night", "o'hare", "Forest");
    static final List<String> TARGETS = List.of("red car", "blue \"sky\"", "star");

    private DemoFarmJob() {
    }

    static FarmJob job() {
        Parameter clip = new Parameter("clip", 4, CLIPS);
        Parameter target = new Parameter("target", 3, TARGETS);
        FarmStep prepare = new FarmStep("prepare", List.of(clip),
                List.of("vswap", "batch", "prepare", "--spec", SPEC, "--clip", "{clip}"), List.of(),
                new Resources(4, 8192, 0, 0));
        FarmStep swap = new FarmStep("swap", List.of(clip, target),
                List.of("vswap", "batch", "swap", "--spec", SPEC, "--clip", "{clip}", "--target", "{target}",
                        "--out", "/studio/out/clip{clip}-target{target}.mkv", "--note", NOTE),
                List.of(new Dependency("prepare", true)), new Resources(8, 16384, 1, 12288));
        FarmStep export = new FarmStep("export", List.of(),
                List.of("vswap", "batch", "export", "--spec", SPEC, "--into", "/studio/out/final cut"),
                List.of(new Dependency("swap", false)), new Resources(2, 4096, 0, 0));
        return new FarmJob("demo-batch", List.of(prepare, swap, export));
    }
}
