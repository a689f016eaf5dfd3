package io.vswap.eval.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.vswap.diffusion.api.RgbImage;
import io.vswap.video.api.RgbFrame;

/** A concept's reference images from a folder: every PNG and JPEG in it, by name. */
final class ReferenceImages {

    private ReferenceImages() {
    }

    static List<RgbFrame> read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("there is no folder of reference images " + folder);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("the folder " + folder + " holds no PNG or JPEG reference images");
        }
        List<RgbFrame> out = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new IOException("the reference image " + f + " cannot be read as an image");
            }
            RgbImage rgb = RgbImage.of(img);
            out.add(new RgbFrame(out.size(), rgb.width(), rgb.height(), rgb.rgb()));
        }
        return out;
    }
}
