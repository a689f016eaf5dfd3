package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.SafetensorsDtype;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsFormatException;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;

/**
 * Safetensors files built byte by byte here, from the format's description: an 8-byte
 * little-endian header length, the JSON header, the data area.
 */
class SafetensorsTest {

    @TempDir
    Path dir;

    // ---- building files by hand ----

    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] u16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    Path put(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    // BF16 bit patterns and the F32 values they are (the upper 16 bits of the F32).
    static final int[] BF16_BITS = { 0x3F80, 0xC000, 0x3E20, 0x4049, 0x8000, 0x0001, 0x7F80 };
    static final float[] BF16_VALUES = { 1f, -2f, 0.15625f, 3.140625f, -0f, Math.scalb(1f, -133),
            Float.POSITIVE_INFINITY };
    // F16 bit patterns and their F32 values (1, -2, 1/3 rounded, largest, smallest subnormal, -inf).
    static final int[] F16_BITS = { 0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0xFC00 };
    static final float[] F16_VALUES = { 1f, -2f, 0.333251953125f, 65504f, Math.scalb(1f, -24),
            Float.NEGATIVE_INFINITY };

    /** A valid file with F32 [2,2], BF16 [7], F16 [2,3], metadata, and a space-padded header. */
    byte[] mixedFile() {
        byte[] a = f32(1.5f, -2.25f, 0f, 1e-3f); // 16 bytes at [0,16)
        byte[] b = u16(BF16_BITS); // 14 bytes at [16,30)
        byte[] c = u16(F16_BITS); // 12 bytes at [30,42)
        String header = "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"hand made\"},"
                + "\"w.bf\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[16,30]},"
                + "\"w.f32\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"w.half\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[30,42]}}   ";
        return file(header, concat(a, b, c));
    }

    @Test
    void readsF32Bf16F16AndMetadata() throws Exception {
        Path p = put("mixed.safetensors", mixedFile());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("format", "pt", "note", "hand made"), f.metadata());
            List<SafetensorsEntry> es = f.entries();
            assertEquals(List.of("w.f32", "w.bf", "w.half"), es.stream().map(SafetensorsEntry::name).toList(),
                    "entries in data order");
            assertEquals(new SafetensorsEntry("w.half", SafetensorsDtype.F16, new long[] { 2, 3 }, 30, 42),
                    f.entry("w.half"));
            assertArrayEquals(new float[] { 1.5f, -2.25f, 0f, 1e-3f }, f.floats("w.f32"));
            assertBitsEqual(BF16_VALUES, f.floats("w.bf"));
            assertBitsEqual(F16_VALUES, f.floats("w.half"));
        }
    }

    static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    "element " + i + ": expected " + expected[i] + " got " + actual[i]);
        }
    }

    @Test
    void loadsAsFloat32NDArraysWithoutHandingHalfBytesToDjl() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path p = put("mixed.safetensors", mixedFile());
        rt.call(() -> {
            try (NDManager m = rt.newManager(); SafetensorsFile f = SafetensorsFile.open(p)) {
                NDList all = f.loadAll(m);
                assertEquals(3, all.size());
                NDArray bf = f.load("w.bf", m);
                assertEquals(DataType.FLOAT32, bf.getDataType());
                assertEquals(new Shape(7), bf.getShape());
                assertEquals("w.bf", bf.getName());
                assertBitsEqual(BF16_VALUES, bf.toFloatArray());
                NDArray half = all.get(2);
                assertEquals(new Shape(2, 3), half.getShape());
                assertBitsEqual(F16_VALUES, half.toFloatArray());
                // F16 into a half-precision model: the file's own bytes, never widened, after the file is closed too
                NDArray direct = f.load("w.half", m, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, direct.getDataType());
                assertEquals(new Shape(2, 3), direct.getShape());
                assertEquals("w.half", direct.getName());
                assertBitsEqual(F16_VALUES, direct.toType(DataType.FLOAT32, false).toFloatArray());
                // other combinations: read as F32, then cast (BF16 rounded to the nearest F16)
                NDArray bfAsHalf = f.load("w.bf", m, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, bfAsHalf.getDataType());
                assertEquals(3.140625f, bfAsHalf.toType(DataType.FLOAT32, false).toFloatArray()[3], 2e-3f);
                assertBitsEqual(F16_VALUES, f.load("w.half", m, DataType.FLOAT32).toFloatArray());
                return null;
            }
        });
    }

    @Test
    void unpaddedHeaderScalarAndEmptyTensorAndUnsupportedDtype() throws Exception {
        // Scalar (shape []), an empty tensor, and an I64 tensor (readable header, not loadable as float).
        String header = "{\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"e\":{\"dtype\":\"F16\",\"shape\":[0,5],\"data_offsets\":[4,4]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[4,20]}}";
        byte[] ids = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).array();
        Path p = put("misc.safetensors", file(header, concat(f32(7f), ids)));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[] { 7f }, f.floats("s"));
            assertEquals(0, f.floats("e").length);
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> f.floats("ids"));
            assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("I64"), e.getMessage());
            assertTrue(f.metadata().isEmpty());
            assertThrows(SafetensorsFormatException.class, () -> f.floats("missing"));
        }
    }

    // ---- damaged files: each refused with the file (and tensor) named ----

    void assertRefused(byte[] content, String fileName, String... fragments) throws IOException {
        Path p = put(fileName, content);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p));
        String msg = e.getMessage();
        assertTrue(msg.contains(fileName), "names the file: " + msg);
        for (String f : fragments) {
            assertTrue(msg.contains(f), "'" + f + "' in: " + msg);
        }
    }

    @Test
    void refusesAFileShorterThanTheLengthField() throws Exception {
        assertRefused(new byte[] { 5, 0, 0 }, "tiny.safetensors", "truncated");
        assertRefused(new byte[0], "empty.safetensors", "truncated");
    }

    @Test
    void refusesAHeaderLengthLargerThanTheFile() throws Exception {
        byte[] good = mixedFile();
        // Cut inside the header.
        assertRefused(Arrays.copyOf(good, 40), "cut-header.safetensors", "header length", "truncated");
        // A length field that is garbage (2^63 + 5, negative as a signed long).
        byte[] bad = good.clone();
        bad[7] = (byte) 0x80;
        assertRefused(bad, "huge-length.safetensors", "header length");
    }

    @Test
    void refusesATruncatedDataArea() throws Exception {
        byte[] good = mixedFile();
        assertRefused(Arrays.copyOf(good, good.length - 1), "cut-data.safetensors", "'w.half'", "outside the data area");
    }

    @Test
    void refusesOffsetsOutsideTheDataArea() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRefused(file(header, f32(1f, 2f)), "past-end.safetensors", "'a'", "outside the data area");
        String reversed = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}";
        assertRefused(file(reversed, f32(1f)), "reversed.safetensors", "'a'", "ascending");
        String negative = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}";
        assertRefused(file(negative, f32(1f)), "negative.safetensors", "'a'");
    }

    @Test
    void refusesOverlappingTensors() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRefused(file(header, f32(1, 2, 3)), "overlap.safetensors", "'b'", "overlap", "'a'");
    }

    @Test
    void refusesAByteSizeThatDoesNotMatchDtypeAndShape() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}";
        assertRefused(file(header, f32(1, 2, 3)), "size.safetensors", "'a'", "12 bytes", "needs 16");
        String bf = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertRefused(file(bf, f32(1, 2)), "size-bf16.safetensors", "'b'", "needs 6");
    }

    @Test
    void refusesAnUnknownDtype() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F12\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRefused(file(header, f32(1)), "dtype.safetensors", "'a'", "unknown dtype 'F12'");
    }

    @Test
    void refusesMalformedHeaders() throws Exception {
        assertRefused(file("[1,2,3]  ", new byte[0]), "array.safetensors", "'{'");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\"", new byte[0]), "cut-json.safetensors", "JSON");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", f32(1)), "no-offsets.safetensors", "'a'",
                "data_offsets");
        assertRefused(file("{\"__metadata__\":{\"n\":3}}", new byte[0]), "meta.safetensors", "__metadata__");
    }

    // ---- writing ----

    @Test
    void writtenFileHasExactlyTheSpecifiedLayout() throws Exception {
        Path p = dir.resolve("out.safetensors");
        new SafetensorsWriter()
                .add("z.half", SafetensorsDtype.F16, new float[] { 1f, 0.5f, -2f }, 3)
                .add("b", new float[] { 1f, 2f }, 2)
                .add("a", new float[] { -1f, 0.25f, 8f, 9f }, 2, 2)
                .metadata("format", "pt")
                .metadata("by", "vswap <test>")
                .write(p);
        byte[] bytes = Files.readAllBytes(p);
        // F32 tensors first (by name), then F16; metadata (sorted) first; compact JSON.
        String json = "{\"__metadata__\":{\"by\":\"vswap <test>\",\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"z.half\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[24,30]}}";
        int n = (json.length() + 7) / 8 * 8;
        String paddedHeader = json + " ".repeat(n - json.length());
        byte[] expected = file(paddedHeader, concat(f32(-1f, 0.25f, 8f, 9f, 1f, 2f), u16(0x3C00, 0x3800, 0xC000)));
        assertEquals(0, n % 8, "header length is a multiple of 8");
        assertEquals(n, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        assertEquals(new String(expected, 8, n, StandardCharsets.UTF_8), new String(bytes, 8, n, StandardCharsets.UTF_8));
        assertArrayEquals(expected, bytes);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file left beside the target");
        }
    }

    @Test
    void roundTripsThroughNDArraysAndReplacesAtomically() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path p = dir.resolve("sub/round.safetensors");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "old content");
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.7) * 3;
        }
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray x = m.create(values, new Shape(2, 3, 4));
                NDArray ints = m.arange(0, 6, 1, DataType.INT32).reshape(2, 3);
                new SafetensorsWriter().add("x", x).add("x16", SafetensorsDtype.F16, x).add("ints", ints)
                        .metadata("step", "12").write(p);
                try (SafetensorsFile f = SafetensorsFile.open(p)) {
                    assertEquals(Map.of("step", "12"), f.metadata());
                    NDArray back = f.load("x", m);
                    assertEquals(new Shape(2, 3, 4), back.getShape());
                    assertArrayEquals(values, back.toFloatArray(), 0f);
                    float[] half = f.floats("x16");
                    for (int i = 0; i < values.length; i++) {
                        assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[i])), half[i], 0f);
                        assertEquals(values[i], half[i], Math.abs(values[i]) * 1e-3 + 1e-7);
                    }
                    assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, f.floats("ints"));
                    assertEquals(SafetensorsDtype.F16, f.entry("x16").dtype());
                }
                // DJL's own decoder reads our F32/F16 output (it must never see BF16).
                NDList djl = NDList.decode(m, Files.readAllBytes(p));
                assertEquals(3, djl.size());
                return null;
            }
        });
        try (var files = Files.list(p.getParent())) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void readsWhatDjlWrites() throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path p = dir.resolve("djl.safetensors");
        rt.call(() -> {
            try (NDManager m = rt.newManager()) {
                NDArray a = m.create(new float[] { 1, 2, 3, 4, 5, 6 }, new Shape(3, 2));
                a.setName("alpha");
                Files.write(p, new NDList(a).encode(NDList.Encoding.SAFETENSORS));
                return null;
            }
        });
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new long[] { 3, 2 }, f.entry("alpha").shape());
            assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, f.floats("alpha"));
        }
    }

    @Test
    void failedWriteLeavesNoTemporaryAndNoTarget() throws Exception {
        // The target is a non-empty folder: the rename fails, the temporary file goes away.
        Path target = dir.resolve("taken.safetensors");
        Files.createDirectories(target.resolve("inside"));
        assertThrows(IOException.class, () -> new SafetensorsWriter().add("a", new float[] { 1 }, 1).write(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter().add("a", new float[] { 1, 2 }, 3));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter().add("a", SafetensorsDtype.BF16, new float[] { 1 }, 1));
    }
}
