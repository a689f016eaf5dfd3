package io.vswap.concepts.internal.training;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import io.vswap.concepts.api.ConceptInputException;
import io.vswap.concepts.api.TrainingRequest;

/**
 * The reference images of a training: checked, centre-cropped to a square and scaled to the model's
 * side once, then augmented per step as Mix-of-Show's dataset does for a square image (its
 * {@code ResizeFillMaskNew}: shrunk by a random factor and placed at a random spot of a black canvas,
 * the loss counted only where the image is).
 */
final class ReferenceImages {

    /**
     * Images whose shorter sides differ more than this many times are refused: scaled to one size, the
     * smaller ones would be far blurrier than the others and the concept would learn the blur.
     */
    static final double MAX_SIDE_RATIO = 4;

    private final List<BufferedImage> squares;
    private final int side;

    private ReferenceImages(List<BufferedImage> squares, int side) {
        this.squares = squares;
        this.side = side;
    }

    /** Reads and checks the request's images. @throws ConceptInputException saying which and why */
    static List<BufferedImage> read(TrainingRequest request) throws IOException {
        List<Path> paths = request.images();
        if (paths.size() < TrainingRequest.MIN_IMAGES || paths.size() > TrainingRequest.MAX_IMAGES) {
            throw new ConceptInputException("a concept is learnt from " + TrainingRequest.MIN_IMAGES + " to "
                    + TrainingRequest.MAX_IMAGES + " reference images; " + paths.size() + " "
                    + (paths.size() == 1 ? "was" : "were") + " given");
        }
        List<BufferedImage> out = new ArrayList<>();
        for (Path p : paths) {
            BufferedImage img;
            try {
                img = Files.isRegularFile(p) ? ImageIO.read(p.toFile()) : null;
            } catch (IOException e) {
                img = null;
            }
            if (img == null || img.getWidth() < 1 || img.getHeight() < 1) {
                throw new ConceptInputException("the reference image " + p + (Files.isRegularFile(p)
                        ? " cannot be read as an image (PNG or JPEG)" : " does not exist"));
            }
            out.add(img);
        }
        int smallest = 0;
        int largest = 0;
        for (int i = 1; i < out.size(); i++) {
            if (shortSide(out.get(i)) < shortSide(out.get(smallest))) {
                smallest = i;
            }
            if (shortSide(out.get(i)) > shortSide(out.get(largest))) {
                largest = i;
            }
        }
        if (shortSide(out.get(largest)) > MAX_SIDE_RATIO * shortSide(out.get(smallest))) {
            throw new ConceptInputException("the reference images are of wildly different sizes: " + paths.get(smallest)
                    + " is " + size(out.get(smallest)) + ", " + paths.get(largest) + " is " + size(out.get(largest))
                    + "; their shorter sides may differ at most " + (int) MAX_SIDE_RATIO
                    + " times: leave out or replace the small ones");
        }
        return out;
    }

    private static int shortSide(BufferedImage i) {
        return Math.min(i.getWidth(), i.getHeight());
    }

    private static String size(BufferedImage i) {
        return i.getWidth() + "×" + i.getHeight();
    }

    /** Each image's centre square scaled to {@code side}. */
    static ReferenceImages prepare(List<BufferedImage> images, int side) {
        List<BufferedImage> squares = new ArrayList<>();
        for (BufferedImage img : images) {
            int s = shortSide(img);
            BufferedImage crop = img.getSubimage((img.getWidth() - s) / 2, (img.getHeight() - s) / 2, s, s);
            squares.add(scaled(crop, side, side));
        }
        return new ReferenceImages(squares, side);
    }

    int count() {
        return squares.size();
    }

    BufferedImage square(int i) {
        return squares.get(i);
    }

    /**
     * One augmented sample of image {@code i}: shrunk by a factor drawn from [{@code scaleMin}, 1] and placed
     * at a random spot on black.
     *
     * @param rgb receives the canvas, packed RGB bytes {@code side·side·3}
     * @return the canvas cells the image covers, as a mask at {@code cells × cells} (the latent's side)
     */
    float[] augment(int i, double scaleMin, Random random, byte[] rgb, int cells) {
        double scale = scaleMin + (1 - scaleMin) * random.nextDouble();
        int s = Math.max(1, (int) Math.round(side * scale));
        int x0 = random.nextInt(side - s + 1);
        int y0 = random.nextInt(side - s + 1);
        BufferedImage canvas = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.drawImage(s == side ? squares.get(i) : scaled(squares.get(i), s, s), x0, y0, null);
        g.dispose();
        int k = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = canvas.getRGB(x, y);
                rgb[k++] = (byte) (p >> 16);
                rgb[k++] = (byte) (p >> 8);
                rgb[k++] = (byte) p;
            }
        }
        // a latent cell counts when its centre lies inside the placed image (Mix-of-Show: nearest resize of the mask)
        float[] mask = new float[cells * cells];
        double f = side / (double) cells;
        for (int cy = 0; cy < cells; cy++) {
            for (int cx = 0; cx < cells; cx++) {
                double px = (cx + 0.5) * f;
                double py = (cy + 0.5) * f;
                mask[cy * cells + cx] = px >= x0 && px < x0 + s && py >= y0 && py < y0 + s ? 1 : 0;
            }
        }
        return mask;
    }

    static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
