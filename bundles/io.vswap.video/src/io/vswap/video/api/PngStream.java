package io.vswap.video.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an 8-bit RGB PNG row by row, so that an image taller than memory cares to hold (a contact
 * sheet of a thousand frames) never exists whole: rows are filtered, compressed and written as
 * they come. ImageIO wants the whole image.
 */
final class PngStream {

    private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final byte[] buffer = new byte[CHUNK];
    private byte[] previous;
    private byte[] current;
    private final byte[][] filtered = new byte[5][];
    private int rows;

    PngStream(OutputStream out, int width, int height) throws IOException {
        this.out = out;
        this.width = width;
        this.height = height;
        int stride = width * 3;
        previous = new byte[stride];
        current = new byte[stride];
        for (int f = 0; f < 5; f++) {
            filtered[f] = new byte[stride + 1];
            filtered[f][0] = (byte) f;
        }
        out.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bits per sample
        ihdr[9] = 2; // colour type: RGB
        chunk("IHDR", ihdr, ihdr.length);
    }

    /** Appends one row of {@code 0xRRGGBB} pixels, {@code width} of them from {@code offset}. */
    void row(int[] argb, int offset) throws IOException {
        if (rows == height) {
            throw new IllegalStateException("the PNG already has its " + height + " rows");
        }
        for (int x = 0; x < width; x++) {
            int p = argb[offset + x];
            current[3 * x] = (byte) (p >> 16);
            current[3 * x + 1] = (byte) (p >> 8);
            current[3 * x + 2] = (byte) p;
        }
        deflater.setInput(bestFilter());
        drain(false);
        byte[] t = previous;
        previous = current;
        current = t;
        rows++;
    }

    /** Ends the image; every row must have been written. Does not close the stream. */
    void finish() throws IOException {
        if (rows != height) {
            throw new IllegalStateException("the PNG has " + rows + " of its " + height + " rows");
        }
        deflater.finish();
        drain(true);
        deflater.end();
        chunk("IEND", new byte[0], 0);
        out.flush();
    }

    /** libpng's heuristic: of the five filters, the one whose bytes, read as signed, sum smallest. */
    private byte[] bestFilter() {
        int n = current.length;
        long best = Long.MAX_VALUE;
        byte[] chosen = null;
        for (int f = 0; f < 5; f++) {
            byte[] dst = filtered[f];
            long sum = 0;
            for (int i = 0; i < n; i++) {
                int a = i >= 3 ? current[i - 3] & 0xff : 0;
                int b = previous[i] & 0xff;
                int c = i >= 3 ? previous[i - 3] & 0xff : 0;
                int predicted = switch (f) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >> 1;
                    default -> paeth(a, b, c);
                };
                byte v = (byte) (current[i] - predicted);
                dst[i + 1] = v;
                sum += Math.abs(v);
            }
            if (sum < best) {
                best = sum;
                chosen = dst;
            }
        }
        return chosen;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** Writes what the deflater has ready as IDAT chunks; all of it when {@code last}. */
    private void drain(boolean last) throws IOException {
        while (last ? !deflater.finished() : !deflater.needsInput()) {
            int n = deflater.deflate(buffer);
            if (n > 0) {
                chunk("IDAT", buffer, n);
            }
        }
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] header = new byte[8];
        putInt(header, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(header);
        out.write(data, 0, length);
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
