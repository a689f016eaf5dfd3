package io.vswap.diffusion.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.GradientConfiguration;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TensorRuntimeException;
import io.vswap.diffusion.internal.gradcheck.GradientSelfCheck;
import io.vswap.diffusion.internal.gradcheck.MachineKey;
import io.vswap.diffusion.internal.gradcheck.TrainingGradients;

/**
 * DJL's PyTorch engine on the CPU natives embedded in this bundle (Maven Central's
 * {@code pytorch-native-cpu}), or on a GPU where {@code -Dvswap.device=gpu} asks for one and
 * CUDA natives are installed. {@code -Dvswap.precision=fp32|fp16|bf16} chooses the models'
 * compute precision (default fp32 on the CPU, fp16 on a GPU); a precision other than fp32 is
 * tried once on the device (conv, linear, layer norm, softmax) before the first manager is
 * handed out, so a device without the kernels fails with what to choose instead.
 */
@Component(service = TensorRuntime.class)
public final class DjlTensorRuntime implements TensorRuntime {

    private Engine engine;
    private Device device;
    private Precision precision;
    private volatile TensorRuntimeException unusable;
    private volatile boolean probed;
    /** A setting this runtime cannot honour (no GPU, a bad value): every use throws it. */
    private volatile TensorRuntimeException refused;
    private GradientConfiguration gradients;
    private String cpuThreading;

    /** Where gradient verdicts are cached (default {@code ~/.vswap/gradient-check}). */
    public static final String GRADIENT_CHECK_DIR_PROPERTY = "vswap.gradientCheck.dir";

    /** The message when a GPU is asked for and PyTorch sees none. */
    public static final String NO_GPU = "a GPU was asked for (--device gpu, -D" + DEVICE_PROPERTY + "=gpu) but PyTorch "
            + "sees none: its natives here are CPU-only, or there is no CUDA driver. Install libtorch 2.7.1 for CUDA 12.8 "
            + "and set PYTORCH_LIBRARY_PATH to its lib folder (docs/gpu.md), or run on the CPU (--device cpu)";

    /**
     * Starts the engine. A setting it cannot honour (no GPU, an unknown precision or spin count) does
     * not stop the service: the runtime starts on the CPU and every use throws the error in words,
     * so the job that needs tensors fails saying why instead of vanishing from the job list.
     */
    @Activate
    void activate() {
        try {
            cpuThreading = OpenMpWaiting.apply(); // before libtorch loads its libgomp
        } catch (TensorRuntimeException e) {
            cpuThreading = "OpenMP waiting as libgomp's default";
            refuse(e);
        }
        try {
            engine = call(() -> Engine.getEngine("PyTorch"));
        } catch (Exception | LinkageError e) {
            throw new TensorRuntimeException("The PyTorch engine could not start: " + e.getMessage()
                    + ". The CPU natives ship inside io.vswap.diffusion and need Linux x86_64 with glibc; for a GPU "
                    + "install libtorch with CUDA and set PYTORCH_LIBRARY_PATH to its lib folder.", e);
        }
        String wanted = System.getProperty(DEVICE_PROPERTY, "cpu").trim();
        device = Device.cpu();
        if ("gpu".equalsIgnoreCase(wanted)) {
            if (engine.getGpuCount() == 0) {
                refuse(new TensorRuntimeException(NO_GPU, null));
            } else {
                device = Device.gpu();
            }
        } else if (!"cpu".equalsIgnoreCase(wanted)) {
            refuse(new TensorRuntimeException("-D" + DEVICE_PROPERTY + "=" + wanted + " is no device: use cpu or gpu",
                    null));
        }
        String p = System.getProperty(Precision.PROPERTY);
        precision = device.isGpu() ? Precision.FP16 : Precision.FP32;
        if (p != null && !p.isBlank()) {
            try {
                precision = Precision.parse(p);
            } catch (IllegalArgumentException e) {
                refuse(new TensorRuntimeException("-D" + Precision.PROPERTY + ": " + e.getMessage(), e));
            }
        }
    }

    /** Makes every later use throw {@code e} (the first such error wins). */
    private void refuse(TensorRuntimeException e) {
        if (refused == null) {
            refused = e;
        }
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /**
     * Runs a conv, a linear layer, a layer norm and a softmax in {@code p} on this runtime's
     * device; null when they run, else the error to show (what to install or choose instead).
     */
    TensorRuntimeException probe(Precision p) {
        if (p == Precision.FP32) {
            return null;
        }
        if (!p.available()) {
            return new TensorRuntimeException("-D" + Precision.PROPERTY + "=" + p.id() + ": " + unavailable(p), null);
        }
        try {
            return call(() -> {
                try (NDManager m = NDManager.newBaseManager(device, engine.getEngineName())) {
                    NDArray x = m.randomNormal(new Shape(1, 4, 8, 8)).toType(p.dataType(), false);
                    NDArray w = m.randomNormal(new Shape(4, 4, 3, 3)).toType(p.dataType(), false);
                    NDArray b = m.zeros(new Shape(4)).toType(p.dataType(), false);
                    NDArray h = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1), 1).singletonOrThrow();
                    NDArray t = h.reshape(1, 4, 64).transpose(0, 2, 1);
                    NDArray lw = m.ones(new Shape(4)).toType(p.dataType(), false);
                    NDArray n = ai.djl.nn.norm.LayerNorm.layerNorm(t, new Shape(4), lw, b, 1e-5f).singletonOrThrow();
                    NDArray l = ai.djl.nn.core.Linear.linear(n, w.reshape(4, 36).get(":, 0:4"), b).singletonOrThrow();
                    NDArray s = l.batchMatMul(l.transpose(0, 2, 1)).softmax(-1).batchMatMul(l);
                    if (s.getDataType() != p.dataType()) {
                        throw new IllegalStateException("got " + s.getDataType() + " back");
                    }
                    s.toType(DataType.FLOAT32, false).toFloatArray();
                    return null;
                }
            });
        } catch (Exception | LinkageError e) {
            return new TensorRuntimeException(unsupported(p, device, e), e);
        }
    }

    @Override
    public void requireSupported(Precision p) {
        if (refused != null) {
            throw refused;
        }
        TensorRuntimeException e = probe(p);
        if (e != null) {
            throw e;
        }
    }

    private static String unavailable(Precision p) {
        try {
            p.requireAvailable();
            return "";
        } catch (TensorRuntimeException e) {
            return e.getMessage();
        }
    }

    /** The message for a precision the device cannot run. */
    public static String unsupported(Precision p, Device device, Throwable cause) {
        String alternatives = p == Precision.FP16 && !device.isGpu()
                ? "use --precision fp32 (or run on a GPU: --device gpu)"
                : "use --precision fp32";
        return "PyTorch cannot compute in " + p.id() + " on " + (device.isGpu() ? "this GPU" : "this CPU") + " ("
                + cause.getMessage() + "): " + alternatives + "; the setting is -D" + Precision.PROPERTY
                + " (vswap batch --precision)";
    }

    @Override
    public String engineDescription() {
        return engine.getEngineName() + " " + engine.getVersion();
    }

    @Override
    public String cpuThreading() {
        return cpuThreading + "; " + (engine == null ? "?" : call0(() -> ai.djl.pytorch.jni.JniUtils.getNumThreads()))
                + " intra-op threads (-Dai.djl.pytorch.num_threads)";
    }

    private String call0(Callable<Object> work) {
        try {
            return String.valueOf(call(work));
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public <T> T call(Callable<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(DjlTensorRuntime.class.getClassLoader());
        try {
            return work.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Override
    public synchronized GradientConfiguration trainingGradients() {
        if (gradients != null) {
            TrainingGradients.reapply(gradients); // in case something switched the kernels since
            return gradients;
        }
        if (device.isGpu()) {
            // the check is about CPU kernels; a GPU's gradients are not checked here
            gradients = new GradientConfiguration(GradientConfiguration.DEFAULT, "GPU (not checked)", List.of(), List.of(),
                    false);
            return gradients;
        }
        String dir = System.getProperty(GRADIENT_CHECK_DIR_PROPERTY);
        Path cache = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".vswap", "gradient-check");
        try {
            gradients = call(() -> {
                try (NDManager m = NDManager.newBaseManager(Device.cpu(), engine.getEngineName())) {
                    return new TrainingGradients(cache, MachineKey.current(engineDescription(), Engine.getDjlVersion()),
                            new GradientSelfCheck(null), GradientSelfCheck.trainingOps()).choose(m);
                }
            });
        } catch (TensorRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TensorRuntimeException("the gradient self-check could not run: " + e.getMessage(), e);
        }
        System.getLogger(DjlTensorRuntime.class.getName())
                .log(gradients.fallback() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, gradients.describe());
        return gradients;
    }

    @Override
    public NDManager newManager() {
        if (refused != null) {
            throw refused;
        }
        if (!probed) {
            unusable = probe(precision);
            probed = true;
        }
        if (unusable != null) {
            throw unusable;
        }
        try {
            return call(() -> NDManager.newBaseManager(device, engine.getEngineName()));
        } catch (Exception e) {
            throw new TensorRuntimeException("cannot create tensors on " + device + ": " + e.getMessage(), e);
        }
    }
}
