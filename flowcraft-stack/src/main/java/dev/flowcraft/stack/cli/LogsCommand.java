package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.LocalStack;
import dev.flowcraft.stack.Server;
import dev.flowcraft.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the log of one server of the stack in --dir.")
final class LogsCommand extends StackSubcommand {
    @Mixin
    DirOption dir;

    @Parameters(index = "0", paramLabel = "<server>", description = "kafka, cassandra or redis.")
    String name;

    @Option(names = {"-n", "--lines"}, paramLabel = "<n>", defaultValue = "100",
            description = "Number of last lines to print (default ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Override
    int execute() {
        Server server = Server.fromId(name);
        Path log = LocalStack.open(StackOptions.builder().dataDir(dir.dir()).build()).logFile(server);
        if (!Files.exists(log)) {
            err().println("error: no log for " + server.id() + " at " + log + " (was the stack started with this --dir?)");
            return 1;
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out()::println);
            out().flush();
            if (follow) {
                follow(log, Files.size(log));
            }
        } catch (IOException e) {
            err().println("error: cannot read " + log + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private void follow(Path log, long from) throws IOException {
        long pos = from;
        while (!Thread.currentThread().isInterrupted()) {
            try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
                long len = raf.length();
                if (len < pos) pos = 0; // truncated
                if (len > pos) {
                    raf.seek(pos);
                    byte[] buf = new byte[(int) (len - pos)];
                    raf.readFully(buf);
                    out().print(new String(buf, StandardCharsets.UTF_8));
                    out().flush();
                    pos = len;
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
