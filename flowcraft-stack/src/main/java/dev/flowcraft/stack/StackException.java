package dev.flowcraft.stack;

/** A stack operation failed; the message says what happened and what to do about it. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
