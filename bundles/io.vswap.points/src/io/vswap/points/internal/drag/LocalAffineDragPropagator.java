package io.vswap.points.internal.drag;

import org.osgi.service.component.annotations.Component;

import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointDrag;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.points.internal.geometry.Affine2;
import io.vswap.points.internal.geometry.LocalAffineFit;

/**
 * Propagates a drag through the subject's local motion: on every frame n, a weighted affine
 * map is fitted from the other points' positions on the drag's frame to their positions on n
 * (weights by distance to where the point was dragged), and the drag vector goes through its
 * linear part: {@code q(n) = p(n) + L_n · d}. So the dragged point keeps the source point's
 * own track and the offset turns and scales with the neighbourhood; on the drag's frame L is
 * the identity and the point lands exactly where the user put it. Microseconds per frame: no
 * atlas to train.
 */
@Component(service = DragPropagator.class)
public final class LocalAffineDragPropagator implements DragPropagator {

    @Override
    public String id() {
        return "local-affine";
    }

    @Override
    public String displayName() {
        return "Local affine fit to neighbouring trajectories";
    }

    @Override
    public Trajectory propagate(PointSet points, PointDrag drag) {
        SemanticPoint p = points.point(drag.point())
                .orElseThrow(() -> new IllegalArgumentException("no point named \"" + drag.point() + "\""));
        Trajectory t = p.tracked().orElseThrow(
                () -> new IllegalArgumentException("point \"" + p.name() + "\" is not tracked yet; track first"));
        int k = drag.frame();
        int frames = t.frameCount();
        if (k >= frames) {
            throw new IllegalArgumentException("drag on frame " + k + " but the clip has frames 0–" + (frames - 1));
        }
        double qx = t.x(k) + drag.dx();
        double qy = t.y(k) + drag.dy();
        int others = points.points().size() - 1;
        double[] sx = new double[others], sy = new double[others], tx = new double[others], ty = new double[others];
        double[] x = t.xs();
        double[] y = t.ys();
        for (int n = 0; n < frames; n++) {
            int m = 0;
            for (SemanticPoint o : points.points()) {
                Trajectory ot = o.trajectory();
                if (o == p || ot == null || !ot.visible(k) || !ot.visible(n)) {
                    continue;
                }
                sx[m] = ot.x(k);
                sy[m] = ot.y(k);
                tx[m] = ot.x(n);
                ty[m] = ot.y(n);
                m++;
            }
            Affine2 a = n == k ? Affine2.IDENTITY : LocalAffineFit.fit(qx, qy, sx, sy, tx, ty, m);
            x[n] += a.linearX(drag.dx(), drag.dy());
            y[n] += a.linearY(drag.dx(), drag.dy());
        }
        return new Trajectory(x, y, t.visibility(), t.confidences());
    }
}
