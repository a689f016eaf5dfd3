package io.vswap.batch.api;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The fields of one job (or of an object nested in it) as written in the spec. Every accessor
 * that finds a field missing or of the wrong kind throws a {@link SpecException} naming the
 * field by its path in the spec ({@code jobs[2].clip.frames}).
 */
public interface JobSpec {

    /** Where this object is in the spec, e.g. {@code jobs[2]} or {@code jobs[2].clip}. */
    String location();

    boolean has(String field);

    /** The object's field names in the order the spec writes them (for maps such as point names). */
    java.util.List<String> fieldNames();

    String string(String field) throws SpecException;

    Optional<String> optString(String field) throws SpecException;

    OptionalInt optInt(String field) throws SpecException;

    OptionalDouble optNumber(String field) throws SpecException;

    Optional<Boolean> optBoolean(String field) throws SpecException;

    /** A file or folder; a relative path is taken relative to the spec file's folder. */
    Path path(String field) throws SpecException;

    Optional<Path> optPath(String field) throws SpecException;

    /** A list of non-empty strings, e.g. point names ({@code ["wing_l", "wing_r"]}, or {@code "wing_l,wing_r"}). */
    Optional<java.util.List<String>> optStrings(String field) throws SpecException;

    /** A nested object, e.g. a job's {@code "clip"}. */
    Optional<JobSpec> optObject(String field) throws SpecException;

    /**
     * Refuses fields other than {@code known} (and {@code "type"}), so that a misspelt optional
     * field ({@code "frmes"}) is an error rather than silently ignored.
     */
    void requireOnly(String... known) throws SpecException;

    /** {@link #requireOnly(String...)} with a job type's declared fields. */
    default void requireOnly(java.util.List<JobField> declared) throws SpecException {
        requireOnly(declared.stream().map(JobField::name).toArray(String[]::new));
    }

    /** An error about {@code field} of this object. */
    SpecException error(String field, String message);
}
