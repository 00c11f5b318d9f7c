package dev.flowcraft.stack.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs Kafka, Cassandra and Redis; inject {@link TestStack} into a test,
 * lifecycle method or constructor. Shorthand for {@code @ExtendWith(FlowcraftStackExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("stack")
@ExtendWith(FlowcraftStackExtension.class)
public @interface FlowcraftStackTest {
}
