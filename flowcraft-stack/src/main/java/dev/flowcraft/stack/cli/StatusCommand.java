package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.ServerStatus;
import dev.flowcraft.stack.StackOptions;
import dev.flowcraft.stack.StackProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show which servers of the stack in --dir are running, their PIDs, ports and logs,",
                "and the JVM profile (test or throughput) the running servers were started with.",
                "Exit code 0 when all three run, 3 otherwise."})
final class StatusCommand extends StackSubcommand {
    @Mixin
    DirOption dir;
    @Mixin
    PortOptions ports;

    @Override
    int execute() {
        LocalStack stack = LocalStack.open(StackOptions.builder().dataDir(dir.dir())
                .ports(ports.resolve(dir.dir())).build());
        boolean all = true;
        List<ServerStatus> status = stack.status();
        out().println("stack in " + stack.dataDir());
        out().printf("  %-10s %s%n", "profile", profileLine(status, stack.dataDir()));
        for (ServerStatus s : status) {
            all &= s.running();
            String state = s.running()
                    ? "running (pid " + s.pid().getAsLong() + s.heap().map(h -> ", -Xmx" + h).orElse("") + ")"
                            + (s.listening() ? "" : " but NOT listening")
                    : "stopped";
            out().printf("  %-10s %-28s ports %s%n             log %s%n", s.server().id(), state,
                    s.ports().values(), s.logFile());
        }
        if (all) {
            stack.connectionInfo().exportLines().forEach(out()::println);
        }
        out().flush();
        return all ? 0 : 3;
    }

    /** The profile of the running JVM servers (read from their command lines), else of the last start. */
    static String profileLine(List<ServerStatus> status, Path dataDir) {
        List<ServerStatus> jvms = status.stream().filter(s -> s.server() != Server.REDIS && s.running()).toList();
        if (jvms.isEmpty()) {
            return LocalStack.recordedProfile(dataDir).map(p -> p.id() + " (of the last start; not running)")
                    .orElse("-");
        }
        Optional<StackProfile> first = jvms.get(0).profile();
        if (first.isPresent() && jvms.stream().allMatch(s -> s.profile().equals(first))) {
            return first.get().id() + " (" + first.get().summary() + ")";
        }
        return "MIXED: " + jvms.stream().map(s -> s.server().id() + " " + s.profile().map(StackProfile::id)
                        .orElse("unknown")).collect(Collectors.joining(", "))
                + "; restart with `flowcraft stack down --dir " + dataDir + "`, then `flowcraft stack up --dir "
                + dataDir + " --profile <profile>`";
    }
}
