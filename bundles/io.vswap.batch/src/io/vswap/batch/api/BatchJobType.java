package io.vswap.batch.api;

/**
 * A kind of job a batch spec may ask for ({@code "import"}, {@code "prepare"}, later
 * {@code "track"}, {@code "swap"}, …). A seam: register an implementation as an OSGi service
 * (a DS {@code @Component(service = BatchJobType.class)}) and {@code vswap batch} runs jobs of
 * its {@link #type()} with no change to the runner.
 */
public interface BatchJobType {

    /** The value of a job's {@code "type"} field, e.g. {@code "import"}; lower case, stable. */
    String type();

    /**
     * One sentence for {@code --help} and the job reference: what the job does and what it writes.
     * The fields are {@link #fields()}'s to describe (a type that declares none names them here).
     */
    String description();

    /**
     * The job's fields, each declared once (name, kind, default, doc, range), for
     * {@code vswap batch --describe TYPE}. Empty: the type declares none, and {@link #description()}
     * is all there is.
     */
    default java.util.List<JobField> fields() {
        return java.util.List.of();
    }

    /**
     * Reads and checks a job's fields, before any job of the spec runs, so that a typo in the
     * last job is reported before the first one spends an hour.
     *
     * @throws SpecException naming the field that is missing or wrong
     */
    BatchJob parse(JobSpec spec) throws SpecException;
}
