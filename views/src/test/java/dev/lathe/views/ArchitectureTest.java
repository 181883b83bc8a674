package dev.lathe.views;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries that keep views a thin layer over the engine's public API. */
class ArchitectureTest {
    private static final DescribedPredicate<JavaClass> RECORDS_OR_ENUMS = DescribedPredicate.describe(
            "records or enums", c -> c.isEnum() || c.getRawSuperclass().map(s -> s.isEquivalentTo(Record.class))
                    .orElse(false));
    private static JavaClasses views;

    @BeforeAll
    static void importViews() {
        views = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lathe.views");
    }

    @Test
    void viewsNeverTouchNativeRuntimesOrTheDatabaseDirectly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..", "java.sql..")
                .check(views);
    }

    /**
     * Not runtime, model.onnx or inspect: those are the engine's insides, assembled by the builder. Of device, the
     * values and the door the workbench hands out ({@code workbench.devices()}), never how a board is dialled
     * ({@code device.remote}) or the directory assembled ({@code device.directory}). Of export (and export.pte, export.torchscript), the
     * record an export returns and the delegate to ask for, never the exporter; of files, whether a file may be
     * replaced ({@code Overwrite}), never the file writers. Of model.pte, the summary {@code workbench.inspectPte}
     * returns, never the reader. Of report, the record {@code workbench.report} returns, never the writer. Of quantize,
     * views may read the values a recipe and a variant report carry, never the quantizer itself; of train, likewise
     * the values a finetune step carries (the form edits them) and the listener that hears its curves, never the
     * trainer.
     */
    @Test
    void viewsReachTheEngineOnlyThroughItsPublicApiPackages() {
        classes().that().resideInAPackage("dev.lathe.views..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("dev.lathe.engine.."))
                        .or(resideInAnyPackage("dev.lathe.engine", "dev.lathe.engine.task", "dev.lathe.engine.hardware", "dev.lathe.engine.model", "dev.lathe.engine.data",
                                "dev.lathe.engine.eval", "dev.lathe.engine.bench", "dev.lathe.engine.device",
                                "dev.lathe.engine.store", "dev.lathe.engine.recipe", "dev.lathe.engine.variant",
                                "dev.lathe.engine.fidelity", "dev.lathe.engine.demo"))
                        .or(resideInAnyPackage("dev.lathe.engine.quantize", "dev.lathe.engine.train",
                                "dev.lathe.engine.export", "dev.lathe.engine.export.pte", "dev.lathe.engine.export.torchscript",
                                "dev.lathe.engine.export.runtimes",
                                "dev.lathe.engine.files",
                                "dev.lathe.engine.model.pte", "dev.lathe.engine.report")
                                .and(RECORDS_OR_ENUMS))
                        .or(JavaClass.Predicates.equivalentTo(dev.lathe.engine.train.TrainingListener.class)))
                .check(views);
    }

    /** The Devices list and the Board wall reach devices through the workbench, like every other view. */
    @Test
    void viewsReachDevicesOnlyThroughTheWorkbench() {
        noClasses().that().resideInAPackage("dev.lathe.views..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lathe.engine.device.remote..",
                        "dev.lathe.engine.device.directory..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.lathe.engine.device.DeviceDirectory")
                .check(views);
    }

    @Test
    void viewsNeverRunTheQuantizerOrTheOptimizerThemselves() {
        noClasses().that().resideInAPackage("dev.lathe.views..")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Quantizer")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.lathe.engine.variant.Optimizer")
                .orShould().dependOnClassesThat().haveSimpleName("RecipeRunner")
                .check(views);
    }

    @Test
    void viewModelsHoldNoSceneGraphNodes() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .check(views);
    }

    @Test
    void viewModelsNeverShowDialogsOrStages() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAPackage("javafx.stage..")
                .check(views);
    }

    @Test
    void nothingPrintsToTheConsole() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(views);
    }
}
