package dev.flowcraft.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port probes on 127.0.0.1. */
final class Ports {
    private Ports() {
    }

    /** True if nothing listens on the port: binding succeeds (also fails when a wildcard listener holds it). */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // TIME_WAIT leftovers of a just-stopped server must not count as "in use"
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if something accepts connections on the port. */
    static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws {@link PortInUseException} for the first port of {@code server} that is taken. */
    static void requireFree(Server server, StackPorts ports, String dataDir) {
        ports.portsOf(server).forEach((label, port) -> {
            if (!isFree(port)) {
                throw new PortInUseException(server, port, label, dataDir);
            }
        });
    }
}
