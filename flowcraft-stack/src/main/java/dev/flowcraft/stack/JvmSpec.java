package dev.flowcraft.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JVM child process to start with {@link LocalStack#startJvm(JvmSpec)}.
 *
 * @param name       short name for the log file and working dir, e.g. {@code worker-1}
 * @param mainClass  fully qualified main class
 * @param classpath  classpath, ':'-separated
 * @param jvmOptions options before the main class, e.g. {@code -Xmx256m}
 * @param args       program arguments
 * @param env        extra environment variables (added to this JVM's environment)
 */
public record JvmSpec(String name, String mainClass, String classpath, List<String> jvmOptions, List<String> args,
                      Map<String, String> env) {

    public JvmSpec {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(classpath, "classpath");
        name = name == null ? mainClass.substring(mainClass.lastIndexOf('.') + 1) : name;
        jvmOptions = List.copyOf(jvmOptions);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    public static Builder builder(String mainClass, String classpath) {
        return new Builder(mainClass, classpath);
    }

    /** Not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final String classpath;
        private String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(String mainClass, String classpath) {
            this.mainClass = mainClass;
            this.classpath = classpath;
        }

        public Builder name(String v) { this.name = v; return this; }
        public Builder jvmOption(String v) { jvmOptions.add(v); return this; }
        public Builder args(List<String> v) { args.addAll(v); return this; }
        public Builder arg(String v) { args.add(v); return this; }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        public Builder env(Map<String, String> v) { env.putAll(v); return this; }

        public JvmSpec build() {
            return new JvmSpec(name, mainClass, classpath, jvmOptions, args, env);
        }
    }
}
