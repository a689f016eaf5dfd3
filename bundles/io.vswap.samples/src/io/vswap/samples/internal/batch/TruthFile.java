package io.vswap.samples.internal.batch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SubjectPose;

/**
 * A sample clip's ground truth as JSON, version {@value #VERSION}: caption, spec, and per frame
 * the mask centroid, the named points with their visibility and the subject's pose. Pixel
 * centres are at integers; rotation is radians, clockwise on screen.
 */
public final class TruthFile {

    public static final int VERSION = 1;
    public static final String FORMAT = "vswap-sample-truth";

    private TruthFile() {
    }

    /** {@code clip.mkv} → {@code clip.truth.json} in the same folder. */
    public static Path beside(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".truth.json");
    }

    public static String json(SampleClip clip, long seed) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        root.addProperty("caption", clip.caption());
        root.addProperty("seed", seed);
        root.addProperty("size", clip.size());
        root.addProperty("frames", clip.frameCount());
        JsonObject spec = new JsonObject();
        spec.addProperty("shape", clip.spec().shape().word());
        spec.addProperty("color", clip.spec().color().word());
        spec.addProperty("pattern", clip.spec().pattern().word());
        spec.addProperty("background", clip.spec().background().word());
        root.add("spec", spec);
        JsonArray centroids = new JsonArray();
        JsonArray poses = new JsonArray();
        for (int f = 0; f < clip.frameCount(); f++) {
            double[] c = clip.centroid(f);
            JsonArray xy = new JsonArray();
            xy.add(round(c[0]));
            xy.add(round(c[1]));
            centroids.add(xy);
            SubjectPose p = clip.pose(f);
            JsonObject pose = new JsonObject();
            pose.addProperty("x", round(p.x()));
            pose.addProperty("y", round(p.y()));
            pose.addProperty("radius", round(p.radius()));
            pose.addProperty("rotation", round(p.rotation()));
            poses.add(pose);
        }
        root.add("centroid", centroids);
        JsonObject points = new JsonObject();
        for (Map.Entry<String, double[][]> e : clip.points().entrySet()) {
            JsonArray track = new JsonArray();
            for (double[] t : e.getValue()) {
                JsonObject p = new JsonObject();
                p.addProperty("x", round(t[0]));
                p.addProperty("y", round(t[1]));
                p.addProperty("visible", t[2] == 1);
                track.add(p);
            }
            points.add(e.getKey(), track);
        }
        root.add("points", points);
        root.add("pose", poses);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    /** Four decimals: a ten-thousandth of a pixel is plenty, and the file stays readable. */
    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", v));
    }
}
