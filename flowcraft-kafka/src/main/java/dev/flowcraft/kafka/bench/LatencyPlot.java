package dev.flowcraft.kafka.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An SVG line chart of latency percentiles (p50, p95, p99) against offered load, written by hand (no charting
 * library): one point per open-loop run of a rate sweep. The latency axis is logarithmic when the values span
 * more than a factor of 20 (a saturated system's latency grows by orders of magnitude), linear otherwise. Each
 * point has a tooltip with its numbers; points with failed or unfinished runs are ringed and labelled.
 */
public final class LatencyPlot {

  static final int WIDTH = 760;
  static final int HEIGHT = 460;
  private static final int LEFT = 78;
  private static final int RIGHT = 150;
  private static final int TOP = 48;
  private static final int BOTTOM = 78;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#d62728"};
  private static final String[] NAMES = {"p50", "p95", "p99"};

  private LatencyPlot() {
  }

  /**
   * One measured rate.
   *
   * @param offered    runs/s offered (the open loop's rate)
   * @param achieved   runs/s completed
   * @param p50        latency percentiles in milliseconds
   * @param failed     failed runs
   * @param unfinished runs not finished within the timeout
   */
  public record Point(double offered, double achieved, double p50, double p95, double p99, long failed,
      long unfinished) {

    public static Point of(BenchReport r) {
      double offered = r.rate() != null ? r.rate() : r.runsPerS();
      return new Point(offered, r.runsPerS(), r.latencyMs().p50(), r.latencyMs().p95(), r.latencyMs().p99(),
          r.failed(), r.unfinished());
    }

    double value(int series) {
      return switch (series) {
        case 0 -> p50;
        case 1 -> p95;
        default -> p99;
      };
    }
  }

  /** The chart as an SVG document. */
  public static String svg(String title, String subtitle, List<Point> points) {
    Objects.requireNonNull(points, "points");
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no points to plot");
    }
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(Point::offered));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;

    Axis x = Axis.linear(0, sorted.stream().mapToDouble(Point::offered).max().orElse(1));
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    for (Point p : sorted) {
      for (int s = 0; s < 3; s++) {
        double v = p.value(s);
        maxY = Math.max(maxY, v);
        if (v > 0) {
          minY = Math.min(minY, v);
        }
      }
    }
    if (minY == Double.MAX_VALUE) {
      minY = 1;
    }
    Axis y = maxY / minY > 20 ? Axis.log(minY, maxY) : Axis.linear(0, maxY);

    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        LEFT, escape(title)));
    if (subtitle != null && !subtitle.isBlank()) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"37\" fill=\"#555\">%s</text>%n", LEFT, escape(subtitle)));
    }

    // grid and ticks
    b.append("<g class=\"grid\" stroke=\"#ddd\" stroke-width=\"1\">\n");
    for (double t : y.ticks()) {
      double py = TOP + plotH - y.fraction(t) * plotH;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n", LEFT, py,
          LEFT + plotW, py));
    }
    for (double t : x.ticks()) {
      double px = LEFT + x.fraction(t) * plotW;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>%n", px, TOP, px,
          TOP + plotH));
    }
    b.append("</g>\n");
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
        + " stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
    b.append("<g class=\"y-ticks\" text-anchor=\"end\">\n");
    for (double t : y.ticks()) {
      double py = TOP + plotH - y.fraction(t) * plotH;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%s</text>%n", LEFT - 6, py + 4, number(t)));
    }
    b.append("</g>\n<g class=\"x-ticks\" text-anchor=\"middle\">\n");
    for (double t : x.ticks()) {
      double px = LEFT + x.fraction(t) * plotW;
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", px, TOP + plotH + 16, number(t)));
    }
    b.append("</g>\n");
    b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">offered load (runs/s)"
        + "</text>%n", LEFT + plotW / 2, TOP + plotH + 36));
    b.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\">"
        + "end-to-end latency (ms%s)</text>%n", TOP + plotH / 2, y.log ? ", log scale" : ""));
    StringBuilder achieved = new StringBuilder("achieved runs/s:");
    for (Point p : sorted) {
      achieved.append(' ').append(number(round(p.achieved(), 1)));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>%n", LEFT, HEIGHT - 12,
        escape(achieved.toString())));

    // series
    for (int s = 0; s < 3; s++) {
      b.append(String.format(Locale.ROOT, "<g class=\"series\" id=\"%s\" stroke=\"%s\" fill=\"%s\">%n", NAMES[s],
          COLORS[s], COLORS[s]));
      StringBuilder line = new StringBuilder();
      for (Point p : sorted) {
        line.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + x.fraction(p.offered()) * plotW,
            TOP + plotH - y.fraction(p.value(s)) * plotH));
      }
      b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke-width=\"2\" points=\"%s\"/>%n",
          line.toString().strip()));
      for (Point p : sorted) {
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s</title></circle>%n",
            LEFT + x.fraction(p.offered()) * plotW, TOP + plotH - y.fraction(p.value(s)) * plotH,
            escape(String.format(Locale.ROOT, "%s %s ms at %s runs/s offered (%s achieved)%s", NAMES[s],
                number(round(p.value(s), 2)), number(p.offered()), number(round(p.achieved(), 1)), problems(p)))));
      }
      b.append("</g>\n");
    }
    // failed or unfinished runs
    for (Point p : sorted) {
      if (p.failed() > 0 || p.unfinished() > 0) {
        double px = LEFT + x.fraction(p.offered()) * plotW;
        double py = TOP + plotH - y.fraction(p.p99()) * plotH;
        b.append(String.format(Locale.ROOT, "<circle class=\"problem\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"none\""
            + " stroke=\"black\" stroke-width=\"1.5\"/>%n", px, py));
        // kept inside the plot area: right-aligned near the right edge, below the ring near the top
        String anchor = px > LEFT + 0.75 * plotW ? "end" : px < LEFT + 0.25 * plotW ? "start" : "middle";
        double ty = py - 12 < TOP + 10 ? py + 20 : py - 12;
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"10\">%s"
            + "</text>%n", px, ty, anchor, escape(problems(p).strip())));
      }
    }
    // legend
    for (int s = 0; s < 3; s++) {
      double ly = TOP + 14 + s * 20;
      double lx = LEFT + plotW + 16;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
          + " stroke-width=\"2\"/>%n", lx, ly - 4, lx + 24, ly - 4, COLORS[s]));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", lx + 30, ly, NAMES[s]));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static String problems(Point p) {
    if (p.failed() == 0 && p.unfinished() == 0) {
      return "";
    }
    return " " + p.failed() + " failed, " + p.unfinished() + " unfinished";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** 5, 0.5, 1200: no trailing zeros, no exponent. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** A value axis: linear from 0 (nice bounds and 1-2-5 steps) or logarithmic over whole decades. */
  static final class Axis {
    final boolean log;
    final double min;
    final double max;
    final double step;

    private Axis(boolean log, double min, double max, double step) {
      this.log = log;
      this.min = min;
      this.max = max;
      this.step = step;
    }

    static Axis linear(double min, double maxValue) {
      double top = maxValue > min ? maxValue : min + 1;
      double step = niceStep((top - min) / 5);
      return new Axis(false, min, Math.ceil(top / step - 1e-9) * step, step);
    }

    static Axis log(double minValue, double maxValue) {
      double lo = Math.pow(10, Math.floor(Math.log10(minValue)));
      double hi = Math.pow(10, Math.ceil(Math.log10(maxValue)));
      if (hi <= lo) {
        hi = lo * 10;
      }
      return new Axis(true, lo, hi, 0);
    }

    /** Where {@code v} lies between the bounds, 0 to 1. */
    double fraction(double v) {
      if (log) {
        double c = Math.max(v, min);
        return (Math.log10(c) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      }
      return (v - min) / (max - min);
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        for (double d = min; d <= max * 1.0001; d *= 10) {
          for (int m : new int[] {1, 2, 5}) {
            double v = d * m;
            if (v <= max * 1.0001) {
              t.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
            }
          }
        }
        return t;
      }
      for (int i = 0; min + i * step <= max + step * 1e-6; i++) {
        t.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", min + i * step)));
      }
      return t;
    }

    static double niceStep(double raw) {
      if (!(raw > 0)) {
        return 1;
      }
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double r = raw / mag;
      double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
      return nice * mag;
    }
  }
}
