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

    /** The device tensors are created on by default. */
    Device device();

    /** Runs {@code work} with DJL's class loader as the context class loader. */
    <T> T call(Callable<T> work) throws Exception;

    /** A new root manager on {@link #device()}; close it (and sub-managers per step) when done. */
    NDManager newManager();
}
