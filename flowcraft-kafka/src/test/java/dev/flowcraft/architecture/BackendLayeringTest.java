package dev.flowcraft.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The backends use the core through its public packages and SPIs only, never its engine internals. */
class BackendLayeringTest {
  private static final JavaClasses BACKENDS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.flowcraft.kafka", "dev.flowcraft.cassandra", "dev.flowcraft.redis");

  @Test
  void noBackendUsesTheEngineInternals() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.flowcraft.internal..")
        .because("dev.flowcraft.internal may change with any release; backends implement the SPIs")
        .check(BACKENDS);
  }

  @Test
  void theStoresDoNotDependOnEachOtherOrOnKafka() {
    noClasses().that().resideInAPackage("dev.flowcraft.cassandra..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.flowcraft.redis..", "dev.flowcraft.kafka..",
            "io.lettuce..", "org.apache.kafka..")
        .check(BACKENDS);
    noClasses().that().resideInAPackage("dev.flowcraft.redis..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.flowcraft.cassandra..", "dev.flowcraft.kafka..",
            "com.datastax..", "org.apache.kafka..")
        .check(BACKENDS);
  }
}
