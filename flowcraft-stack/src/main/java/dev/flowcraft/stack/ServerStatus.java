package dev.flowcraft.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Snapshot of one server of a stack.
 *
 * @param server    which server
 * @param pid       PID of the verified running process, empty when not running
 * @param listening whether its client port accepts connections right now
 * @param ports     the ports it binds, labelled
 * @param logFile   its log
 */
public record ServerStatus(Server server, OptionalLong pid, boolean listening, Map<String, Integer> ports,
                           Path logFile) {
    public boolean running() {
        return pid.isPresent();
    }
}
