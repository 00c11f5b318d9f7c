package dev.flowcraft.api;

/** The run was cancelled while the node ran. The engine neither retries nor falls back. */
public class WorkflowCancelledException extends FlowcraftException {
  public WorkflowCancelledException(String message) {
    super(message == null ? "Workflow cancelled" : message);
  }
}
