package io.vswap.points.internal.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointEdit;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/**
 * The JSON form of a point set, field by field, so that the file format is a decision of its
 * own. Trajectories are stored as parallel arrays (x, y, visible, confidence), one entry per
 * frame: compact and easy to read from other tools. A point's hidden marks are a list of
 * frames, {@code "hidden"}, written only when there are some (format 2).
 */
final class PointSetJson {

    private PointSetJson() {
    }

    /**
     * The oldest format that holds {@code s} whole: 1 without hidden marks, so that an older
     * Studio still opens the file; 2 with them, which an older Studio refuses rather than read
     * the file and drop the marks silently on its next save.
     */
    static int formatVersion(PointSet s) {
        return s.points().stream().anyMatch(p -> !p.hiddenFrames().isEmpty()) ? 2 : 1;
    }

    static void write(PointSet s, JsonObject o) {
        o.addProperty("clip", s.clip());
        o.addProperty("frameCount", s.frameCount());
        o.addProperty("width", s.width());
        o.addProperty("height", s.height());
        JsonArray points = new JsonArray();
        for (SemanticPoint p : s.points()) {
            JsonObject po = new JsonObject();
            po.addProperty("name", p.name());
            po.addProperty("colour", String.format("#%06x", p.colour()));
            JsonArray keys = new JsonArray();
            for (Keyframe k : p.keyframes()) {
                JsonObject ko = new JsonObject();
                ko.addProperty("frame", k.frame());
                ko.addProperty("x", k.x());
                ko.addProperty("y", k.y());
                keys.add(ko);
            }
            po.add("keyframes", keys);
            if (!p.hiddenFrames().isEmpty()) {
                JsonArray hidden = new JsonArray();
                p.hiddenFrames().forEach(hidden::add);
                po.add("hidden", hidden);
            }
            if (p.trajectory() != null) {
                Trajectory t = p.trajectory();
                JsonObject to = new JsonObject();
                JsonArray xs = new JsonArray(), ys = new JsonArray(), vs = new JsonArray(), cs = new JsonArray();
                for (int n = 0; n < t.frameCount(); n++) {
                    xs.add(round(t.x(n), 1000));
                    ys.add(round(t.y(n), 1000));
                    vs.add(t.visible(n));
                    cs.add(round(t.confidence(n), 1000));
                }
                to.add("x", xs);
                to.add("y", ys);
                to.add("visible", vs);
                to.add("confidence", cs);
                po.add("trajectory", to);
            }
            points.add(po);
        }
        o.add("points", points);
        JsonArray edits = new JsonArray();
        for (PointEdit e : s.edits()) {
            JsonObject eo = new JsonObject();
            eo.addProperty("name", e.name());
            JsonArray removed = new JsonArray();
            e.removed().stream().sorted().forEach(removed::add);
            eo.add("removed", removed);
            JsonArray drags = new JsonArray();
            for (PointDrag d : e.drags()) {
                JsonObject dobj = new JsonObject();
                dobj.addProperty("point", d.point());
                dobj.addProperty("frame", d.frame());
                dobj.addProperty("dx", d.dx());
                dobj.addProperty("dy", d.dy());
                drags.add(dobj);
            }
            eo.add("drags", drags);
            edits.add(eo);
        }
        o.add("edits", edits);
    }

    /** Millipixels are far below any tracker's accuracy and keep files small. */
    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    static PointSet pointSet(JsonObject o, Path file) throws PointSetFormatException {
        try {
            int frameCount = integer(o, "frameCount", file);
            List<SemanticPoint> points = new ArrayList<>();
            for (JsonElement pe : array(o, "points", file)) {
                JsonObject po = object(pe, "points", file);
                List<Keyframe> keys = new ArrayList<>();
                for (JsonElement ke : array(po, "keyframes", file)) {
                    JsonObject ko = object(ke, "keyframes", file);
                    keys.add(new Keyframe(integer(ko, "frame", file), number(ko, "x", file), number(ko, "y", file)));
                }
                List<Integer> hidden = new ArrayList<>();
                if (po.has("hidden")) { // format 2; absent: no marks
                    for (JsonElement he : array(po, "hidden", file)) {
                        if (!he.isJsonPrimitive() || !he.getAsJsonPrimitive().isNumber()) {
                            throw bad(file, "an entry of \"hidden\" is not a frame number");
                        }
                        hidden.add(he.getAsInt());
                    }
                }
                Trajectory t = null;
                if (po.has("trajectory")) {
                    t = trajectory(object(po.get("trajectory"), "trajectory", file), file);
                }
                points.add(new SemanticPoint(string(po, "name", file), colour(string(po, "colour", file), file), keys,
                        hidden, t));
            }
            List<PointEdit> edits = new ArrayList<>();
            for (JsonElement ee : array(o, "edits", file)) {
                JsonObject eo = object(ee, "edits", file);
                Set<String> removed = new LinkedHashSet<>();
                for (JsonElement r : array(eo, "removed", file)) {
                    removed.add(r.getAsString());
                }
                List<PointDrag> drags = new ArrayList<>();
                for (JsonElement de : array(eo, "drags", file)) {
                    JsonObject d = object(de, "drags", file);
                    drags.add(new PointDrag(string(d, "point", file), integer(d, "frame", file), number(d, "dx", file),
                            number(d, "dy", file)));
                }
                edits.add(new PointEdit(string(eo, "name", file), removed, drags));
            }
            return new PointSet(string(o, "clip", file), frameCount, integer(o, "width", file),
                    integer(o, "height", file), points, edits);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static Trajectory trajectory(JsonObject o, Path file) throws PointSetFormatException {
        JsonArray xs = array(o, "x", file), ys = array(o, "y", file), vs = array(o, "visible", file),
                cs = array(o, "confidence", file);
        int n = xs.size();
        double[] x = new double[n], y = new double[n];
        boolean[] v = new boolean[n];
        float[] c = new float[n];
        if (ys.size() != n || vs.size() != n || cs.size() != n) {
            throw bad(file, "a trajectory's x, y, visible and confidence lists differ in length");
        }
        for (int i = 0; i < n; i++) {
            x[i] = xs.get(i).getAsDouble();
            y[i] = ys.get(i).getAsDouble();
            v[i] = vs.get(i).getAsBoolean();
            c[i] = cs.get(i).getAsFloat();
        }
        return new Trajectory(x, y, v, c);
    }

    private static int colour(String hex, Path file) throws PointSetFormatException {
        if (!hex.matches("#[0-9a-fA-F]{6}")) {
            throw bad(file, "colour \"" + hex + "\" is not #rrggbb");
        }
        return Integer.parseInt(hex.substring(1), 16);
    }

    static String string(JsonObject o, String field, Path file) throws PointSetFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw bad(file, "missing text field \"" + field + "\"");
        }
        return e.getAsString();
    }

    static int integer(JsonObject o, String field, Path file) throws PointSetFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "missing number field \"" + field + "\"");
        }
        return e.getAsInt();
    }

    static double number(JsonObject o, String field, Path file) throws PointSetFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "missing number field \"" + field + "\"");
        }
        return e.getAsDouble();
    }

    static JsonArray array(JsonObject o, String field, Path file) throws PointSetFormatException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray()) {
            throw bad(file, "missing list \"" + field + "\"");
        }
        return e.getAsJsonArray();
    }

    static JsonObject object(JsonElement e, String list, Path file) throws PointSetFormatException {
        if (e == null || !e.isJsonObject()) {
            throw bad(file, "an entry of \"" + list + "\" is not an object");
        }
        return e.getAsJsonObject();
    }

    static PointSetFormatException bad(Path file, String what) {
        return new PointSetFormatException(file, file + " is damaged: " + what
                + ". Restore it from a backup, or delete it and track the points again.", null);
    }
}
