package dev.flowcraft.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body was read in full already ({@link BufferedBodyHandler}): reading it returns the bytes at
 * once, so the blocking servlet layer behind never waits for a client. Thread-safe (one reader, as any request).
 */
final class BufferedRequest extends Request.Wrapper {

  private final byte[] body;
  private final AtomicBoolean read = new AtomicBoolean();

  BufferedRequest(Request wrapped, byte[] body) {
    super(wrapped);
    this.body = body;
  }

  @Override
  public long getLength() {
    return body.length;
  }

  @Override
  public Content.Chunk read() {
    if (read.compareAndSet(false, true) && body.length > 0) {
      return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }
    return Content.Chunk.EOF;
  }

  @Override
  public void demand(Runnable demandCallback) {
    demandCallback.run(); // the content (or its end) is always available
  }

  @Override
  public void fail(Throwable failure) {
    // nothing to fail: the body is in memory
  }

  @Override
  public boolean rewind() {
    read.set(false);
    return true;
  }
}
