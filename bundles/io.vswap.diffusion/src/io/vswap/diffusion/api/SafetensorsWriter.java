package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import io.vswap.files.api.AtomicFile;

/**
 * Collects named tensors and a metadata map, then writes them as one safetensors file,
 * atomically (temporary file beside the target, fsync, rename; see {@link AtomicFile}).
 *
 * <p>Layout: tensors ordered by element size (F32 before F16) and then by name, so every
 * tensor starts at a multiple of its element size; their bytes packed in that order with no
 * gaps; the header in the same order, {@code __metadata__} first when not empty, compact JSON
 * padded with spaces so that its length (and so the data area's start) is a multiple of 8.
 */
public final class SafetensorsWriter {

    private record Pending(String name, SafetensorsDtype dtype, long[] shape, float[] values) {
    }

    private final Map<String, Pending> tensors = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    /** Adds a metadata entry ({@code __metadata__}). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds an F32 tensor. */
    public SafetensorsWriter add(String name, float[] values, long... shape) {
        return add(name, SafetensorsDtype.F32, values, shape);
    }

    /** Adds a tensor stored as {@code dtype} (F32, or F16 rounded to nearest even). */
    public SafetensorsWriter add(String name, SafetensorsDtype dtype, float[] values, long... shape) {
        return put(name, dtype, values.clone(), shape.clone());
    }

    private SafetensorsWriter put(String name, SafetensorsDtype dtype, float[] values, long[] shape) {
        if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.F16) {
            throw new IllegalArgumentException("tensor '" + name + "': only F32 and F16 are written, not " + dtype);
        }
        if ("__metadata__".equals(name)) {
            throw new IllegalArgumentException("'__metadata__' is reserved for the metadata map");
        }
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension");
            }
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        tensors.put(name, new Pending(name, dtype, shape, values));
        return this;
    }

    /** Adds an F32 tensor copied from {@code array} (any numeric type, converted). Run inside {@link TensorRuntime#call}. */
    public SafetensorsWriter add(String name, NDArray array) {
        return add(name, SafetensorsDtype.F32, array);
    }

    /** Adds {@code array} stored as {@code dtype} (F32 or F16). Run inside {@link TensorRuntime#call}. */
    public SafetensorsWriter add(String name, SafetensorsDtype dtype, NDArray array) {
        float[] values;
        if (array.getDataType() == DataType.FLOAT32) {
            values = array.toFloatArray();
        } else {
            try (NDArray f = array.toType(DataType.FLOAT32, true)) {
                values = f.toFloatArray();
            }
        }
        return put(name, dtype, values, array.getShape().getShape()); // already a fresh copy
    }

    /** The header bytes, padding included, as {@link #write} puts them after the 8-byte length. */
    byte[] header(List<Pending> order) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            metadata.forEach(m::addProperty);
            root.add("__metadata__", m);
        }
        long offset = 0;
        for (Pending p : order) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", p.dtype().name());
            JsonArray shape = new JsonArray();
            for (long d : p.shape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            long size = (long) p.values().length * p.dtype().size();
            JsonArray offs = new JsonArray();
            offs.add(offset);
            offs.add(offset + size);
            t.add("data_offsets", offs);
            root.add(p.name(), t);
            offset += size;
        }
        byte[] json = new GsonBuilder().disableHtmlEscaping().create().toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private List<Pending> order() {
        List<Pending> order = new ArrayList<>(tensors.values());
        order.sort(Comparator.comparingInt((Pending p) -> -p.dtype().size()).thenComparing(Pending::name));
        return order;
    }

    /** Writes the file atomically, replacing {@code target} if it exists. */
    public void write(Path target) throws IOException {
        List<Pending> order = order();
        byte[] header = header(order);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = AtomicFile.tempBeside(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                for (Pending p : order) {
                    float[] v = p.values();
                    for (int i = 0; i < v.length; i++) {
                        if (chunk.remaining() < 4) {
                            chunk.flip();
                            writeFully(ch, chunk);
                            chunk.clear();
                        }
                        if (p.dtype() == SafetensorsDtype.F32) {
                            chunk.putFloat(v[i]);
                        } else {
                            chunk.putShort(Float.floatToFloat16(v[i]));
                        }
                    }
                }
                chunk.flip();
                writeFully(ch, chunk);
            }
            AtomicFile.publish(temp, target); // fsync, rename, fsync the folder
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Names and metadata collected so far (for messages and tests). */
    @Override
    public String toString() {
        Map<String, String> m = new LinkedHashMap<>();
        tensors.values().forEach(p -> m.put(p.name(), p.dtype() + java.util.Arrays.toString(p.shape())));
        return "SafetensorsWriter" + m + " metadata " + metadata;
    }
}
