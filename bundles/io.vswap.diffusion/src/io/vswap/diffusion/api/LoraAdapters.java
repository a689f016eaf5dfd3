package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.internal.lora.LoraNetwork;

/**
 * Low-rank adapters on a model's linear layers: {@code y = W x + b + m · (alpha/r) · B (A x)}
 * with {@code A = lora_A [r, in]} (seeded uniform ±1/√in), {@code B = lora_B [out, r]} (zero at
 * creation, so a fresh adapter changes nothing) and a multiplier {@code m} (1 by default).
 *
 * <p>Files: safetensors with peft's names, {@code <module>.lora_A.weight} and
 * {@code <module>.lora_B.weight}, and metadata {@code lora_rank}, {@code lora_alpha},
 * {@code target_modules}. {@link #load} also takes diffusers' names
 * ({@code <module>.lora.down.weight} / {@code .lora.up.weight}), a leading {@code unet.}, and
 * kohya-style {@code <module>.alpha} scalars. Tensor methods run inside {@link TensorRuntime#call}.
 */
public interface LoraAdapters extends AutoCloseable {

    /** Attaches new adapters to every linear layer of {@code model} whose name {@code config} targets. */
    static LoraAdapters attach(UNetModel model, LoraConfig config, NDManager manager, long seed) {
        return LoraNetwork.attach(model, config, manager, seed);
    }

    /** Attaches the adapters saved in {@code file} (names and shapes must fit {@code model}). */
    static LoraAdapters load(UNetModel model, Path file, NDManager manager) throws IOException {
        return LoraNetwork.load(model, file, manager);
    }

    /**
     * Attaches new adapters to the text encoder's linear layers that {@code config} targets, e.g.
     * {@link LoraConfig#TEXT_ENCODER_ATTENTION_PROJECTIONS}; the added tokens' embeddings are not adapters.
     */
    static LoraAdapters attach(TextEncoderModel model, LoraConfig config, NDManager manager, long seed) {
        return LoraNetwork.attach(model, config, manager, seed);
    }

    /** Attaches the text-encoder adapters saved in {@code file}. */
    static LoraAdapters load(TextEncoderModel model, Path file, NDManager manager) throws IOException {
        return LoraNetwork.load(model, file, manager);
    }

    LoraConfig config();

    /** The adapted layers' module names, in module order. */
    List<String> modules();

    /** The trainable arrays by file name ({@code <module>.lora_A.weight}, …): the only ones to train. */
    Map<String, NDArray> parameters();

    long parameterCount();

    /** The runtime multiplier {@code m} of every adapter (0 switches them off). */
    void setMultiplier(double multiplier);

    /**
     * Folds {@code weight · (alpha/r) · B A} into each base weight and stops adding the adapter path,
     * so inference costs what the base model costs. {@link #unmerge} undoes it.
     */
    void merge(double weight);

    /** Subtracts what {@link #merge} added (the same weight) and adds the adapter path again. */
    void unmerge();

    boolean isMerged();

    void save(Path file) throws IOException;

    /** Unmerges if merged, detaches the adapters from the layers and frees their arrays. */
    @Override
    void close();
}
