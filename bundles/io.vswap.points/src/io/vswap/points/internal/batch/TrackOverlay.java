package io.vswap.points.internal.batch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;

/**
 * Tracked points drawn on a clip frame (AWT, for headless contact sheets): a filled dot where
 * the point is visible, a hollow one where it is not, the last few frames as a fading trail.
 */
final class TrackOverlay {

    private static final int TRAIL = 4;

    private TrackOverlay() {
    }

    static void paint(Graphics2D g, PointSet set, int frame) {
        // Sizes in screen pixels whatever the tile's scale: g draws in clip pixels.
        double px = 1 / Math.max(1e-6, g.getTransform().getScaleX());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(11 * px)));
        for (SemanticPoint p : set.points()) {
            Trajectory t = p.tracked().orElse(null);
            if (t == null || frame >= t.frameCount()) {
                continue;
            }
            Color c = new Color(p.colour() & 0xffffff);
            for (int k = Math.max(1, frame - TRAIL + 1); k <= frame; k++) {
                float alpha = 1f - (frame - k + 1) / (float) (TRAIL + 1);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(255 * alpha)));
                g.setStroke(new BasicStroke((float) (1.5 * px)));
                g.draw(new Line2D.Double(t.x(k - 1), t.y(k - 1), t.x(k), t.y(k)));
            }
            double x = t.x(frame);
            double y = t.y(frame);
            double r = 3.5 * px;
            Ellipse2D dot = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke((float) (2.5 * px)));
            g.draw(dot);
            g.setColor(c);
            g.setStroke(new BasicStroke((float) (1.5 * px)));
            if (t.visible(frame)) {
                g.fill(dot);
            } else {
                g.draw(dot);
            }
            g.setColor(Color.BLACK);
            g.drawString(p.name(), (float) (x + r + px), (float) (y - r + px));
            g.setColor(c);
            g.drawString(p.name(), (float) (x + r), (float) (y - r));
        }
    }
}
