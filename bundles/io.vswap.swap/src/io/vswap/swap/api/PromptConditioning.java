package io.vswap.swap.api;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.AttentionProcessor;

/**
 * How prompts condition the UNet during an edit. For a target word it is the text encoder and the
 * same attention processor on every layer ({@link #plain}); for a target that names concepts of the
 * concept library ({@link TargetConcepts}) the concepts' tokens and LoRA are on the model while it
 * is open, a prompt may encode to more states than a cross-attention layer reads (each layer its
 * own part), and {@link #install} puts the concepts' layer processors around the one given. A
 * method installs its processors through this, never on the UNet directly, while a conditioning is
 * open. Tensor methods run inside {@code TensorRuntime.call}.
 */
public interface PromptConditioning extends AutoCloseable {

    /** A prompt's encoder states {@code [1, S, dim]}, in {@code manager}. */
    NDArray encode(String prompt, NDManager manager);

    /**
     * The positions of {@code word} (a word or a concept token) among the keys a cross-attention
     * processor sees for {@code prompt}; empty when the prompt lacks it.
     */
    int[] wordPositions(String prompt, String word);

    /** The keys a cross-attention processor sees per prompt (the tokenizer's length). */
    int keyTokens();

    /** Uses {@code processor} on every attention layer of the UNet (a concept's layers keep their own part around it). */
    void install(AttentionProcessor processor);

    /** What the render record says of the conditioning, e.g. each concept's name, library and checksum; empty for plain text. */
    List<TargetConcepts.UsedConcept> concepts();

    /** Takes the conditioning off the model (plain attention back on every layer). */
    @Override
    void close();

    /** Plain text: the text encoder's states and one processor on every layer. */
    static PromptConditioning plain(DiffusionModels models) {
        return new PromptConditioning() {
            @Override
            public NDArray encode(String prompt, NDManager manager) {
                return models.embedPrompt(prompt, manager);
            }

            @Override
            public int[] wordPositions(String prompt, String word) {
                return models.tokenizer().wordPositions(prompt, word);
            }

            @Override
            public int keyTokens() {
                return models.tokenizer().maxLength();
            }

            @Override
            public void install(AttentionProcessor processor) {
                models.unet().setAttentionProcessor(processor);
            }

            @Override
            public List<TargetConcepts.UsedConcept> concepts() {
                return List.of();
            }

            @Override
            public void close() {
                models.unet().setAttentionProcessor(io.vswap.diffusion.api.DotProductAttention.DEFAULT);
            }
        };
    }
}
