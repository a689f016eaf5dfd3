package io.vswap.points.internal.geometry;

/** A 2-D affine map {@code (x, y) → (a x + b y + c, d x + e y + f)}. */
public record Affine2(double a, double b, double c, double d, double e, double f) {

    public static final Affine2 IDENTITY = new Affine2(1, 0, 0, 0, 1, 0);

    public double mapX(double x, double y) {
        return a * x + b * y + c;
    }

    public double mapY(double x, double y) {
        return d * x + e * y + f;
    }

    /** The linear part applied to a displacement. */
    public double linearX(double dx, double dy) {
        return a * dx + b * dy;
    }

    public double linearY(double dx, double dy) {
        return d * dx + e * dy;
    }
}
