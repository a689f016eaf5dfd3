package io.vswap.method.cove.internal;

import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;

/**
 * COVE's feature injection (Appendix A: "at the first 40 timesteps, the diffusion features are saved
 * during DDIM inversion and are further injected during denoising", after Plug-and-Play, Tumanyan et
 * al. 2023): the source's self-attention queries and keys in the UNet's decoder replace the edit's, so
 * that the edit's frames attend where the source's did and keep its layout, while the values (what
 * is drawn) come from the edit. Wraps the processor the self-attention layers run otherwise (COVE's
 * correspondence attention, or the model's own): a source pass {@link #record}s each decoder layer's
 * queries and keys, the edit's passes of the same step {@link #inject} them, repeated over the batch's
 * groups (the guidance halves). Plug-and-Play also injects one residual block's output; the backend's
 * seam is the attention processor, so that part is left out.
 */
public final class SourceInjection implements AttentionProcessor {

    private enum Mode {
        PASS, RECORD, INJECT
    }

    private final AttentionProcessor inner;
    private final Map<String, NDArray[]> recorded = new HashMap<>();
    private Mode mode = Mode.PASS;
    private NDManager store;

    public SourceInjection(AttentionProcessor inner) {
        this.inner = inner;
    }

    /** The layers whose queries and keys are injected: the decoder's self-attention (Plug-and-Play's). */
    public static boolean injected(AttentionLayer layer) {
        return !layer.crossAttention() && layer.name().startsWith("up_blocks.");
    }

    /**
     * The next pass is the source's: its decoder queries and keys are kept in {@code step} (the UNet
     * frees a layer's own arrays when the layer ends), the last step's dropped.
     */
    public void record(NDManager step) {
        recorded.clear();
        store = step;
        mode = Mode.RECORD;
    }

    /** The next passes are the edit's: they attend with the recorded queries and keys. */
    public void inject() {
        mode = Mode.INJECT;
    }

    /** The edit's own queries and keys from here on (the steps after the injected ones). */
    public void pass() {
        recorded.clear();
        store = null;
        mode = Mode.PASS;
    }

    @Override
    public NDArray attend(AttentionLayer layer, NDArray query, NDArray key, NDArray value) {
        if (!injected(layer) || mode == Mode.PASS) {
            return inner.attend(layer, query, key, value);
        }
        if (mode == Mode.RECORD) {
            NDArray q = query.duplicate(), k = key.duplicate();
            q.attach(store);
            k.attach(store);
            recorded.put(layer.name(), new NDArray[] { q, k });
            return inner.attend(layer, query, key, value);
        }
        NDArray[] source = recorded.get(layer.name());
        if (source == null) {
            throw new IllegalStateException("no source queries recorded for " + layer.name());
        }
        long batch = query.getShape().get(0), sourceBatch = source[0].getShape().get(0);
        if (batch % sourceBatch != 0 || !query.getShape().slice(1).equals(source[0].getShape().slice(1))) {
            throw new IllegalStateException("the edit's queries " + query.getShape() + " do not fit the source's "
                    + source[0].getShape() + " in " + layer.name());
        }
        int groups = (int) (batch / sourceBatch);
        // the groups are the batch's outermost axis: the source's frames repeated whole
        NDArray q = groups == 1 ? source[0] : repeated(source[0], groups);
        NDArray k = groups == 1 ? source[1] : repeated(source[1], groups);
        return inner.attend(layer, q, k, value);
    }

    /** {@code x} {@code groups} times along the batch, whole after whole (PyTorch's engine has no tile by axis). */
    private static NDArray repeated(NDArray x, int groups) {
        NDList copies = new NDList(groups);
        for (int g = 0; g < groups; g++) {
            copies.add(x);
        }
        return NDArrays.concat(copies);
    }
}
