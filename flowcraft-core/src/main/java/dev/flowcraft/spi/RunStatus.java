package dev.flowcraft.spi;

/** The status of a run. The last three are final: a run that reached one never changes again. */
public enum RunStatus {
  RUNNING,
  AWAITING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
