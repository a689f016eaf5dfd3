package io.vswap.diffusion.internal.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;

/**
 * All parameters of one model by their checkpoint key. Blocks register here while they are
 * built (shapes only); arrays are allocated by {@link #initialize} or {@link #load}, in a
 * manager of their own, freed by {@link #close}.
 */
public final class ParameterStore implements AutoCloseable {

    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Linear> linears = new LinkedHashMap<>();
    private NDManager arrays;
    private Precision precision = Precision.FP32;

    /** {@code prefix.name}, or {@code name} at the root. */
    public static String key(String prefix, Object name) {
        return prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name;
    }

    public Parameter add(String name, Parameter.Init init, long fanIn, long... shape) {
        if (params.containsKey(name)) {
            throw new IllegalStateException("parameter '" + name + "' registered twice");
        }
        Parameter p = new Parameter(name, new Shape(shape), init, fanIn);
        params.put(name, p);
        return p;
    }

    /** Called by {@link Linear}'s constructor, so adapters can find layers by module name. */
    void registerLinear(Linear l) {
        linears.put(l.name(), l);
    }

    /** Every {@link Linear} by module name, in module order. */
    public Map<String, Linear> linears() {
        return Collections.unmodifiableMap(linears);
    }

    public Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        params.values().forEach(p -> m.put(p.name(), p.shape()));
        return Collections.unmodifiableMap(m);
    }

    public long count() {
        return params.values().stream().mapToLong(p -> p.shape().size()).sum();
    }

    public Map<String, NDArray> arrays() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        params.values().stream().filter(p -> p.array != null).forEach(p -> m.put(p.name(), p.array));
        return Collections.unmodifiableMap(m);
    }

    /** Fails naming the parameters that have no array (never loaded, or refused at load). */
    public void requireAllocated() {
        List<String> missing = params.values().stream().filter(p -> p.array == null).map(Parameter::name).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the model cannot run: " + missing.size() + " parameter(s) not loaded: "
                    + (missing.size() > 20 ? missing.subList(0, 20) + " …" : missing));
        }
    }

    /** The precision the parameters are held in (and new ones are loaded in). */
    public Precision precision() {
        return precision;
    }

    /**
     * Holds the parameters in {@code p} from now on: allocated ones are cast (the fp32 copies
     * freed), later {@link #initialize}/{@link #load} cast what they read.
     */
    public void setPrecision(Precision p) {
        p.requireAvailable();
        precision = p;
        for (Parameter q : params.values()) {
            q.array = cast(q.array);
        }
    }

    private NDArray cast(NDArray a) {
        if (a == null || a.getDataType() == precision.dataType()) {
            return a;
        }
        NDArray c = a.toType(precision.dataType(), false);
        c.setName(a.getName());
        a.close();
        return c;
    }

    private NDManager fresh(NDManager parent) {
        close();
        arrays = parent.newSubManager();
        return arrays;
    }

    /** Seeded init, each parameter from its own stream (seed and name), so adding a block changes no other. */
    public void initialize(NDManager parent, long seed) {
        NDManager m = fresh(parent);
        for (Parameter p : params.values()) {
            long n = p.shape().size();
            float[] v = new float[Math.toIntExact(n)];
            switch (p.init()) {
            case ONES -> Arrays.fill(v, 1f);
            case ZEROS -> {
            }
            case UNIFORM_FAN_IN -> {
                Random r = new Random(seed * 0x9E3779B97F4A7C15L ^ p.name().hashCode());
                double bound = 1.0 / Math.sqrt(p.fanIn());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
                }
            }
            }
            p.array = m.create(v, p.shape());
            p.array.setName(p.name());
            p.array = cast(p.array);
        }
    }

    public ParameterLoadReport load(SafetensorsFile file, NDManager parent) throws IOException {
        return load(file, parent, java.util.function.UnaryOperator.identity());
    }

    /**
     * Loads a file whose keys are another layout's names for these parameters: {@code fileName} gives
     * each parameter's key in the file. The report names missing and mismatched parameters by this
     * store's names, unexpected entries by the file's.
     */
    public ParameterLoadReport load(SafetensorsFile file, NDManager parent,
            java.util.function.UnaryOperator<String> fileName) throws IOException {
        NDManager m = fresh(parent);
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (Parameter p : params.values()) {
            String key = fileName.apply(p.name());
            expected.add(key);
            if (!file.contains(key)) {
                missing.add(p.name());
                continue;
            }
            SafetensorsEntry e = file.entry(key);
            if (!Arrays.equals(e.shape(), p.shape().getShape())) {
                mismatched.add(p.name() + ": file " + Arrays.toString(e.shape()) + " vs model " + p.shape());
                continue;
            }
            p.array = cast(file.load(key, m, precision.dataType())); // an F16 file into fp16: never widened
            p.array.setName(p.name());
        }
        List<String> unexpected = new ArrayList<>();
        for (SafetensorsEntry e : file.entries()) {
            if (!expected.contains(e.name())) {
                unexpected.add(e.name());
            }
        }
        return new ParameterLoadReport(missing, unexpected, mismatched);
    }

    public void save(Path file, Map<String, String> metadata) throws IOException {
        requireAllocated();
        SafetensorsWriter w = new SafetensorsWriter();
        metadata.forEach(w::metadata);
        for (Parameter p : params.values()) {
            w.add(p.name(), p.array); // widened to F32 there
        }
        w.write(file);
    }

    @Override
    public void close() {
        if (arrays != null) {
            arrays.close();
            arrays = null;
        }
        params.values().forEach(p -> p.array = null);
    }
}
