package io.vswap.samples.api;

/**
 * Where the subject is in one frame. A point at {@code (u, v)} on the unit shape (radius 1,
 * upright) is at {@code (x + radius·(u·cos r − v·sin r), y + radius·(u·sin r + v·cos r))} in
 * the frame; with y pointing down, a growing rotation turns the subject clockwise on screen.
 *
 * @param x centre, pixels (pixel centres at integers, as {@code io.vswap.points.api.Position})
 * @param y centre, pixels
 * @param radius the unit shape's scale, pixels (a disc's radius)
 * @param rotation radians, clockwise on screen
 */
public record SubjectPose(double x, double y, double radius, double rotation) {
}
