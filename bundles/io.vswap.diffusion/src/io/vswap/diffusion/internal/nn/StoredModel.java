package io.vswap.diffusion.internal.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsFile;

/**
 * What every model of a diffusers folder shares: its parameters under diffusers' names in one
 * {@link ParameterStore}, seeded initialisation, loading with a key report, saving as F32.
 */
public abstract class StoredModel {

    protected final ParameterStore store = new ParameterStore();
    private final String modelName;

    /** @param modelName the diffusers class name, written into saved files' metadata */
    protected StoredModel(String modelName) {
        this.modelName = modelName;
    }

    /** The parameters and layers, for adapters (LoRA) that attach to layers by name. */
    public ParameterStore parameterStore() {
        return store;
    }

    public Map<String, Shape> parameterShapes() {
        return store.shapes();
    }

    public long parameterCount() {
        return store.count();
    }

    public Map<String, NDArray> parameters() {
        return store.arrays();
    }

    public void initialize(NDManager manager, long seed) {
        store.initialize(manager, seed);
    }

    public ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException {
        return store.load(file, manager);
    }

    public Precision precision() {
        return store.precision();
    }

    public void setPrecision(Precision p) {
        store.setPrecision(p);
    }

    public void save(Path file) throws IOException {
        store.save(file, Map.of("format", "pt", "model", modelName));
    }
}
