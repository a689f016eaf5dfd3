package io.vswap.concepts.internal.training;

import java.util.List;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * Prompts with layer-wise tokens, as a single concept and a fused set both use them: each prompt
 * written once per cross-attention layer with that layer's tokens, encoded side by side on the token
 * axis ({@code [B, layers·L, dim]}), and each layer's processor passing its own part on.
 *
 * @param layerPrompts every layer's copy of each prompt, prompt by prompt (b-major)
 */
record LayerwisePrompts(VideoDiffusionModel model, int layers, UnaryOperator<List<String>> layerPrompts) {

    private int length() {
        return model.tokenizer().maxLength();
    }

    NDArray encode(NDManager manager, List<String> prompts) {
        List<String> each = layerPrompts.apply(prompts);
        int[][] ids = new int[each.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = model.tokenizer().encode(each.get(i));
        }
        NDArray h = model.textEncoder().encode(manager, ids);
        return h.reshape(prompts.size(), (long) layers * length(), h.getShape().get(2));
    }

    AttentionProcessor processor(int layer, AttentionProcessor around) {
        long length = length();
        long from = layer * length;
        long all = layers * length;
        return (l, q, k, v) -> {
            // a plain prompt's states (L tokens) pass as they are; layer-wise ones give this layer its part
            if (k.getShape().get(1) != all) {
                return around.attend(l, q, k, v);
            }
            NDIndex part = new NDIndex(":, {}:{}, :", from, from + length);
            return around.attend(l, q, k.get(part), v.get(part));
        };
    }

    /** Every layer's prompt puts the tokens in the same places: layer 0's say where {@code word} is. */
    int[] wordPositions(String prompt, String word) {
        List<String> each = layerPrompts.apply(List.of(prompt, word));
        return model.tokenizer().wordPositions(each.get(0), each.get(layers));
    }
}
