package io.vswap.eval.internal.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.RgbImage;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.video.api.RgbFrame;

/**
 * The CLIP the CLIP metrics share: one folder's model loaded once (a ViT-L takes seconds and over a
 * gigabyte), and the last clip's frame embeddings, so that CLIP-T, CLIP-F and CLIP-I of one edit
 * embed its frames once.
 */
@Component(service = ClipModelCache.class)
public final class ClipModelCache {

    @Reference
    private TensorRuntime runtime;

    private Path folder;
    private ClipModel model;
    private IOException failure;
    private List<RgbFrame> embeddedFrames;
    private float[][] frameEmbeddings;

    /** The model in {@code dir}, loaded on first use; the same failure again without a retry. */
    synchronized ClipModel model(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        if (!d.equals(folder)) {
            close();
            folder = d;
            try {
                model = ClipModel.load(runtime, d);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return model;
    }

    /** The frames' image embeddings (L2-normalised), computed once per list of frames. */
    synchronized float[][] frames(Path dir, List<RgbFrame> frames) throws IOException {
        ClipModel m = model(dir);
        if (frames != embeddedFrames) { // the same input's list: identity is enough, and cheap
            frameEmbeddings = m.embedImages(images(frames));
            embeddedFrames = frames;
        }
        return frameEmbeddings;
    }

    static List<RgbImage> images(List<RgbFrame> frames) {
        return frames.stream().map(f -> new RgbImage(f.width(), f.height(), f.rgb())).toList();
    }

    @Deactivate
    synchronized void close() {
        if (model != null) {
            model.close();
        }
        model = null;
        failure = null;
        folder = null;
        embeddedFrames = null;
        frameEmbeddings = null;
    }
}
