package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.swap.api.EditObserver;
import io.vswap.video.api.RgbFrame;

/**
 * What a running swap job shows (issue 29, "progress that means something"): the stage with its
 * step as the monitor's sub-task (the console and the Progress view print it), and, to an observer
 * (the workbench), the registration's loss curve and previews of the edit as it forms.
 */
class SwapProgressTest {

    @TempDir
    static Path dir;

    @Test
    void aSwapSaysItsStagesWithTheirStepsAndShowsItsLossCurveAndPreviews() throws Exception {
        SwapJobFixture fx = SwapJobFixture.create(dir);
        List<String> stages = new CopyOnWriteArrayList<>();
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(name)) {
                    stages.add(name);
                }
            }
        };
        record Loss(int iteration, int total, double loss) {
        }
        record Preview(String stage, int step, int steps, RgbFrame frame) {
        }
        List<Loss> losses = new CopyOnWriteArrayList<>();
        List<Preview> previews = new CopyOnWriteArrayList<>();
        EditObserver observer = new EditObserver() {
            @Override
            public void loss(String curve, int iteration, int total, double loss) {
                assertEquals("registration", curve);
                losses.add(new Loss(iteration, total, loss));
            }

            @Override
            public void preview(String stage, int step, int steps, RgbFrame frame) {
                previews.add(new Preview(stage, step, steps, frame));
            }
        };
        fx.run(fx.swapJob(fx.clip.caption(), fx.targets.get(0), ""), monitor, observer);
        System.out.println("stages: " + stages);

        // the fixture's settings: 4 steps, 3 registration iterations, one edit pass
        for (String s : List.of("reading the clip", "loading the model", "DDIM inversion 1/4", "DDIM inversion 4/4",
                "editing", "editing, step 1/4", "editing, step 4/4", "editing, decoding the frames",
                "writing the render")) {
            assertTrue(stages.contains(s), "\"" + s + "\" among " + stages);
        }
        assertTrue(stages.stream().anyMatch(s -> s.startsWith("registration 3/3: loss ")), stages.toString());
        assertTrue(stages.indexOf("DDIM inversion 4/4") < stages.indexOf("editing, step 1/4")
                && stages.indexOf("editing, decoding the frames") < stages.indexOf("writing the render"), "in order");

        // the loss curve: a point per iteration that ran (an iteration whose points all sat out has none)
        assertTrue(!losses.isEmpty() && losses.size() <= 3, losses.toString());
        for (int i = 0; i < losses.size(); i++) {
            assertEquals(3, losses.get(i).total());
            assertTrue(Double.isFinite(losses.get(i).loss()) && losses.get(i).loss() >= 0, losses.toString());
            assertTrue(i == 0 || losses.get(i).iteration() > losses.get(i - 1).iteration(), losses.toString());
        }
        // a preview of the middle frame after each of the 4 steps (every step when there are under 10)
        assertEquals(List.of(1, 2, 3, 4), previews.stream().map(Preview::step).toList());
        for (Preview p : previews) {
            assertEquals("editing", p.stage());
            assertEquals(4, p.steps());
            assertEquals(8, p.frame().index(), "the middle frame of 16");
            assertEquals(64, p.frame().width());
            assertEquals(64, p.frame().height());
        }
        // pictures of the edit as it forms, not one image four times
        assertTrue(!Arrays.equals(previews.get(0).frame().rgb(), previews.get(3).frame().rgb()),
                "the first and last previews differ");
    }
}
