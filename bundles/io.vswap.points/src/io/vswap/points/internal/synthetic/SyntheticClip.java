package io.vswap.points.internal.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vswap.points.api.Position;
import io.vswap.video.api.RgbFrame;

/**
 * A clip with known motion, for measuring trackers: a textured disc (the subject) moving by a
 * {@link SubjectMotion} over a different, still textured background, optionally with an
 * opaque textured bar (the occluder) sliding across in front. Every point's true position and
 * whether it is covered are known on every frame.
 */
public final class SyntheticClip {

    /** Subject disc radius on frame 0 (px). */
    public static final double SUBJECT_RADIUS = 150;
    /** Points are placed this far inside the subject's edge, so their window never sees the background. */
    private static final double EDGE_MARGIN = 36;
    /** Occluder width and speed (px, px per frame): a covered point stays covered for several frames. */
    private static final double OCCLUDER_WIDTH = 56;
    private static final double OCCLUDER_SPEED = 7;

    /** Subject radius of the fast clips (px): small enough to cross the frame quickly. */
    public static final double FAST_SUBJECT_RADIUS = 80;
    /** Relative speed of the fast clips' occluder across the subject (px per frame). */
    private static final double SWEEP_SPEED_MIN = 45;
    private static final double SWEEP_SPEED_MAX = 70;

    private final int size;
    private final int frameCount;
    private final SubjectMotion motion;
    private final double subjectRadius;
    private final Bar bar;
    private final List<RgbFrame> frames;

    /**
     * An opaque textured vertical bar, full height, its left edge at {@code left[n]} on frame n.
     */
    private record Bar(double[] left, double width, Texture texture) {

        /** How much of the pixel at column x the bar covers on frame n (0–1, soft one-pixel edges). */
        double cover(int n, double x) {
            return Math.max(0, Math.min(1, Math.min(x - left[n], left[n] + width - x) + 0.5));
        }

        boolean covers(int n, double x) {
            return x >= left[n] && x <= left[n] + width;
        }
    }

    private SyntheticClip(int size, int frameCount, SubjectMotion motion, double subjectRadius, Bar bar,
            List<RgbFrame> frames) {
        this.size = size;
        this.frameCount = frameCount;
        this.motion = motion;
        this.subjectRadius = subjectRadius;
        this.bar = bar;
        this.frames = List.copyOf(frames);
    }

    /**
     * Renders a square clip.
     *
     * @param withOccluder whether a bar slides across the subject
     */
    public static SyntheticClip render(SubjectMotion.Kind kind, long seed, int size, int frameCount,
            boolean withOccluder) {
        double c = size / 2.0;
        SubjectMotion motion = SubjectMotion.of(kind, seed, c, c);
        Bar bar = null;
        if (withOccluder) {
            // The bar enters from the subject's left edge, so that no point is covered on frame 0
            // (where the user places them), and crosses a good part of it while the clip runs.
            double start = c - SUBJECT_RADIUS + EDGE_MARGIN - OCCLUDER_WIDTH - 4;
            double[] left = new double[frameCount];
            for (int n = 0; n < frameCount; n++) {
                left[n] = start + OCCLUDER_SPEED * n;
            }
            bar = new Bar(left, OCCLUDER_WIDTH, new Texture((int) OCCLUDER_WIDTH + 2, size, seed * 31 + 3, 140, 45));
        }
        return draw(seed, size, frameCount, motion, SUBJECT_RADIUS, bar);
    }

    /**
     * Renders a clip of a fast subject ({@link SubjectMotion#fast}) that a wide bar (a passer-by
     * close to the camera) sweeps across, covering every point on the subject at once on frames
     * {@code hideFrom} to {@code hideFrom + hiddenFrames − 1} (each point a little longer: the
     * bar's edges pass it one after the other).
     *
     * @param withOccluder false renders the same subject and motion without the bar
     */
    public static SyntheticClip renderFast(long seed, int size, int frameCount, int hideFrom, int hiddenFrames,
            boolean withOccluder) {
        double c = size / 2.0;
        SubjectMotion motion = SubjectMotion.fast(seed, c, c, frameCount);
        Bar bar = null;
        if (withOccluder) {
            Random r = new Random(seed * 31 + 4);
            double relSpeed = SWEEP_SPEED_MIN + (SWEEP_SPEED_MAX - SWEEP_SPEED_MIN) * r.nextDouble();
            // Every point lies within rho of the subject's centre on every frame.
            double rho = 0;
            for (int n = 0; n < frameCount; n++) {
                rho = Math.max(rho, (FAST_SUBJECT_RADIUS - EDGE_MARGIN) * motion.scaleAt(n));
            }
            // Relative to the subject's left extreme the bar moves at relSpeed; its left edge
            // passes that extreme half a frame after the last fully hidden frame, and it is wide
            // enough that its right edge passed the right extreme hiddenFrames frames earlier.
            double end = hideFrom + hiddenFrames - 0.5;
            double width = 2 * rho + hiddenFrames * relSpeed;
            double[] left = new double[frameCount];
            for (int n = 0; n < frameCount; n++) {
                double centreX = motion.forward(n, motion.startX, motion.startY)[0];
                left[n] = centreX - rho + relSpeed * (n - end);
            }
            bar = new Bar(left, width, new Texture((int) Math.ceil(width) + 2, size, seed * 31 + 3, 140, 45));
        }
        return draw(seed, size, frameCount, motion, FAST_SUBJECT_RADIUS, bar);
    }

    private static SyntheticClip draw(long seed, int size, int frameCount, SubjectMotion motion, double radius,
            Bar bar) {
        Texture subject = new Texture(size, size, seed * 31 + 1, 128, 45);
        Texture background = new Texture(size, size, seed * 31 + 2, 110, 35);
        double sx = motion.startX;
        double sy = motion.startY;
        // the texture is sampled relative to the subject's centre, so that a fast clip's subject
        // looks like a slow one's (a zero shift for those, which keeps their pixels as they were)
        double ox = size / 2.0 - sx;
        double oy = size / 2.0 - sy;
        List<RgbFrame> frames = new ArrayList<>();
        for (int n = 0; n < frameCount; n++) {
            byte[] rgb = new byte[size * size * 3];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = (y * size + x) * 3;
                    double[] q = motion.inverse(n, x, y);
                    double r = Math.hypot(q[0] - sx, q[1] - sy);
                    // Soft edge one pixel wide, so the disc's outline does not alias.
                    double alpha = Math.max(0, Math.min(1, radius - r + 0.5));
                    double cover = bar == null ? 0 : bar.cover(n, x);
                    for (int ch = 0; ch < 3; ch++) {
                        double v = background.sample(ch, x, y);
                        if (alpha > 0) {
                            v = alpha * subject.sample(ch, q[0] + ox, q[1] + oy) + (1 - alpha) * v;
                        }
                        if (cover > 0) {
                            v = cover * bar.texture().sample(ch, x - bar.left()[n], y) + (1 - cover) * v;
                        }
                        rgb[i + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
            frames.add(new RgbFrame(n, size, size, rgb));
        }
        return new SyntheticClip(size, frameCount, motion, radius, bar, frames);
    }

    public List<RgbFrame> frames() {
        return frames;
    }

    public int size() {
        return size;
    }

    public int frameCount() {
        return frameCount;
    }

    public SubjectMotion motion() {
        return motion;
    }

    public boolean hasOccluder() {
        return bar != null;
    }

    /** Where the subject point that is at {@code p} on frame 0 is on frame n. */
    public Position truth(int n, Position p) {
        double[] q = motion.forward(n, p.x(), p.y());
        return new Position(q[0], q[1]);
    }

    /** Whether the occluder covers {@code p} on frame n. */
    public boolean covered(int n, Position p) {
        return bar != null && bar.covers(n, p.x());
    }

    /**
     * {@code count} points on the subject on frame 0, at least {@code spacing} px apart and well
     * inside its edge, that stay inside the frame on every frame.
     */
    public List<Position> subjectPoints(int count, double spacing, long seed) {
        Random r = new Random(seed);
        List<Position> out = new ArrayList<>();
        double maxR = subjectRadius - EDGE_MARGIN;
        for (int attempt = 0; attempt < 200_000 && out.size() < count; attempt++) {
            double a = r.nextDouble() * 2 * Math.PI;
            double rad = maxR * Math.sqrt(r.nextDouble());
            Position p = new Position(motion.startX + rad * Math.cos(a), motion.startY + rad * Math.sin(a));
            if (out.stream().anyMatch(o -> o.distance(p) < spacing) || !staysInside(p) || covered(0, p)) {
                continue;
            }
            out.add(p);
        }
        if (out.size() < count) {
            throw new IllegalStateException("could place only " + out.size() + " of " + count + " points "
                    + spacing + " px apart");
        }
        return out;
    }

    private boolean staysInside(Position p) {
        for (int n = 0; n < frameCount; n++) {
            Position q = truth(n, p);
            if (q.x() < 24 || q.y() < 24 || q.x() > size - 25 || q.y() > size - 25) {
                return false;
            }
        }
        return true;
    }
}
