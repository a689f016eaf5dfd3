package io.vswap.points.internal.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.StrictJson;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.Position;
import io.vswap.points.api.SemanticPoint;

/**
 * The points a {@code track} job places: inline {@code {name: {x, y}}}, or read from a JSON file
 * with such an object (top level or under {@code "points"}), or from a sample clip's
 * {@code .truth.json} (format {@code vswap-sample-truth}: per point, one {x, y, visible} per
 * frame), whose keyframe positions are placed and whose whole trajectories measure the tracking.
 */
record PointsInput(Map<String, Position> points, int sourceSize, Map<String, JsonArray> truth, int keyframe) {

    private static final String TRUTH_FORMAT = "vswap-sample-truth";

    static PointsInput parse(JobSpec spec, int keyframe) throws SpecException {
        if (!spec.has("points")) {
            throw spec.error("points", "is missing: name the points to track, {\"nose\": {\"x\": …, \"y\": …}}, "
                    + "or give a file");
        }
        var inline = optObject(spec);
        if (inline != null) {
            Map<String, Position> points = new LinkedHashMap<>();
            for (String name : inline.fieldNames()) {
                JobSpec p = inline.optObject(name)
                        .orElseThrow(() -> inline.error(name, "must be an object {\"x\": …, \"y\": …}"));
                p.requireOnly("x", "y");
                double x = p.optNumber("x").orElseThrow(() -> p.error("x", "is missing"));
                double y = p.optNumber("y").orElseThrow(() -> p.error("y", "is missing"));
                points.put(name, new Position(x, y));
            }
            return checked(spec, new PointsInput(points, 0, Map.of(), keyframe));
        }
        Path file = spec.path("points");
        if (!Files.exists(file)) {
            // read when the spec is checked: a file an earlier job of the same spec would write is not there yet
            throw spec.error("points", file + " does not exist: write it first (a job that makes it, such as "
                    + "\"sample\", must run in an earlier spec), or name the points inline");
        }
        JsonObject o;
        try {
            o = StrictJson.parse(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw spec.error("points", "cannot read " + file + " as a JSON object of points: " + e.getMessage());
        }
        try {
            return fromFile(spec, file, o, keyframe);
        } catch (IllegalStateException | UnsupportedOperationException | ClassCastException | NullPointerException
                | NumberFormatException | IndexOutOfBoundsException e) {
            // Gson's own message names only its class ("JsonObject"): say what is wrong in words
            throw spec.error("points", file + " is not a points file this version reads: a field is missing or of the "
                    + "wrong type (expected {\"name\": {\"x\": …, \"y\": …}, …} or a sample's truth file)");
        }
    }

    private static PointsInput fromFile(JobSpec spec, Path file, JsonObject o, int keyframe) throws SpecException {
        if (o.has("format") && TRUTH_FORMAT.equals(o.get("format").getAsString())) {
            Map<String, Position> points = new LinkedHashMap<>();
            Map<String, JsonArray> truth = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("points").entrySet()) {
                JsonArray track = e.getValue().getAsJsonArray();
                if (keyframe >= track.size()) {
                    throw spec.error("keyframe", keyframe + " is beyond the " + track.size() + " frames of " + file);
                }
                JsonObject at = track.get(keyframe).getAsJsonObject();
                if (at.get("visible").getAsBoolean()) {
                    points.put(e.getKey(), new Position(at.get("x").getAsDouble(), at.get("y").getAsDouble()));
                    truth.put(e.getKey(), track);
                }
            }
            return checked(spec, new PointsInput(points, o.get("size").getAsInt(), truth, keyframe));
        }
        JsonObject pts = o.has("points") && o.get("points").isJsonObject() ? o.getAsJsonObject("points") : o;
        Map<String, Position> points = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : pts.entrySet()) {
            if (!e.getValue().isJsonObject() || !e.getValue().getAsJsonObject().has("x")) {
                throw spec.error("points", file + ": \"" + e.getKey() + "\" is not {\"x\": …, \"y\": …}");
            }
            JsonObject p = e.getValue().getAsJsonObject();
            points.put(e.getKey(), new Position(p.get("x").getAsDouble(), p.get("y").getAsDouble()));
        }
        return checked(spec, new PointsInput(points, 0, Map.of(), keyframe));
    }

    private static JobSpec optObject(JobSpec spec) {
        try {
            return spec.optObject("points").orElse(null);
        } catch (SpecException notAnObject) {
            return null; // a path
        }
    }

    private static PointsInput checked(JobSpec spec, PointsInput in) throws SpecException {
        if (in.points().isEmpty()) {
            throw spec.error("points", "names no point (visible at the keyframe); give at least one");
        }
        return in;
    }

    /** Truth positions are in the sample's pixels; a clip prepared at another (square) size scales them. */
    Map<String, Position> scaledTo(int clipWidth) {
        if (sourceSize == 0 || sourceSize == clipWidth) {
            return points;
        }
        double k = clipWidth / (double) sourceSize;
        Map<String, Position> out = new LinkedHashMap<>();
        points.forEach((n, p) -> out.put(n, new Position((p.x() + 0.5) * k - 0.5, (p.y() + 0.5) * k - 0.5)));
        return out;
    }

    /** {@code "; against the truth: mean … px, max … px"} over frames where truth and track both see a point, or "". */
    String errorAgainstTruth(PointSet set, int clipWidth) {
        if (truth.isEmpty()) {
            return "";
        }
        double k = sourceSize == 0 ? 1 : clipWidth / (double) sourceSize;
        double sum = 0;
        double max = 0;
        int n = 0;
        for (Map.Entry<String, JsonArray> e : truth.entrySet()) {
            SemanticPoint p = set.point(e.getKey()).orElse(null);
            if (p == null || p.trajectory() == null) {
                continue;
            }
            for (int f = 0; f < Math.min(e.getValue().size(), p.trajectory().frameCount()); f++) {
                JsonObject t = e.getValue().get(f).getAsJsonObject();
                if (!t.get("visible").getAsBoolean() || !p.trajectory().visible(f)) {
                    continue;
                }
                double dx = p.trajectory().x(f) - ((t.get("x").getAsDouble() + 0.5) * k - 0.5);
                double dy = p.trajectory().y(f) - ((t.get("y").getAsDouble() + 0.5) * k - 0.5);
                double d = Math.hypot(dx, dy);
                sum += d;
                max = Math.max(max, d);
                n++;
            }
        }
        return n == 0 ? "; no frame to compare with the truth"
                : String.format(Locale.ROOT, "; against the truth over %d point-frames: mean %.2f px, max %.2f px", n,
                        sum / n, max);
    }
}
