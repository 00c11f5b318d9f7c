package dev.flowcraft.model;

import java.util.Objects;

/**
 * A directed edge. An edge with an {@code action} is taken only when the source returns that action; an
 * edge without one is a default edge, taken when no action edge matched. A {@code condition} must also
 * hold; a {@code transform} computes the value delivered to the target as its input.
 */
public record EdgeDefinition(String source, String target, String action, String condition, String transform) {

  public EdgeDefinition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }

  public static EdgeDefinition of(String source, String target) {
    return new EdgeDefinition(source, target, null, null, null);
  }

  public boolean isDefault() {
    return action == null;
  }

  public boolean hasCondition() {
    return condition != null && !condition.isBlank();
  }

  public EdgeDefinition withAction(String a) {
    return new EdgeDefinition(source, target, a, condition, transform);
  }

  public EdgeDefinition withCondition(String c) {
    return new EdgeDefinition(source, target, action, c, transform);
  }

  public EdgeDefinition withTransform(String t) {
    return new EdgeDefinition(source, target, action, condition, t);
  }

  public EdgeDefinition withSource(String s) {
    return new EdgeDefinition(s, target, action, condition, transform);
  }

  public EdgeDefinition withTarget(String t) {
    return new EdgeDefinition(source, t, action, condition, transform);
  }
}
