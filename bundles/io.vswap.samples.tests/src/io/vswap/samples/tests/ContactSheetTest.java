package io.vswap.samples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;

/** Writes a contact sheet of the sample world to {@code target/} for people to look at, and checks what it holds. */
class ContactSheetTest {

    @Test
    void writesAContactSheet() throws Exception {
        Path out = Path.of("target", "sample-world-64.png").toAbsolutePath();
        write(out, 64, 2, 100);
        checkSheet(out, 64, 2, 100);
        Path large = Path.of("target", "sample-world-128.png").toAbsolutePath();
        write(large, 128, 1, 200);
        checkSheet(large, 128, 1, 200);
    }

    /** The PNG read back: its size, every tile the clip's frame pixel for pixel, the gaps black. */
    private static void checkSheet(Path png, int size, int zoom, long firstSeed) throws Exception {
        BufferedImage sheet = ImageIO.read(png.toFile());
        int tile = size * zoom;
        assertEquals(8 * (tile + 2), sheet.getWidth());
        assertEquals(8 * (tile + 2), sheet.getHeight());
        for (int c = 0; c < 8; c++) {
            SampleClip clip = SampleWorld.clip(firstSeed + c, size, 16);
            for (int k = 0; k < 8; k++) {
                byte[] rgb = clip.frameRgb(2 * k);
                for (int y = 0; y < tile; y += 7) {
                    for (int x = 0; x < tile; x += 5) {
                        int i = ((y / zoom) * size + x / zoom) * 3;
                        int want = (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
                        assertEquals(want, sheet.getRGB(k * (tile + 2) + x, c * (tile + 2) + y) & 0xffffff,
                                "clip " + c + ", frame " + 2 * k + " at " + x + "," + y);
                    }
                }
                assertEquals(0, sheet.getRGB(k * (tile + 2) + tile, c * (tile + 2)) & 0xffffff, "the gap is black");
            }
        }
    }

    /** 8 clips (rows) × 8 frames (every other frame), each pixel shown {@code zoom}× . */
    private static void write(Path out, int size, int zoom, long firstSeed) throws Exception {
        int clips = 8;
        int shown = 8;
        int tile = size * zoom;
        BufferedImage sheet = new BufferedImage(shown * (tile + 2), clips * (tile + 2), BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < clips; c++) {
            SampleClip clip = SampleWorld.clip(firstSeed + c, size, 16);
            System.out.println("contact sheet row " + c + ": " + clip.caption());
            for (int k = 0; k < shown; k++) {
                byte[] rgb = clip.frameRgb(2 * k);
                for (int y = 0; y < tile; y++) {
                    for (int x = 0; x < tile; x++) {
                        int i = ((y / zoom) * size + x / zoom) * 3;
                        sheet.setRGB(k * (tile + 2) + x, c * (tile + 2) + y,
                                (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
                    }
                }
            }
        }
        Files.createDirectories(out.getParent());
        ImageIO.write(sheet, "png", out.toFile());
        System.out.println("contact sheet: " + out);
    }
}
