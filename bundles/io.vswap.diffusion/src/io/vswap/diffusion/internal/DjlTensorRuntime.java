package io.vswap.diffusion.internal;

import java.util.concurrent.Callable;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TensorRuntimeException;

/**
 * DJL's PyTorch engine on the CPU natives embedded in this bundle (Maven Central's
 * {@code pytorch-native-cpu}), or on a GPU where {@code -Dvswap.device=gpu} asks for one and
 * CUDA natives are installed.
 */
@Component(service = TensorRuntime.class)
public final class DjlTensorRuntime implements TensorRuntime {

    private Engine engine;
    private Device device;

    @Activate
    void activate() {
        try {
            engine = call(() -> Engine.getEngine("PyTorch"));
        } catch (Exception | LinkageError e) {
            throw new TensorRuntimeException("The PyTorch engine could not start: " + e.getMessage()
                    + ". The CPU natives ship inside io.vswap.diffusion and need Linux x86_64 with glibc; for a GPU "
                    + "install libtorch with CUDA and set PYTORCH_LIBRARY_PATH to its lib folder.", e);
        }
        String wanted = System.getProperty("vswap.device", "cpu");
        if ("gpu".equalsIgnoreCase(wanted)) {
            if (engine.getGpuCount() == 0) {
                throw new TensorRuntimeException("-Dvswap.device=gpu asks for a GPU but the PyTorch engine sees none "
                        + "(CPU-only natives, or no CUDA driver). Install libtorch with CUDA and set PYTORCH_LIBRARY_PATH.",
                        null);
            }
            device = Device.gpu();
        } else {
            device = Device.cpu();
        }
    }

    @Override
    public String engineDescription() {
        return engine.getEngineName() + " " + engine.getVersion();
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
    public NDManager newManager() {
        try {
            return call(() -> NDManager.newBaseManager(device, engine.getEngineName()));
        } catch (Exception e) {
            throw new TensorRuntimeException("cannot create tensors on " + device + ": " + e.getMessage(), e);
        }
    }
}
