package io.vswap.concepts.api;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.vswap.diffusion.api.DdimScheduler;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * Text-to-image on a loaded base model, through a concept when one is applied: DDIM with
 * classifier-free guidance, image {@code i} from the seed {@code seed + i}, so the same settings draw the
 * same images. Runs inside {@code TensorRuntime.call}; draws nothing from any other random source, so a
 * training that previews follows the steps it would follow without.
 */
public final class ConceptPreviews {

    private ConceptPreviews() {
    }

    /** Mix-of-Show's first caption template with the token. */
    public static String defaultPrompt(String token) {
        return "a photo of a " + token;
    }

    /**
     * Draws {@code settings.images()} images of {@code prompt}.
     *
     * @param concept the concept whose tokens and LoRA the prompt goes through; null for the model alone
     * @param monitor checked every step; may be null
     * @throws OperationCanceledException when cancelled
     */
    public static List<BufferedImage> draw(VideoDiffusionModel model, ConceptPrompt concept, String prompt,
            PreviewSettings settings, NDManager manager, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, settings.images() * settings.steps());
        int cells = latentSide(model, settings.maxSide());
        int channels = model.vae().config().latentChannels();
        List<BufferedImage> out = new ArrayList<>();
        // no autograd graph while drawing (grad mode is per thread, and on in a fresh one); the caller's mode back after
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager m = manager.newSubManager()) {
            NDArray text = concept != null ? concept.encode(m, List.of(prompt)) : model.encodePrompts(m, List.of(prompt));
            NDArray empty = concept != null ? concept.encode(m, List.of("")) : model.encodePrompts(m, List.of(""));
            NDArray states = empty.concat(text, 0);
            for (int i = 0; i < settings.images(); i++) {
                NDArray z = SeededNoise.normal(m, settings.seed() + i, new Shape(1, channels, cells, cells));
                DdimScheduler ddim = model.ddim(settings.steps());
                int k = 0;
                for (int t : ddim.timesteps()) {
                    if (sub.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    sub.subTask(String.format(Locale.ROOT, "image %d of %d, step %d of %d", i + 1, settings.images(),
                            ++k, settings.steps()));
                    // each step's activations in its own manager; only the next latent is kept (BUILD-FACTS)
                    try (NDManager step = m.newSubManager()) {
                        NDArray in = z.concat(z, 0);
                        in.attach(step);
                        NDArray eps = model.unet().imageUNet().forward(in, new float[] { t }, states);
                        NDArray u = eps.get(0);
                        NDArray c = eps.get(1);
                        NDArray guided = u.add(c.sub(u).mul(settings.guidance())).expandDims(0);
                        NDArray next = ddim.step(guided, t, z).sample();
                        next.attach(m);
                        z = next;
                    }
                    sub.worked(1);
                }
                try (NDManager decode = m.newSubManager()) {
                    z.attach(decode);
                    out.add(image(model.vae().decode(z)));
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    /** The latent side for at most {@code maxSide} pixels (0: the model's own), at least 8 cells. */
    static int latentSide(VideoDiffusionModel model, int maxSide) throws IOException {
        int nativeCells = model.unet().imageUNet().config().sampleSize();
        if (maxSide <= 0) {
            return nativeCells;
        }
        // the UNet halves the grid up to three times: keep it a multiple of 8
        int cells = Math.min(nativeCells, maxSide / model.vaeScale() / 8 * 8);
        return Math.max(Math.min(8, nativeCells), cells);
    }

    /** A decoded image {@code [1, 3, H, W]} in [-1, 1] as an RGB picture. */
    static BufferedImage image(NDArray decoded) {
        byte[] rgb = VaeImageProcessor.postprocessRgb(decoded).get(0);
        int h = (int) decoded.getShape().get(2);
        int w = (int) decoded.getShape().get(3);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) {
            img.setRGB(i % w, i / w, (rgb[3 * i] & 255) << 16 | (rgb[3 * i + 1] & 255) << 8 | rgb[3 * i + 2] & 255);
        }
        return img;
    }
}
