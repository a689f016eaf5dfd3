package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.BatchCommand;

/** A spec that cannot be run is refused as a whole, before any job runs, naming the field. */
class SpecErrorsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void jobTypesRegistered() throws InterruptedException {
        BatchRun.service(BatchJobType.class); // DS may still be activating
    }

    private BatchRun runSpec(String json) throws Exception {
        return BatchRun.run(BatchRun.writeSpec(dir, json).toString());
    }

    private void assertRefused(BatchRun r, String... expectedInErr) {
        assertEquals(BatchCommand.EXIT_USAGE, r.exitCode, r.err);
        for (String e : expectedInErr) {
            assertTrue(r.err.contains(e), "stderr should contain «" + e + "»:\n" + r.err);
        }
        assertTrue(r.err.contains("Nothing was run"), r.err);
        assertFalse(Files.exists(dir.resolve("p")), "no project may be created by a refused spec");
    }

    @Test
    void notJsonSaysWhere() throws Exception {
        BatchRun r = runSpec("{\"jobs\": [ {\"type\": \"import\", \"video\": \"a.mp4\",, } ]}");
        assertRefused(r, "spec.json", "is not valid JSON", "line 1");
    }

    @Test
    void trailingTextIsAnError() throws Exception {
        assertRefused(runSpec("{\"jobs\": [{\"type\": \"prepare\", \"project\": \"p\", \"shot\": \"s\"}]} x"),
                "more text after the end");
    }

    /** Gson alone keeps the last of two values: a hand-edited spec would run what its author did not mean. */
    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        assertRefused(runSpec("{\"jobs\": [{\"type\": \"prepare\", \"project\": \"p\", \"shot\": \"s\", "
                + "\"shot\": \"t\"}]}"), "the key \"shot\" is given twice", "$.jobs[0]");
    }

    /** 100000 nested brackets overflowed the reader's stack (exit 13); now a refusal like any other. */
    @Test
    void absurdNestingIsRefused() throws Exception {
        assertRefused(runSpec("{\"jobs\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"), "nested deeper than");
    }

    @Test
    void missingJobs() throws Exception {
        assertRefused(runSpec("{\"version\": 1}"), "jobs: is missing");
    }

    @Test
    void newerVersionRefused() throws Exception {
        assertRefused(runSpec("{\"version\": 7, \"jobs\": [{\"type\": \"prepare\", \"project\": \"p\", \"shot\": \"s\"}]}"),
                "version: 7 is newer");
    }

    @Test
    void unknownJobTypeListsTheKnownOnes() throws Exception {
        assertRefused(runSpec("{\"jobs\": [{\"type\": \"swapp\"}]}"), "jobs[0].type: unknown job type \"swapp\"",
                "import", "prepare");
    }

    @Test
    void everyBadFieldIsReportedWithItsPath() throws Exception {
        BatchRun r = runSpec("""
                {"version": 1, "jobs": [
                  {"type": "import", "project": "p", "clip": {"frames": "ten"}},
                  {"type": "import", "video": "a.mp4", "project": "p", "clip": {"frmes": 4}},
                  {"type": "import", "video": "a.mp4", "project": "p", "clip": {"size": "500x500"}},
                  {"type": "import", "video": "a.mp4", "project": "p", "clip": {"crop": {"x": 0, "y": 0, "width": 10}}},
                  {"type": "prepare", "project": "p"},
                  "prepare"
                ]}""");
        assertRefused(r, "jobs[0].video: is missing", "jobs[1].clip.frmes: is not a field",
                "jobs[2].clip.size: sizes must be positive multiples of 8", "jobs[3].clip.crop.height: is missing",
                "jobs[4].shot: is missing", "jobs[5]: expected an object");
    }

    @Test
    void wrongKindOfValue() throws Exception {
        assertRefused(runSpec("{\"jobs\": [{\"type\": \"import\", \"video\": \"a.mp4\", \"project\": \"p\", "
                + "\"clip\": {\"stride\": 1.5}}]}"), "jobs[0].clip.stride: expected a whole number, got 1.5");
    }

    @Test
    void missingSpecFile() {
        BatchRun r = BatchRun.run(dir.resolve("nope.json").toString());
        assertEquals(BatchCommand.EXIT_USAGE, r.exitCode);
        assertTrue(r.err.contains("nope.json") && r.err.contains("does not exist"), r.err);
    }

    @Test
    void usageErrors() {
        assertEquals(BatchCommand.EXIT_USAGE, BatchRun.run().exitCode);
        assertEquals(BatchCommand.EXIT_USAGE, BatchRun.run("--frobnicate").exitCode);
        BatchRun help = BatchRun.run("--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.out.contains("import") && help.out.contains("prepare") && help.out.contains("--list-services"),
                help.out);
    }

    @Test
    void oneJobFromTheCommandLine() {
        BatchRun bad = BatchRun.run("--job", "import", "video=" + dir.resolve("a.mp4"), "project=p", "shot=s", "frmes=3");
        assertEquals(BatchCommand.EXIT_USAGE, bad.exitCode);
        assertTrue(bad.err.contains("frmes") && bad.err.contains("Nothing was run"), bad.err);
        BatchRun noValue = BatchRun.run("--job", "import", "video");
        assertEquals(BatchCommand.EXIT_USAGE, noValue.exitCode);
        assertTrue(noValue.err.contains("expected field=value"), noValue.err);
        assertEquals(BatchCommand.EXIT_USAGE, BatchRun.run("--job").exitCode);
        // fields typed from the text (a number stays a number) and the job really runs: here it fails on the video
        BatchRun ran = BatchRun.run("--job", "import", "video=" + dir.resolve("missing.mp4"),
                "project=" + dir.resolve("project"), "shot=s");
        assertEquals(BatchCommand.EXIT_JOB_FAILED, ran.exitCode);
        assertTrue(ran.err.contains("missing.mp4"), ran.err);
    }
}
