package ai.factory.simulation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The same results as a PNG (for viewers without SVG): three panels per row, p90 TTFT (log
 * scale), output tokens/s, and the prefix-cache hit rate or, for tiered rows, goodput.
 */
final class Chart {

    private static final int ROW = 22;
    private static final int TOP = 44;
    private static final int LABEL = 300;
    private static final int PANEL = 260;
    private static final int GAP = 50;

    private Chart() {
    }

    static void png(List<Outcome> outcomes, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = LABEL + 3 * (PANEL + GAP);
        int height = TOP + outcomes.size() * ROW + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("TTFT p90, ms (log; lower is better)", LABEL, 20);
        g.drawString("output tokens/s (higher is better)", LABEL + PANEL + GAP, 20);
        g.drawString("prefix hit rate % / goodput req/s", LABEL + 2 * (PANEL + GAP), 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double logMax = Math.log10(Math.max(10, max(outcomes, Outcome::ttftP90Ms)));
        double maxTps = Math.max(1, max(outcomes, Outcome::tokensPerSecond));
        double maxGood = Math.max(1, max(outcomes, o -> Double.isNaN(o.goodput()) ? 0 : o.goodput()));
        String previous = null;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            int y = TOP + i * ROW;
            if (previous != null && !previous.equals(o.workload())) {
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(0, y - 2, width, y - 2);
            }
            previous = o.workload();
            g.setColor(Color.BLACK);
            g.drawString(Report.rowName(o), 5, y + 14);
            Color color = Report.highlighted(o) ? new Color(0x2b8a3e) : new Color(0x868e96);
            double ttft = Math.max(0, Math.log10(Math.max(1, o.ttftP90Ms()))) / logMax;
            bar(g, LABEL, y, ttft, color, String.format(Locale.ROOT, "%.0f", o.ttftP90Ms()));
            bar(g, LABEL + PANEL + GAP, y, o.tokensPerSecond() / maxTps, color,
                    String.format(Locale.ROOT, "%.0f", o.tokensPerSecond()));
            if (Double.isNaN(o.goodput())) {
                bar(g, LABEL + 2 * (PANEL + GAP), y, o.prefixHitRate(), color,
                        String.format(Locale.ROOT, "%.0f %%", o.prefixHitRate() * 100));
            } else {
                bar(g, LABEL + 2 * (PANEL + GAP), y, o.goodput() / maxGood, new Color(0x1c7ed6),
                        String.format(Locale.ROOT, "%.1f/s", o.goodput()));
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void bar(Graphics2D g, int x, int y, double share, Color color, String label) {
        int w = (int) Math.round(0.8 * PANEL * Math.max(0, Math.min(1, share)));
        g.setColor(color);
        g.fillRect(x, y + 2, w, 16);
        g.setColor(Color.BLACK);
        g.drawString(label, x + w + 4, y + 14);
    }

    private static double max(List<Outcome> outcomes, ToDoubleFunction<Outcome> f) {
        return outcomes.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(1);
    }
}
