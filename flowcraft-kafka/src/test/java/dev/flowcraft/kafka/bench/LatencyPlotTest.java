package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LatencyPlotTest {

  private static final List<LatencyPlot.Point> SATURATING = List.of(
      new LatencyPlot.Point(50, 49.6, 45, 60, 80, 0, 0),
      new LatencyPlot.Point(5, 5.0, 39, 51.3, 56.4, 0, 0),
      new LatencyPlot.Point(20, 19.9, 40, 52, 58, 0, 0),
      new LatencyPlot.Point(100, 71.2, 2400, 5100, 6000, 2, 3));

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element byId(Document d, String id) {
    NodeList groups = d.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (id.equals(g.getAttribute("id"))) {
        return g;
      }
    }
    throw new AssertionError("no group " + id);
  }

  private static List<double[]> polyline(Element series) {
    String points = ((Element) series.getElementsByTagName("polyline").item(0)).getAttribute("points");
    List<double[]> xy = new ArrayList<>();
    for (String p : points.split(" ")) {
      String[] c = p.split(",");
      xy.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
    }
    return xy;
  }

  @Test
  void wellFormedSvgWithOneLinePerPercentileSortedByOfferedLoad() throws Exception {
    String svg = LatencyPlot.svg("latency <&> \"load\"", "fanout10, 2 workers", SATURATING);
    Document d = parse(svg);

    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(svg).contains("latency &lt;&amp;&gt; &quot;load&quot;");
    for (String id : List.of("p50", "p95", "p99")) {
      List<double[]> xy = polyline(byId(d, id));
      assertThat(xy).hasSize(4);
      for (int i = 1; i < xy.size(); i++) {
        assertThat(xy.get(i)[0]).as(id + " x increases with offered load").isGreaterThan(xy.get(i - 1)[0]);
      }
      assertThat(byId(d, id).getElementsByTagName("circle").getLength()).isEqualTo(4);
      // inside the plot area
      for (double[] p : xy) {
        assertThat(p[0]).isBetween(0.0, (double) LatencyPlot.WIDTH);
        assertThat(p[1]).isBetween(0.0, (double) LatencyPlot.HEIGHT);
      }
    }
    // higher percentile = higher on the chart = smaller y, at every point
    List<double[]> p50 = polyline(byId(d, "p50"));
    List<double[]> p99 = polyline(byId(d, "p99"));
    for (int i = 0; i < p50.size(); i++) {
      assertThat(p99.get(i)[1]).isLessThan(p50.get(i)[1]);
    }
    assertThat(svg).contains("log scale"); // 39 ms to 6 s
    assertThat(svg).contains("2 failed, 3 unfinished").contains("class=\"problem\"");
    assertThat(svg).contains("achieved runs/s: 5 19.9 49.6 71.2");
    assertThat(svg).contains("<title>p99 6000 ms at 100 runs/s offered (71.2 achieved) 2 failed, 3 unfinished</title>");
  }

  @Test
  void narrowRangesGetALinearAxisFromZero() throws Exception {
    String svg = LatencyPlot.svg("t", null, List.of(new LatencyPlot.Point(5, 5, 10, 12, 14, 0, 0),
        new LatencyPlot.Point(10, 10, 11, 13, 17, 0, 0)));
    parse(svg);
    assertThat(svg).doesNotContain("log scale").doesNotContain("class=\"problem\"");
    assertThat(svg).contains(">0</text>").contains(">20</text>"); // y ticks 0..20 step 5 (and x 0..10 step 2)
  }

  @Test
  void axes() {
    assertThat(LatencyPlot.Axis.niceStep(0.7)).isEqualTo(1);
    assertThat(LatencyPlot.Axis.niceStep(13)).isEqualTo(20);
    assertThat(LatencyPlot.Axis.niceStep(30)).isEqualTo(50);
    assertThat(LatencyPlot.Axis.niceStep(70)).isEqualTo(100);
    LatencyPlot.Axis lin = LatencyPlot.Axis.linear(0, 100);
    assertThat(lin.ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    assertThat(lin.fraction(50)).isEqualTo(0.5);
    LatencyPlot.Axis log = LatencyPlot.Axis.log(39, 6000);
    assertThat(log.ticks()).startsWith(10.0, 20.0, 50.0, 100.0).endsWith(5000.0, 10000.0);
    assertThat(log.fraction(100)).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(LatencyPlot.number(0.5)).isEqualTo("0.5");
    assertThat(LatencyPlot.number(1200)).isEqualTo("1200");
    assertThat(LatencyPlot.number(19.9)).isEqualTo("19.9");
  }

  @Test
  void aSinglePointAndZeroLatencyStillPlot() throws Exception {
    parse(LatencyPlot.svg("t", "", List.of(new LatencyPlot.Point(7, 0, 0, 0, 0, 0, 7))));
    assertThatThrownBy(() -> LatencyPlot.svg("t", "", List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
