package io.vswap.points.internal.tracking;

import java.util.List;

import org.eclipse.core.runtime.SubMonitor;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.geometry.Affine2;
import io.vswap.points.internal.geometry.LocalAffineFit;

/**
 * One pass over a range of frames in one direction, carrying a group of points from frame to
 * frame. A point joins at its first keyframe in the pass and is put back on each further
 * keyframe it reaches. Each step:
 * <ol>
 * <li>Lucas–Kanade from frame f to g, then back from g to f; a point that does not come back
 * to where it started (forward–backward error) is not trusted;</li>
 * <li>a trusted point must still look like it did on its keyframe (NCC through the local
 * deformation fitted to its neighbours): a point under an occluder tracks the occluder
 * consistently, and only its look gives it away;</li>
 * <li>a point that fails is lost: it moves with its neighbours' local motion (a prediction,
 * flagged not visible) and is searched for around the prediction by its look each frame, so
 * that it comes back after an occlusion.</li>
 * </ol>
 * The group's other points, and optionally fixed trajectories of points not being tracked
 * (a re-track), are the neighbours.
 */
final class Sweep {

    /** Forward–backward error (px) above which a step is not trusted. */
    static final double FB_MAX = 1.0;
    /** NCC with the keyframe look needed to stay visible. */
    static final double NCC_VISIBLE = 0.6;
    /**
     * NCC needed to pick a lost point up again, with the larger alignment patch: higher than
     * {@link #NCC_VISIBLE} because the best of a whole search window is high by chance more
     * often than one given position.
     */
    static final double NCC_REACQUIRE = 0.8;
    /** How far (px) aligning with the keyframe may move a Lucas–Kanade result: drift, not a jump. */
    private static final double ALIGN_MAX_SHIFT = 3;
    /**
     * Largest change of the local deformation's entries in one frame accepted from alignment:
     * a subject turning 5° or growing 5 % a frame stays under it; an alignment that squashes
     * the patch to fit an occluder does not.
     */
    private static final double MAX_DEFORMATION_CHANGE = 0.1;
    /** How closely (px) a point found again must follow its neighbours' motion over the next frame. */
    private static final double MOTION_AGREEMENT = 2.5;
    /** Search radius around a lost point's prediction (px), growing while it stays lost. */
    private static final int SEARCH_MIN = 6;
    private static final int SEARCH_MAX = 16;
    /** Points closer than this to the border (px) are out of view. */
    private static final double BORDER = 2;
    /** Scales of the confidence terms: FB error (px) and LK error (grey levels). */
    private static final double FB_SCALE = 0.5;
    private static final double ERROR_SCALE = 25;

    private final GrayFrames frames;
    private final int first;
    private final int last;
    private final int dir;
    private final List<List<Keyframe>> keys;
    private final List<Trajectory> support;
    private final int tracks;

    final double[][] x;
    final double[][] y;
    final boolean[][] visible;
    final boolean[][] defined;
    final float[][] confidence;

    // state of each track during the pass
    private final boolean[] active;
    private final boolean[] lost;
    private final int[] lostFor;
    /** Found again by its look on the last frame, not yet seen to move with its neighbours. */
    private final boolean[] tentative;
    /** A lost track's predicted position on the last frame (where it goes if a find is refuted). */
    private final double[] predX;
    private final double[] predY;
    private final int[] anchor;
    private final Appearance[] look;
    private final Appearance[] shape;
    /** Each track's local linear deformation from its keyframe to the current frame. */
    private final Affine2[] warp;

    /**
     * @param keys each track's keyframes (sorted)
     * @param support fixed trajectories of other points, used as neighbours only
     */
    Sweep(GrayFrames frames, int first, int last, List<List<Keyframe>> keys, List<Trajectory> support) {
        this.frames = frames;
        this.first = first;
        this.last = last;
        this.dir = last >= first ? 1 : -1;
        this.keys = keys;
        this.support = support;
        this.tracks = keys.size();
        int n = frames.count();
        x = new double[tracks][n];
        y = new double[tracks][n];
        visible = new boolean[tracks][n];
        defined = new boolean[tracks][n];
        confidence = new float[tracks][n];
        active = new boolean[tracks];
        lost = new boolean[tracks];
        lostFor = new int[tracks];
        tentative = new boolean[tracks];
        predX = new double[tracks];
        predY = new double[tracks];
        anchor = new int[tracks];
        look = new Appearance[tracks];
        shape = new Appearance[tracks];
        warp = new Affine2[tracks];
    }

    int steps() {
        return Math.abs(last - first);
    }

    /** Runs the pass; one unit of {@code monitor} per step; throws OperationCanceledException on cancel. */
    void run(SubMonitor monitor) {
        monitor.setWorkRemaining(steps());
        anchorAt(first);
        for (int g = first + dir; dir > 0 ? g <= last : g >= last; g += dir) {
            monitor.split(1);
            step(g - dir, g);
            anchorAt(g);
        }
    }

    private void anchorAt(int frame) {
        for (int i = 0; i < tracks; i++) {
            for (Keyframe k : keys.get(i)) {
                if (k.frame() == frame) {
                    active[i] = true;
                    lost[i] = false;
                    lostFor[i] = 0;
                    tentative[i] = false;
                    anchor[i] = frame;
                    look[i] = Appearance.at(frames, frame, k.x(), k.y(), Appearance.LOOK_HALF);
                    shape[i] = Appearance.at(frames, frame, k.x(), k.y(), Appearance.ALIGN_HALF);
                    warp[i] = Affine2.IDENTITY;
                    record(i, frame, k.x(), k.y(), true, 1f);
                }
            }
        }
    }

    private void record(int i, int frame, double px, double py, boolean vis, float conf) {
        x[i][frame] = px;
        y[i][frame] = py;
        visible[i][frame] = vis;
        confidence[i][frame] = conf;
        defined[i][frame] = true;
    }

    private void step(int f, int g) {
        StepState s = flow(f, g);
        alignCandidates(g, s);
        confirmFoundAgain(f, g, s);
        followTheRest(f, g, s);
    }

    /** What one step learns of each track, stage by stage. */
    private static final class StepState {
        final boolean[] candidate;
        final double[] cx;
        final double[] cy;
        final double[] fb;
        final float[] lkError;
        final boolean[] looksRight;
        final float[] conf;
        final Affine2[] newWarp;
        final boolean[] confirmed;

        StepState(int tracks) {
            candidate = new boolean[tracks];
            cx = new double[tracks];
            cy = new double[tracks];
            fb = new double[tracks];
            lkError = new float[tracks];
            looksRight = new boolean[tracks];
            conf = new float[tracks];
            newWarp = new Affine2[tracks];
            confirmed = new boolean[tracks];
        }
    }

    private StepState flow(int f, int g) {
        // 1. Lucas–Kanade f→g and back for the points seen on f (and those just found again).
        int[] idx = new int[tracks];
        int m = 0;
        for (int i = 0; i < tracks; i++) {
            if (active[i] && (!lost[i] || tentative[i])) {
                idx[m++] = i;
            }
        }
        float[] px = new float[m];
        float[] py = new float[m];
        for (int k = 0; k < m; k++) {
            px[k] = (float) x[idx[k]][f];
            py[k] = (float) y[idx[k]][f];
        }
        LkFlow.Result fwd = LkFlow.track(frames.mat(f), frames.mat(g), px, py, m);
        LkFlow.Result back = LkFlow.track(frames.mat(g), frames.mat(f), fwd.x(), fwd.y(), m);

        StepState s = new StepState(tracks);
        boolean[] candidate = s.candidate;
        double[] cx = s.cx;
        double[] cy = s.cy;
        double[] fb = s.fb;
        float[] lkError = s.lkError;
        for (int k = 0; k < m; k++) {
            int i = idx[k];
            fb[i] = Math.hypot(back.x()[k] - px[k], back.y()[k] - py[k]);
            cx[i] = fwd.x()[k];
            cy[i] = fwd.y()[k];
            lkError[i] = fwd.error()[k];
            candidate[i] = fwd.found()[k] && back.found()[k] && fb[i] < FB_MAX && frames.inside(cx[i], cy[i], BORDER);
        }
        return s;
    }

    private void alignCandidates(int g, StepState s) {
        // 2. Align each candidate with its keyframe look, deformed as on frame f (a frame's
        // change of deformation is small, and the alignment takes it up); it stays visible if
        // it still looks like that. Only the point's own evidence counts here, so that a
        // neighbour gone astray cannot vouch for it.
        boolean[] candidate = s.candidate;
        double[] cx = s.cx;
        double[] cy = s.cy;
        boolean[] looksRight = s.looksRight;
        float[] conf = s.conf;
        Affine2[] newWarp = s.newWarp;
        for (int i = 0; i < tracks; i++) {
            if (!candidate[i]) {
                continue;
            }
            Affine2 prior = warp[i];
            Affine2 w = prior;
            Appearance.Aligned aligned = shape[i].align(frames, g, cx[i], cy[i], w, ALIGN_MAX_SHIFT);
            if (aligned != null && frames.inside(aligned.x(), aligned.y(), BORDER)
                    && linearChange(aligned.warp(), prior) <= MAX_DEFORMATION_CHANGE) {
                cx[i] = aligned.x();
                cy[i] = aligned.y();
                w = aligned.warp();
            }
            double ncc = look[i].ncc(frames, g, cx[i], cy[i], w);
            boolean flat = Double.isNaN(ncc);
            if (flat || ncc >= NCC_VISIBLE) {
                looksRight[i] = true;
                newWarp[i] = w;
                double lookScore = flat ? 0.5 : ncc;
                conf[i] = (float) clamp01(lookScore * Math.exp(-s.fb[i] / FB_SCALE)
                        * Math.exp(-s.lkError[i] / ERROR_SCALE));
            }
        }
        boolean[] confirmed = s.confirmed;
        for (int i = 0; i < tracks; i++) {
            confirmed[i] = looksRight[i] && !tentative[i];
        }
    }

    private void confirmFoundAgain(int f, int g, StepState s) {
        boolean[] looksRight = s.looksRight;
        boolean[] confirmed = s.confirmed;
        double[] cx = s.cx;
        double[] cy = s.cy;
        Affine2[] newWarp = s.newWarp;
        float[] conf = s.conf;
        // 3. A point found again on frame f must also have moved with its neighbours to g: a
        // spot on an occluder that happens to look like it moves with the occluder instead.
        for (int i = 0; i < tracks; i++) {
            if (!tentative[i]) {
                continue;
            }
            if (looksRight[i]) {
                Affine2 motion = neighbourMotion(i, f, g, confirmed, cx, cy);
                double ex = motion.mapX(x[i][f], y[i][f]) - cx[i];
                double ey = motion.mapY(x[i][f], y[i][f]) - cy[i];
                if (Math.hypot(ex, ey) <= MOTION_AGREEMENT) {
                    tentative[i] = false;
                    lost[i] = false;
                    lostFor[i] = 0;
                    warp[i] = newWarp[i];
                    record(i, g, cx[i], cy[i], true, conf[i] * 0.5f);
                    continue;
                }
            }
            // not confirmed: back to the prediction it had before the false find
            tentative[i] = false;
            x[i][f] = predX[i];
            y[i][f] = predY[i];
        }
    }

    private void followTheRest(int f, int g, StepState s) {
        boolean[] confirmed = s.confirmed;
        double[] cx = s.cx;
        double[] cy = s.cy;
        Affine2[] newWarp = s.newWarp;
        float[] conf = s.conf;
        // 4. Points not confirmed move with their neighbours and are searched for by their look.
        for (int i = 0; i < tracks; i++) {
            if (!active[i] || (defined[i][g] && visible[i][g])) {
                continue;
            }
            if (confirmed[i]) {
                lost[i] = false;
                lostFor[i] = 0;
                warp[i] = newWarp[i];
                record(i, g, cx[i], cy[i], true, conf[i]);
                continue;
            }
            Affine2 motion = neighbourMotion(i, f, g, confirmed, cx, cy);
            double qx = motion.mapX(x[i][f], y[i][f]);
            double qy = motion.mapY(x[i][f], y[i][f]);
            Affine2 w = compose(motion, warp[i]);
            warp[i] = w;
            lost[i] = true;
            lostFor[i]++;
            predX[i] = qx;
            predY[i] = qy;
            int radius = Math.min(SEARCH_MAX, SEARCH_MIN + 2 * lostFor[i]);
            Appearance.Match match = frames.inside(qx, qy, BORDER)
                    ? shape[i].search(frames, g, qx, qy, radius, w)
                    : null;
            if (match != null && match.score() >= NCC_REACQUIRE && frames.inside(match.x(), match.y(), BORDER)) {
                // Found again, tentatively: shown where found, confirmed by the next step.
                tentative[i] = true;
                record(i, g, match.x(), match.y(), false, 0f);
            } else {
                record(i, g, qx, qy, false, 0f);
            }
        }
    }

    /**
     * The local motion from frame f to g around track i, fitted to the neighbours seen on
     * both: tracks confirmed this step and the fixed support.
     */
    private Affine2 neighbourMotion(int i, int f, int g, boolean[] seenOnG, double[] gx, double[] gy) {
        int cap = tracks + support.size();
        double[] sx = new double[cap], sy = new double[cap], tx = new double[cap], ty = new double[cap];
        int n = 0;
        for (int j = 0; j < tracks; j++) {
            if (j != i && seenOnG[j] && visible[j][f]) {
                sx[n] = x[j][f];
                sy[n] = y[j][f];
                tx[n] = gx[j];
                ty[n] = gy[j];
                n++;
            }
        }
        for (Trajectory t : support) {
            if (t.visible(f) && t.visible(g)) {
                sx[n] = t.x(f);
                sy[n] = t.y(f);
                tx[n] = t.x(g);
                ty[n] = t.y(g);
                n++;
            }
        }
        return LocalAffineFit.fitRobust(x[i][f], y[i][f], sx, sy, tx, ty, n);
    }

    /** Largest change of a linear-part entry between two deformations. */
    private static double linearChange(Affine2 a, Affine2 b) {
        return Math.max(Math.max(Math.abs(a.a() - b.a()), Math.abs(a.b() - b.b())),
                Math.max(Math.abs(a.d() - b.d()), Math.abs(a.e() - b.e())));
    }

    /** The linear part of {@code outer ∘ inner}. */
    private static Affine2 compose(Affine2 outer, Affine2 inner) {
        return new Affine2(outer.a() * inner.a() + outer.b() * inner.d(), outer.a() * inner.b() + outer.b() * inner.e(),
                0, outer.d() * inner.a() + outer.e() * inner.d(), outer.d() * inner.b() + outer.e() * inner.e(), 0);
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
