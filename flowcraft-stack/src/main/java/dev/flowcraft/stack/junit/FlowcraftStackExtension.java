package dev.flowcraft.stack.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a Kafka + Cassandra + Redis stack.
 *
 * <p>One stack per JVM test run: it is started on first use and kept in the root
 * {@link ExtensionContext.Store}, so all test classes share it, and it is killed when the run ends
 * (plus a JVM shutdown hook, in case the run is aborted). If the {@code FLOWCRAFT_*} environment
 * variables are set (e.g. after {@code eval "$(flowcraft stack up)"} or for a real cluster), the
 * extension attaches to those servers instead and starts nothing.
 *
 * <p>Each test class gets its own {@link TestStack} whose {@link TestStack#uniqueName(String)} keeps
 * keyspaces and topics of different classes (and runs) apart.
 *
 * <p>System properties: {@code flowcraft.stack.dir} (data dir, default {@code target/flowcraft-stack-it},
 * wiped at start), {@code flowcraft.stack.logs} (where server logs are copied at the end, default
 * {@code target/stack-logs}), {@code flowcraft.stack.attach=false} (ignore the environment), and port
 * overrides {@code flowcraft.stack.kafka.port}, {@code .kafka.controller.port}, {@code .cql.port},
 * {@code .cassandra.storage.port}, {@code .redis.port} (defaults: {@link dev.flowcraft.stack.StackPorts#TEST_DEFAULTS}).
 */
public final class FlowcraftStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FlowcraftStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context); // start before the first test so its time is not charged to one test
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        SharedStack shared = shared(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("test-stack:" + testClass.getName(),
                k -> new TestStack(shared.connectionInfo(), shared.localStack(), testClass), TestStack.class);
    }

    private static SharedStack shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, k -> SharedStack.create(), SharedStack.class);
    }
}
