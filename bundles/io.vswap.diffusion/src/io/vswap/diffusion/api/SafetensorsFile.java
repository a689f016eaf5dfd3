package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A safetensors file, opened for reading: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON ({@code name -> {dtype, shape, data_offsets}} plus an optional
 * {@code __metadata__} string map), then the data area. Every number in the header is checked
 * against the file before any tensor is read; each tensor's bytes are memory-mapped when read.
 *
 * <p>F16 and BF16 are widened to F32 here, in Java: DJL's own safetensors decoder crashes the
 * JVM on BF16, so no half-precision bytes are ever handed to DJL. Methods that create
 * {@link NDArray}s must run inside {@link TensorRuntime#call}.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference implementation's limit; real headers are a few MB at most. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, SafetensorsEntry> entries; // in data order
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, SafetensorsEntry> entries,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates {@code file}; close it when done. */
    public static SafetensorsFile open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return parse(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path file, FileChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw new SafetensorsFormatException(file,
                    "truncated: " + fileSize + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lenBuf = ch.map(FileChannel.MapMode.READ_ONLY, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > fileSize - 8) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(n)
                    + " is larger than the file allows (" + fileSize + " bytes): truncated or not a safetensors file");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, "header length " + n + " exceeds the " + MAX_HEADER_BYTES
                    + "-byte limit");
        }
        if (n < 2) {
            throw new SafetensorsFormatException(file, "header of " + n + " bytes cannot hold a JSON object");
        }
        ByteBuffer headerBuf = ch.map(FileChannel.MapMode.READ_ONLY, 8, n);
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "header is not valid UTF-8");
        }
        if (header.charAt(0) != '{') {
            throw new SafetensorsFormatException(file, "header does not start with '{'");
        }
        JsonObject root;
        try {
            JsonElement el = JsonParser.parseString(header);
            if (!el.isJsonObject()) {
                throw new SafetensorsFormatException(file, "header is not a JSON object");
            }
            root = el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getMessage());
        }

        long dataSize = fileSize - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsEntry> list = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            String name = e.getKey();
            if ("__metadata__".equals(name)) {
                readMetadata(file, e.getValue(), metadata);
                continue;
            }
            list.add(readEntry(file, name, e.getValue(), dataSize));
        }
        list.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        SafetensorsEntry prev = null;
        for (SafetensorsEntry cur : list) {
            // Empty tensors occupy no bytes and cannot overlap anything.
            if (cur.byteSize() > 0) {
                if (prev != null && cur.begin() < prev.end()) {
                    throw new SafetensorsFormatException(file, cur.name(), "data_offsets [" + cur.begin() + ", "
                            + cur.end() + ") overlap those of '" + prev.name() + "' [" + prev.begin() + ", "
                            + prev.end() + ")");
                }
                prev = cur;
            }
        }
        Map<String, SafetensorsEntry> byName = new LinkedHashMap<>();
        for (SafetensorsEntry en : list) {
            byName.put(en.name(), en);
        }
        return new SafetensorsFile(file, ch, 8 + n, Collections.unmodifiableMap(byName),
                Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> out)
            throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(file, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!(m.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw new SafetensorsFormatException(file,
                        "__metadata__ value of '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), p.getAsString());
        }
    }

    private static SafetensorsEntry readEntry(Path file, String name, JsonElement value, long dataSize)
            throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(file, name, "header entry is not a JSON object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (!(dt instanceof JsonPrimitive dp) || !dp.isString()) {
            throw new SafetensorsFormatException(file, name, "no dtype string");
        }
        SafetensorsDtype dtype = SafetensorsDtype.forName(dp.getAsString());
        if (dtype == null) {
            throw new SafetensorsFormatException(file, name, "unknown dtype '" + dp.getAsString() + "'");
        }
        long[] shape = longs(file, name, o.get("shape"), "shape", -1);
        long[] offsets = longs(file, name, o.get("data_offsets"), "data_offsets", 2);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new SafetensorsFormatException(file, name, "negative dimension in shape");
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException ex) {
                throw new SafetensorsFormatException(file, name, "shape overflows 64 bits");
            }
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin) {
            throw new SafetensorsFormatException(file, name,
                    "data_offsets [" + begin + ", " + end + "] are not an ascending pair");
        }
        if (end > dataSize) {
            throw new SafetensorsFormatException(file, name, "data_offsets [" + begin + ", " + end
                    + "] lie outside the data area of " + dataSize + " bytes (file truncated?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(count, dtype.size());
        } catch (ArithmeticException ex) {
            throw new SafetensorsFormatException(file, name, "byte size overflows 64 bits");
        }
        if (end - begin != expected) {
            throw new SafetensorsFormatException(file, name, "holds " + (end - begin) + " bytes but " + dtype
                    + " x " + java.util.Arrays.toString(shape) + " needs " + expected);
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] longs(Path file, String name, JsonElement el, String field, int wantedLength)
            throws SafetensorsFormatException {
        if (!(el instanceof JsonArray a) || (wantedLength >= 0 && a.size() != wantedLength)) {
            throw new SafetensorsFormatException(file, name, field + " is missing or not "
                    + (wantedLength >= 0 ? "an array of " + wantedLength + " integers" : "an array of integers"));
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!(x instanceof JsonPrimitive p) || !p.isNumber()) {
                throw new SafetensorsFormatException(file, name, field + " holds a non-number");
            }
            java.math.BigDecimal v = p.getAsBigDecimal();
            try {
                out[i] = v.longValueExact();
            } catch (ArithmeticException ex) {
                throw new SafetensorsFormatException(file, name, field + " holds " + v + ", not a 64-bit integer");
            }
        }
        return out;
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensors, in the order of their bytes in the file. */
    public List<SafetensorsEntry> entries() {
        return List.copyOf(entries.values());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public SafetensorsEntry entry(String name) throws SafetensorsFormatException {
        SafetensorsEntry e = entries.get(name);
        if (e == null) {
            throw new SafetensorsFormatException(path, name, "no such tensor");
        }
        return e;
    }

    /** The tensor's values as F32 (F16 and BF16 widened exactly), row-major. */
    public float[] floats(String name) throws IOException {
        SafetensorsEntry e = entry(name);
        if (!e.dtype().isReadableAsFloat()) {
            throw new SafetensorsFormatException(path, name, "dtype " + e.dtype() + " cannot be read as float "
                    + "(F32, F16 and BF16 can)");
        }
        float[] out = new float[elementCount(e)];
        if (out.length == 0) {
            return out;
        }
        ByteBuffer raw = bytes(e);
        switch (e.dtype()) {
        case F32 -> raw.asFloatBuffer().get(out);
        case F16 -> {
            ShortBuffer s = raw.asShortBuffer();
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.float16ToFloat(s.get(i));
            }
        }
        case BF16 -> {
            // BF16 is the upper half of an F32: widening is a 16-bit shift, exact.
            ShortBuffer s = raw.asShortBuffer();
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.intBitsToFloat((s.get(i) & 0xFFFF) << 16);
            }
        }
        default -> throw new IllegalStateException(e.dtype().name());
        }
        return out;
    }

    private int elementCount(SafetensorsEntry e) throws SafetensorsFormatException {
        long count = e.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new SafetensorsFormatException(path, e.name(), count + " elements do not fit one Java array");
        }
        return (int) count;
    }

    /** The tensor's bytes, mapped, little-endian as the format stores them. */
    private ByteBuffer bytes(SafetensorsEntry e) throws IOException {
        MappedByteBuffer raw = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.byteSize());
        raw.order(ByteOrder.LITTLE_ENDIAN);
        return raw;
    }

    /**
     * An integer tensor (BOOL, I8 to I64, U8 to U32) as F32 values, for inputs that are whole numbers
     * (a timestep, token ids): exact up to 2^24, and refused in words beyond.
     */
    public float[] integersAsFloats(String name) throws IOException {
        SafetensorsEntry e = entry(name);
        float[] out = new float[elementCount(e)];
        if (out.length == 0) {
            return out;
        }
        ByteBuffer raw = bytes(e);
        for (int i = 0; i < out.length; i++) {
            long v = switch (e.dtype()) {
            case BOOL, U8 -> raw.get(i) & 0xFFL;
            case I8 -> raw.get(i);
            case I16 -> raw.getShort(2 * i);
            case U16 -> raw.getShort(2 * i) & 0xFFFFL;
            case I32 -> raw.getInt(4 * i);
            case U32 -> raw.getInt(4 * i) & 0xFFFFFFFFL;
            case I64 -> raw.getLong(8 * i);
            default -> throw new SafetensorsFormatException(path, name, "dtype " + e.dtype() + " cannot be read as "
                    + "a number here (F32, F16, BF16 and the integer types BOOL, I8 to I64, U8 to U32 can)");
            };
            if (Math.abs(v) > (1L << 24)) {
                throw new SafetensorsFormatException(path, name, "holds " + v + ", beyond the whole numbers F32 keeps "
                        + "exactly (up to 16777216)");
            }
            out[i] = v;
        }
        return out;
    }

    /** A float or integer tensor as an F32 {@link NDArray} ({@link #floats} or {@link #integersAsFloats}). */
    public NDArray loadNumbers(String name, NDManager manager) throws IOException {
        SafetensorsEntry e = entry(name);
        if (e.dtype().isReadableAsFloat()) {
            return load(name, manager);
        }
        NDArray a = manager.create(integersAsFloats(name), new Shape(e.shape()));
        a.setName(name);
        return a;
    }

    /** The tensor as an F32 {@link NDArray} in {@code manager}, named as in the file. Run inside {@link TensorRuntime#call}. */
    public NDArray load(String name, NDManager manager) throws IOException {
        SafetensorsEntry e = entry(name);
        NDArray a = manager.create(floats(name), new Shape(e.shape()));
        a.setName(name);
        return a;
    }

    /**
     * The tensor as an {@link NDArray} of {@code type}: an F16 tensor asked for as FLOAT16 is handed
     * over as its own bytes (copied once, never widened: half the memory and time of reading it as
     * F32 and casting); anything else is read as F32 ({@link #load(String, NDManager)}) and cast.
     * BFLOAT16 is refused: DJL 0.35.1 cannot hold it (see {@link Precision}). Run inside
     * {@link TensorRuntime#call}.
     */
    public NDArray load(String name, NDManager manager, DataType type) throws IOException {
        if (type == DataType.BFLOAT16) {
            // DJL 0.35.1's PyTorch bindings abort the JVM on a cast to bfloat16 (Precision refuses BF16 too)
            throw new IllegalArgumentException("bfloat16 arrays cannot be made here; load as FLOAT16 or FLOAT32");
        }
        SafetensorsEntry e = entry(name);
        if (e.dtype() == SafetensorsDtype.F16 && type == DataType.FLOAT16 && e.elementCount() > 0) {
            ByteBuffer raw = bytes(e);
            // a copy of our own: the array must not live on a mapping of the file
            ByteBuffer own = ByteBuffer.allocateDirect(raw.remaining()).order(ByteOrder.nativeOrder());
            if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                own.put(raw);
            } else {
                ShortBuffer from = raw.asShortBuffer();
                while (from.hasRemaining()) {
                    own.putShort(from.get());
                }
            }
            own.rewind();
            NDArray a = manager.create(own, new Shape(e.shape()), DataType.FLOAT16);
            a.setName(name);
            return a;
        }
        NDArray f32 = load(name, manager);
        if (type == DataType.FLOAT32) {
            return f32;
        }
        NDArray c = f32.toType(type, false);
        c.setName(name);
        f32.close();
        return c;
    }

    /** Every float tensor ({@link SafetensorsDtype#isReadableAsFloat()}) as F32, in file order; others are skipped. */
    public NDList loadAll(NDManager manager) throws IOException {
        NDList list = new NDList();
        for (SafetensorsEntry e : entries.values()) {
            if (e.dtype().isReadableAsFloat()) {
                list.add(load(e.name(), manager));
            }
        }
        return list;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + entries.size() + " tensors]";
    }
}
