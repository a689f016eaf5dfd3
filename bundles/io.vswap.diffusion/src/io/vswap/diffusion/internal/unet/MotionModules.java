package io.vswap.diffusion.internal.unet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.internal.nn.ParameterStore;

/**
 * All motion modules of one UNet, in a parameter store of their own (AnimateDiff ships them as a
 * separate file): blocks ask {@link #create} for a module at each insertion point, named as
 * AnimateDiff's checkpoint ({@code down_blocks.i.motion_modules.j}, {@code mid_block.motion_modules.0},
 * {@code up_blocks.i.motion_modules.j}).
 */
final class MotionModules implements AutoCloseable {

    final MotionModuleConfig config;
    final ParameterStore store = new ParameterStore();
    final Map<String, VanillaTemporalModule> modules = new LinkedHashMap<>();

    MotionModules(MotionModuleConfig config) {
        this.config = config;
    }

    VanillaTemporalModule create(String blockPrefix, int index, int channels) {
        String name = ParameterStore.key(blockPrefix, "motion_modules." + index);
        VanillaTemporalModule m = new VanillaTemporalModule(store, name, channels, config);
        modules.put(name, m);
        return m;
    }

    List<Attention> attentions() {
        List<Attention> l = new ArrayList<>();
        modules.values().forEach(m -> l.addAll(m.temporal_transformer.attentions()));
        return l;
    }

    private Map<String, PositionalEncoding> positionEncodings() {
        Map<String, PositionalEncoding> m = new LinkedHashMap<>();
        modules.values().forEach(v -> v.temporal_transformer.positionEncodings().forEach(p -> m.put(p.name, p)));
        return m;
    }

    void initialize(NDManager parent, long seed) {
        store.initialize(parent, seed);
        if (config.zeroInitialize()) {
            // AnimateDiff zero_module(proj_out): an untrained module adds nothing to its input
            store.arrays().forEach((name, a) -> {
                if (name.contains(".temporal_transformer.proj_out.")) {
                    a.muli(0);
                }
            });
        }
    }

    /**
     * AnimateDiff's original layout, or diffusers' {@code MotionAdapter} layout (its keys mapped as
     * diffusers' conversion script maps them, {@link #diffusersName}); {@code pos_encoder.pe}
     * ({@code pos_embed.pe}) buffers in the file replace the computed ones.
     */
    ParameterLoadReport load(SafetensorsFile file, NDManager parent) throws IOException {
        java.util.function.UnaryOperator<String> fileName = isDiffusersLayout(file) ? MotionModules::diffusersName
                : java.util.function.UnaryOperator.identity();
        ParameterLoadReport r = store.load(file, parent, fileName);
        Map<String, PositionalEncoding> pes = new LinkedHashMap<>();
        positionEncodings().forEach((name, pe) -> pes.put(fileName.apply(name), pe));
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>(r.mismatched());
        for (String u : r.unexpected()) {
            PositionalEncoding pe = pes.get(u);
            if (pe == null) {
                unexpected.add(u);
                continue;
            }
            long[] s = file.entry(u).shape();
            // a longer table than configured serves as well: only the first max_len rows are read
            if (s.length != 3 || s[0] != 1 || s[2] != pe.dim || s[1] < pe.maxLen) {
                mismatched.add(pe.name + ": file " + Arrays.toString(s) + " vs model " + pe.shape());
                continue;
            }
            pe.replace(Arrays.copyOf(file.floats(u), pe.maxLen * pe.dim));
        }
        return new ParameterLoadReport(r.missing(), unexpected, mismatched);
    }

    /** A MotionAdapter file names its modules without AnimateDiff's {@code temporal_transformer} level. */
    static boolean isDiffusersLayout(SafetensorsFile file) {
        boolean modules = false;
        for (var e : file.entries()) {
            if (e.name().contains(".temporal_transformer.")) {
                return false;
            }
            modules |= e.name().contains(".motion_modules.");
        }
        return modules;
    }

    /**
     * A parameter's key in diffusers' {@code MotionAdapter} layout, as diffusers'
     * {@code convert_animatediff_motion_module_to_diffusers.py} renames AnimateDiff's keys
     * ({@code pos_encoder} becomes {@code pos_embed}, the name of diffusers' positional buffer).
     */
    static String diffusersName(String animateDiffName) {
        return animateDiffName.replace(".norms.0", ".norm1").replace(".norms.1", ".norm2")
                .replace(".ff_norm", ".norm3").replace(".attention_blocks.0", ".attn1")
                .replace(".attention_blocks.1", ".attn2").replace(".temporal_transformer", "")
                .replace(".pos_encoder", ".pos_embed");
    }

    void save(Path file) throws IOException {
        store.requireAllocated();
        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", "pt").metadata("model", "AnimateDiff motion modules");
        store.arrays().forEach(w::add);
        for (PositionalEncoding pe : positionEncodings().values()) {
            w.add(pe.name, pe.values(), pe.shape().getShape());
        }
        w.write(file);
    }

    @Override
    public void close() {
        store.close();
    }
}
