package io.vswap.batch.api;

/** A batch spec that cannot be run as written; {@link #field()} says where it is wrong. */
public class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the path of the field in the spec, e.g. {@code jobs[0].clip.frames}
     * @param message what is wrong and what is expected
     */
    public SpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
