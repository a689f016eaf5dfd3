package io.vswap.samples.internal.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vswap.samples.api.SubjectShape;
import io.vswap.samples.internal.render.ShapeTemplate;

/**
 * Which shape a mask is: each shape's template, sampled at pixel centres and clipped to the
 * frame, is fitted to the mask (centre, scale, rotation) by a coarse rotation sweep then
 * coordinate descent on intersection over union; the best IoU wins. Clipping the template to
 * the frame is what lets a subject partly out of the frame still match its own shape.
 */
public final class ShapeFit {

    /** Each template's area at radius 1, computed once. */
    private static final Map<ShapeTemplate, Double> UNIT_AREA = new ConcurrentHashMap<>();
    private static final double SWEEP_STEP = Math.toRadians(6);

    private static double unitArea(ShapeTemplate t) {
        return UNIT_AREA.computeIfAbsent(t, s -> {
            int n = 400;
            double extent = s.maxExtent();
            int hits = 0;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double u = -extent + 2 * extent * (i + 0.5) / n;
                    double v = -extent + 2 * extent * (j + 0.5) / n;
                    hits += s.contains(u, v) ? 1 : 0;
                }
            }
            return hits * (2 * extent) * (2 * extent) / ((double) n * n);
        });
    }

    private final boolean[] mask;
    private final int size;
    private final int area;
    private final int x0;
    private final int x1;
    private final int y0;
    private final int y1;

    /** The best fit of one shape. */
    public record Fit(ShapeTemplate template, double iou, double x, double y, double radius, double rotation) {

        /** The sample world's shape fitted; for a fit of {@link #best}. */
        public SubjectShape shape() {
            return ((ShapeTemplate.WorldShape) template).shape();
        }
    }

    public ShapeFit(boolean[] mask, int size) {
        this.mask = mask;
        this.size = size;
        int n = 0;
        int ax = size;
        int bx = -1;
        int ay = size;
        int by = -1;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                if (mask[j * size + i]) {
                    n++;
                    ax = Math.min(ax, i);
                    bx = Math.max(bx, i);
                    ay = Math.min(ay, j);
                    by = Math.max(by, j);
                }
            }
        }
        this.area = n;
        this.x0 = ax;
        this.x1 = bx;
        this.y0 = ay;
        this.y1 = by;
    }

    /** The best-fitting shape over the sample world's shapes. */
    public Fit best(double cx, double cy) {
        Fit best = null;
        for (SubjectShape s : SubjectShape.values()) {
            Fit f = fit(ShapeTemplate.of(s), cx, cy);
            if (best == null || f.iou() > best.iou()) {
                best = f;
            }
        }
        return best;
    }

    /** The best pose of {@code shape} for the mask, starting from its centroid {@code (cx, cy)}. */
    public Fit fit(ShapeTemplate shape, double cx, double cy) {
        double r0 = Math.sqrt(area / unitArea(shape));
        boolean touches = x0 == 0 || y0 == 0 || x1 == size - 1 || y1 == size - 1;
        double[] scales = touches ? new double[] { 1.0, 1.2, 1.45 } : new double[] { 1.0 };
        double period = shape.period();
        Fit best = null;
        for (double k : scales) {
            double r = r0 * k;
            // a clipped subject's true centre lies beyond its centroid, away from the frame's middle
            double x = cx;
            double y = cy;
            if (k > 1) {
                double shift = (k - 1) * r0;
                x += x0 == 0 ? -shift : x1 == size - 1 ? shift : 0;
                y += y0 == 0 ? -shift : y1 == size - 1 ? shift : 0;
            }
            Fit start = null;
            Fit second = null;
            int steps = period == 0 ? 1 : (int) Math.round(period / SWEEP_STEP);
            for (int a = 0; a < steps; a++) {
                Fit f = evaluate(shape, x, y, r, a * SWEEP_STEP);
                if (start == null || f.iou() > start.iou()) {
                    second = start;
                    start = f;
                } else if (second == null || f.iou() > second.iou()) {
                    second = f;
                }
            }
            for (Fit s : second == null ? new Fit[] { start } : new Fit[] { start, second }) {
                Fit f = refine(s, period != 0);
                if (best == null || f.iou() > best.iou()) {
                    best = f;
                }
            }
        }
        return best;
    }

    private Fit refine(Fit f, boolean rotates) {
        double step = 1.0;
        double scaleStep = 0.06;
        double angleStep = SWEEP_STEP / 2;
        for (int round = 0; round < 4; round++) {
            boolean improved = true;
            int guard = 0;
            while (improved && guard++ < 12) {
                improved = false;
                Fit[] tries = {
                        evaluate(f.template(), f.x() + step, f.y(), f.radius(), f.rotation()),
                        evaluate(f.template(), f.x() - step, f.y(), f.radius(), f.rotation()),
                        evaluate(f.template(), f.x(), f.y() + step, f.radius(), f.rotation()),
                        evaluate(f.template(), f.x(), f.y() - step, f.radius(), f.rotation()),
                        evaluate(f.template(), f.x(), f.y(), f.radius() * (1 + scaleStep), f.rotation()),
                        evaluate(f.template(), f.x(), f.y(), f.radius() * (1 - scaleStep), f.rotation()),
                        rotates ? evaluate(f.template(), f.x(), f.y(), f.radius(), f.rotation() + angleStep) : null,
                        rotates ? evaluate(f.template(), f.x(), f.y(), f.radius(), f.rotation() - angleStep) : null };
                for (Fit t : tries) {
                    if (t != null && t.iou() > f.iou() + 1e-9) {
                        f = t;
                        improved = true;
                    }
                }
            }
            step /= 2;
            scaleStep /= 2;
            angleStep /= 2;
        }
        return f;
    }

    /** IoU of the mask and the template at this pose, the template clipped to the frame. */
    Fit evaluate(ShapeTemplate shape, double x, double y, double radius, double rotation) {
        double reach = shape.maxExtent() * radius + 1;
        int ax = Math.max(0, Math.min(x0, (int) Math.floor(x - reach)));
        int bx = Math.min(size - 1, Math.max(x1, (int) Math.ceil(x + reach)));
        int ay = Math.max(0, Math.min(y0, (int) Math.floor(y - reach)));
        int by = Math.min(size - 1, Math.max(y1, (int) Math.ceil(y + reach)));
        double c = Math.cos(rotation);
        double s = Math.sin(rotation);
        double inv = 1 / radius;
        int inter = 0;
        int template = 0;
        for (int j = ay; j <= by; j++) {
            double dy = j - y;
            for (int i = ax; i <= bx; i++) {
                double dx = i - x;
                double u = (c * dx + s * dy) * inv;
                double v = (-s * dx + c * dy) * inv;
                if (shape.contains(u, v)) {
                    template++;
                    if (mask[j * size + i]) {
                        inter++;
                    }
                }
            }
        }
        int union = area + template - inter;
        return new Fit(shape, union == 0 ? 0 : (double) inter / union, x, y, radius, rotation);
    }
}
