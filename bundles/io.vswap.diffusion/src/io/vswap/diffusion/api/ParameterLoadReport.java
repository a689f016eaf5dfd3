package io.vswap.diffusion.api;

import java.util.List;

/**
 * What loading a checkpoint into a model found, by diffusers parameter name.
 *
 * @param missing parameters the model has and the file lacks
 * @param unexpected tensors the file has and the model does not use
 * @param mismatched {@code name: file [..] vs model [..]} for tensors of the wrong shape (not loaded)
 */
public record ParameterLoadReport(List<String> missing, List<String> unexpected, List<String> mismatched) {

    public ParameterLoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** Every parameter was loaded with its shape (unexpected extra tensors are allowed). */
    public boolean isComplete() {
        return missing.isEmpty() && mismatched.isEmpty();
    }

    @Override
    public String toString() {
        return "missing " + missing + ", wrong shape " + mismatched + ", unexpected " + unexpected;
    }
}
