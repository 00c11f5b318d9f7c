package dev.flowcraft.api;

/**
 * Node implementations a jar contributes to workers that find it on their classpath, through
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/dev.flowcraft.api.NodeProvider}).
 * The CLI worker serves the standard library plus every provider it finds.
 */
public interface NodeProvider {

  /** The nodes, by {@code uses} key. */
  NodeRegistry nodes();
}
