package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.vswap.points.api.PointSetChange;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.testing.TestServices;
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

    private final PointSetStore store = TestServices.await(PointSetStore.class);

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

    @Test
    void hiddenMarksRoundTripInFormat2AndSetsWithoutMarksStayFormat1() throws Exception {
        Path plain = dir.resolve("plain.json");
        store.write(plain, sample());
        assertEquals(1,
                JsonParser.parseString(Files.readString(plain)).getAsJsonObject().get("formatVersion").getAsInt(),
                "without marks an older Studio can still open the file");

        PointSet marked = new PointSetChange.MarkHidden("left wing tip", 2).apply(sample());
        Path file = dir.resolve("marked.json");
        store.write(file, marked);
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(2, o.get("formatVersion").getAsInt(), "a 1-reader would drop the marks: format 2");
        assertEquals(2, PointSetStore.FORMAT_VERSION);
        assertEquals("[2]", o.getAsJsonArray("points").get(1).getAsJsonObject().get("hidden").toString());
        PointSet read = store.read(file);
        assertEquals(marked, read);
        assertEquals(List.of(2), read.point("left wing tip").orElseThrow().hiddenFrames());
    }

    /** A file as the format-1 Studio wrote it, byte for byte: no "hidden" anywhere. */
    private static final String VERSION_1_FILE = """
            {"format":"vswap-points","formatVersion":1,"clip":"take 1/a","frameCount":4,"width":512,"height":512,\
            "points":[{"name":"nose","colour":"#ff8800","keyframes":[{"frame":0,"x":10.0,"y":20.0},\
            {"frame":3,"x":13.0,"y":23.0}],"trajectory":{"x":[10.0,11.5,12.25,13.0],"y":[20.0,21.0,22.0,23.0],\
            "visible":[true,true,false,true],"confidence":[1.0,0.9,0.0,0.75]}},{"name":"left wing tip",\
            "colour":"#00ff00","keyframes":[{"frame":1,"x":100.0,"y":200.0}]}],"edits":[{"name":"helicopter",\
            "removed":["left wing tip"],"drags":[{"point":"nose","frame":0,"dx":3.0,"dy":-4.0}]}]}
            """;

    @Test
    void aVersion1FileIsReadWithNoMarks() throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, VERSION_1_FILE);
        PointSet read = store.read(file);
        assertEquals(sample(), read, "a format-1 file reads as before");
        assertTrue(read.points().stream().allMatch(p -> p.hiddenFrames().isEmpty()), "absent marks: none");
        assertFalse(read.point("nose").orElseThrow().trajectory().visible(2),
                "the tracker's own hidden frames stay as stored");
    }
}
