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

    private final int size;
    private final int frameCount;
    private final SubjectMotion motion;
    private final boolean occluder;
    private final double occluderStart;
    private final double cx;
    private final double cy;
    private final List<RgbFrame> frames;

    private SyntheticClip(int size, int frameCount, SubjectMotion motion, boolean occluder, double occluderStart,
            List<RgbFrame> frames) {
        this.size = size;
        this.frameCount = frameCount;
        this.motion = motion;
        this.occluder = occluder;
        this.occluderStart = occluderStart;
        this.cx = size / 2.0;
        this.cy = size / 2.0;
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
        Texture subject = new Texture(size, size, seed * 31 + 1, 128, 45);
        Texture background = new Texture(size, size, seed * 31 + 2, 110, 35);
        Texture bar = new Texture((int) OCCLUDER_WIDTH + 2, size, seed * 31 + 3, 140, 45);
        // The bar enters from the subject's left edge, so that no point is covered on frame 0
        // (where the user places them), and crosses a good part of it while the clip runs.
        double start = c - SUBJECT_RADIUS + EDGE_MARGIN - OCCLUDER_WIDTH - 4;
        List<RgbFrame> frames = new ArrayList<>();
        for (int n = 0; n < frameCount; n++) {
            byte[] rgb = new byte[size * size * 3];
            double barX = start + OCCLUDER_SPEED * n;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = (y * size + x) * 3;
                    double[] q = motion.inverse(n, x, y);
                    double r = Math.hypot(q[0] - c, q[1] - c);
                    // Soft edge one pixel wide, so the disc's outline does not alias.
                    double alpha = Math.max(0, Math.min(1, SUBJECT_RADIUS - r + 0.5));
                    double cover = 0;
                    if (withOccluder) {
                        cover = Math.max(0, Math.min(1, Math.min(x - barX, barX + OCCLUDER_WIDTH - x) + 0.5));
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        double v = background.sample(ch, x, y);
                        if (alpha > 0) {
                            v = alpha * subject.sample(ch, q[0], q[1]) + (1 - alpha) * v;
                        }
                        if (cover > 0) {
                            v = cover * bar.sample(ch, x - barX, y) + (1 - cover) * v;
                        }
                        rgb[i + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
            frames.add(new RgbFrame(n, size, size, rgb));
        }
        return new SyntheticClip(size, frameCount, motion, withOccluder, start, frames);
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
        return occluder;
    }

    /** Where the subject point that is at {@code p} on frame 0 is on frame n. */
    public Position truth(int n, Position p) {
        double[] q = motion.forward(n, p.x(), p.y());
        return new Position(q[0], q[1]);
    }

    /** Whether the occluder covers {@code p} on frame n. */
    public boolean covered(int n, Position p) {
        if (!occluder) {
            return false;
        }
        double barX = occluderStart + OCCLUDER_SPEED * n;
        return p.x() >= barX && p.x() <= barX + OCCLUDER_WIDTH;
    }

    /**
     * {@code count} points on the subject on frame 0, at least {@code spacing} px apart and well
     * inside its edge, that stay inside the frame on every frame.
     */
    public List<Position> subjectPoints(int count, double spacing, long seed) {
        Random r = new Random(seed);
        List<Position> out = new ArrayList<>();
        double maxR = SUBJECT_RADIUS - EDGE_MARGIN;
        for (int attempt = 0; attempt < 200_000 && out.size() < count; attempt++) {
            double a = r.nextDouble() * 2 * Math.PI;
            double rad = maxR * Math.sqrt(r.nextDouble());
            Position p = new Position(cx + rad * Math.cos(a), cy + rad * Math.sin(a));
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
