package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.OptionalLong;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop the servers of the stack in --dir (all, or the ones named). Data is kept.",
                "Only processes recorded in the PID files of --dir are signalled, after checking their command line."})
final class DownCommand extends StackSubcommand {
    @Mixin
    DirOption dir;

    @Option(names = "--kill", description = "SIGKILL at once instead of a graceful stop (SIGTERM, then SIGKILL).")
    boolean kill;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "Seconds to wait after SIGTERM before SIGKILL (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Parameters(paramLabel = "<server>", arity = "0..*", description = "kafka, cassandra or redis (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    int execute() {
        LocalStack stack = LocalStack.open(StackOptions.builder().dataDir(dir.dir())
                .ports(LocalStack.recordedPorts(dir.dir()).orElse(dev.flowcraft.stack.StackPorts.DEV_DEFAULTS))
                .stopTimeout(Duration.ofSeconds(timeoutSeconds)).build());
        List<Server> targets = names.isEmpty() ? List.of(Server.values()) : names.stream().map(Server::fromId).toList();
        Map<Server, OptionalLong> pids = new EnumMap<>(Server.class);
        targets.forEach(s -> pids.put(s, stack.pid(s)));
        if (names.isEmpty()) {
            // all servers: stop them in parallel (Cassandra's graceful stop alone takes ~6 s)
            if (kill) stack.killAll(); else stack.stopAll();
        } else {
            targets.forEach(s -> { if (kill) stack.kill(s); else stack.stop(s); });
        }
        pids.forEach((s, pid) -> out().println(s.id() + ": "
                + (pid.isPresent() ? "stopped (pid " + pid.getAsLong() + ")" : "not running")));
        out().flush();
        return 0;
    }
}
