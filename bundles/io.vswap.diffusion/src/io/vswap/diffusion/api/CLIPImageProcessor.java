package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.internal.clip.PilBicubicResize;

/**
 * transformers' {@code CLIPImageProcessor}: an 8-bit RGB image resized (shortest side to {@code size},
 * the other in proportion, truncated; or to {@code height × width}) with Pillow's bicubic filter, reproduced
 * to the bit, centre-cropped ({@code (side − crop) // 2} from the top left), rescaled ({@code × 1/255} in
 * double, then float) and normalised ({@code (x − mean) / std} in float), channels first: the pixel values
 * a CLIP image tower takes. Read from a {@code preprocessor_config.json}, or {@link #forImageSize CLIP's
 * defaults}.
 */
public final class CLIPImageProcessor {

    /** OpenAI CLIP's per-channel mean and standard deviation (transformers' OPENAI_CLIP_MEAN/STD). */
    public static final float[] OPENAI_CLIP_MEAN = { 0.48145466f, 0.4578275f, 0.40821073f };
    public static final float[] OPENAI_CLIP_STD = { 0.26862954f, 0.26130258f, 0.27577711f };

    private static final int BICUBIC = 3; // PIL.Image.Resampling.BICUBIC, transformers' "resample"

    private final int shortestEdge;
    private final int resizeHeight;
    private final int resizeWidth;
    private final int cropHeight;
    private final int cropWidth;
    private final double rescaleFactor;
    private final float[] mean;
    private final float[] std;

    /**
     * @param shortestEdge the side the shorter side is resized to, or 0 to resize to {@code resizeHeight × resizeWidth}
     *        (0 and 0: no resize)
     * @param cropHeight 0 with {@code cropWidth} 0: no crop
     * @param rescaleFactor 1 for no rescale
     * @param mean 3 values (0 with std 1: no normalisation)
     */
    public CLIPImageProcessor(int shortestEdge, int resizeHeight, int resizeWidth, int cropHeight, int cropWidth,
            double rescaleFactor, float[] mean, float[] std) {
        if (shortestEdge < 0 || resizeHeight < 0 || resizeWidth < 0 || cropHeight < 0 || cropWidth < 0
                || (resizeHeight == 0) != (resizeWidth == 0) || (cropHeight == 0) != (cropWidth == 0)) {
            throw new IllegalArgumentException("sizes: shortest edge " + shortestEdge + ", resize " + resizeHeight + "x"
                    + resizeWidth + ", crop " + cropHeight + "x" + cropWidth);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("image_mean and image_std need one value per channel (3)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("image_std " + s + " must be positive");
            }
        }
        this.shortestEdge = shortestEdge;
        this.resizeHeight = resizeHeight;
        this.resizeWidth = resizeWidth;
        this.cropHeight = cropHeight;
        this.cropWidth = cropWidth;
        this.rescaleFactor = rescaleFactor;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** CLIP's defaults for a tower of {@code imageSize} pixels: shortest side to it, centre crop to it, 1/255, CLIP mean/std. */
    public static CLIPImageProcessor forImageSize(int imageSize) {
        return new CLIPImageProcessor(imageSize, 0, 0, imageSize, imageSize, 1 / 255.0, OPENAI_CLIP_MEAN,
                OPENAI_CLIP_STD);
    }

    /** @throws IOException naming the file and the field when it is damaged or asks for what is not supported */
    public static CLIPImageProcessor read(Path preprocessorConfig) throws IOException {
        return ConfigJson.read(preprocessorConfig, CLIPImageProcessor::parse);
    }

    /**
     * Parses a {@code preprocessor_config.json} in either of transformers' forms: sizes as numbers
     * ({@code "size": 224, "crop_size": 224}, openai/clip-vit-large-patch14's) or as objects
     * ({@code {"shortest_edge": 224}}, {@code {"height": 224, "width": 224}}). Only bicubic resampling
     * ({@code "resample": 3}) is supported.
     */
    public static CLIPImageProcessor parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        if (ConfigJson.integer(o, "resample", BICUBIC) != BICUBIC) {
            throw new IllegalArgumentException("resample " + o.get("resample") + " is not supported (only 3, bicubic)");
        }
        int edge = 224;
        int rh = 0;
        int rw = 0;
        if (ConfigJson.present(o, "size")) {
            JsonElement s = o.get("size");
            if (s.isJsonObject() && s.getAsJsonObject().has("shortest_edge")) {
                edge = ConfigJson.integer(s.getAsJsonObject(), "shortest_edge", 224);
            } else if (s.isJsonObject()) {
                edge = 0;
                rh = ConfigJson.integer(s.getAsJsonObject(), "height", 0);
                rw = ConfigJson.integer(s.getAsJsonObject(), "width", 0);
            } else {
                edge = ConfigJson.exact("size", s);
            }
        }
        if (!ConfigJson.bool(o, "do_resize", true)) {
            edge = rh = rw = 0;
        }
        int ch = 224;
        int cw = 224;
        if (ConfigJson.present(o, "crop_size")) {
            JsonElement c = o.get("crop_size");
            if (c.isJsonObject()) {
                ch = ConfigJson.integer(c.getAsJsonObject(), "height", 0);
                cw = ConfigJson.integer(c.getAsJsonObject(), "width", 0);
            } else {
                ch = cw = ConfigJson.exact("crop_size", c);
            }
        }
        if (!ConfigJson.bool(o, "do_center_crop", true)) {
            ch = cw = 0;
        }
        double rescale = ConfigJson.bool(o, "do_rescale", true) ? ConfigJson.number(o, "rescale_factor", 1 / 255.0) : 1;
        float[] mean = OPENAI_CLIP_MEAN;
        float[] std = OPENAI_CLIP_STD;
        if (!ConfigJson.bool(o, "do_normalize", true)) {
            mean = new float[3];
            std = new float[] { 1, 1, 1 };
        } else {
            mean = floats(o, "image_mean", mean);
            std = floats(o, "image_std", std);
        }
        return new CLIPImageProcessor(edge, rh, rw, ch, cw, rescale, mean, std);
    }

    private static float[] floats(JsonObject o, String k, float[] def) {
        if (!ConfigJson.present(o, k)) {
            return def;
        }
        JsonElement e = o.get(k);
        if (!e.isJsonArray()) {
            float v = e.getAsFloat(); // one value for every channel
            return new float[] { v, v, v };
        }
        float[] out = new float[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = e.getAsJsonArray().get(i).getAsFloat();
        }
        return out;
    }

    /** The height of {@link #preprocess}'s output for an image of {@code height}: the crop's, when it crops. */
    public int outputHeight() {
        return cropHeight > 0 ? cropHeight : resizeHeight > 0 ? resizeHeight : shortestEdge;
    }

    /** The width of {@link #preprocess}'s output: the crop's, when it crops. */
    public int outputWidth() {
        return cropWidth > 0 ? cropWidth : resizeWidth > 0 ? resizeWidth : shortestEdge;
    }

    /** The size after the resize: transformers' {@code get_resize_output_image_size}, {@code [height, width]}. */
    int[] resizedSize(int height, int width) {
        if (shortestEdge == 0) {
            return resizeHeight == 0 ? new int[] { height, width } : new int[] { resizeHeight, resizeWidth };
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        if (shortSide == shortestEdge) {
            return new int[] { height, width };
        }
        int newLong = (int) ((double) shortestEdge * longSide / shortSide); // python's int(): truncation
        return width <= height ? new int[] { newLong, shortestEdge } : new int[] { shortestEdge, newLong };
    }

    /** One image to pixel values {@code [3, H, W]} (channels first, as a flat array). */
    public float[] preprocess(RgbImage image) {
        int[] size = resizedSize(image.height(), image.width());
        RgbImage r = PilBicubicResize.resize(image, size[1], size[0]);
        int h = cropHeight > 0 ? cropHeight : r.height();
        int w = cropWidth > 0 ? cropWidth : r.width();
        if (h > r.height() || w > r.width()) {
            // transformers pads such an image with zeros first; CLIP's processors never ask for it
            throw new IllegalArgumentException("a " + h + "x" + w + " crop of a " + r.height() + "x" + r.width()
                    + " image (resized from " + image.height() + "x" + image.width() + ") is not supported");
        }
        int top = (r.height() - h) / 2;
        int left = (r.width() - w) / 2;
        byte[] rgb = r.rgb();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int in = ((top + y) * r.width() + left + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float v = (float) ((rgb[in + c] & 0xff) * rescaleFactor); // numpy: float64 product, then float32
                    out[(c * h + y) * w + x] = (v - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** Images to pixel values {@code [N, 3, H, W]} in {@code manager}; every image must come out the same size. */
    public NDArray preprocess(NDManager manager, List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        int h = 0;
        int w = 0;
        float[] all = null;
        for (int n = 0; n < images.size(); n++) {
            RgbImage im = images.get(n);
            float[] one = preprocess(im);
            if (all == null) {
                int[] size = resizedSize(im.height(), im.width());
                h = cropHeight > 0 ? cropHeight : size[0];
                w = cropWidth > 0 ? cropWidth : size[1];
                all = new float[images.size() * one.length];
            } else if (one.length != 3 * h * w) {
                throw new IllegalArgumentException("image " + n + " (" + im.width() + "x" + im.height()
                        + ") comes out another size than image 0: set a crop size");
            }
            System.arraycopy(one, 0, all, n * one.length, one.length);
        }
        return manager.create(all, new Shape(images.size(), 3, h, w));
    }
}
