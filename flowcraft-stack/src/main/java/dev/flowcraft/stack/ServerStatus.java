package dev.flowcraft.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Snapshot of one server of a stack.
 *
 * @param server    which server
 * @param pid       PID of the verified running process, empty when not running
 * @param listening whether its client port accepts connections right now
 * @param ports     the ports it binds, labelled
 * @param logFile   its log
 * @param profile   the profile the running JVM was started with, read from its command line; empty when not
 *                  running, for Redis (not a JVM), and for a profile this version does not know
 * @param heap      the {@code -Xmx} of the running JVM; empty when not running and for Redis
 */
public record ServerStatus(Server server, OptionalLong pid, boolean listening, Map<String, Integer> ports,
                           Path logFile, Optional<StackProfile> profile, Optional<String> heap) {

    /** A snapshot without JVM details: the constructor from before profiles existed. */
    public ServerStatus(Server server, OptionalLong pid, boolean listening, Map<String, Integer> ports, Path logFile) {
        this(server, pid, listening, ports, logFile, Optional.empty(), Optional.empty());
    }

    public boolean running() {
        return pid.isPresent();
    }
}
