package io.vswap.batch.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.OpenCueJob;
import io.vswap.batch.internal.farm.OpenJdTemplate;

/** The engine writers as the farm command calls them. */
final class FarmWriters {

    private FarmWriters() {
    }

    static void openCue(FarmJob job, String show, String shot, String user, Path file) throws IOException {
        OpenCueJob.write(job, OpenCueJob.Submission.defaults().withShow(show).withShot(shot).withUser(user), file);
    }

    /** The spec's folder (as the farm sees it) is a PATH parameter, so that OpenJD's path mapping can move it. */
    static void openJd(FarmJob job, Path specFolderOnFarm, Path file) throws IOException {
        OpenJdTemplate.write(job, List.of(new OpenJdTemplate.PathParameter("SpecFolder", specFolderOnFarm,
                OpenJdTemplate.DataFlow.INOUT)), file);
    }
}
