package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.swap.tests.SwapJobFixture.CancelAtShare;

/**
 * A cancelled swap publishes nothing: a new target leaves no file, a cancelled re-render leaves the
 * earlier render whole and no staging file. The class's project has an unnamed render of the first
 * target (and so the caption's source side in its cache) before any test runs.
 */
class SwapJobCancelTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;

    @BeforeAll
    static void projectModelAndARender() throws Exception {
        fx = SwapJobFixture.create(dir);
        System.out.println("the render to keep: " + fx.swap(fx.targets.get(0), ""));
    }

    @Test
    void aCancelledSwapLeavesNoRender() throws Exception {
        String target = fx.targets.get(2); // no other test renders it
        String point = fx.clip.spec().shape().pointNames().get(1);
        CancelAtShare monitor = new CancelAtShare(0.4);
        // a drag too: the job gets as far as the method with it
        double[] at = fx.clip.points().get(point)[0];
        String drag = String.format(Locale.ROOT, ", \"drag\": {\"%s\": {\"x\": %.2f, \"y\": %.2f}}", point, at[0] + 3,
                at[1]);
        assertThrows(OperationCanceledException.class, () -> fx.run(fx.swapJob(fx.clip.caption(), target, drag),
                monitor));
        assertTrue(monitor.done > 0);
        List<String> left = fx.renderNames().stream().filter(n -> n.contains(target)).toList();
        assertEquals(List.of(), left);
    }

    @Test
    void aCancelledReRenderKeepsTheEarlierRenderWhole() throws Exception {
        String target = fx.targets.get(0); // rendered in projectModelAndARender
        String stem = fx.stem(target);
        Map<String, byte[]> before = new TreeMap<>();
        for (String ext : List.of(".mkv", ".mp4", ".json", "-sheet.png")) {
            before.put(ext, Files.readAllBytes(fx.renders().resolve(stem + ext)));
        }
        // cancelled late: the new render's files are written (staged), not yet published
        CancelAtShare monitor = new CancelAtShare(0.89);
        assertThrows(OperationCanceledException.class,
                () -> fx.run(fx.swapJob(fx.clip.caption(), target, ""), monitor));
        for (var e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(fx.renders().resolve(stem + e.getKey())),
                    "the earlier " + e.getKey() + " is as it was");
        }
        List<String> hidden = fx.renderNames().stream().filter(n -> n.startsWith(".")).toList();
        assertEquals(List.of(), hidden, "no staging file or journal is left");
    }
}
