package io.vswap.concepts.ui.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.eclipse.swt.graphics.ImageData;

/**
 * A reference image picked in the New Concept wizard and its square crop: the training learns from a
 * square; by default the centre one (as the trainer takes it), or one whose place the user chose.
 */
final class ReferenceImage {

    /** The side a thumbnail of the list and the crop preview are read at. */
    static final int PREVIEW = 360;

    final Path file;
    /** Null when the file cannot be read as an image (the trainer's check says so). */
    final ImageData preview;
    final int width;
    final int height;
    private int cropX;
    private int cropY;
    private boolean chosen;

    private ReferenceImage(Path file, ImageData preview, int width, int height) {
        this.file = file;
        this.preview = preview;
        this.width = width;
        this.height = height;
        centre();
    }

    static ReferenceImage read(Path file) {
        ImageData full = null;
        try {
            full = new ImageData(file.toString());
        } catch (RuntimeException e) {
            return new ReferenceImage(file, null, 0, 0); // listed; the check names it as unreadable
        }
        double s = Math.min(1.0, PREVIEW / (double) Math.max(full.width, full.height));
        ImageData preview = s >= 1 ? full : full.scaledTo(Math.max(1, (int) Math.round(full.width * s)),
                Math.max(1, (int) Math.round(full.height * s)));
        return new ReferenceImage(file, preview, full.width, full.height);
    }

    boolean readable() {
        return preview != null;
    }

    /** The square's side: the shorter side (the trainer scales the square to the model's size). */
    int side() {
        return Math.min(width, height);
    }

    int cropX() {
        return cropX;
    }

    int cropY() {
        return cropY;
    }

    /** Whether the user moved the square off the centre. */
    boolean chosen() {
        return chosen;
    }

    void centre() {
        cropX = (width - side()) / 2;
        cropY = (height - side()) / 2;
        chosen = false;
    }

    /** Puts the square's centre at ({@code x}, {@code y}) in the image's pixels, kept inside the image. */
    void centreAt(double x, double y) {
        cropX = (int) Math.round(Math.max(0, Math.min(width - side(), x - side() / 2.0)));
        cropY = (int) Math.round(Math.max(0, Math.min(height - side(), y - side() / 2.0)));
        chosen = cropX != (width - side()) / 2 || cropY != (height - side()) / 2;
    }

    /**
     * The file the training reads: the image itself for the centre square (the trainer takes that one),
     * else the chosen square written as a PNG into {@code folder} as {@code name}.
     */
    Path forTraining(Path folder, String name) throws IOException {
        if (!chosen || !readable()) {
            return file;
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            return file;
        }
        Files.createDirectories(folder);
        Path out = folder.resolve(name);
        ImageIO.write(img.getSubimage(cropX, cropY, side(), side()), "png", out.toFile());
        return out;
    }

    Optional<String> describe() {
        return readable() ? Optional.of(file.getFileName() + "  " + width + "×" + height + (chosen ? ", square chosen"
                : "")) : Optional.empty();
    }
}
