package dev.flowcraft.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core's layering, checked: it depends on no backend (each backend lives in its own module behind an SPI),
 * and the public API does not reach into the engine's internals.
 */
class CoreLayeringTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.flowcraft");

  @Test
  void theCoreDependsOnNoBackend() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "com.datastax..",
            "io.lettuce..", "org.eclipse.jetty..", "dev.flowcraft.kafka..", "dev.flowcraft.cassandra..",
            "dev.flowcraft.redis..")
        .because("the core runs in memory with no server; backends implement its SPIs in their own modules")
        .check(CORE);
  }

  @Test
  void theApiAndTheSpisDoNotUseTheEngineInternals() {
    noClasses().that().resideInAnyPackage("dev.flowcraft.api..", "dev.flowcraft.spi..", "dev.flowcraft.model..")
        .should().dependOnClassesThat().resideInAPackage("dev.flowcraft.internal..")
        .because("what users implement or call must not change when the engine does")
        .check(CORE);
  }
}
