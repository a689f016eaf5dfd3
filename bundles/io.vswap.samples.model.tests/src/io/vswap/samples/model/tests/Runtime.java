package io.vswap.samples.model.tests;

import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.testing.TestServices;

/** The tensor runtime as DS registers it in the test framework. */
final class Runtime {

    private Runtime() {
    }

    static TensorRuntime get() {
        return TestServices.await(TensorRuntime.class);
    }
}
