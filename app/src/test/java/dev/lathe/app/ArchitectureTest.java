package dev.lathe.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lathe.app.devices.AgentProgram;

/** One door (ADR 0009): the launchers and the command line reach devices and runtimes only through the Workbench. */
@AnalyzeClasses(packages = "dev.lathe.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule devicesOnlyThroughTheWorkbench = noClasses().that().resideInAPackage("dev.lathe.app..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.lathe.engine.device.remote..",
                    "dev.lathe.engine.device.directory..")
            .because("the GUI and the CLI list, pair, forget and reach devices through workbench.devices(); how a "
                    + "board is dialled or this computer's runner supervised is the engine's, built from the plain "
                    + "values the app gives Workbench.builder()");

    @ArchTest
    static final ArchRule noRuntimeButTheWorker = noClasses().that().resideInAPackage("dev.lathe.app..")
            .should().dependOnClassesThat(resideInAPackage("dev.lathe.engine.runtime..")
                    .and(not(resideInAPackage("dev.lathe.engine.runtime.worker"))))
            .because("models are inspected, run and trained through the workbench, whose builder assembles the "
                    + "inspector, the quantize and training steps and the runtimes' sessions itself");

    @ArchTest
    static final ArchRule theWorkerOnlyWhereTheAppAssemblesIt = noClasses().that().resideInAPackage("dev.lathe.app..")
            .and().doNotBelongToAnyOf(AppContext.class, AgentProgram.class)
            .should().dependOnClassesThat().resideInAPackage("dev.lathe.engine.runtime.worker..")
            .because("the model worker is a process of the app's: AppContext starts it with the app's folders and "
                    + "hands its runtimes to the builder, and AgentProgram gives this computer's runner the same class "
                    + "path as the worker's; nothing else in the app touches a runtime");
}
