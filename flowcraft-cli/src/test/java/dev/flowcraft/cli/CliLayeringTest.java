package dev.flowcraft.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is a client of the public API like any application: it never uses the engine's internals. */
class CliLayeringTest {

  @Test
  void theCliDoesNotUseTheEngineInternals() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.flowcraft.internal..")
        .because("dev.flowcraft.internal may change with any release")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flowcraft.cli"));
  }
}
