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

    /** The linear part of {@code outer ∘ this}: this deformation carried on by {@code outer}'s. */
    public Affine2 linearAfter(Affine2 outer) {
        return new Affine2(outer.a * a + outer.b * d, outer.a * b + outer.b * e, 0, outer.d * a + outer.e * d,
                outer.d * b + outer.e * e, 0);
    }

    /** Largest difference of a linear-part entry between this map and {@code other}. */
    public double linearChange(Affine2 other) {
        return Math.max(Math.max(Math.abs(a - other.a), Math.abs(b - other.b)),
                Math.max(Math.abs(d - other.d), Math.abs(e - other.e)));
    }
}
