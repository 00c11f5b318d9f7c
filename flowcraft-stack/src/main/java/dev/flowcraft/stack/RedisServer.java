package dev.flowcraft.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Redis from the Debian package, in the foreground, with AOF so a restart keeps the data. */
final class RedisServer extends ManagedServer {
    private Path binary;

    RedisServer(StackOptions options) {
        super(Server.REDIS, options);
    }

    @Override
    void prepare(ClasspathResolver resolver) {
        binary = RedisBinary.locate(options.installRedis(), dir, options.progress());
    }

    @Override
    List<String> launchCommand() {
        return List.of(binary.toString(),
                "--port", String.valueOf(options.ports().redis()),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--save", "",
                // AOF with fsync every second: stop/restart keeps data; kill -9 may lose the last second.
                "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--logfile", "");
    }

    /** Ready when PING answers PONG. */
    @Override
    boolean isReady(long logOffset) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.ports().redis()), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 5);
            return n == 5 && new String(buf, 0, 5, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Redis rewrites its process title to {@code redis-server 127.0.0.1:PORT}; the cwd check does the rest. */
    @Override
    boolean commandLineMatches(String cmdline) {
        return cmdline.contains("redis-server") || cmdline.contains("redis-check-rdb");
    }
}
