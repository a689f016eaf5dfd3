package io.vswap.diffusion.api;

import java.util.concurrent.Callable;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * The tensor engine (DJL with its PyTorch engine) as the rest of the product uses it. DJL finds
 * its engine and native libraries through the thread context class loader, so every use of
 * DJL goes through {@link #call} (or runs on a thread that already did).
 */
public interface TensorRuntime {

    /** E.g. {@code "PyTorch 2.7.1"}. */
    String engineDescription();

    /**
     * How the engine's CPU threads work, in words: how long OpenMP threads spin before they sleep
     * ({@code -Dvswap.openmp.spinCount}) and how many intra-op threads there are.
     */
    default String cpuThreading() {
        return "not reported";
    }

    /** The system property that chooses the device: {@code cpu} (default) or {@code gpu}. */
    String DEVICE_PROPERTY = "vswap.device";

    /** The device tensors are created on by default. */
    Device device();

    /**
     * The precision product code loads models in ({@link VideoDiffusionModel#load(VideoDiffusionModel.Layout,
     * NDManager, Precision)}): {@code -Dvswap.precision}, else fp32 on the CPU and fp16 on a GPU.
     * Training stays fp32 whatever this says.
     */
    Precision precision();

    /**
     * Runs a conv, a linear layer, a layer norm and a softmax in {@code precision} on {@link #device()};
     * throws, saying which precision to use instead, when PyTorch cannot (e.g. no fp16 kernels on
     * this CPU). {@link #newManager()} checks {@link #precision()} so once, before the first model runs.
     */
    void requireSupported(Precision precision);

    /** Runs {@code work} with DJL's class loader as the context class loader. */
    <T> T call(Callable<T> work) throws Exception;

    /** A new root manager on {@link #device()}; close it (and sub-managers per step) when done. */
    NDManager newManager();

    /**
     * Makes sure training gradients are right on this machine before the first training step:
     * checks the backward of the ops training runs through (convolutions with stride 1 and 2, group
     * norm, linear, attention, SiLU, scalar products) against float64 references, with a garbage
     * collection forced between forward and backward; when the default kernels fail, switches to a
     * configuration that passes (oneDNN off) and says so once in the log. The verdict is cached per
     * CPU model, library version and kernel settings ({@code -Dvswap.gradientCheck.dir}, default
     * {@code ~/.vswap/gradient-check}). Once per process; cheap after the first call.
     *
     * @throws TensorRuntimeException when no configuration gives right gradients (what was wrong, what to do)
     */
    GradientConfiguration trainingGradients();
}
