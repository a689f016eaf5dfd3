package io.vswap.eval.ui.internal.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

import io.vswap.eval.study.api.PreferenceStatistics.Interval;
import io.vswap.eval.study.api.StudyResults;
import io.vswap.eval.study.api.StudyResults.Cell;
import io.vswap.eval.study.api.StudyResults.Row;

/**
 * A study's preference shares as bars (a group per question, a bar per pair of variants compared),
 * each with its 95 % Wilson interval as a whisker and a line at 50 % (no preference); a question
 * nobody preferred either side on has no bar.
 */
final class PreferenceChart {

    private static final Color NO_PREFERENCE = new Color(0x80, 0x80, 0x80);

    private final ChartComposite composite;
    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final Map<String, Interval> intervals = new HashMap<>();

    PreferenceChart(Composite parent) {
        JFreeChart chart = ChartFactory.createBarChart("Preference share, with 95 % intervals", null, "%", dataset,
                PlotOrientation.VERTICAL, true, true, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setRange(0, 100);
        ValueMarker half = new ValueMarker(50, NO_PREFERENCE, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] { 4f, 3f }, 0f));
        half.setLabel("no preference");
        half.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        half.setLabelAnchor(RectangleAnchor.TOP_RIGHT); // inside the plot, above the line at its right end
        half.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(half);
        WhiskerBarRenderer renderer = new WhiskerBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        plot.setRenderer(renderer);
        composite = new ChartComposite(parent, SWT.NONE, chart, true);
    }

    Control control() {
        return composite;
    }

    /** Shows {@code results}: a series per row ("videoswap vs. tune-a-video"), a category per question. */
    void show(StudyResults results) {
        dataset.clear();
        intervals.clear();
        for (Row row : results.rows()) {
            String series = row.variant() + " vs. " + row.against();
            for (Cell c : row.cells()) {
                String question = results.criteria().stream().filter(x -> x.id().equals(c.criterion())).findFirst()
                        .orElseThrow().name();
                dataset.addValue(Double.isNaN(c.share()) ? null : c.share() * 100, series, question);
                intervals.put(series + "\n" + question, c.interval());
            }
        }
    }

    /** What the chart shows, for tests: the bar of {@code series} and {@code question}, in percent, or null. */
    Number value(String series, String question) {
        return dataset.getColumnIndex(question) < 0 || dataset.getRowIndex(series) < 0 ? null
                : dataset.getValue(series, question);
    }

    /** Bars as {@link BarRenderer} draws them, plus the interval of each as a whisker with caps. */
    private final class WhiskerBarRenderer extends BarRenderer {

        private static final long serialVersionUID = 1L;

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset data, int row, int column, int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, data, row, column, pass);
            Interval i = intervals.get(data.getRowKey(row) + "\n" + data.getColumnKey(column));
            if (pass != 0 || i == null || Double.isNaN(i.low()) || data.getValue(row, column) == null) {
                return;
            }
            double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row, column)
                    + state.getBarWidth() / 2;
            RectangleEdge edge = plot.getRangeAxisEdge();
            double low = rangeAxis.valueToJava2D(i.low() * 100, dataArea, edge);
            double high = rangeAxis.valueToJava2D(i.high() * 100, dataArea, edge);
            double cap = Math.min(6, state.getBarWidth() / 4);
            g2.setPaint(Color.DARK_GRAY);
            g2.setStroke(new BasicStroke(1.2f));
            g2.draw(new Line2D.Double(x, low, x, high));
            g2.draw(new Line2D.Double(x - cap, low, x + cap, low));
            g2.draw(new Line2D.Double(x - cap, high, x + cap, high));
        }
    }
}
