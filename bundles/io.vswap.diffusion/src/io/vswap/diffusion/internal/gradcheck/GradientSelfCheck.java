package io.vswap.diffusion.internal.gradcheck;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.diffusion.api.ScalarOps;
import io.vswap.diffusion.internal.nn.Conv2d;
import io.vswap.diffusion.internal.nn.GroupNorm;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * Checks the backward of the ops training runs through, in the configuration the process is in
 * now. Each op's float32 gradient (of {@code sum(op(inputs) · R)}, R fixed) is compared with the
 * float64 gradient of the same inputs: PyTorch computes float64 with its own reference kernels (no
 * oneDNN), so a wrong float32 kernel shows as a large relative error, where right ones differ by
 * about 1e-6. The float64 reference itself is checked against central finite differences on the
 * small ops. Between the float32 forward and its backward the check forces a garbage collection
 * and reuses freed native memory, the worst timing a training step can meet: a gradient that
 * depends on a Java buffer freed too early (see {@link ScalarOps}) comes out wrong here every time.
 */
public final class GradientSelfCheck {

    /** Relative error of a float32 gradient still taken as right (right kernels: ~1e-6). */
    public static final double TOLERANCE = 1e-3;
    /** Relative error of the float64 reference against finite differences (observed ~1e-10). */
    public static final double REFERENCE_TOLERANCE = 1e-6;

    /** A test seam: corrupts the float32 gradients of one op in one configuration, as a wrong kernel would. */
    @FunctionalInterface
    public interface Fault {
        void afterBackward(String op, String configuration, NDArray[] gradients);
    }

    /** One op: its input shapes and the function of them; {@code small} ops also get a finite-difference check. */
    public record Op(String name, long[][] shapes, Function<NDArray[], NDArray> function, boolean small) {
    }

    /** One op's relative gradient error in float32 (and of its float64 reference, NaN when not checked). */
    public record OpCheck(String op, double error, double referenceError) {
        public boolean ok() {
            return error <= TOLERANCE && !(referenceError > REFERENCE_TOLERANCE);
        }

        @Override
        public String toString() {
            String ref = Double.isNaN(referenceError) ? "" : String.format(Locale.ROOT, ", reference %.1e", referenceError);
            return String.format(Locale.ROOT, "%s %.1e%s", op, error, ref);
        }
    }

    /** The checks of one configuration. */
    public record Outcome(String configuration, List<OpCheck> checks) {
        public boolean ok() {
            return checks.stream().allMatch(OpCheck::ok);
        }

        public List<OpCheck> failures() {
            return checks.stream().filter(c -> !c.ok()).toList();
        }
    }

    /** As the model's blocks convolve ({@link Conv2d#convolve}). */
    private static NDArray conv(NDArray[] v, int stride, int pad) {
        return Conv2d.convolve(v[0], v[1], v[2], new Shape(stride, stride), new Shape(pad, pad));
    }

    private static NDArray attention(NDArray[] v) {
        try (NDArray p = DotProductAttention.probabilities(v[0], v[1])) {
            return DotProductAttention.weighted(p, v[2]);
        }
    }

    /**
     * The ops training runs through, at shapes that select the same kinds of kernels as the sample
     * model's layers (16-channel blocks for the AVX-512 convolutions).
     */
    public static List<Op> trainingOps() {
        return List.of(
                new Op("conv 3x3 stride 1", new long[][] { { 2, 32, 8, 8 }, { 32, 32, 3, 3 }, { 32 } }, v -> conv(v, 1, 1), false),
                new Op("conv 3x3 stride 2", new long[][] { { 2, 32, 8, 8 }, { 32, 32, 3, 3 }, { 32 } }, v -> conv(v, 2, 1), false),
                new Op("conv 1x1", new long[][] { { 2, 48, 8, 8 }, { 32, 48, 1, 1 }, { 32 } }, v -> conv(v, 1, 0), false),
                // the UNet's and the VAE's conv_out: output channels fewer than a SIMD block (oneDNN alone
                // is wrong here on an AMD EPYC with every ISA level; Conv2d pads them; docs/gradients.md)
                new Op("conv 3x3 to 4 channels", new long[][] { { 2, 32, 8, 8 }, { 4, 32, 3, 3 }, { 4 } }, v -> conv(v, 1, 1), false),
                new Op("conv 3x3 to 3 channels", new long[][] { { 2, 16, 8, 8 }, { 3, 16, 3, 3 }, { 3 } }, v -> conv(v, 1, 1), false),
                new Op("conv 3x3 stride 2, small", new long[][] { { 1, 2, 5, 5 }, { 3, 2, 3, 3 }, { 3 } }, v -> conv(v, 2, 1), true),
                new Op("group norm", new long[][] { { 4, 32, 8, 8 } }, v -> GroupNorm.normalize(v[0], 8, 1e-5), false),
                new Op("linear", new long[][] { { 64, 48 }, { 32, 48 }, { 32 } },
                        v -> ai.djl.nn.core.Linear.linear(v[0], v[1], v[2]).singletonOrThrow(), false),
                new Op("attention", new long[][] { { 8, 64, 16 }, { 8, 64, 16 }, { 8, 64, 16 } }, GradientSelfCheck::attention, false),
                new Op("attention, small", new long[][] { { 2, 3, 4 }, { 2, 3, 4 }, { 2, 3, 4 } }, GradientSelfCheck::attention, true),
                new Op("silu", new long[][] { { 4, 32, 8, 8 } }, v -> Tensors.silu(v[0]), false),
                new Op("scalar product", new long[][] { { 3, 4 } }, v -> ScalarOps.mul(v[0], 0.125), true));
    }

    private final Fault fault;

    public GradientSelfCheck(Fault fault) {
        this.fault = fault;
    }

    /** Checks {@code ops} in the configuration the process is in now ({@code configuration} names it). */
    public Outcome run(NDManager parent, String configuration, List<Op> ops) {
        List<OpCheck> checks = new ArrayList<>();
        for (Op op : ops) {
            checks.add(check(parent, configuration, op));
        }
        return new Outcome(configuration, checks);
    }

    OpCheck check(NDManager parent, String configuration, Op op) {
        Random random = new Random(op.name().hashCode());
        double[][] inputs = new double[op.shapes().length][];
        for (int i = 0; i < inputs.length; i++) {
            int n = Math.toIntExact(new Shape(op.shapes()[i]).size());
            double scale = op.shapes()[i].length == 4 && i == 1 ? 0.2 : 1; // conv weights: activations of order 1
            inputs[i] = new double[n];
            for (int j = 0; j < n; j++) {
                inputs[i][j] = random.nextGaussian() * scale;
            }
        }
        double[][] reference = gradients(parent, op, inputs, DataType.FLOAT64, false, configuration);
        double[][] float32 = gradients(parent, op, inputs, DataType.FLOAT32, true, configuration);
        double error = 0;
        for (int i = 0; i < inputs.length; i++) {
            error = Math.max(error, relativeError(float32[i], reference[i]));
        }
        double referenceError = Double.NaN;
        if (op.small()) {
            referenceError = 0;
            for (int i = 0; i < inputs.length; i++) {
                referenceError = Math.max(referenceError, relativeError(reference[i], finiteDifferences(parent, op, inputs, i)));
            }
        }
        return new OpCheck(op.name(), error, referenceError);
    }

    private double[][] gradients(NDManager parent, Op op, double[][] inputs, DataType type, boolean churn,
            String configuration) {
        try (NDManager m = parent.newSubManager()) {
            NDArray[] v = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                v[i] = m.create(inputs[i], new Shape(op.shapes()[i])).toType(type, true);
                v[i].setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.function().apply(v);
                NDArray loss = y.mul(m.create(weights(y.getShape()), y.getShape()).toType(type, true)).sum();
                if (churn) {
                    reuseFreedMemory();
                }
                gc.backward(loss);
            }
            NDArray[] grads = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = v[i].getGradient();
            }
            if (fault != null && type == DataType.FLOAT32) {
                fault.afterBackward(op.name(), configuration, grads);
            }
            double[][] out = new double[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                out[i] = grads[i].toType(DataType.FLOAT64, true).toDoubleArray();
            }
            return out;
        }
    }

    /** Central differences of the float64 loss with respect to input {@code which}. */
    private static double[] finiteDifferences(NDManager parent, Op op, double[][] inputs, int which) {
        double h = 1e-6;
        double[] x = inputs[which];
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double keep = x[j];
            x[j] = keep + h;
            double plus = loss(parent, op, inputs);
            x[j] = keep - h;
            double minus = loss(parent, op, inputs);
            x[j] = keep;
            out[j] = (plus - minus) / (2 * h);
        }
        return out;
    }

    private static double loss(NDManager parent, Op op, double[][] inputs) {
        try (NDManager m = parent.newSubManager()) {
            NDArray[] v = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                v[i] = m.create(inputs[i], new Shape(op.shapes()[i]));
            }
            NDArray y = op.function().apply(v);
            return y.mul(m.create(weights(y.getShape()), y.getShape())).sum().getDouble();
        }
    }

    private static double[] weights(Shape shape) {
        Random r = new Random(7);
        double[] w = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        return w;
    }

    /**
     * Collects garbage, lets the cleaner free what it found, and fills freshly allocated native
     * memory with NaN: a tensor still viewing a freed Java buffer now reads NaN, not old values.
     */
    private static void reuseFreedMemory() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8 << (i % 8));
            while (b.remaining() >= 8) {
                b.putDouble(Double.NaN);
            }
            junk.add(b);
        }
        junk.clear();
    }

    static double relativeError(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        double e = Math.sqrt(d / Math.max(n, 1e-300));
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }
}
