package dev.flowcraft.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The servers of a local stack. */
public enum Server {
    KAFKA, CASSANDRA, REDIS;

    /** Lower-case name used for directories, PID files and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a CLI name such as {@code kafka}; the message lists the valid names. */
    public static Server fromId(String id) {
        for (Server s : values()) {
            if (s.id().equalsIgnoreCase(id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown server '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Server::id).collect(Collectors.joining(", ")));
    }
}
