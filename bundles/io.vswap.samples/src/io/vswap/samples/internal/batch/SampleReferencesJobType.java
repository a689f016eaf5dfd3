package io.vswap.samples.internal.batch;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.osgi.service.component.annotations.Component;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.UnseenSubject;

/**
 * {@code "sample-references"}: reference images of a subject the sample model was never taught,
 * to learn a concept from, e.g. {@code {"type": "sample-references", "subject": "heart", "folder":
 * "refs/heart"}} writes {@code refs/heart/01.png … 05.png}.
 */
@Component(service = BatchJobType.class)
public final class SampleReferencesJobType implements BatchJobType {

    private static final JobField SUBJECT = JobField.required("subject", JobField.Kind.TEXT, "one of "
            + String.join(", ", java.util.Arrays.stream(UnseenSubject.values()).map(UnseenSubject::word).toList()));
    private static final JobField FOLDER = JobField.required("folder", JobField.Kind.PATH,
            "where the images go (01.png, 02.png, …)");
    private static final JobField COUNT = JobField.integer("count", 5, "how many images").within(1, 20);
    private static final JobField SIZE = JobField.integer("size", 64, "image side in pixels")
            .within(SampleWorld.MIN_SIZE, 4096);
    private static final List<JobField> FIELDS = List.of(SUBJECT, FOLDER, COUNT, SIZE);

    @Override
    public String type() {
        return "sample-references";
    }

    @Override
    public String description() {
        return "draw reference images of a subject the sample model was never taught (to learn a concept from)";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        UnseenSubject subject;
        try {
            subject = UnseenSubject.byWord(spec.optString("subject").orElseThrow());
        } catch (IllegalArgumentException e) {
            throw spec.error("subject", e.getMessage());
        }
        Path folder = FOLDER.path(spec);
        int count = COUNT.integer(spec);
        int size = SIZE.integer(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return count + " reference images of the " + subject.description() + ", " + size + "×" + size + " → "
                        + folder;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                if (monitor != null && monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                List<Path> files = subject.writeReferences(folder, count, size);
                return files.size() + " reference images of the " + subject.description() + " → " + folder;
            }
        };
    }
}
