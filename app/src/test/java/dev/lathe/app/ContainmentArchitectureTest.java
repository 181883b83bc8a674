package dev.lathe.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.Runtimes;
import java.nio.file.Path;

/** The workbench never loads a model the user opened into its own process (ADR 0008). */
@AnalyzeClasses(packages = {"dev.lathe.app", "dev.lathe.views"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ContainmentArchitectureTest {
    @ArchTest
    static final ArchRule modelsLoadOnlyInAWorkerOrTheRunner = noClasses().should().dependOnClassesThat()
            .resideInAPackage("ai.onnxruntime..")
            .orShould().callMethod(Runtimes.class, "inProcess", Path.class)
            .orShould().callMethod(Runtimes.class, "inProcess", Path.class, Runtimes.SessionOpener.class)
            .orShould().callConstructor(OrtSessions.class, Path.class)
            .because("a model that crashes ONNX Runtime must cost a worker or the runner, never the window, the "
                    + "command line or the store");
}
