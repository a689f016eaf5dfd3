package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be read as the format specifies; the message names the file (and tensor). */
public class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafetensorsFormatException(Path file, String tensor, String problem) {
        super(file + ": tensor '" + tensor + "': " + problem);
    }
}
