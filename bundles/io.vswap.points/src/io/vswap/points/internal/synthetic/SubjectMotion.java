package io.vswap.points.internal.synthetic;

import java.util.Random;

/**
 * How the synthetic subject moves: a map from its frame-0 position to its position on frame n
 * (identity on frame 0), and its inverse for rendering.
 */
public abstract class SubjectMotion {

    /** The kinds of motion the accuracy tests and the benchmark use. */
    public enum Kind {
        TRANSLATION, ROTATION, SCALE, ROTATION_SCALE, WOBBLE
    }

    final Kind kind;
    /** Where the subject's centre is on frame 0 (the disc is drawn around it). */
    double startX;
    double startY;

    private SubjectMotion(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Where the subject point at (x0, y0) on frame 0 is on frame n: {x, y}. */
    public abstract double[] forward(int n, double x0, double y0);

    /** How much the subject has grown by frame n (1 on frame 0). */
    double scaleAt(int n) {
        double[] a = forward(n, startX, startY);
        double[] b = forward(n, startX + 1, startY);
        return Math.hypot(b[0] - a[0], b[1] - a[1]);
    }

    /** Which frame-0 subject point is at (x, y) on frame n: {x0, y0}. */
    abstract double[] inverse(int n, double x, double y);

    /** A motion of the kind, with speeds drawn from {@code seed}, centred on (cx, cy). */
    public static SubjectMotion of(Kind kind, long seed, double cx, double cy) {
        Random r = new Random(seed * 7919 + kind.ordinal());
        double dir = r.nextDouble() * 2 * Math.PI;
        double speed = 1.5 + 1.5 * r.nextDouble(); // px per frame
        double vx = speed * Math.cos(dir);
        double vy = speed * Math.sin(dir);
        double omega = Math.toRadians((1.0 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1)); // 1–2°/frame
        double growth = (0.008 + 0.006 * r.nextDouble()) * (r.nextBoolean() ? 1 : -0.8); // per frame
        double ox = cx + 20 * (r.nextDouble() - 0.5);
        double oy = cy + 20 * (r.nextDouble() - 0.5);
        SubjectMotion m = switch (kind) {
            case TRANSLATION -> new Similarity(kind, ox, oy, n -> 0.0, n -> 1.0, n -> n * vx, n -> n * vy);
            case ROTATION -> new Similarity(kind, ox, oy, n -> n * omega, n -> 1.0, n -> 0.0, n -> 0.0);
            case SCALE -> new Similarity(kind, ox, oy, n -> 0.0, n -> 1 + n * growth, n -> 0.0, n -> 0.0);
            case ROTATION_SCALE -> new Similarity(kind, ox, oy, n -> n * omega, n -> 1 + n * growth, n -> 0.3 * n * vx,
                    n -> 0.3 * n * vy);
            case WOBBLE -> new Wobble(kind, 0.5 * vx, 0.5 * vy, 4 + 2 * r.nextDouble(), 160 + 80 * r.nextDouble(),
                    0.25 + 0.15 * r.nextDouble(), r.nextDouble() * 2 * Math.PI);
        };
        m.startX = cx;
        m.startY = cy;
        return m;
    }

    /**
     * Fast motion for occlusion tests: the subject crosses the frame at 10–25 px per frame along
     * a gently curving path (its heading turns up to 1° a frame), turning 1–3° and growing or
     * shrinking 0.3–0.8 % a frame about its own centre. The path is centred on (cx, cy) over
     * {@code frames} frames and runs near a diagonal, so that a long one still fits the frame.
     */
    public static SubjectMotion fast(long seed, double cx, double cy, int frames) {
        Random r = new Random(seed * 104_729 + 17);
        double speed = 10 + 15 * r.nextDouble();
        double heading = Math.toRadians(45 + 90 * r.nextInt(4) + 20 * (r.nextDouble() - 0.5));
        double turn = Math.toRadians(2 * (r.nextDouble() - 0.5));
        double omega = Math.toRadians((1 + 2 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
        double growth = (0.003 + 0.005 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        double[] tx = new double[frames];
        double[] ty = new double[frames];
        for (int n = 1; n < frames; n++) {
            double h = heading + turn * (n - 1);
            tx[n] = tx[n - 1] + speed * Math.cos(h);
            ty[n] = ty[n - 1] + speed * Math.sin(h);
        }
        double sx = cx - tx[frames - 1] / 2;
        double sy = cy - ty[frames - 1] / 2;
        SubjectMotion m = new Similarity(Kind.ROTATION_SCALE, sx, sy, n -> n * omega, n -> Math.pow(1 + growth, n),
                n -> tx[Math.min(n, frames - 1)], n -> ty[Math.min(n, frames - 1)]);
        m.startX = sx;
        m.startY = sy;
        return m;
    }

    /** Rotation by angle(n) and scaling by scale(n) about (ox, oy), then a shift. */
    private static final class Similarity extends SubjectMotion {
        private final double ox, oy;
        private final java.util.function.IntToDoubleFunction angle, scale, tx, ty;

        Similarity(Kind kind, double ox, double oy, java.util.function.IntToDoubleFunction angle,
                java.util.function.IntToDoubleFunction scale, java.util.function.IntToDoubleFunction tx,
                java.util.function.IntToDoubleFunction ty) {
            super(kind);
            this.ox = ox;
            this.oy = oy;
            this.angle = angle;
            this.scale = scale;
            this.tx = tx;
            this.ty = ty;
        }

        @Override
        public double[] forward(int n, double x0, double y0) {
            double a = angle.applyAsDouble(n), s = scale.applyAsDouble(n);
            double c = Math.cos(a) * s, sn = Math.sin(a) * s;
            double dx = x0 - ox, dy = y0 - oy;
            return new double[] { ox + c * dx - sn * dy + tx.applyAsDouble(n), oy + sn * dx + c * dy + ty.applyAsDouble(n) };
        }

        @Override
        double[] inverse(int n, double x, double y) {
            double a = angle.applyAsDouble(n), s = scale.applyAsDouble(n);
            double dx = x - tx.applyAsDouble(n) - ox, dy = y - ty.applyAsDouble(n) - oy;
            double c = Math.cos(a) / s, sn = Math.sin(a) / s;
            return new double[] { ox + c * dx + sn * dy, oy - sn * dx + c * dy };
        }
    }

    /**
     * Non-rigid: a slow drift plus a travelling sine wave that bends the subject,
     * {@code p + t·n + A (sin(2π y/λ + φ + ωn) − sin(2π y/λ + φ), sin(2π x/λ + φ + ωn) − sin(2π x/λ + φ))}.
     */
    private static final class Wobble extends SubjectMotion {
        private final double vx, vy, amp, lambda, omega, phase;

        Wobble(Kind kind, double vx, double vy, double amp, double lambda, double omega, double phase) {
            super(kind);
            this.vx = vx;
            this.vy = vy;
            this.amp = amp;
            this.lambda = lambda;
            this.omega = omega;
            this.phase = phase;
        }

        @Override
        public double[] forward(int n, double x0, double y0) {
            double k = 2 * Math.PI / lambda;
            return new double[] {
                    x0 + vx * n + amp * (Math.sin(k * y0 + phase + omega * n) - Math.sin(k * y0 + phase)),
                    y0 + vy * n + amp * (Math.sin(k * x0 + phase + omega * n) - Math.sin(k * x0 + phase)) };
        }

        @Override
        double[] inverse(int n, double x, double y) {
            // Fixed point: the displacement's slope is at most 2πA/λ < 0.25, so it converges fast.
            double qx = x, qy = y;
            for (int it = 0; it < 12; it++) {
                double[] f = forward(n, qx, qy);
                qx += x - f[0];
                qy += y - f[1];
            }
            return new double[] { qx, qy };
        }
    }
}
