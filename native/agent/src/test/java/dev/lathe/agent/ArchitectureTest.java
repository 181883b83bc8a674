package dev.lathe.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The agent runs on boards without a screen, and its stdout is read by people and scripts for two lines only. */
@AnalyzeClasses(packages = "dev.lathe.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noGuiToolkits = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "java.awt..", "javax.swing..", "org.controlsfx..", "org.jfree..")
            .because("the agent runs headless on edge boards");

    @ArchTest
    static final ArchRule onlyTheEntryPointPrints = noClasses().that().doNotHaveSimpleName("AgentMain")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("stdout carries the pairing and listening lines only; everything else goes to the log");

    @ArchTest
    static final ArchRule modelsLoadOnlyInTheWorker = noClasses().should().dependOnClassesThat()
            .resideInAPackage("ai.onnxruntime..")
            .orShould().callMethod(dev.lathe.engine.runtime.Runtimes.class, "inProcess", java.nio.file.Path.class)
            .orShould().callMethod(dev.lathe.engine.runtime.Runtimes.class, "inProcess", java.nio.file.Path.class,
                    dev.lathe.engine.runtime.Runtimes.SessionOpener.class)
            .because("a model that crashes a runtime must cost its run, not the agent (ADR 0008)");
}
