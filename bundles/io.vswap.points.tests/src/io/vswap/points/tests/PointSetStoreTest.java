package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoProbe;

/** Point sets on disk through the DS store: round trip, versions, damage, atomic saves. */
class PointSetStoreTest {

    @TempDir
    Path dir;

    private final PointSetStore store = Services.get(PointSetStore.class);

    private Shot shot() {
        VideoProbe probe = new VideoProbe(dir.resolve("src.mp4"), 512, 512, 25, 100, 4, "h264", "yuv420p", 0);
        return new Shot("bird", "Bird", probe.source(), "ffmpeg", probe,
                List.of(new Clip("take 1/a", new ClipSettings(0, 4, 1, new CropRect(0, 0, 512, 512), false, 512, 512))));
    }

    static PointSet sample() {
        Trajectory t = new Trajectory(new double[] { 10, 11.5, 12.25, 13 }, new double[] { 20, 21, 22, 23 },
                new boolean[] { true, true, false, true }, new float[] { 1f, 0.9f, 0f, 0.75f });
        SemanticPoint nose = new SemanticPoint("nose", 0xff8800,
                List.of(new Keyframe(0, 10, 20), new Keyframe(3, 13, 23)), t);
        SemanticPoint wing = SemanticPoint.placed("left wing tip", 0x00ff00, 1, 100, 200);
        return PointSet.empty("take 1/a", 4, 512, 512).withPoint(nose).withPoint(wing)
                .withEdit(new PointEdit("helicopter", Set.of("left wing tip"), List.of(new PointDrag("nose", 0, 3, -4))));
    }

    @Test
    void roundTripInTheShotFolder() throws Exception {
        Project project = new Project(dir, "p", List.of(shot()));
        PointSet set = sample();
        Path file = store.save(project, project.shots().get(0), set);
        assertEquals(dir.resolve("shots").resolve("bird").resolve("points-take+1%2Fa.json"), file);
        assertEquals(set, store.load(project, project.shots().get(0), "take 1/a").orElseThrow());
        assertTrue(store.load(project, project.shots().get(0), "other").isEmpty());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left beside it");
        }
    }

    @Test
    void aNewerFormatIsRefusedWithAClearMessage() throws Exception {
        Path file = dir.resolve("points.json");
        store.write(file, sample());
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        o.addProperty("formatVersion", PointSetStore.FORMAT_VERSION + 1);
        Files.writeString(file, o.toString());
        PointSetFormatException e = assertThrows(PointSetFormatException.class, () -> store.read(file));
        assertTrue(e.getMessage().contains("newer VideoSwap Studio"), e.getMessage());
        assertTrue(e.getMessage().contains("was not changed"), e.getMessage());
    }

    @Test
    void damagedFilesAreReportedNotGuessed() throws Exception {
        Path file = dir.resolve("points.json");
        Files.writeString(file, "{\"format\":\"vswap-points\",\"formatVersion\":1,");
        assertTrue(assertThrows(PointSetFormatException.class, () -> store.read(file)).getMessage()
                .contains("not valid JSON"));
        store.write(file, sample());
        String text = Files.readString(file).replace("\"keyframes\":[{\"frame\":0", "\"keyframes\":[{\"frame\":9");
        Files.writeString(file, text);
        PointSetFormatException e = assertThrows(PointSetFormatException.class, () -> store.read(file));
        assertTrue(e.getMessage().contains("frame 9"), e.getMessage());
    }
}
