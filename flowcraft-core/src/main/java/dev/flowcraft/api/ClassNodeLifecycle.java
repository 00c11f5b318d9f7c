package dev.flowcraft.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one attempt of a {@link BaseNode}: prep, exec (rescued by fallback), post, recover. */
final class ClassNodeLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ClassNodeLifecycle.class);

  private ClassNodeLifecycle() {}

  static NodeResult run(BaseNode node, NodeContext ctx) throws Exception {
    Exception firstError = null;
    try {
      ctx.signal().throwIfCancelled();
      Object prepared = node.prep(ctx);
      ctx.signal().throwIfCancelled();
      Object executed;
      try {
        executed = node.exec(prepared, ctx);
      } catch (WorkflowCancelledException | FatalNodeException e) {
        throw e;
      } catch (Exception e) {
        firstError = e;
        ctx.signal().throwIfCancelled();
        executed = node.fallback(e, ctx);
      }
      ctx.signal().throwIfCancelled();
      return node.post(executed, ctx);
    } catch (Exception e) {
      if (firstError == null) {
        firstError = e;
      }
      throw e;
    } finally {
      if (firstError != null) {
        try {
          node.recover(firstError, ctx);
        } catch (Exception e) {
          LOG.warn("recover() of node '{}' threw; ignored", ctx.nodeId(), e);
        }
      }
    }
  }
}
