package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import ai.djl.ndarray.NDArray;
import io.vswap.diffusion.api.ScalarOps;
import ai.djl.nn.Activation;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/** transformers' {@code CLIPMLP}: {@code fc2(act(fc1(x)))}, act quick_gelu ({@code x·σ(1.702x)}) or exact gelu. */
final class CLIPMLP {

    final Linear fc1;
    final Linear fc2;
    private final boolean quickGelu;

    CLIPMLP(ParameterStore store, String prefix, int hidden, int intermediate, String act) {
        fc1 = new Linear(store, key(prefix, "fc1"), hidden, intermediate, true);
        fc2 = new Linear(store, key(prefix, "fc2"), intermediate, hidden, true);
        quickGelu = act.equals("quick_gelu");
    }

    NDArray forward(NDArray x) {
        NDArray h = fc1.forward(x);
        h = quickGelu ? h.mul(Activation.sigmoid(ScalarOps.mul(h, 1.702))) : Tensors.gelu(h);
        return fc2.forward(h);
    }
}
