package com.clipworker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package directions of the house style, enforced: {@code inngest} is a
 * self-contained library, jobs only orchestrate capabilities, capabilities never reach
 * back into jobs, web or local, and no package cycles.
 */
class ModularityTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.clipworker");

	@Test
	void inngestDependsOnNothingOfTheWorker() {
		noClasses().that()
			.resideInAPackage("com.clipworker.inngest..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.clipworker.config..", "com.clipworker.jobs..", "com.clipworker.media..",
					"com.clipworker.ai..", "com.clipworker.storage..", "com.clipworker.db..", "com.clipworker.web..",
					"com.clipworker.local..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void eventsDependOnNothingOfTheWorker() {
		noClasses().that()
			.resideInAPackage("com.clipworker.events..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("com.clipworker..").and(resideOutsideOfPackage("com.clipworker.events..")))
			.check(classes);
	}

	@Test
	void capabilitiesDoNotDependOnJobsWebOrLocal() {
		noClasses().that()
			.resideInAnyPackage("com.clipworker.media..", "com.clipworker.ai..", "com.clipworker.storage..",
					"com.clipworker.db..", "com.clipworker.config..", "com.clipworker.download..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.clipworker.jobs..", "com.clipworker.web..", "com.clipworker.local..",
					"com.clipworker.inngest..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void onlyLocalDependsOnLocal() {
		noClasses().that()
			.resideOutsideOfPackage("com.clipworker.local..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.clipworker.local..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void nothingDependsOnWeb() {
		noClasses().that()
			.resideOutsideOfPackages("com.clipworker.web..", "com.clipworker.local..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.clipworker.web..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void onlyMediaStartsProcesses() {
		noClasses().that()
			.resideOutsideOfPackage("com.clipworker.media..")
			.should()
			.callConstructor(ProcessBuilder.class, String[].class)
			.orShould()
			.callConstructor(ProcessBuilder.class, java.util.List.class)
			.check(classes);
	}

	@Test
	void capabilityPackagesAreFreeOfCycles() {
		slices().matching("com.clipworker.(*)..").should().beFreeOfCycles().check(classes);
	}

}
