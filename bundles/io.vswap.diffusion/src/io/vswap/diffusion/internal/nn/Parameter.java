package io.vswap.diffusion.internal.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** One named parameter: its diffusers key, shape and init rule; the array once allocated. */
public final class Parameter {

    /** How {@link ParameterStore#initialize} fills a parameter (PyTorch's defaults). */
    public enum Init {
        ONES, ZEROS, UNIFORM_FAN_IN
    }

    private final String name;
    private final Shape shape;
    private final Init init;
    private final long fanIn;
    NDArray array;

    Parameter(String name, Shape shape, Init init, long fanIn) {
        this.name = name;
        this.shape = shape;
        this.init = init;
        this.fanIn = fanIn;
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    Init init() {
        return init;
    }

    long fanIn() {
        return fanIn;
    }

    /** The array; {@link ParameterStore#requireAllocated()} has been checked before any forward. */
    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException("parameter '" + name + "' is not loaded");
        }
        return array;
    }
}
