package io.vswap.points.internal.tracking;

import java.util.List;

import org.eclipse.core.runtime.SubMonitor;

import io.vswap.points.api.Keyframe;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.geometry.Affine2;

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
 * that it comes back after an occlusion;</li>
 * <li>when fewer than three points are seen (the whole subject behind a pole or a passer-by),
 * the lost ones move by the whole set's recent motion, extrapolated ({@link GroupMotion}), and
 * the search widens with the frames so predicted; a point found again must then agree with the
 * others found again, and with the extrapolation, before it shows as visible.</li>
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
    /**
     * The same after a blind stretch, lower: the set was out of sight, the frames after a large
     * occluder are often the codec's worst, and a find must still agree with the others found
     * again and with the extrapolated motion before it shows.
     */
    static final double NCC_REACQUIRE_WIDE = 0.7;
    /** How far (px) aligning with the keyframe may move a Lucas–Kanade result: drift, not a jump. */
    private static final double ALIGN_MAX_SHIFT = 3;
    /**
     * Largest change of the local deformation's entries in one frame accepted from alignment:
     * a subject turning 5° or growing 5 % a frame stays under it; an alignment that squashes
     * the patch to fit an occluder does not.
     */
    private static final double MAX_DEFORMATION_CHANGE = 0.1;
    /**
     * How much less certain (in deformation entries) a lost point's deformation becomes per step
     * it is carried by extrapolation alone, and the cap: the alignment that finds it again may
     * change it that much more. Without this a point found again with a slightly wrong
     * extrapolated turn could never be aligned again.
     */
    private static final double WARP_DOUBT_PER_BLIND_STEP = 0.03;
    private static final double WARP_DOUBT_MAX = 0.3;
    /** How closely (px) a point found again must follow its neighbours' motion over the next frame. */
    private static final double MOTION_AGREEMENT = 2.5;
    /** Search radius around a lost point's prediction (px), growing while it stays lost. */
    private static final int SEARCH_MIN = 6;
    private static final int SEARCH_MAX = 16;
    /**
     * Further search radius per frame a lost point was carried by extrapolation alone, and its
     * cap (px): a subject moving 25 px a frame on a path that turns 1° a frame is 20 px off a
     * straight line after 10 frames.
     */
    private static final int BLIND_SEARCH_GROWTH = 4;
    private static final int BLIND_SEARCH_MAX = 40;
    /** Seen neighbours needed to trust their local motion; with fewer, the set's extrapolated motion. */
    private static final int MIN_NEIGHBOURS = 3;
    /**
     * How far (px, or this share of the set's speed when larger) a point found again after a
     * blind stretch may move otherwise than extrapolated: the path may have turned meanwhile, but
     * a find riding the occluder or lying on the still background moves very differently.
     */
    private static final double GROUP_AGREEMENT = 4;
    private static final double GROUP_AGREEMENT_SHARE = 0.3;
    /**
     * How far (px) a point found again after a blind stretch may sit from where the others found
     * again place it (through the keyframe's shape): room for a bending subject and a blurred
     * frame, not for a look-alike elsewhere on the subject.
     */
    private static final double SHAPE_AGREEMENT = 4;
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
    /** Steps each lost track has been carried by the set's extrapolated motion (widens its search). */
    private final int[] blindFor;
    /** Extra deformation change each track's next alignment may make (see WARP_DOUBT_PER_BLIND_STEP). */
    private final double[] warpDoubt;
    private final GroupMotion group = new GroupMotion();

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
        blindFor = new int[tracks];
        warpDoubt = new double[tracks];
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
                    blindFor[i] = 0;
                    warpDoubt[i] = 0;
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
        Affine2 groupStep = learnGroupMotion(f, g, s);
        followTheRest(f, g, s, groupStep);
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
        /** Found again on f and confirmed on g by this step. */
        final boolean[] foundAgain;
        /** Nothing was seen on this step: the set's motion is extrapolated. */
        boolean blind;
        /** Whether the alignment with the keyframe look was accepted. */
        final boolean[] aligned;
        /** Positions on f the step started from. */
        final double[] fromX;
        final double[] fromY;

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
            foundAgain = new boolean[tracks];
            aligned = new boolean[tracks];
            fromX = new double[tracks];
            fromY = new double[tracks];
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
            s.fromX[i] = px[k];
            s.fromY[i] = py[k];
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
            // The deformation expected on g: f's, turned and scaled as the whole set did on the
            // last step; so a point whose alignment fails still follows the subject's turn.
            Affine2 prior = group.known() ? warp[i].linearAfter(group.peek()) : warp[i];
            Affine2 w = prior;
            Appearance.Aligned aligned = shape[i].align(frames, g, cx[i], cy[i], w, ALIGN_MAX_SHIFT);
            if (aligned != null && frames.inside(aligned.x(), aligned.y(), BORDER)
                    && aligned.warp().linearChange(prior) <= MAX_DEFORMATION_CHANGE + warpDoubt[i]) {
                cx[i] = aligned.x();
                cy[i] = aligned.y();
                w = aligned.warp();
                s.aligned[i] = true;
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
        int seen = 0;
        for (int i = 0; i < tracks; i++) {
            confirmed[i] = looksRight[i] && !tentative[i];
            seen += confirmed[i] ? 1 : 0;
        }
        if (2 * seen < activeTracks() && group.known()) {
            keepThoseMovingWithTheSet(s);
        }
    }

    /**
     * With most of the set out of sight, the points still seen are often at an occluder's edge,
     * where Lucas–Kanade slides along with the edge while the half-covered patch still looks
     * acceptable. Then a seen point must also have moved as the whole set did on the last step;
     * the others are lost.
     */
    private void keepThoseMovingWithTheSet(StepState s) {
        Affine2 expected = group.peek();
        for (int i = 0; i < tracks; i++) {
            if (!s.confirmed[i]) {
                continue;
            }
            double px = s.fromX[i];
            double py = s.fromY[i];
            if (Math.hypot(expected.mapX(px, py) - s.cx[i], expected.mapY(px, py) - s.cy[i]) > MOTION_AGREEMENT) {
                s.confirmed[i] = false;
                s.looksRight[i] = false;
            }
        }
    }

    private void confirmFoundAgain(int f, int g, StepState s) {
        boolean[] looksRight = s.looksRight;
        double[] cx = s.cx;
        double[] cy = s.cy;
        // 3. A point found again on frame f must also have moved with its neighbours to g: a
        // spot on an occluder that happens to look like it moves with the occluder instead.
        for (int i = 0; i < tracks; i++) {
            if (!tentative[i]) {
                continue;
            }
            if (looksRight[i] && movesWithTheSet(i, f, g, s)) {
                tentative[i] = false;
                lost[i] = false;
                lostFor[i] = 0;
                blindFor[i] = 0;
                takeWarp(i, s);
                s.foundAgain[i] = true;
                record(i, g, cx[i], cy[i], true, s.conf[i] * 0.5f);
                // confirmed: the frame it was found on shows it too
                visible[i][f] = true;
                confidence[i][f] = s.conf[i] * 0.5f;
                continue;
            }
            // not confirmed: back to the prediction it had before the false find
            tentative[i] = false;
            x[i][f] = predX[i];
            y[i][f] = predY[i];
        }
    }

    /**
     * Whether tentative track i's step f→g agrees with the set: with its seen neighbours' local
     * motion when there are enough; after a blind stretch (the set found again all at once)
     * with the others found again and, loosely, with the set's extrapolated motion.
     */
    private boolean movesWithTheSet(int i, int f, int g, StepState s) {
        double cx = s.cx[i];
        double cy = s.cy[i];
        boolean[] peers = new boolean[tracks];
        int count = 0;
        for (int j = 0; j < tracks; j++) {
            peers[j] = j != i && ((tentative[j] && s.looksRight[j]) || (s.confirmed[j] && visible[j][f]));
            count += peers[j] ? 1 : 0;
        }
        if (!sitsWhereTheSetSays(i, f, peers)) {
            return false;
        }
        if (!group.known() || seenNeighbours(i, f, g, s.confirmed) >= MIN_NEIGHBOURS) {
            Affine2 motion = neighbourMotion(i, f, g, s.confirmed, s.cx, s.cy);
            return Math.hypot(motion.mapX(x[i][f], y[i][f]) - cx, motion.mapY(x[i][f], y[i][f]) - cy)
                    <= MOTION_AGREEMENT;
        }
        Affine2 extrapolated = group.peek();
        double tolerance = Math.max(GROUP_AGREEMENT, GROUP_AGREEMENT_SHARE * group.speed());
        if (Math.hypot(extrapolated.mapX(x[i][f], y[i][f]) - cx, extrapolated.mapY(x[i][f], y[i][f]) - cy)
                > tolerance) {
            return false;
        }
        if (count < 2) {
            // Alone, a look-alike elsewhere on the subject would move just as the set does: wait
            // for others to be found again, unless the set is too small for that.
            return activeTracks() < MIN_NEIGHBOURS;
        }
        Affine2 motion = fitTo(i, f, peers, s.cx, s.cy);
        return Math.hypot(motion.mapX(x[i][f], y[i][f]) - cx, motion.mapY(x[i][f], y[i][f]) - cy)
                <= MOTION_AGREEMENT;
    }

    /**
     * Whether track i's position on f fits the set's shape: the map from the keyframe to f fitted
     * to the peers (that share i's keyframe) must bring i's keyframe position close to where i
     * was found. A look-alike elsewhere on the subject moves with the subject, so only where it
     * sits among the others gives it away.
     */
    private boolean sitsWhereTheSetSays(int i, int f, boolean[] peers) {
        Correspondences c = new Correspondences(tracks);
        for (int j = 0; j < tracks; j++) {
            if (peers[j] && anchor[j] == anchor[i]) {
                c.add(x[j][anchor[j]], y[j][anchor[j]], x[j][f], y[j][f]);
            }
        }
        if (c.n < 2) {
            return true;
        }
        double kx = x[i][anchor[i]];
        double ky = y[i][anchor[i]];
        Affine2 shape = c.fitAround(kx, ky);
        return Math.hypot(shape.mapX(kx, ky) - x[i][f], shape.mapY(kx, ky) - y[i][f]) <= SHAPE_AGREEMENT;
    }

    private int activeTracks() {
        int n = 0;
        for (boolean a : active) {
            n += a ? 1 : 0;
        }
        return n;
    }

    /** Tracks (and support trajectories) seen on both f and g, besides track i. */
    private int seenNeighbours(int i, int f, int g, boolean[] seenOnG) {
        int n = 0;
        for (int j = 0; j < tracks; j++) {
            n += j != i && seenOnG[j] && visible[j][f] ? 1 : 0;
        }
        for (Trajectory t : support) {
            n += t.visible(f) && t.visible(g) ? 1 : 0;
        }
        return n;
    }

    /**
     * Learns the set's motion f→g from the tracks seen on both (and those just found again);
     * returns it, or, when nothing is seen, the extrapolated motion (null before any was seen).
     */
    private Affine2 learnGroupMotion(int f, int g, StepState s) {
        Correspondences c = new Correspondences(tracks + support.size());
        for (int j = 0; j < tracks; j++) {
            if ((s.confirmed[j] && visible[j][f]) || s.foundAgain[j]) {
                c.add(x[j][f], y[j][f], s.cx[j], s.cy[j]);
            }
        }
        c.addSeen(support, f, g);
        if (c.n > 0) {
            return group.observe(c.sx, c.sy, c.tx, c.ty, c.n);
        }
        s.blind = group.known();
        return s.blind ? group.extrapolate() : null;
    }

    private void followTheRest(int f, int g, StepState s, Affine2 groupStep) {
        boolean[] confirmed = s.confirmed;
        double[] cx = s.cx;
        double[] cy = s.cy;
        Affine2[] newWarp = s.newWarp;
        float[] conf = s.conf;
        // 4. Points not confirmed move with their neighbours (or, with too few seen, with the
        // set's extrapolated motion) and are searched for by their look.
        for (int i = 0; i < tracks; i++) {
            if (!active[i] || (defined[i][g] && visible[i][g])) {
                continue;
            }
            if (confirmed[i]) {
                lost[i] = false;
                lostFor[i] = 0;
                blindFor[i] = 0;
                takeWarp(i, s);
                record(i, g, cx[i], cy[i], true, conf[i]);
                continue;
            }
            Affine2 motion;
            if (groupStep != null && seenNeighbours(i, f, g, confirmed) < MIN_NEIGHBOURS) {
                motion = groupStep;
                // only a step with nothing seen widens the search and lowers the bar for a find:
                // with one or two points seen the prediction is still anchored
                blindFor[i] += s.blind ? 1 : 0;
                warpDoubt[i] = Math.min(WARP_DOUBT_MAX, warpDoubt[i] + WARP_DOUBT_PER_BLIND_STEP);
            } else {
                motion = neighbourMotion(i, f, g, confirmed, cx, cy);
            }
            double qx = motion.mapX(x[i][f], y[i][f]);
            double qy = motion.mapY(x[i][f], y[i][f]);
            Affine2 w = warp[i].linearAfter(motion);
            warp[i] = w;
            lost[i] = true;
            lostFor[i]++;
            predX[i] = qx;
            predY[i] = qy;
            searchLost(i, g, qx, qy, w);
        }
    }

    /** Track i, seen on g, takes the step's deformation; an aligned one is certain again. */
    private void takeWarp(int i, StepState s) {
        warp[i] = s.newWarp[i];
        if (s.aligned[i]) {
            warpDoubt[i] = 0;
        }
    }

    /** Looks for lost track i on frame g around its prediction (qx, qy); records the find or the prediction. */
    private void searchLost(int i, int g, double qx, double qy, Affine2 w) {
        int radius = Math.min(SEARCH_MAX, SEARCH_MIN + 2 * lostFor[i])
                + Math.min(BLIND_SEARCH_MAX, BLIND_SEARCH_GROWTH * blindFor[i]);
        Appearance.Match match = null;
        if (frames.inside(qx, qy, BORDER)) {
            match = radius <= SEARCH_MAX ? shape[i].search(frames, g, qx, qy, radius, w)
                    : shape[i].searchWide(frames, g, qx, qy, radius, w);
        }
        double needed = radius <= SEARCH_MAX ? NCC_REACQUIRE : NCC_REACQUIRE_WIDE;
        if (match != null && match.score() >= needed && frames.inside(match.x(), match.y(), BORDER)) {
            // Found again, tentatively: placed by the keyframe's look, confirmed by the next step.
            Appearance.Aligned refined = shape[i].align(frames, g, match.x(), match.y(), w, ALIGN_MAX_SHIFT);
            if (refined == null || refined.warp().linearChange(w) > MAX_DEFORMATION_CHANGE + warpDoubt[i]) {
                refined = shape[i].alignShift(frames, g, match.x(), match.y(), w, ALIGN_MAX_SHIFT);
            }
            boolean useRefined = refined != null && frames.inside(refined.x(), refined.y(), BORDER);
            tentative[i] = true;
            record(i, g, useRefined ? refined.x() : match.x(), useRefined ? refined.y() : match.y(), false, 0f);
        } else {
            record(i, g, qx, qy, false, 0f);
        }
    }

    /** The local motion f→g around track i fitted to the tracks in {@code use} (positions on g in gx, gy). */
    private Affine2 fitTo(int i, int f, boolean[] use, double[] gx, double[] gy) {
        Correspondences c = new Correspondences(tracks);
        for (int j = 0; j < tracks; j++) {
            if (use[j]) {
                c.add(x[j][f], y[j][f], gx[j], gy[j]);
            }
        }
        return c.fitAround(x[i][f], y[i][f]);
    }

    /**
     * The local motion from frame f to g around track i, fitted to the neighbours seen on
     * both: tracks confirmed this step and the fixed support.
     */
    private Affine2 neighbourMotion(int i, int f, int g, boolean[] seenOnG, double[] gx, double[] gy) {
        Correspondences c = new Correspondences(tracks + support.size());
        for (int j = 0; j < tracks; j++) {
            if (j != i && seenOnG[j] && visible[j][f]) {
                c.add(x[j][f], y[j][f], gx[j], gy[j]);
            }
        }
        c.addSeen(support, f, g);
        return c.fitAround(x[i][f], y[i][f]);
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
