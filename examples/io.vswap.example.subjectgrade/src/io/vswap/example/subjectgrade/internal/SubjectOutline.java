package io.vswap.example.subjectgrade.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * Where the subject is, from its tracked points alone: per frame, the convex hull of the points
 * visible there, grown by a margin, and within it the pixels whose colour is near the subject's (read
 * inside the points in the frame where most of them are seen). A frame with fewer than three points
 * in sight keeps the last full outline, moved as the points still seen moved.
 */
final class SubjectOutline {

    private SubjectOutline() {
    }

    /**
     * The subject's pixels: inside the outline grown by {@code margin}, and within {@code tolerance}
     * (RGB distance) of the subject's colour.
     */
    static FrameMasks keyed(PointSet points, List<RgbFrame> frames, int margin, double tolerance) {
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        List<Map<String, double[]>> at = positions(points, frames.size(), w / (double) points.width(),
                h / (double) points.height());
        FrameMasks outline = outline(at, w, h).dilated(margin);
        int[] colour = subjectColour(at, frames);
        boolean[] bits = new boolean[frames.size() * w * h];
        if (colour == null) {
            return new FrameMasks(frames.size(), w, h, bits);
        }
        for (int f = 0; f < frames.size(); f++) {
            byte[] rgb = frames.get(f).rgb();
            boolean[] inside = outline.frame(f);
            for (int p = 0; p < w * h; p++) {
                double dr = (rgb[3 * p] & 0xff) - colour[0];
                double dg = (rgb[3 * p + 1] & 0xff) - colour[1];
                double db = (rgb[3 * p + 2] & 0xff) - colour[2];
                bits[f * w * h + p] = inside[p] && dr * dr + dg * dg + db * db <= tolerance * tolerance;
            }
        }
        return new FrameMasks(frames.size(), w, h, bits);
    }

    /** Each frame's visible points by name, at the frames' size. */
    static List<Map<String, double[]>> positions(PointSet points, int frames, double sx, double sy) {
        List<Map<String, double[]>> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            Map<String, double[]> at = new LinkedHashMap<>();
            for (SemanticPoint p : points.points()) {
                Trajectory t = p.tracked().orElse(null);
                if (t != null && f < t.frameCount() && t.visible(f)) {
                    at.put(p.name(), new double[] { t.x(f) * sx, t.y(f) * sy });
                }
            }
            out.add(at);
        }
        return out;
    }

    /**
     * The median colour read inside the points of the frame where most are seen: at their centroid
     * and at each point moved halfway to it (points often mark a subject's extremities — a star's
     * tips — where a small tracking error puts them on the background; halfway in, they are on it).
     */
    static int[] subjectColour(List<Map<String, double[]>> at, List<RgbFrame> frames) {
        int best = 0;
        for (int f = 1; f < at.size(); f++) {
            best = at.get(f).size() > at.get(best).size() ? f : best;
        }
        List<double[]> pts = new ArrayList<>(at.get(best).values());
        if (pts.isEmpty()) {
            return null;
        }
        double cx = pts.stream().mapToDouble(a -> a[0]).average().orElseThrow();
        double cy = pts.stream().mapToDouble(a -> a[1]).average().orElseThrow();
        List<double[]> samples = new ArrayList<>(List.of(new double[] { cx, cy }));
        pts.forEach(a -> samples.add(new double[] { (a[0] + cx) / 2, (a[1] + cy) / 2 }));
        RgbFrame frame = frames.get(best);
        List<int[]> colours = new ArrayList<>();
        for (double[] s : samples) {
            int x = (int) Math.max(0, Math.min(frame.width() - 1, Math.floor(s[0])));
            int y = (int) Math.max(0, Math.min(frame.height() - 1, Math.floor(s[1])));
            int q = 3 * (y * frame.width() + x);
            colours.add(new int[] { frame.rgb()[q] & 0xff, frame.rgb()[q + 1] & 0xff, frame.rgb()[q + 2] & 0xff });
        }
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            int channel = k;
            List<Integer> v = colours.stream().map(x -> x[channel]).sorted().toList();
            c[k] = v.get(v.size() / 2);
        }
        return c;
    }

    /** Each frame's convex hull of its points; with fewer than three, the last full hull moved with the points. */
    static FrameMasks outline(List<Map<String, double[]>> at, int width, int height) {
        boolean[] bits = new boolean[at.size() * width * height];
        List<double[]> last = List.of();
        for (int f = 0; f < at.size(); f++) {
            List<double[]> hull;
            if (at.get(f).size() >= 3 || f == 0) {
                hull = hull(new ArrayList<>(at.get(f).values()));
            } else {
                double[] shift = meanShift(at.get(f - 1), at.get(f));
                hull = last.stream().map(q -> new double[] { q[0] + shift[0], q[1] + shift[1] }).toList();
            }
            last = hull;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    bits[(f * height + y) * width + x] = inside(hull, x + 0.5, y + 0.5);
                }
            }
        }
        return new FrameMasks(at.size(), width, height, bits);
    }

    /** How far the points seen in both frames moved on average; none in both: not at all. */
    private static double[] meanShift(Map<String, double[]> before, Map<String, double[]> now) {
        double dx = 0;
        double dy = 0;
        int n = 0;
        for (Map.Entry<String, double[]> e : now.entrySet()) {
            double[] b = before.get(e.getKey());
            if (b != null) {
                dx += e.getValue()[0] - b[0];
                dy += e.getValue()[1] - b[1];
                n++;
            }
        }
        return n == 0 ? new double[2] : new double[] { dx / n, dy / n };
    }

    /** Andrew's monotone chain, counter-clockwise; fewer than three points come back as they are. */
    static List<double[]> hull(List<double[]> pts) {
        List<double[]> p = new ArrayList<>(pts);
        p.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        if (p.size() < 3) {
            return p;
        }
        List<double[]> h = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            int start = h.size();
            for (double[] q : p) {
                while (h.size() >= start + 2 && cross(h.get(h.size() - 2), h.get(h.size() - 1), q) <= 0) {
                    h.remove(h.size() - 1);
                }
                h.add(q);
            }
            h.remove(h.size() - 1);
            p = p.reversed();
        }
        return h;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /** Inside (or on) the counter-clockwise hull; within half a pixel of a point for smaller hulls. */
    static boolean inside(List<double[]> hull, double x, double y) {
        if (hull.isEmpty()) {
            return false;
        }
        if (hull.size() < 3) {
            for (double[] q : hull) {
                if (Math.abs(q[0] - x) <= 0.5 && Math.abs(q[1] - y) <= 0.5) {
                    return true;
                }
            }
            return false;
        }
        double[] at = { x, y };
        for (int i = 0; i < hull.size(); i++) {
            if (cross(hull.get(i), hull.get((i + 1) % hull.size()), at) < 0) {
                return false;
            }
        }
        return true;
    }
}
