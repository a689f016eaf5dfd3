package io.vswap.testing;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpecs;

/**
 * The project the GUI tests open (Swap editor, Evaluation view, …), made as a user's would be by the
 * batch jobs: a seeded sample shot of a red star (the sample job), imported as a 16-frame 64×64 clip
 * "main", prepared, and its points tracked from the sample's truth.
 */
public final class SampleProject {

    private SampleProject() {
    }

    /** Makes the project in {@code dir}/project (the shot and its truth beside it); returns its folder. */
    public static Path make(Path dir) throws Exception {
        String video = dir.resolve("shot.mkv").toString();
        String proj = dir.resolve("project").toString();
        batch(dir, """
                {"type": "sample", "output": "%s", "seed": 7, "shape": "star", "color": "red", "pattern": "striped",
                 "background": "grey"}""".formatted(video));
        batch(dir, """
                {"type": "import", "video": "%s", "project": "%s", "shot": "sample",
                 "clip": {"name": "main", "frames": 16, "stride": 1, "size": "64x64"}}""".formatted(video, proj));
        batch(dir, "{\"type\": \"prepare\", \"project\": \"%s\", \"shot\": \"sample\"}".formatted(proj));
        batch(dir, "{\"type\": \"track\", \"project\": \"%s\", \"shot\": \"sample\", \"points\": \"%s\"}".formatted(proj,
                dir.resolve("shot.truth.json")));
        return dir.resolve("project");
    }

    /** Runs one job through the job-type services, as vswap batch does. */
    public static String batch(Path dir, String json) throws Exception {
        String type = json.replaceAll("(?s).*\"type\": \"([a-z]+)\".*", "$1");
        Map<String, BatchJobType> types = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, type);
        String summary = types.get(type).parse(JobSpecs.fromJson(json, dir)).run(new NullProgressMonitor());
        System.err.println("[SampleProject] " + type + ": " + summary);
        return summary;
    }
}
