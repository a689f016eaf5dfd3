package io.vswap.diffusion.api;

import java.util.List;

/**
 * The configuration of the CPU backend that computes training gradients on this machine, as the
 * gradient self-check chose it ({@link TensorRuntime#trainingGradients()}): the default (oneDNN
 * kernels at the instruction set the process started with), or a fallback when the default gave
 * wrong gradients. A training report carries {@link #describe()}.
 *
 * @param id {@code default} or {@code onednn-off} (PyTorch's own kernels, slower convolutions)
 * @param checks the check's figure per op in the chosen configuration ({@code op: error}), worst first
 * @param rejected the configurations tried before it and the ops they got wrong; empty when the first passed
 * @param cached whether the verdict came from the cache (same CPU, library and settings) rather than a check run now
 */
public record GradientConfiguration(String id, String machine, List<String> checks, List<String> rejected,
        boolean cached) {

    public static final String DEFAULT = "default";
    public static final String ONEDNN_OFF = "onednn-off";

    public GradientConfiguration {
        checks = List.copyOf(checks);
        rejected = List.copyOf(rejected);
    }

    public boolean fallback() {
        return !DEFAULT.equals(id);
    }

    /** One line for a log or a report. */
    public String describe() {
        String what = DEFAULT.equals(id) ? "the default CPU kernels (oneDNN)"
                : "PyTorch's own CPU kernels, oneDNN switched off (slower)";
        String why = rejected.isEmpty() ? "" : "; rejected: " + String.join("; ", rejected);
        return "gradients computed with " + what + " on " + machine + " (self-check " + (cached ? "cached" : "run now")
                + why + ")";
    }
}
