package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.ServerStatus;
import dev.flowcraft.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show which servers of the stack in --dir are running, their PIDs, ports and logs.",
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
        out().println("stack in " + stack.dataDir());
        for (ServerStatus s : stack.status()) {
            all &= s.running();
            String state = s.running()
                    ? "running (pid " + s.pid().getAsLong() + ")" + (s.listening() ? "" : " but NOT listening")
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
}
