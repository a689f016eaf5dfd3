package io.vswap.diffusion.api;

/**
 * The element types the safetensors format names, with their sizes in bytes. Only
 * {@link #F32}, {@link #F16} and {@link #BF16} can be read as tensors here; the others are
 * known so that a file holding them (a CLIP checkpoint's I64 {@code position_ids}) still opens
 * and its float tensors load.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether {@link SafetensorsFile#floats} can read it (widening F16 and BF16 to F32). */
    public boolean isReadableAsFloat() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The dtype for a header's {@code dtype} string, or {@code null} when the format has no such name. */
    public static SafetensorsDtype forName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
