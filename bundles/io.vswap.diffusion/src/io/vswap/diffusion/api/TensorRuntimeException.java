package io.vswap.diffusion.api;

/** The tensor engine cannot run: natives missing or of the wrong platform, no such device. */
public class TensorRuntimeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TensorRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
