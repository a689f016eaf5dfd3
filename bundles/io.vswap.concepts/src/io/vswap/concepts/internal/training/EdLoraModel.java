package io.vswap.concepts.internal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.diffusion.api.AttentionLayer;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.LoraAdapters;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * ED-LoRA on a loaded model: the concept's two tokens, each with one embedding per UNet cross-attention
 * layer (Mix-of-Show's layer-wise embeddings), LoRA on the text encoder's and the UNet's attention
 * projections, and the layer-wise attention processors ({@link ConceptPrompt} says how the layers get
 * their own encoder states). The trainer and the loader share it.
 *
 * <p>Weights file ({@link #save}), safetensors:
 * <ul>
 * <li>{@code edlora.token_embeddings} {@code [layers, 2, hidden]}: row {@code [i, k]} is token k's embedding
 * for cross-attention layer i, the layers in {@link #layers()} order (down, mid, up blocks);</li>
 * <li>{@code text_encoder.<module>.lora_A.weight} {@code [r, in]} and {@code .lora_B.weight} {@code [out, r]}:
 * the text encoder's adapters (peft names, {@code y = Wx + (alpha/r)·B A x});</li>
 * <li>{@code unet.<module>.lora_A.weight} / {@code .lora_B.weight}: the UNet's;</li>
 * <li>metadata {@code format} ({@value #FORMAT}), {@code token}, {@code layers} (the cross-attention layers'
 * module names, comma-separated), {@code lora_rank}, {@code lora_alpha}, {@code unet_targets},
 * {@code text_encoder_targets}.</li>
 * </ul>
 */
public final class EdLoraModel implements ConceptPrompt {

    public static final String FORMAT = "vswap-edlora-1";
    public static final String EMBEDDINGS = "edlora.token_embeddings";
    static final String TEXT_PREFIX = "text_encoder.";
    static final String UNET_PREFIX = "unet.";
    /** Mix-of-Show's new tokens per concept ({@code <TOK>: <potter1> <potter2>}). */
    public static final int TOKENS = 2;
    /** Every element, for overwriting an array in place (DJL's empty index is refused by PyTorch's index_put). */
    static final NDIndex ALL = new NDIndex(":");

    private final VideoDiffusionModel model;
    private final String token;
    private final List<String> layers;
    private final String[][] subTokens;
    private final LoraAdapters textLora;
    private final LoraAdapters unetLora;
    private final AttentionProcessor delegate;

    private EdLoraModel(VideoDiffusionModel model, String token, List<String> layers, String[][] subTokens,
            LoraAdapters textLora, LoraAdapters unetLora, AttentionProcessor delegate) {
        this.model = model;
        this.token = token;
        this.layers = List.copyOf(layers);
        this.subTokens = subTokens;
        this.textLora = textLora;
        this.unetLora = unetLora;
        this.delegate = delegate;
        UNetModel unet = model.unet().imageUNet();
        for (int i = 0; i < layers.size(); i++) {
            unet.setAttentionProcessor(layers.get(i), processor(i));
        }
    }

    /**
     * The UNet's cross-attention layers in Mix-of-Show's order: down blocks, mid block, up blocks (its
     * {@code revise_edlora_unet_attention_forward}), each group in module order.
     */
    public static List<String> crossAttentionLayers(UNetModel unet) {
        List<String> names = new ArrayList<>(unet.attentionLayers().stream().filter(AttentionLayer::crossAttention)
                .map(AttentionLayer::name).toList());
        List<String> inModuleOrder = List.copyOf(names);
        names.sort(Comparator.comparingInt((String n) -> n.startsWith("down_blocks") ? 0 : n.startsWith("mid_block")
                ? 1 : 2).thenComparingInt(inModuleOrder::indexOf));
        return names;
    }

    /** The tokenizer's name of token {@code k} for layer {@code layer}: {@code <hexagon1>} → {@code <hexagon1.l3.b>}. */
    static String subToken(String token, int layer, int k) {
        return token.substring(0, token.length() - 1) + ".l" + layer + "." + (char) ('a' + k) + ">";
    }

    /**
     * New ED-LoRA weights on {@code model}: every layer's token k starts at {@code init[k]} (as Mix-of-Show
     * starts all 16 layers alike), fresh adapters (B = 0: the model is unchanged until trained).
     */
    static EdLoraModel create(VideoDiffusionModel model, String token, NDArray[] init, LoraConfig text, LoraConfig unet,
            NDManager manager, long seed) {
        List<String> layers = crossAttentionLayers(model.unet().imageUNet());
        String[][] sub = addTokens(model, token, layers.size(), (i, k) -> init[k]);
        LoraAdapters t = LoraAdapters.attach(model.textEncoder(), text, manager, seed);
        LoraAdapters u = LoraAdapters.attach(model.unet().imageUNet(), unet, manager, seed + 1);
        return new EdLoraModel(model, token, layers, sub, t, u, io.vswap.diffusion.api.DotProductAttention.DEFAULT);
    }

    /** What {@link ConceptPrompt#load} does: a single concept's weights or a fused set's, by the file's format. */
    public static ConceptPrompt loadAny(VideoDiffusionModel model, Path file, AttentionProcessor delegate,
            NDManager manager) throws IOException {
        String format;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            format = f.metadata().get("format");
        }
        return FusedEdLora.FORMAT.equals(format) ? FusedEdLora.load(model, file, delegate, manager)
                : load(model, file, delegate, manager);
    }

    /** A single concept's weights on {@code model}. */
    public static EdLoraModel load(VideoDiffusionModel model, Path file, AttentionProcessor delegate, NDManager manager)
            throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file); NDManager tmp = manager.newSubManager()) {
            Map<String, String> meta = f.metadata();
            if (FusedEdLora.FORMAT.equals(meta.get("format"))) {
                throw new ConceptFileException(file, "holds a fused set of concepts: load it as one");
            }
            if (!FORMAT.equals(meta.get("format"))) {
                throw new ConceptFileException(file, "is not ED-LoRA weights of this program (format "
                        + meta.get("format") + ", expected " + FORMAT + ")");
            }
            String token = meta.get("token");
            List<String> layers = crossAttentionLayers(model.unet().imageUNet());
            if (!String.join(",", layers).equals(meta.get("layers"))) {
                throw new ConceptFileException(file, "was trained for a model whose cross-attention layers are "
                        + meta.get("layers") + "; this model's are " + String.join(",", layers)
                        + ": the concept does not fit this model");
            }
            NDArray emb = f.load(EMBEDDINGS, tmp);
            long hidden = model.textEncoder().config().hiddenSize();
            if (!emb.getShape().equals(new Shape(layers.size(), TOKENS, hidden))) {
                throw new ConceptFileException(file, "holds token embeddings of shape " + emb.getShape()
                        + "; this model needs (" + layers.size() + ", " + TOKENS + ", " + hidden + ")");
            }
            int rank = Integer.parseInt(meta.get("lora_rank"));
            double alpha = Double.parseDouble(meta.get("lora_alpha"));
            String[][] sub = addTokens(model, token, layers.size(), (i, k) -> emb.get(i, k));
            LoraAdapters t = LoraAdapters.attach(model.textEncoder(),
                    new LoraConfig(rank, alpha, meta.get("text_encoder_targets")), manager, 0);
            LoraAdapters u = LoraAdapters.attach(model.unet().imageUNet(),
                    new LoraConfig(rank, alpha, meta.get("unet_targets")), manager, 1);
            try {
                copyInto(f, TEXT_PREFIX, t.parameters(), tmp);
                copyInto(f, UNET_PREFIX, u.parameters(), tmp);
            } catch (IOException | RuntimeException e) {
                t.close();
                u.close();
                throw e instanceof IOException io ? io : new ConceptFileException(file, e.getMessage());
            }
            return new EdLoraModel(model, token, layers, sub, t, u, delegate);
        }
    }

    private static void copyInto(SafetensorsFile f, String prefix, Map<String, NDArray> params, NDManager tmp)
            throws IOException {
        long inFile = f.entries().stream().filter(e -> e.name().startsWith(prefix)).count();
        if (inFile != params.size()) {
            throw new ConceptFileException(f.path(), "has " + inFile + " " + prefix.replace(".", "") + " LoRA arrays; "
                    + "this model's layers take " + params.size() + ": the concept does not fit this model");
        }
        for (var e : params.entrySet()) {
            String name = prefix + e.getKey();
            if (!f.contains(name)) {
                throw new ConceptFileException(f.path(), "has no " + name + ": the concept does not fit this model");
            }
            NDArray a = f.load(name, tmp);
            if (!a.getShape().equals(e.getValue().getShape())) {
                throw new ConceptFileException(f.path(), name + " is " + a.getShape() + ", the model's layer takes "
                        + e.getValue().getShape());
            }
            e.getValue().set(ALL, a);
        }
    }

    @FunctionalInterface
    interface Init {
        NDArray row(int layer, int k);
    }

    /** Adds (or, when a concept of this token was applied before, overwrites) the layer-wise tokens. */
    static String[][] addTokens(VideoDiffusionModel model, String token, int layers, Init init) {
        TextEncoderModel text = model.textEncoder();
        ClipTokenizer tok = model.tokenizer();
        String[][] sub = new String[layers][TOKENS];
        for (int i = 0; i < layers; i++) {
            for (int k = 0; k < TOKENS; k++) {
                sub[i][k] = subToken(token, i, k);
                NDArray row = init.row(i, k);
                if (text.addedTokenId(sub[i][k]) >= 0) {
                    text.addedTokenEmbeddings().get(sub[i][k]).set(ALL, row);
                } else {
                    int a = tok.addToken(sub[i][k]);
                    int b = text.addToken(sub[i][k], row);
                    if (a != b) {
                        throw new IllegalStateException("the tokenizer and the text encoder gave " + sub[i][k]
                                + " different ids (" + a + ", " + b + "): tokens were added to one of them only");
                    }
                }
            }
        }
        return sub;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public List<String> layers() {
        return layers;
    }

    /** Every layer's {@code <token>} replaced by that layer's two tokens, prompt by prompt (b-major). */
    List<String> layerPrompts(List<String> prompts) {
        List<String> out = new ArrayList<>(prompts.size() * layers.size());
        for (String p : prompts) {
            for (int i = 0; i < layers.size(); i++) {
                out.add(p.replace(token, subTokens[i][0] + " " + subTokens[i][1]));
            }
        }
        return out;
    }

    @Override
    public NDArray encode(NDManager manager, List<String> prompts) {
        return prompts().encode(manager, prompts);
    }

    @Override
    public AttentionProcessor processor(int layer) {
        return processor(layer, delegate);
    }

    @Override
    public AttentionProcessor processor(int layer, AttentionProcessor around) {
        return prompts().processor(layer, around);
    }

    @Override
    public int[] wordPositions(String prompt, String word) {
        return prompts().wordPositions(prompt, word);
    }

    private LayerwisePrompts prompts() {
        return new LayerwisePrompts(model, layers.size(), this::layerPrompts);
    }


    @Override
    public void setLoraMultiplier(double multiplier) {
        textLora.setMultiplier(multiplier);
        unetLora.setMultiplier(multiplier);
    }

    /** The embeddings being trained, live: {@code [k][layer]}. */
    List<NDArray> embeddings() {
        List<NDArray> out = new ArrayList<>();
        for (String[] layer : subTokens) {
            for (String s : layer) {
                out.add(model.textEncoder().addedTokenEmbeddings().get(s));
            }
        }
        return out;
    }

    /** The trainable arrays by the names {@link #save} gives them (the embeddings one per layer and token). */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < subTokens.length; i++) {
            for (int k = 0; k < TOKENS; k++) {
                out.put("edlora.embedding." + i + "." + k, model.textEncoder().addedTokenEmbeddings().get(subTokens[i][k]));
            }
        }
        textLora.parameters().forEach((n, a) -> out.put(TEXT_PREFIX + n, a));
        unetLora.parameters().forEach((n, a) -> out.put(UNET_PREFIX + n, a));
        return out;
    }

    /** The mean norm of the concept's embeddings (Mix-of-Show stops them at a limit). */
    double meanEmbeddingNorm() {
        double sum = 0;
        List<NDArray> e = embeddings();
        for (NDArray a : e) {
            try (NDArray n = a.norm()) {
                sum += n.getFloat();
            }
        }
        return sum / e.size();
    }

    /** Writes the weights (format in the class comment), atomically. */
    void save(Path file) throws IOException {
        try (NDManager tmp = embeddings().get(0).getManager().newSubManager()) {
            NDList rows = new NDList();
            embeddings().forEach(rows::add);
            long hidden = rows.get(0).getShape().get(0);
            NDArray all = NDArrays.stack(rows).reshape(layers.size(), TOKENS, hidden);
            all.attach(tmp);
            SafetensorsWriter w = new SafetensorsWriter().metadata("format", FORMAT).metadata("token", token)
                    .metadata("layers", String.join(",", layers))
                    .metadata("lora_rank", Integer.toString(unetLora.config().rank()))
                    .metadata("lora_alpha", Double.toString(unetLora.config().alpha()))
                    .metadata("unet_targets", unetLora.config().targets())
                    .metadata("text_encoder_targets", textLora.config().targets());
            w.add(EMBEDDINGS, all);
            textLora.parameters().forEach((n, a) -> w.add(TEXT_PREFIX + n, a));
            unetLora.parameters().forEach((n, a) -> w.add(UNET_PREFIX + n, a));
            w.write(file);
        }
    }

    @Override
    public void close() {
        textLora.close();
        unetLora.close();
        UNetModel unet = model.unet().imageUNet();
        layers.forEach(l -> unet.setAttentionProcessor(l, delegate));
    }
}
