package dev.flowcraft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven filtered into {@code version.properties} at build time. */
final class PomVersion implements IVersionProvider {

  static String version() {
    try (InputStream in = PomVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"flowcraft " + version(), "Java " + System.getProperty("java.version")};
  }
}
