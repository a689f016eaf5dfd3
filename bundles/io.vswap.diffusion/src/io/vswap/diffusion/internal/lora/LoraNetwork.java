package io.vswap.diffusion.internal.lora;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.LoraAdapters;
import io.vswap.diffusion.api.LoraConfig;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsFormatException;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.internal.nn.Linear;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.StoredModel;

/** The {@link LoraAdapters} of one model: one {@link LoraLayer} per targeted {@link Linear}. */
public final class LoraNetwork implements LoraAdapters {

    /**
     * peft ({@code lora_A/B}), diffusers ({@code lora.down/up}) and kohya-ish ({@code lora_down/up}) names,
     * with or without the pipeline component's prefix ({@code unet.}, {@code text_encoder.}).
     */
    private static final Pattern KEY = Pattern.compile(
            "^(?:unet\\.|text_encoder\\.)?(.+?)\\.(lora_A|lora_B|lora\\.down|lora\\.up|lora_down|lora_up)\\.weight$");
    private static final Pattern ALPHA = Pattern.compile("^(?:unet\\.|text_encoder\\.)?(.+?)\\.alpha$");

    private final LoraConfig config;
    private final NDManager arrays;
    private final Map<String, LoraLayer> layers = new LinkedHashMap<>();

    private LoraNetwork(LoraConfig config, NDManager arrays) {
        this.config = config;
        this.arrays = arrays;
    }

    /** A UNet or a text encoder of this bundle: their linear layers by module name. */
    private static Map<String, Linear> linears(AutoCloseable model) {
        if (model instanceof StoredModel m) {
            return m.parameterStore().linears();
        }
        throw new IllegalArgumentException("LoRA needs a model built by UNetModel.create or TextEncoderModel.create, not "
                + model.getClass());
    }

    public static LoraNetwork attach(AutoCloseable model, LoraConfig config, NDManager manager, long seed) {
        if (model instanceof StoredModel m && m.precision() != Precision.FP32) {
            // Fresh adapters are for training, and LoRA training is fp32 only: gradients cross the casts
            // (Tensors.cast) but an fp16 backward through a plain graph has no gradient scale, so small
            // gradients would flush to zero (the registration's checkpointed backward scales its own).
            throw new IllegalStateException("LoRA training needs the model in fp32, but it is in "
                    + m.precision().id() + ": load it with precision fp32 (vswap batch --precision fp32, "
                    + "-Dvswap.precision=fp32) to train; trained adapters then load onto a " + m.precision().id()
                    + " model for inference");
        }
        List<Linear> targets = linears(model).values().stream().filter(l -> config.targets(l.name())).toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no linear layer matches '" + config.targets() + "'");
        }
        LoraNetwork n = new LoraNetwork(config, manager.newSubManager());
        int r = config.rank();
        for (Linear l : targets) {
            // peft: kaiming_uniform(a=√5) on A, i.e. U(±1/√in); B = 0 so the model is unchanged at first.
            Random rnd = new Random(seed * 0x9E3779B97F4A7C15L ^ l.name().hashCode());
            float[] a = new float[r * l.inFeatures()];
            double bound = 1 / Math.sqrt(l.inFeatures());
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            NDArray down = n.arrays.create(a, new Shape(r, l.inFeatures()));
            NDArray up = n.arrays.zeros(new Shape(l.outFeatures(), r));
            n.add(l, down, up, config.scale());
        }
        return n;
    }

    public static LoraNetwork load(AutoCloseable model, Path file, NDManager manager) throws IOException {
        Map<String, Linear> all = linears(model);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String[]> byModule = new LinkedHashMap<>(); // module -> {down key, up key}
            Map<String, String> alphaKey = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (SafetensorsEntry e : f.entries()) {
                Matcher m = KEY.matcher(e.name());
                Matcher am = ALPHA.matcher(e.name());
                if (m.matches()) {
                    boolean down = m.group(2).equals("lora_A") || m.group(2).endsWith("down");
                    byModule.computeIfAbsent(m.group(1), k -> new String[2])[down ? 0 : 1] = e.name();
                } else if (am.matches()) {
                    alphaKey.put(am.group(1), e.name());
                } else {
                    unknown.add(e.name());
                }
            }
            List<String> problems = new ArrayList<>();
            if (!unknown.isEmpty()) {
                problems.add("tensors that are not LoRA weights: " + unknown);
            }
            if (byModule.isEmpty()) {
                problems.add("no LoRA weights (<module>.lora_A.weight / <module>.lora.down.weight)");
            }
            int rank = -1;
            for (var en : byModule.entrySet()) {
                Linear l = all.get(en.getKey());
                String[] k = en.getValue();
                if (l == null) {
                    problems.add(en.getKey() + ": the model has no such linear layer");
                } else if (k[0] == null || k[1] == null) {
                    problems.add(en.getKey() + ": only one of the down/up (A/B) pair");
                } else {
                    long[] ds = f.entry(k[0]).shape();
                    long[] us = f.entry(k[1]).shape();
                    if (ds.length != 2 || us.length != 2 || ds[1] != l.inFeatures() || us[0] != l.outFeatures()
                            || ds[0] != us[1]) {
                        problems.add(en.getKey() + ": shapes A " + Arrays.toString(ds) + ", B " + Arrays.toString(us)
                                + " do not fit a layer " + l.inFeatures() + " -> " + l.outFeatures());
                    } else {
                        rank = rank < 0 ? (int) ds[0] : rank;
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new SafetensorsFormatException(file, "not a LoRA for this model: " + String.join("; ", problems));
            }
            Map<String, String> meta = f.metadata();
            double fileAlpha = meta.containsKey("lora_alpha") ? Double.parseDouble(meta.get("lora_alpha")) : Double.NaN;
            String targets = meta.getOrDefault("target_modules",
                    String.join("|", byModule.keySet().stream().map(Pattern::quote).toList()));
            LoraNetwork n = new LoraNetwork(new LoraConfig(rank, Double.isNaN(fileAlpha) ? rank : fileAlpha, targets),
                    manager.newSubManager());
            try {
                for (var en : byModule.entrySet()) {
                    NDArray down = f.load(en.getValue()[0], n.arrays);
                    NDArray up = f.load(en.getValue()[1], n.arrays);
                    long r = down.getShape().get(0);
                    // peft/diffusers: scale = alpha / r, alpha from the metadata, a per-module tensor, else r (scale 1).
                    double alpha = alphaKey.containsKey(en.getKey()) ? f.floats(alphaKey.get(en.getKey()))[0]
                            : Double.isNaN(fileAlpha) ? r : fileAlpha;
                    n.add(all.get(en.getKey()), down, up, alpha / r);
                }
            } catch (IOException | RuntimeException e) {
                n.close();
                throw e;
            }
            return n;
        }
    }

    private void add(Linear l, NDArray down, NDArray up, double scale) {
        down.setName(ParameterStore.key(l.name(), "lora_A.weight"));
        up.setName(ParameterStore.key(l.name(), "lora_B.weight"));
        LoraLayer layer = new LoraLayer(l, down, up, scale);
        layers.put(l.name(), layer);
        l.addAdapter(layer);
    }

    @Override
    public LoraConfig config() {
        return config;
    }

    @Override
    public List<String> modules() {
        return List.copyOf(layers.keySet());
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (LoraLayer l : layers.values()) {
            m.put(l.down.getName(), l.down);
            m.put(l.up.getName(), l.up);
        }
        return m;
    }

    @Override
    public long parameterCount() {
        return parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    @Override
    public void setMultiplier(double multiplier) {
        layers.values().forEach(l -> l.multiplier = multiplier);
    }

    @Override
    public void merge(double weight) {
        if (isMerged()) {
            throw new IllegalStateException("the adapters are merged already");
        }
        layers.values().forEach(l -> l.merge(weight));
    }

    @Override
    public void unmerge() {
        layers.values().stream().filter(l -> l.merged).forEach(LoraLayer::unmerge);
    }

    @Override
    public boolean isMerged() {
        return layers.values().stream().anyMatch(l -> l.merged);
    }

    @Override
    public void save(Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", "pt");
        w.metadata("lora_rank", String.valueOf(config.rank()));
        w.metadata("lora_alpha", String.valueOf(config.alpha()));
        w.metadata("target_modules", config.targets());
        parameters().forEach(w::add);
        w.write(file);
    }

    @Override
    public void close() {
        unmerge();
        layers.values().forEach(l -> l.target.removeAdapter(l));
        layers.clear();
        arrays.close();
    }
}
