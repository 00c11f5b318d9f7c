package dev.flowcraft.stack;

/** A port a server needs is already bound by another process. */
public final class PortInUseException extends StackException {
    private final int port;
    private final Server server;

    public PortInUseException(Server server, int port, String label, String dataDir) {
        super("Port " + port + " on 127.0.0.1 (" + label + ") is already in use, so " + server.id()
                + " cannot start. Choose another port with the flag shown, or if it is another local stack,"
                + " stop it with `flowcraft stack down --dir <its dir>` (this stack's dir: " + dataDir + ").");
        this.port = port;
        this.server = server;
    }

    public int port() {
        return port;
    }

    public Server server() {
        return server;
    }
}
