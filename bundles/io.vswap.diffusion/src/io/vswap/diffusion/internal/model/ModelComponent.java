package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.ParameterLoadReport;

/**
 * One sub-folder of a diffusers model folder ({@code unet/}, later {@code vae/},
 * {@code text_encoder/}): how to read its config, check its weights and run it once.
 * {@link ModelComponents} lists the known ones.
 */
public interface ModelComponent {

    /** The sub-folder name, e.g. {@code unet}. */
    String folder();

    /** The weight file names this component accepts, in order of preference. */
    List<String> weightFiles();

    /** The config and weights found in {@code dir}, checked against each other without loading tensors. */
    Inspection inspect(Path dir) throws IOException;

    /** Loads the weights under {@code manager}; the result runs {@link Loaded#run}. */
    Loaded load(Path dir, NDManager manager) throws IOException;

    /** What {@link #inspect} found. */
    record Inspection(String className, String configSummary, Path weights, long parameterCount,
            ParameterLoadReport report) {

        public void print(PrintStream out) {
            out.println("class:       " + className);
            out.println("config:      " + configSummary);
            out.println("weights:     " + weights);
            out.printf("parameters:  %,d%n", parameterCount);
            out.println("missing:     " + report.missing().size() + (report.missing().isEmpty() ? "" : " " + head(report.missing())));
            out.println("wrong shape: " + report.mismatched().size() + (report.mismatched().isEmpty() ? "" : " " + head(report.mismatched())));
            out.println("unexpected:  " + report.unexpected().size() + (report.unexpected().isEmpty() ? "" : " " + head(report.unexpected())));
        }

        private static String head(List<String> l) {
            return l.size() > 10 ? l.subList(0, 10) + " … (" + l.size() + ")" : l.toString();
        }
    }

    /** A loaded component: named input tensors in, named output tensors out. */
    interface Loaded extends AutoCloseable {

        /** The inputs {@link #run} reads, e.g. {@code sample, timestep, encoder_hidden_states}. */
        List<String> inputs();

        Map<String, NDArray> run(Map<String, NDArray> inputs);

        /** Whether every one of {@link #inputs()} must be given (else: any one of them). */
        default boolean needsAllInputs() {
            return true;
        }

        @Override
        void close();
    }
}
