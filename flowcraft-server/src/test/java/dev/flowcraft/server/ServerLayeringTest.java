package dev.flowcraft.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API is built on FlowRuntime and the SPIs like any application: no engine internals, no store implementations. */
class ServerLayeringTest {

  private static final JavaClasses SERVER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.flowcraft.server");

  @Test
  void theServerDoesNotUseTheEngineInternals() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.flowcraft.internal..")
        .because("dev.flowcraft.internal may change with any release").check(SERVER);
  }

  @Test
  void theServerKnowsTheStoresOnlyThroughTheirSpis() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flowcraft.cassandra..", "dev.flowcraft.redis..",
        "dev.flowcraft.memory..", "com.datastax..", "io.lettuce..")
        .because("the same server serves the in-memory and the distributed runtime").check(SERVER);
  }

  @Test
  void theServerDoesNotUseTheJdkHttpServer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..").check(SERVER);
  }
}
