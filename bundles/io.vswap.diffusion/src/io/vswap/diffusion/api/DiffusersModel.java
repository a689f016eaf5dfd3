package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A network whose parameters carry diffusers' (or transformers') names, as diffusers'
 * {@code ModelMixin}: building one records parameter shapes only; {@link #initialize} or
 * {@link #load} allocates them. What the VAE, the text encoder and the UNet share.
 */
public interface DiffusersModel extends AutoCloseable {

    /** Every parameter's name and shape, in module order. */
    Map<String, Shape> parameterShapes();

    /** Total number of parameter elements. */
    long parameterCount();

    /** The allocated parameters by name (live arrays: set {@code requiresGradient} on them to train). */
    Map<String, NDArray> parameters();

    /** Seeded PyTorch-style init (uniform ±1/√fan_in; norms 1 and 0), allocated under {@code manager}. */
    void initialize(NDManager manager, long seed);

    /**
     * Replaces all parameters by the file's tensors of the same name and shape. With missing or
     * wrong-shaped ones the report says which and the network refuses to run, naming them.
     */
    ParameterLoadReport load(SafetensorsFile file, NDManager manager) throws IOException;

    /** The precision the parameters are held in and the network runs in (fp32 unless set). */
    Precision precision();

    /**
     * Holds the parameters in {@code precision} (allocated ones are cast, later loads too).
     * Tensor methods still take and return float32; norms and softmax compute in fp32. No
     * gradient crosses the boundary of a model held in fp16 (see {@link Precision}): train in fp32.
     */
    void setPrecision(Precision precision);

    /** Writes every parameter as F32 under its name. */
    void save(Path file) throws IOException;

    /** Frees the parameter arrays. */
    @Override
    void close();
}
