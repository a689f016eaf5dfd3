package io.vswap.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.ui.api.ClipEditorInput;
import io.vswap.ui.api.ClipRef;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoProbe;

/** One editor per clip and kind: equal inputs for the same clip and kind, different across kinds and clips. */
class ClipEditorInputTest {

    static final class PointsInput extends ClipEditorInput {
        PointsInput(ClipRef clip) {
            super(clip, "Points");
        }
    }

    static final class SwapInput extends ClipEditorInput {
        SwapInput(ClipRef clip) {
            super(clip, "Swap");
        }
    }

    static ClipRef ref(Path folder, String clip) {
        VideoProbe probe = new VideoProbe(folder.resolve("a.mp4"), 64, 64, 25, 16, 0.64, "h264", "yuv420p", 0);
        Shot shot = new Shot("a", "A", probe.source(), "ffmpeg", probe,
                List.of(new Clip(clip, ClipSettings.defaults(probe, 64, 64))));
        return new ClipRef(new Project(folder, "p", List.of(shot)), shot, shot.clips().get(0));
    }

    @Test
    void equalForTheSameClipAndKindOnly() {
        Path folder = Path.of("/tmp/project");
        ClipRef main = ref(folder, "main");
        // another ClipRef object for the same clip (a reloaded project) still matches
        assertEquals(new PointsInput(main), new PointsInput(ref(folder, "main")));
        assertEquals(new PointsInput(main).hashCode(), new PointsInput(ref(folder, "main")).hashCode());
        assertNotEquals(new PointsInput(main), new SwapInput(main), "points and swap editors on a clip stay apart");
        assertNotEquals(new PointsInput(main), new PointsInput(ref(folder, "other")));
        assertNotEquals(new PointsInput(main), new PointsInput(ref(Path.of("/tmp/elsewhere"), "main")));
        assertTrue(new SwapInput(main).getToolTipText().startsWith("Swap of clip main of shot A in "));
        assertEquals("A / main", new SwapInput(main).getName());
    }
}
