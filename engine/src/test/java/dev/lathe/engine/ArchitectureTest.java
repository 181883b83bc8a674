package dev.lathe.engine;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import dev.lathe.engine.runtime.Runtimes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is headless: it runs on boards without a screen, in the CLI, and under the agent. */
@AnalyzeClasses(packages = "dev.lathe.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noGuiToolkits = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "javax.swing..", "org.controlsfx..", "org.jfree..")
            .because("the engine knows nothing of screens");

    @ArchTest
    static final ArchRule noAwtButTheImageDecoder = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.lathe.engine.data.ImageDecoder")
            .should().dependOnClassesThat().resideInAnyPackage("java.awt..")
            .because("only ImageDecoder reads pixels out of the JDK's headless image buffers");

    @ArchTest
    static final ArchRule theImageDecoderUsesOnlyPixelBuffers = noClasses()
            .that().haveFullyQualifiedName("dev.lathe.engine.data.ImageDecoder")
            .should().dependOnClassesThat().resideInAPackage("java.awt")
            .because("java.awt.image holds pixel buffers; java.awt itself is the windowing toolkit");

    @ArchTest
    static final ArchRule noConsoleOutput = noClasses().should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("the engine reports through exceptions, progress listeners and the log");

    @ArchTest
    static final ArchRule onnxRuntimeOnlyBehindRuntimes = noClasses()
            .that().resideOutsideOfPackage("dev.lathe.engine.runtime")
            .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
            .because("ONNX Runtime sessions are opened only through Runtimes, whose sessions live in a model worker "
                    + "that a crash of native code costs instead of the caller (ADR 0008)");

    @ArchTest
    static final ArchRule modelsLoadInProcessOnlyInTheWorker = noClasses()
            .that().resideOutsideOfPackages("dev.lathe.engine.runtime", "dev.lathe.engine.runtime.worker")
            .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("inProcess"))
                    .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                            JavaClass.Predicates.assignableTo(Runtimes.class)))))
            .because("a model the user opened loads in a process that can be lost, never in the engine's caller "
                    + "(ADR 0008)");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("dev.lathe.engine.(*)..").should().beFreeOfCycles()
            .because("a feature that depends on one that depends on it cannot be understood, tested or replaced alone");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.lathe.engine.(**)").should()
            .beFreeOfCycles()
            .because("within a feature too: a format package (model.onnx) builds on the model vocabulary, never the "
                    + "other way round");

    @ArchTest
    static final ArchRule onlyCallersUseTheFacade = noClasses().that().resideOutsideOfPackage("dev.lathe.engine")
            .should().dependOnClassesThat().resideInAPackage("dev.lathe.engine")
            .because("Workbench depends on every feature, so no feature may depend on it; what every feature shares "
                    + "(progress, cancelling, failing) lives in dev.lathe.engine.task");
}
