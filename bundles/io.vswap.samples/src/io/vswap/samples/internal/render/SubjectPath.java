package io.vswap.samples.internal.render;

import java.util.Random;

import io.vswap.samples.api.SubjectPose;

/**
 * The subject's motion over a clip: centre, scale and rotation are each a constant plus one or
 * two low-frequency sinusoids of time {@code t = f / 15} (a 16-frame clip spans t ∈ [0, 1];
 * longer clips continue the same smooth curves). Paths are drawn at random and kept only when
 * they satisfy the clip's constraints (rejection sampling):
 * <ul>
 * <li>the centre moves at most {@value #MAX_STEP} of the frame size between frames;</li>
 * <li>the radius stays within {@value #MIN_RADIUS}–{@value #MAX_RADIUS} of the frame size;</li>
 * <li>an ordinary path keeps the whole subject inside the frame on every frame;</li>
 * <li>an exit path (one clip in five) takes the subject partly out of the frame on some frames
 * (its centre within 0.9 radius of an edge) but never further than leaves its centre 0.35
 * radius inside, and (from 4 frames on) keeps it wholly inside on at least one frame.</li>
 * </ul>
 * The constraints do not depend on the shape, so a seed gives the same motion whatever subject
 * is drawn on it.
 */
public final class SubjectPath {

    public static final double MAX_STEP = 0.06;
    public static final double MIN_RADIUS = 0.17;
    public static final double MAX_RADIUS = 0.28;
    public static final double EXIT_RATE = 0.2;
    private static final int TRIES = 20_000;

    private SubjectPath() {
    }

    /** The poses of a {@code frames}-frame clip of a {@code size}² frame. */
    public static SubjectPose[] clip(Random r, int size, int frames) {
        boolean exit = r.nextDouble() < EXIT_RATE;
        for (int attempt = 0; attempt < 2 * TRIES; attempt++) {
            boolean wantExit = exit && attempt < TRIES;
            SubjectPose[] poses = draw(r, size, frames, wantExit);
            if (acceptable(poses, size, wantExit)) {
                return poses;
            }
        }
        // not reached for sizes ≥ 32 in practice; a still subject in the middle is always valid
        SubjectPose[] still = new SubjectPose[frames];
        for (int f = 0; f < frames; f++) {
            still[f] = new SubjectPose(size / 2.0 - 0.5, size / 2.0 - 0.5, 0.2 * size, 0);
        }
        return still;
    }

    /** One still pose placed anywhere with the subject fully or mostly (its centre 0.8 radius from the edges) inside. */
    public static SubjectPose image(Random r, int size) {
        double radius = size * (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * r.nextDouble());
        double lo = 0.8 * radius - 0.5;
        double hi = size - 0.5 - 0.8 * radius;
        double x = lo + (hi - lo) * r.nextDouble();
        double y = lo + (hi - lo) * r.nextDouble();
        return new SubjectPose(x, y, radius, r.nextDouble() * 2 * Math.PI);
    }

    private static SubjectPose[] draw(Random r, int size, int frames, boolean exit) {
        double r0 = 0.19 + 0.055 * r.nextDouble();
        double scaleAmp = 0.04 + 0.08 * r.nextDouble();
        double scaleFreq = 0.3 + 0.5 * r.nextDouble();
        double scalePhase = 2 * Math.PI * r.nextDouble();
        double rot0 = 2 * Math.PI * r.nextDouble();
        double spin = (0.4 + 1.2 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
        double wobble = 0.2 * r.nextDouble();
        double wobbleFreq = 0.4 + 0.6 * r.nextDouble();
        double wobblePhase = 2 * Math.PI * r.nextDouble();
        // centre in units of the frame size, the frame spanning [0, 1]
        double spread = exit ? 0.5 : 0.2;
        double[][] axis = new double[2][7];
        for (double[] a : axis) {
            a[0] = 0.5 + spread * (2 * r.nextDouble() - 1);
            a[1] = 0.04 + 0.10 * r.nextDouble();
            a[2] = 0.25 + 0.35 * r.nextDouble();
            a[3] = 2 * Math.PI * r.nextDouble();
            a[4] = 0.04 * r.nextDouble();
            a[5] = 0.6 + 0.4 * r.nextDouble();
            a[6] = 2 * Math.PI * r.nextDouble();
        }
        SubjectPose[] poses = new SubjectPose[frames];
        for (int f = 0; f < frames; f++) {
            double t = f / 15.0;
            double radius = r0 * (1 + scaleAmp * StrictMath.sin(2 * Math.PI * scaleFreq * t + scalePhase));
            double rot = rot0 + spin * t + wobble * StrictMath.sin(2 * Math.PI * wobbleFreq * t + wobblePhase);
            double[] c = new double[2];
            for (int k = 0; k < 2; k++) {
                double[] a = axis[k];
                c[k] = a[0] + a[1] * StrictMath.sin(2 * Math.PI * a[2] * t + a[3])
                        + a[4] * StrictMath.sin(2 * Math.PI * a[5] * t + a[6]);
            }
            // frame units → pixels, pixel centres at integers: the frame spans [−½, size − ½]
            poses[f] = new SubjectPose(c[0] * size - 0.5, c[1] * size - 0.5, radius * size, rot);
        }
        return poses;
    }

    private static boolean acceptable(SubjectPose[] poses, int size, boolean exit) {
        boolean someOut = false;
        boolean someIn = false;
        for (int f = 0; f < poses.length; f++) {
            SubjectPose p = poses[f];
            if (p.radius() < MIN_RADIUS * size || p.radius() > MAX_RADIUS * size) {
                return false;
            }
            SubjectPose q = poses[Math.max(0, f - 1)];
            double dx = p.x() - q.x();
            double dy = p.y() - q.y();
            // sqrt, unlike hypot, is exactly rounded: the same answer on every JVM
            if (Math.sqrt(dx * dx + dy * dy) > MAX_STEP * size) {
                return false;
            }
            double edge = edgeDistance(p, size);
            if (edge >= ShapeGeometry.MAX_EXTENT * p.radius()) {
                someIn = true;
            } else if (!exit || edge < 0.35 * p.radius()) {
                return false;
            } else if (edge <= 0.9 * p.radius()) {
                someOut = true;
            }
        }
        return !exit || (someOut && (someIn || poses.length < 4));
    }

    /** How far the centre is inside the frame's nearest edge, in pixels. */
    public static double edgeDistance(SubjectPose p, int size) {
        double lo = -0.5;
        double hi = size - 0.5;
        return Math.min(Math.min(p.x() - lo, hi - p.x()), Math.min(p.y() - lo, hi - p.y()));
    }
}
