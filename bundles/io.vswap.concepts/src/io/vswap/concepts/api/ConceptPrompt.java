package io.vswap.concepts.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.concepts.internal.training.EdLoraModel;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * A trained ED-LoRA concept applied to a loaded model, for text-to-image or an edit: its tokens
 * added to the tokenizer and text encoder, its LoRA on the text encoder and the UNet, and each UNet
 * cross-attention layer reading its own part of the prompt's encoder states. A prompt that names
 * the concept's token ({@code "a <hexagon1> hexagon"}) draws the concept.
 *
 * <p>How the layers get their own states without a fork of the UNet: {@link #encode} returns, for each
 * prompt, the encoder states of every cross-attention layer side by side on the token axis
 * ({@code [B, layers·L, dim]}); the layers' projections act token by token, so each layer projects all
 * of them and its {@link #processor} keeps its own {@code L} keys and values before attending. Tensor
 * methods run inside {@code TensorRuntime.call}.
 */
public interface ConceptPrompt extends AutoCloseable {

    /**
     * Applies the concept whose weights are {@code weightsFile} (a concept's {@code edlora.safetensors})
     * to {@code model} (its image UNet), and installs its attention processors around {@code delegate}.
     * A fused set's weights ({@link ConceptFusion}) apply every member's tokens and the fused weights: any of
     * the members' tokens may then be written in a prompt, several in one; {@link #close} puts the model's own
     * weights back.
     *
     * @throws ConceptFileException when the weights do not fit the model's layers
     */
    static ConceptPrompt load(VideoDiffusionModel model, Path weightsFile, AttentionProcessor delegate,
            NDManager manager) throws IOException {
        return EdLoraModel.loadAny(model, weightsFile, delegate, manager);
    }

    /** {@link #load} of a stored concept's weights, checked against their checksum first. */
    static ConceptPrompt load(VideoDiffusionModel model, ConceptStore store, StoredConcept concept,
            AttentionProcessor delegate, NDManager manager) throws IOException {
        store.verify(concept);
        return load(model, concept.folder().resolve(concept.require().weights().file()), delegate, manager);
    }

    /** The concept's token; a fused set's own token (prompts write its members' tokens). */
    String token();

    /** The UNet's cross-attention layers, in the order of the encoder states' parts (down, mid, up blocks). */
    List<String> layers();

    /** The encoder states of {@code prompts}, each layer's side by side: {@code [B, layers·L, dim]}, in {@code manager}. */
    NDArray encode(NDManager manager, List<String> prompts);

    /** The processor that cross-attention layer {@code layer} of {@link #layers()} uses. */
    AttentionProcessor processor(int layer);

    /**
     * Layer {@code layer}'s processor with {@code around} attending instead of the delegate given at
     * load: it passes {@code around} this layer's part of layer-wise states, plain states as they are.
     * An edit that watches or replaces attention installs its own processor this way.
     */
    AttentionProcessor processor(int layer, AttentionProcessor around);

    /**
     * The positions of {@code word} (which may be or contain the concept's token) in the keys a
     * layer's processor passes on for {@code prompt}; empty when the prompt lacks it.
     */
    int[] wordPositions(String prompt, String word);

    /** Switches the LoRA (a fused set: its change of the weights) on (1) or off (0) or in between. */
    void setLoraMultiplier(double multiplier);

    /** Removes the LoRA and puts {@code delegate} back on the cross-attention layers; the added tokens stay. */
    @Override
    void close();
}
