package io.vswap.batch.api;

import java.nio.file.Path;

import io.vswap.batch.internal.JsonJobSpec;

/**
 * Makes a {@link JobSpec} from one job written as JSON, for callers that run a job type
 * without a spec file (the workbench runs its edits as the same jobs {@code vswap batch} runs):
 * {@code type.parse(JobSpecs.fromJson(json, folder)).run(monitor)}.
 */
public final class JobSpecs {

    private JobSpecs() {
    }

    /**
     * @param json one job object, e.g. {@code {"type": "swap", "project": "/p", …}}
     * @param baseFolder what relative paths in the job are resolved against
     * @throws SpecException when the text is not a JSON object
     */
    public static JobSpec fromJson(String json, Path baseFolder) throws SpecException {
        return JsonJobSpec.parse(json, "job", baseFolder.toAbsolutePath());
    }
}
