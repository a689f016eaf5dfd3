package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.batch.internal.BatchCommand;
import io.vswap.batch.internal.PathMapping;

/**
 * A spec whose jobs have a matrix: tasks per combination, ids, what each waits for, a failed task
 * stopping only the tasks that need it, one task run alone (as a farm host runs it), the plan, the
 * JSON-lines progress and each task's log — with the real import and export jobs on real files.
 */
class BatchMatrixTest {

    @TempDir
    Path dir;

    /** Two shots imported and exported; shot "b"'s video is missing. */
    private Path twoShotSpec() throws Exception {
        ImportPrepareTest.makeVideo(dir.resolve("a.mkv"), 12);
        return BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "project": "proj", "clip": {"frames": 4, "size": "64x64"},
                   "matrix": {"shot": [{"shot": "a", "video": "a.mkv"}, {"shot": "b", "video": "missing.mkv"}]}},
                  {"type": "export", "project": "proj", "matrix": {"shot": ["a", "b"]}}
                ]}""");
    }

    @Test
    void aFailedTaskStopsOnlyTheTasksThatNeedIt() throws Exception {
        Path spec = twoShotSpec();
        BatchRun r = BatchRun.run(spec.toString());
        assertEquals(BatchCommand.EXIT_JOB_FAILED, r.exitCode, r.err);
        assertTrue(r.out.contains("[1/4 1.1] ok"), r.out);
        assertTrue(r.err.contains("[2/4 1.2] FAILED") && r.err.contains("missing.mkv"), r.err);
        // the export of a runs (it needs only the import of a); the export of b waits for what failed
        assertTrue(r.out.contains("[3/4 2.1] ok"), r.out);
        assertTrue(r.err.contains("[4/4 2.2] not run") && r.err.contains("needs 1.2, which failed"), r.err);
        assertTrue(Files.isRegularFile(dir.resolve("proj/renders/a-main.mp4")), "a exported");
        assertTrue(r.err.contains("2 ok, 1 FAILED, 1 not run"), r.err);
        // each task that ran has its log beside the spec
        Path logs = dir.resolve("spec.logs");
        assertTrue(Files.readString(logs.resolve("1.1.log")).contains("ok: "), "import a's log");
        assertTrue(Files.readString(logs.resolve("1.2.log")).contains("FAILED: "), "import b's log");
        assertFalse(Files.exists(logs.resolve("2.2.log")), "a task that did not run has no log");

        // the missing video found: a rerun imports only b (a is in the project as asked) and exports both
        Files.copy(dir.resolve("a.mkv"), dir.resolve("missing.mkv"));
        BatchRun again = BatchRun.run(spec.toString());
        assertEquals(0, again.exitCode, again.err);
        assertTrue(again.err.contains("[1/4 1.1] done earlier: shot \"a\""), again.err);
        assertTrue(again.out.contains("[2/4 1.2] ok") && again.out.contains("[4/4 2.2] ok"), again.out);
        assertEquals(List.of("a", "b"), BatchRun.service(io.vswap.video.api.ProjectStore.class)
                .open(dir.resolve("proj")).shots().stream().map(s -> s.name()).toList(), "no shot imported twice");

        // the same shot asked with another clip is not the same import
        Path other = BatchRun.writeSpec(dir, Files.readString(spec).replace("\"frames\": 4", "\"frames\": 5"));
        BatchRun plan = BatchRun.run("--plan", other.toString());
        assertTrue(plan.out.contains("[1/4 1.1] would run"), plan.out);
    }

    @Test
    void theMatrixExpandsFirstAxisFastestAndEachFieldComesFromOnePlace() throws Exception {
        ImportPrepareTest.makeVideo(dir.resolve("a.mkv"), 12);
        Path spec = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "project": "proj", "video": "a.mkv", "clip": {"frames": 4, "size": "64x64"},
                   "matrix": {"shot": ["x", "y"], "projectName": ["P", "Q", "R"]}}]}""");
        BatchRun plan = BatchRun.run("--plan", spec.toString());
        assertEquals(0, plan.exitCode, plan.err);
        List<String> ids = plan.out.lines().filter(l -> l.startsWith("[")).map(l -> l.substring(l.indexOf(' ') + 1,
                l.indexOf(']'))).toList();
        assertEquals(List.of("1.1.1", "1.2.1", "1.1.2", "1.2.2", "1.1.3", "1.2.3"), ids);
        assertTrue(plan.out.contains("6 would run"), plan.out);
        assertFalse(Files.exists(dir.resolve("proj")), "a plan runs nothing");

        Path twice = BatchRun.writeSpec(dir, """
                {"version": 1, "jobs": [
                  {"type": "import", "project": "proj", "video": "a.mkv", "shot": "s",
                   "matrix": {"shot": ["x", "y"]}},
                  {"type": "import", "project": "proj", "matrix": {"v": [{"video": "a.mkv", "shot": "p"}],
                   "w": [{"shot": "q"}]}},
                  {"type": "import", "project": "proj", "matrix": {"shot": ["x", "x"]}},
                  {"type": "import", "project": "proj", "matrix": []}]}""");
        BatchRun bad = BatchRun.run(twice.toString());
        assertEquals(BatchCommand.EXIT_USAGE, bad.exitCode);
        assertTrue(bad.err.contains("jobs[0].matrix.shot[0]: sets \"shot\", which the job gives too"), bad.err);
        assertTrue(bad.err.contains("the axes \"v\" and \"w\" both set \"shot\""), bad.err);
        assertTrue(bad.err.contains("jobs[2].matrix.shot: two values have the same label"), bad.err);
        assertTrue(bad.err.contains("jobs[3].matrix: expected an object of lists"), bad.err);
    }

    @Test
    void oneTaskRunsAloneWithItsLogAndJsonLinesProgress() throws Exception {
        Path spec = twoShotSpec();
        BatchRun one = BatchRun.run("--progress=jsonl", "--task", "1.1", spec.toString());
        assertEquals(0, one.exitCode, one.err);
        List<JsonObject> events = one.out.lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals("plan", events.get(0).get("event").getAsString());
        assertEquals("start", events.get(1).get("event").getAsString());
        assertEquals("1.1", events.get(1).get("task").getAsString());
        assertEquals("a", events.get(1).getAsJsonObject("matrix").get("shot").getAsString());
        List<JsonObject> progress = events.stream().filter(e -> e.get("event").getAsString().equals("progress")).toList();
        assertFalse(progress.isEmpty(), one.out);
        double last = -1;
        for (JsonObject p : progress) {
            assertFalse(p.get("stage").getAsString().isBlank(), p.toString());
            if (p.has("fraction")) {
                assertTrue(p.get("fraction").getAsDouble() >= last, "fractions never go back: " + one.out);
                last = p.get("fraction").getAsDouble();
            }
        }
        assertEquals(1.0, last, 1e-9, one.out);
        JsonObject end = events.get(events.size() - 2);
        assertEquals("end", end.get("event").getAsString());
        assertEquals("done", end.get("status").getAsString());
        assertEquals("summary", events.get(events.size() - 1).get("event").getAsString());
        assertTrue(one.err.contains("ok: "), "the result goes to stderr when stdout carries JSON: " + one.err);
        assertTrue(Files.isRegularFile(dir.resolve("spec.logs/1.1.log")));

        // the task of another shot is not run, and a task the spec has not is refused by name
        assertFalse(Files.exists(dir.resolve("spec.logs/1.2.log")));
        BatchRun none = BatchRun.run("--task", "3.1", spec.toString());
        assertEquals(BatchCommand.EXIT_USAGE, none.exitCode);
        assertTrue(none.err.contains("the spec has no task 3.1; its tasks are: 1.1, 1.2, 2.1, 2.2"), none.err);
    }

    @Test
    void aFarmJobTheEngineWouldRefuseIsRefusedInWords() throws Exception {
        Path spec = twoShotSpec();
        BatchRun r = BatchRun.run("--farm", "export", spec.toString(), "--engine", "opencue", "--user", "root");
        assertEquals(BatchCommand.EXIT_USAGE, r.exitCode, r.err);
        assertTrue(r.err.contains("OpenCue needs a user other than root") && r.err.contains("--user NAME"), r.err);
        assertFalse(Files.exists(dir.resolve("spec.cue.xml")), "nothing written");
        BatchRun ok = BatchRun.run("--farm", "export", spec.toString(), "--engine", "opencue", "--user", "ed");
        assertEquals(0, ok.exitCode, ok.err);
        assertTrue(Files.readString(dir.resolve("spec.cue.xml")).contains("<user>ed</user>"));
    }

    @Test
    void pathsMapAtFolderBoundariesOnly() {
        PathMapping m = PathMapping.NONE.with(PathMapping.rule("/home/ed/show/=/mnt/show"))
                .with(PathMapping.rule("/home/ed=/farm/home"));
        assertEquals("/mnt/show/s01/a.mkv", m.map("/home/ed/show/s01/a.mkv"));
        assertEquals("/mnt/show", m.map("/home/ed/show"));
        assertEquals("/farm/home/shows/x", m.map("/home/ed/shows/x"), "/home/ed/show does not take /home/ed/shows");
        assertEquals("/home/eddie/x", m.map("/home/eddie/x"));
        assertEquals("relative/path", m.map("relative/path"));
        assertEquals(List.of("--map-path", "/home/ed/show=/mnt/show", "--map-path", "/home/ed=/farm/home"),
                m.arguments());
    }
}
