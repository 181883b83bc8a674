package dev.lathe.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
